import Foundation

/// `provenance.jsonl.gz`: for every shard row, in shard order, where each of its passages' labels
/// came from. Shards stay exactly their format's columns; audits and the HTML report read this.
///
/// One line per row, with arrays parallel to the row's passages (positives first for list formats,
/// `[positive, negative…]` for triplets and n-tuples):
///
/// ```json
/// {"split":"train","row":0,"query_group":"9f0c…","labels":[1,0],"signals":["12","40"],"ranks":[0,2],
///  "votes_up":[2,0],"votes_down":[0,1],"scores":[0.91,0.66],"categories":["","incorrect"],
///  "votes":[[{"signal":"12","vote":1,"rank":0,"score":0.91},{"signal":"31","vote":1,"rank":1,"score":null}],
///           [{"signal":"40","vote":-1,"rank":2,"score":0.66}]],"votes_omitted":[0,0]}
/// ```
///
/// `signals` is the first signal (interaction id, or `thread:sequence`) that voted on the
/// (query group, passage) pair; `ranks` the best rank it was surfaced at; `votes_up`/`votes_down`
/// every vote the pair got; `scores` the highest production reranker score (null when not logged);
/// `categories` the first signal's feedback categories, comma-separated. `votes` lists each vote
/// behind the label in the order cast — its signal, `1` for or `-1` against, the rank and score in
/// that answer — so a trainer can weight or audit an example; at most ``KeptVotes/votesPerPair``
/// (the earliest) per passage, `votes_omitted` counting the rest. In the threads layout, where a
/// signal is the majority of several users' feedback on one message, each vote also names those
/// feedback records: `"records":["fb-1","fb-7"]` (their `feedback_id`s). `votes` and
/// `votes_omitted` came later than the other fields: readers of older files find them absent.
struct ProvenanceWriter {
    static let fileName = "provenance.jsonl.gz"
    let evidence: Evidence
    let level: Int

    func write(_ bySplit: [DatasetSplit: [FormatRow]], into directory: URL) throws -> Manifest.ProvenanceEntry {
        let gzip = try GzipMemberWriter(url: directory.appendingPathComponent(Self.fileName), level: level)
        var line = JSONLineEncoder(reservingCapacity: GzipMemberWriter.blockSize + (1 << 16))
        var scratch = JSONLineEncoder(reservingCapacity: 1 << 12)
        var count = 0
        let signalIDs = try evidence.signalIDs.loadAll()
        let signalRecords = evidence.signalRecords.count > 0 ? try evidence.signalRecords.loadAll() : nil
        // Rows come group by group: each group's votes are read once.
        var groupVotes: (group: UInt64, votes: KeptVotes.GroupVotes)?
        for split in DatasetSplit.allCases {
            for (index, row) in (bySplit[split] ?? []).enumerated() {
                let cells = row.passages.map { evidence.cell(group: row.group, chunk: $0) ?? EvidenceCell() }
                if groupVotes?.group != row.group {
                    groupVotes = (row.group, try evidence.keptVotes.votes(ofGroup: row.group))
                }
                let listed = row.passages.map { groupVotes!.votes[$0] }
                line.object([
                    ("split", .string(split.rawValue)), ("row", .int(index)), ("query_group", .string(row.group.hexDigits)),
                    ("labels", .ints(row.positive.map { $0 ? 1 : 0 })),
                    ("signals", .strings(cells.map { signalIDs[Int($0.firstSignal)] ?? "" })),
                    ("ranks", .ints(cells.map { Int($0.bestRank) })),
                    ("votes_up", .ints(cells.map { Int($0.up) })), ("votes_down", .ints(cells.map { Int($0.down) })),
                    ("scores", .raw("[" + cells.map { Self.score($0.bestScore) }.joined(separator: ",") + "]")),
                    ("categories", .strings(cells.map { evidence.categories(ofSignal: $0.firstSignal).map(\.rawValue).joined(separator: ",") })),
                    ("votes", .raw(votesJSON(listed, signalIDs: signalIDs, records: signalRecords, scratch: &scratch))),
                    ("votes_omitted", .ints(zip(cells, listed).map { Int($0.up) + Int($0.down) - $1.count })),
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

    /// A score as JSON: null when not logged.
    static func score(_ score: Float) -> String { score.isNaN ? "null" : "\(score)" }

    /// The `votes` array of one row: per passage, an array of its votes as objects. Signal ids are
    /// free text (thread ids), so they go through the encoder's escaping; `scratch` is reused
    /// between rows.
    func votesJSON(_ listed: [ArraySlice<CastVote>], signalIDs: LoadedStrings, records: LoadedStrings?,
                   scratch: inout JSONLineEncoder) -> String {
        scratch.removeAll()
        scratch.value(.raw("["))
        for (passage, votes) in listed.enumerated() {
            scratch.value(.raw(passage == 0 ? "[" : ",["))
            for (index, vote) in votes.enumerated() {
                scratch.value(.raw(index == 0 ? "{\"signal\":" : ",{\"signal\":"))
                scratch.string(signalIDs[Int(vote.signal)] ?? "")
                scratch.value(.raw(",\"vote\":\(vote.isUp ? 1 : -1),\"rank\":\(vote.rank),\"score\":\(Self.score(vote.score))"))
                if let records { scratch.value(.raw(",\"records\":" + (records[Int(vote.signal)] ?? "[]"))) }
                scratch.value(.raw("}"))
            }
            scratch.value(.raw("]"))
        }
        scratch.value(.raw("]"))
        return String(decoding: scratch.bytes, as: UTF8.self)
    }
}
