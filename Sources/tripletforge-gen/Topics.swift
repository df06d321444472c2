/// What users ask about: a finite set of topics, each with a few phrasings and a few right answers.
///
/// A topic is "how do I ⟨verb⟩ ⟨object⟩ in ⟨product⟩", phrased 2–3 different ways (paraphrases are
/// different query groups: no normaliser can know they mean the same). Each phrasing is typed with
/// surface variations — case, punctuation, stray whitespace — that *do* normalise to one group.
/// Each topic's answer lives in one document: 2–4 of its chunks are truly relevant, the rest of that
/// document are near misses (the hard negatives a retriever actually surfaces).
struct Topic {
    let phrasings: [String]
    let document: Int
    /// Corpus chunk indexes.
    let relevant: [Int]
    let nearMisses: [Int]
    /// 1–2 irrelevant chunks this topic's retriever keeps ranking too high (see
    /// ``UserModel/retrieverQuality``): one of its near misses, sometimes also a chunk of another
    /// document. Fixed per topic, because a reranker's mistakes repeat.
    let stickyDistractors: [Int]
}

enum TopicCatalog {
    static let templates: [@Sendable (String, String, String) -> String] = [
        { v, o, p in "How do I \(v) \(o) in \(p)?" },
        { v, o, p in "how to \(v) \(o) \(p)" },
        { v, o, p in "\(p): \(v) \(o)?" },
        { v, o, p in "Can I \(v) \(o) with \(p)?" },
        { v, o, p in "What is the best way to \(v) \(o) in \(p)?" },
    ]

    static func make(seed: UInt64, count: Int, corpus: Corpus) -> [Topic] {
        (0..<count).map { index in
            var rng = SeededRandom(seed: seed, stream: 0x3000_0000 + UInt64(index))
            let verb = rng.pick(Vocabulary.verbs)
            let object = "\(rng.pick(Vocabulary.adjectives)) \(rng.pick(Vocabulary.nouns))"
            let product = rng.pick(Vocabulary.products)
            var templateOrder = Array(templates.indices)
            rng.shuffle(&templateOrder)
            let phrasings = templateOrder.prefix(rng.int(in: 2...3)).map { templates[$0](verb, object, product) }

            let document = rng.int(below: corpus.documents.count)
            let chunks = Array(corpus.documents[document].chunks)
            let relevantCount = min(rng.int(in: 2...4), chunks.count - 2)
            let start = rng.int(below: chunks.count - relevantCount + 1)
            let relevant = Array(chunks[start..<(start + relevantCount)])
            let nearMisses = chunks.filter { !relevant.contains($0) }
            // A stream of its own, so the rest of the topic is what it was before distractors existed.
            var stickyRNG = SeededRandom(seed: seed, stream: 0x6000_0000 + UInt64(index))
            var sticky = [stickyRNG.pick(nearMisses)]
            if stickyRNG.chance(0.5) {
                let other = stickyRNG.int(below: corpus.chunks.count)
                if corpus.chunks[other].document != document { sticky.append(other) }
            }
            return Topic(phrasings: phrasings, document: document, relevant: relevant, nearMisses: nearMisses,
                         stickyDistractors: sticky)
        }
    }

    /// A phrasing as some user typed it: mostly as is, sometimes with other case, punctuation or
    /// spacing. All of these normalise to the phrasing's own query group.
    static func typed(_ phrasing: String, _ rng: inout SeededRandom) -> String {
        switch rng.int(below: 100) {
        case 0..<55: return phrasing
        case 55..<70: return phrasing.lowercased()
        case 70..<74: return phrasing.uppercased()
        case 74..<82: return "  " + phrasing.replacingFirst(" ", with: "   ") + " "
        case 82..<92:
            let bare = phrasing.hasSuffix("?") ? String(phrasing.dropLast()) : phrasing
            return bare + rng.pick(["", "??", "?!", " ?", ".", "…"])
        default:
            return phrasing.lowercased().replacingFirst(" ", with: "\t") + "?"
        }
    }
}
