import Foundation

/// What the HTML report shows, read from a dataset directory (never the database): the manifest,
/// the shards, the content index and the provenance side file.
///
/// ```swift
/// let data = try ReportData(dataset: URL(fileURLWithPath: "dataset"))
/// let html = HTMLReport(data: data).html
/// ```
public struct ReportData: Sendable {
    public struct SampleRow: Sendable {
        public var split: DatasetSplit
        public var row: Int
        public var query: String
        /// Each passage with its label and where the label came from.
        public var passages: [SamplePassage]
    }

    public struct SamplePassage: Sendable {
        public var text: String
        public var positive: Bool
        public var signal: String
        /// Every listed vote's signal and direction (`+12` for, `−40` against in a thumbs-down,
        /// `·31` surfaced without a citation in a thumbs-up), in the order cast; empty in datasets
        /// written before provenance listed votes.
        public var voters: [String] = []
        public var rank: Int
        public var votesUp: Int
        public var votesDown: Int
        /// Thumbs-up answers that surfaced it without citing it (0 before the evidence model).
        public var votesSurfaced = 0
        /// The evidence model's probability that it is relevant (nil before the evidence model).
        public var relevance: Double?
        public var score: Double?
        public var categories: String

        public init(text: String, positive: Bool, signal: String, rank: Int, votesUp: Int, votesDown: Int,
                    score: Double?, categories: String, voters: [String] = []) {
            (self.text, self.positive, self.signal, self.rank) = (text, positive, signal, rank)
            (self.votesUp, self.votesDown, self.score, self.categories, self.voters) = (votesUp, votesDown, score, categories, voters)
        }
    }

    public var manifest: Manifest
    /// Query groups by pairings (triplets), most first: (query, pairings).
    public var topGroups: [(query: String, pairings: Int)]
    /// Pairings of each query group that has any.
    public var pairingsPerGroup: [Int]
    /// Characters of each distinct query, and of each distinct passage.
    public var queryLengths: [Int]
    public var passageLengths: [Int]
    public var sample: [SampleRow]

    /// Reads the dataset in two streaming passes — provenance, then shards — keeping only counts,
    /// the lengths of distinct texts and the sampled rows: a dataset of millions of rows is read
    /// in bounded memory.
    public init(dataset: URL, sampleSize: Int = 8, topGroups topCount: Int = 10) throws {
        manifest = try Manifest.read(from: dataset)
        let index = try ContentIndex.read(from: dataset, manifest: manifest)
        var perGroup: [QueryGroupKey: Int] = [:]
        for group in index.groupOfTriplet.values { perGroup[group, default: 0] += 1 }
        pairingsPerGroup = perGroup.values.sorted()
        let top = perGroup.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(topCount)

        // An even spread over the rows (in shard order, which provenance follows), so the sample
        // is not one group's.
        let totalRows = manifest.shards.reduce(0) { $0 + $1.rows }
        let step = max(1, totalRows / max(1, sampleSize))
        let sampled = Set(stride(from: 0, to: totalRows, by: step).prefix(sampleSize))

        // Pass 1, provenance: the sampled rows' origins, and a row of each top group (for its query).
        var origins: [Int: [String: Any]] = [:]
        var rowOfTopGroup: [QueryGroupKey: Int] = [:]
        let topKeys = Set(top.map(\.key))
        if let entry = manifest.provenance {
            var offset = 0
            let url = dataset.appendingPathComponent(entry.path)
            try Self.requireIntact(url, GzipLineReader.read(url) { line, _ in
                defer { offset += 1 }
                let isSampled = sampled.contains(offset)
                // Cheap test first: only lines that matter are parsed.
                guard isSampled || !topKeys.isEmpty else { return }
                guard let group = Self.queryGroup(inProvenanceLine: line) else { return }
                let wanted = topKeys.contains(group) && rowOfTopGroup[group] == nil
                if wanted { rowOfTopGroup[group] = offset }
                if isSampled, let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] {
                    origins[offset] = object
                }
            })
        }
        let topRows = Set(rowOfTopGroup.values)

        // Pass 2, shards: distinct text lengths, the sampled rows, the top groups' queries.
        let columns = manifest.settings.output.format.columns(negatives: manifest.settings.output.negativesPerRow,
                                                              softLabels: manifest.settings.output.softLabels)
        var queryLength: [UInt64: Int] = [:], passageLength: [UInt64: Int] = [:]
        var queryAt: [Int: String] = [:]
        var sample: [SampleRow] = []
        var offset = 0
        for shard in manifest.shards {
            var failure: Error?
            let url = dataset.appendingPathComponent(shard.path)
            try Self.requireIntact(url, GzipLineReader.read(url) { line, _ in
                defer { offset += 1 }
                guard failure == nil else { return }
                let object: [String: Any]
                do {
                    guard let parsed = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return }
                    object = parsed
                } catch {
                    failure = error
                    return
                }
                let query = object["query"] as? String ?? ""
                let texts = Self.passages(of: object, columns: columns)
                Self.remember(query, in: &queryLength)
                for text in texts { Self.remember(text, in: &passageLength) }
                if topRows.contains(offset) { queryAt[offset] = query }
                guard sampled.contains(offset) else { return }
                sample.append(Self.sampleRow(split: shard.split, offset: offset, query: query, texts: texts, origin: origins[offset] ?? [:]))
            })
            if let failure { throw failure }
        }
        queryLengths = queryLength.values.sorted()
        passageLengths = passageLength.values.sorted()
        topGroups = top.map { (rowOfTopGroup[$0.key].flatMap { queryAt[$0] } ?? String($0.key.rawValue, radix: 16), $0.value) }
        self.sample = sample
    }

    private static func requireIntact(_ url: URL, _ summary: GzipLineReader.Summary) throws {
        if let problem = summary.gzipProblem { throw TripletForgeError.invalidDataset(path: url.path, reason: problem) }
    }

    /// Counts a text once, by content: its length in characters.
    private static func remember(_ text: String, in lengths: inout [UInt64: Int]) {
        let key = ContentHasher.hash(text.utf8)
        if lengths[key] == nil { lengths[key] = text.count }
    }

    /// The `query_group` of a provenance line, read without parsing the whole line (it is the
    /// third field, written by ``ProvenanceWriter`` as a 16-digit hex string).
    static func queryGroup(inProvenanceLine line: UnsafeBufferPointer<UInt8>) -> QueryGroupKey? {
        let marker = Array(#""query_group":""#.utf8)
        guard let start = line.firstRange(of: marker)?.upperBound, start + 16 <= line.count else { return nil }
        return UInt64(String(decoding: UnsafeBufferPointer(rebasing: line[start..<(start + 16)]), as: UTF8.self), radix: 16).map(QueryGroupKey.init(rawValue:))
    }

    private static func sampleRow(split: DatasetSplit, offset: Int, query: String, texts: [String], origin: [String: Any]) -> SampleRow {
        let labels = origin["labels"] as? [Int] ?? []
        func at<T>(_ key: String, _ index: Int) -> T? { (origin[key] as? [Any]).flatMap { index < $0.count ? $0[index] as? T : nil } }
        return SampleRow(
            split: split, row: origin["row"] as? Int ?? offset, query: query,
            passages: texts.enumerated().map { index, text in
                SamplePassage(text: text, positive: index < labels.count ? labels[index] == 1 : index == 0,
                              signal: at("signals", index) ?? "", rank: at("ranks", index) ?? 0,
                              votesUp: at("votes_up", index) ?? 0, votesDown: at("votes_down", index) ?? 0,
                              score: at("scores", index), categories: at("categories", index) ?? "",
                              voters: (at("votes", index) as [[String: Any]]?)?.map { vote in
                                  let direction = vote["vote"] as? Int ?? 0
                                  return (direction > 0 ? "+" : direction < 0 ? "−" : "·") + (vote["signal"] as? String ?? "")
                              } ?? [])
                    .with { $0.votesSurfaced = at("votes_surfaced", index) ?? 0; $0.relevance = at("relevance", index) }
            })
    }

    /// The passages of a row in column order (the order provenance arrays follow).
    static func passages(of object: [String: Any], columns: [String]) -> [String] {
        columns.dropFirst().flatMap { column -> [String] in
            if let text = object[column] as? String { return [text] }
            return object[column] as? [String] ?? []
        }
    }
}

extension ReportData.SamplePassage {
    /// A copy changed by `change`: the fields added after the initialiser's.
    func with(_ change: (inout Self) -> Void) -> Self {
        var copy = self
        change(&copy)
        return copy
    }
}
