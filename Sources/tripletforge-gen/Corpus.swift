/// The documents a retriever searches: leaf chunks grouped into documents, plus one summary each.
///
/// Every chunk's JSON object is encoded once, up front, in both logging styles (see
/// ``JSONText/Style``), without its closing `rerank_score`: a row is then mostly memcpy, which is
/// what lets the generator write millions of rows in minutes. The corpus depends only on the seed
/// and its size, chunk by chunk, so the same chunk has the same text in every database of that size.
struct Corpus {
    struct Document {
        let title: String
        /// Indexes into ``Corpus/chunks``, in reading order.
        let chunks: Range<Int>
        let summary: Int
    }

    struct Chunk {
        let document: Int
        let docID: String
        let chunkIndex: Int
        let text: String
        /// `Title › Section\ntext`, or nil for chunks the indexer logged without it.
        let contextualised: String?
        /// `{"text":…,…,"chunk_type":"leaf","rerank_score":` per style; the row appends score and `}`.
        let encoded: [[UInt8]]
        /// The same chunk re-indexed with different whitespace (chunk identity must survive it),
        /// for about one chunk in ten.
        let reindexed: [[UInt8]]?
        /// A second version of the chunk in the index, the same passage with a boilerplate footer or
        /// header added (near-duplicate identity must join them), for `--boilerplate-rate` of chunks.
        let versioned: [[UInt8]]?
        /// The raw texts of `reindexed` and `versioned`, for layouts that store chunks as rows.
        let reindexedText: String?
        let versionedText: String?
    }

    let documents: [Document]
    let chunks: [Chunk]
    /// Summaries (`raptor_summary`) are retrieval aids, never training text.
    let summaries: [[[UInt8]]]
    let summaryTexts: [String]

    init(seed: UInt64, chunkCount: Int, boilerplateRate: Double = 0) {
        var documents: [Document] = []
        var chunks: [Chunk] = []
        var summaries: [[[UInt8]]] = []
        var summaryTexts: [String] = []
        chunks.reserveCapacity(chunkCount + 16)
        var document = 0
        while chunks.count < chunkCount {
            var rng = SeededRandom(seed: seed, stream: 0x1000_0000 + UInt64(document))
            let title = "\(rng.pick(Vocabulary.titles)) \(document)"
            let docID = "doc-\(document)"
            let start = chunks.count
            let length = rng.int(in: 4...16)
            var section = rng.pick(Vocabulary.sections)
            for index in 0..<length {
                if rng.chance(0.3) { section = rng.pick(Vocabulary.sections) }
                var chunkRNG = SeededRandom(seed: seed, stream: 0x2000_0000 + UInt64(chunks.count))
                // Skewed towards short passages, 300–1500 characters.
                let u = chunkRNG.unit()
                let target = 300 + Int(u * u * 1_200)
                let text = ProseWriter.passage(&chunkRNG, minScalars: target, maxScalars: 1_500)
                let contextualised = chunkRNG.chance(0.7) ? "\(title) › \(section)\n\(text)" : nil
                let fields = (docID: docID, section: section, index: index)
                let encoded = [JSONText.Style.utf8, .asciiEscaped].map {
                    Self.encodeLeaf(text: text, contextualised: contextualised, fields, style: $0)
                }
                var reindexed: [[UInt8]]?, reindexedText: String?
                if chunkRNG.chance(0.1) {
                    let respaced = text.replacingFirst(" ", with: "  \n")
                    reindexed = [JSONText.Style.utf8, .asciiEscaped].map {
                        Self.encodeLeaf(text: respaced, contextualised: nil, (docID + "-v2", section, index), style: $0)
                    }
                    reindexedText = respaced
                }
                // A stream of its own: without versions, the corpus is the same as before they existed.
                var versionRNG = SeededRandom(seed: seed, stream: 0x3000_0000 + UInt64(chunks.count))
                var versioned: [[UInt8]]?, versionedText: String?
                if boilerplateRate > 0, versionRNG.chance(boilerplateRate) {
                    let version = Self.boilerplateVersion(of: text, title: title, section: section, &versionRNG)
                    versioned = [JSONText.Style.utf8, .asciiEscaped].map {
                        Self.encodeLeaf(text: version, contextualised: nil, (docID + "-2025", section, index), style: $0)
                    }
                    versionedText = version
                }
                chunks.append(Chunk(document: document, docID: docID, chunkIndex: index, text: text,
                                    contextualised: contextualised, encoded: encoded, reindexed: reindexed, versioned: versioned,
                                    reindexedText: reindexedText, versionedText: versionedText))
            }
            let summaryText = "Summary of \(title): " + ProseWriter.passage(&rng, minScalars: 200, maxScalars: 600)
            summaryTexts.append(summaryText)
            summaries.append([JSONText.Style.utf8, .asciiEscaped].map { style in
                var out: [UInt8] = []
                out.append(ascii: "{")
                JSONText.appendKey("text", to: &out); JSONText.appendString(summaryText, style: style, to: &out)
                out.append(ascii: #","doc_id":"sum-\#(document)","chunk_type":"raptor_summary","rerank_score":"#)
                return out
            })
            documents.append(Document(title: title, chunks: start..<chunks.count, summary: document))
            document += 1
        }
        self.documents = documents
        self.chunks = chunks
        self.summaries = summaries
        self.summaryTexts = summaryTexts
    }

    /// The passage as a later crawl of its page saw it: with a footer or a header it did not have.
    private static func boilerplateVersion(of text: String, title: String, section: String, _ rng: inout SeededRandom) -> String {
        let year = 2023 + rng.int(below: 3)
        let month = rng.pick(["January", "March", "May", "July", "September", "November"])
        switch rng.int(below: 4) {
        case 0: return text + "\nLast reviewed \(month) \(year)."
        case 1: return text + "\n© \(year) \(title). All rights reserved."
        case 2: return text + "\nWas this page helpful? Yes / No"
        default: return "\(title) › \(section)\n" + text
        }
    }

    private static func encodeLeaf(text: String, contextualised: String?, _ fields: (docID: String, section: String, index: Int),
                                   style: JSONText.Style) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 2 + 160)
        out.append(ascii: "{")
        JSONText.appendKey("text", to: &out); JSONText.appendString(text, style: style, to: &out)
        if let contextualised {
            out.append(ascii: ",")
            JSONText.appendKey("contextualised_text", to: &out); JSONText.appendString(contextualised, style: style, to: &out)
        }
        out.append(ascii: ",")
        JSONText.appendKey("doc_id", to: &out); JSONText.appendString(fields.docID, style: style, to: &out)
        out.append(ascii: ",")
        JSONText.appendKey("section", to: &out); JSONText.appendString(fields.section, style: style, to: &out)
        out.append(ascii: #","chunk_index":\#(fields.index),"chunk_type":"leaf","rerank_score":"#)
        return out
    }
}

extension String {
    func replacingFirst(_ target: Character, with replacement: String) -> String {
        guard let index = firstIndex(of: target) else { return self }
        return String(self[..<index]) + replacement + String(self[self.index(after: index)...])
    }
}
