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
        /// Every listed vote's signal and direction (`+12`, `-40`), in the order cast; empty in
        /// datasets written before provenance listed votes.
        public var voters: [String] = []
        public var rank: Int
        public var votesUp: Int
        public var votesDown: Int
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

    public init(dataset: URL, sampleSize: Int = 8, topGroups topCount: Int = 10) throws {
        manifest = try Manifest.read(from: dataset)
        let index = try ContentIndex.read(from: dataset, manifest: manifest)
        var perGroup: [UInt64: Int] = [:]
        for group in index.groupOfTriplet.values { perGroup[group, default: 0] += 1 }
        pairingsPerGroup = perGroup.values.sorted()

        let columns = manifest.settings.output.format.columns(negatives: manifest.settings.output.negativesPerRow)
        var rows: [(split: DatasetSplit, object: [String: Any])] = []
        for shard in manifest.shards {
            for line in try GzipReader.lines(of: dataset.appendingPathComponent(shard.path)) {
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
                rows.append((shard.split, object))
            }
        }
        var provenance: [[String: Any]] = []
        if let entry = manifest.provenance {
            provenance = try GzipReader.lines(of: dataset.appendingPathComponent(entry.path)).compactMap {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }

        var queries = Set<String>(), passages = Set<String>(), queryOfGroup: [UInt64: String] = [:]
        for (offset, row) in rows.enumerated() {
            let query = row.object["query"] as? String ?? ""
            queries.insert(query)
            for text in Self.passages(of: row.object, columns: columns) { passages.insert(text) }
            if offset < provenance.count, let hex = provenance[offset]["query_group"] as? String, let group = UInt64(hex, radix: 16) {
                queryOfGroup[group] = query
            }
        }
        queryLengths = queries.map(\.count).sorted()
        passageLengths = passages.map(\.count).sorted()
        topGroups = perGroup.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(topCount)
            .map { (queryOfGroup[$0.key] ?? String($0.key, radix: 16), $0.value) }

        // An even spread over the rows, so the sample is not one group's.
        var sample: [SampleRow] = []
        let step = max(1, rows.count / max(1, sampleSize))
        var offset = 0
        while offset < rows.count, sample.count < sampleSize {
            let row = rows[offset]
            let texts = Self.passages(of: row.object, columns: columns)
            let origin = offset < provenance.count ? provenance[offset] : [:]
            let labels = origin["labels"] as? [Int] ?? []
            func at<T>(_ key: String, _ index: Int) -> T? { (origin[key] as? [Any]).flatMap { index < $0.count ? $0[index] as? T : nil } }
            sample.append(SampleRow(
                split: row.split, row: origin["row"] as? Int ?? offset, query: row.object["query"] as? String ?? "",
                passages: texts.enumerated().map { index, text in
                    SamplePassage(text: text, positive: index < labels.count ? labels[index] == 1 : index == 0,
                                  signal: at("signals", index) ?? "", rank: at("ranks", index) ?? 0,
                                  votesUp: at("votes_up", index) ?? 0, votesDown: at("votes_down", index) ?? 0,
                                  score: at("scores", index), categories: at("categories", index) ?? "",
                                  voters: (at("votes", index) as [[String: Any]]?)?.map { vote in
                                      ((vote["vote"] as? Int ?? 0) > 0 ? "+" : "−") + (vote["signal"] as? String ?? "")
                                  } ?? [])
                }))
            offset += step
        }
        self.sample = sample
    }

    /// The passages of a row in column order (the order provenance arrays follow).
    static func passages(of object: [String: Any], columns: [String]) -> [String] {
        columns.dropFirst().flatMap { column -> [String] in
            if let text = object[column] as? String { return [text] }
            return object[column] as? [String] ?? []
        }
    }
}
