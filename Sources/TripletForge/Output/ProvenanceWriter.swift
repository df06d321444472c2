import Foundation

/// `provenance.jsonl.gz`: for every shard row, in shard order, where each of its passages' labels
/// came from. Shards stay exactly their format's columns; audits and the HTML report read this.
///
/// One line per row, with arrays parallel to the row's passages (positives first for list formats,
/// `[positive, negative…]` for triplets and n-tuples):
///
/// ```json
/// {"split":"train","row":0,"query_group":"9f0c…","labels":[1,0],"signals":["12","40"],"ranks":[0,2],
///  "votes_up":[1,0],"votes_down":[0,1],"scores":[0.91,0.66],"categories":["","incorrect"]}
/// ```
///
/// `signals` is the first signal (interaction id, or `thread:sequence`) that voted on the
/// (query group, passage) pair; `ranks` the best rank it was surfaced at; `votes_up`/`votes_down`
/// every vote the pair got; `scores` the highest production reranker score (null when not logged);
/// `categories` the first signal's feedback categories, comma-separated.
struct ProvenanceWriter {
    static let fileName = "provenance.jsonl.gz"
    let evidence: Evidence
    let level: Int

    func write(_ bySplit: [DatasetSplit: [FormatRow]], into directory: URL) throws -> Manifest.ProvenanceEntry {
        let gzip = try GzipMemberWriter(url: directory.appendingPathComponent(Self.fileName), level: level)
        var line = JSONLineEncoder(reservingCapacity: GzipMemberWriter.blockSize + (1 << 16))
        var count = 0
        for split in DatasetSplit.allCases {
            for (index, row) in (bySplit[split] ?? []).enumerated() {
                let cells = row.passages.map { evidence.cell(group: row.group, chunk: $0) ?? EvidenceCell() }
                line.object([
                    ("split", .string(split.rawValue)), ("row", .int(index)), ("query_group", .string(row.group.hexDigits)),
                    ("labels", .ints(row.positive.map { $0 ? 1 : 0 })),
                    ("signals", .strings(cells.map { evidence.signalID($0.firstSignal) ?? "" })),
                    ("ranks", .ints(cells.map { Int($0.bestRank) })),
                    ("votes_up", .ints(cells.map { Int($0.up) })), ("votes_down", .ints(cells.map { Int($0.down) })),
                    ("scores", .raw("[" + cells.map { $0.bestScore.isNaN ? "null" : "\($0.bestScore)" }.joined(separator: ",") + "]")),
                    ("categories", .strings(cells.map { evidence.categories(ofSignal: $0.firstSignal).map(\.rawValue).joined(separator: ",") })),
                ])
                count += 1
                if line.bytes.count >= GzipMemberWriter.blockSize {
                    try gzip.write(line.bytes)
                    line.removeAll()
                }
            }
        }
        try gzip.write(line.bytes)
        let digest = try gzip.finish()
        return .init(path: Self.fileName, rows: count, sha256: digest)
    }
}
