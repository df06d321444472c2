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
/// `categories` the first signal's feedback categories, comma-separated; `votes_surfaced` the
/// thumbs-up answers that surfaced the passage without citing it; `relevance` the evidence model's
/// probability that the passage is relevant to the group (docs/evidence-model.md). `votes` lists
/// each vote behind the label in the order cast — its signal, `1` for, `-1` against (a thumbs-down)
/// or `0` (surfaced, not cited, in a thumbs-up), the rank and score in that answer — so a trainer
/// can weight or audit an example; at most ``KeptVotes/votesPerPair``
/// (the earliest) per passage, `votes_omitted` counting the rest. In the threads layout, where a
/// signal is the majority of several users' feedback on one message, each vote also names those
/// feedback records: `"records":["fb-1","fb-7"]` (their `feedback_id`s). `votes` and
/// `votes_omitted` came later than the other fields: readers of older files find them absent.
struct ProvenanceWriter {
    static let fileName = "provenance.jsonl.gz"
    let evidence: Evidence
    /// The pairs mining kept: their summed evidence and votes.
    let kept: KeptPairs
    let level: Int

    func write(_ bySplit: [DatasetSplit: [FormatRow]], into directory: URL) throws -> Manifest.ProvenanceEntry {
        let gzip = try GzipMemberWriter(url: directory.appendingPathComponent(Self.fileName), level: level)
        var line = JSONLineEncoder(reservingCapacity: GzipMemberWriter.blockSize + (1 << 16))
        var count = 0
        let signalIDs = try evidence.signals.loadIDs()
        let signalRecords = try evidence.signals.loadRecords()
        var votes = VotesWriter(signalIDs: signalIDs, records: signalRecords)
        var fields = FieldTexts(evidence: evidence)
        // Rows come group by group: each group's votes are read once.
        var groupVotes: (group: QueryGroupKey, hex: String, votes: KeptVotes.GroupVotes)?
        for split in DatasetSplit.allCases {
            for (index, row) in (bySplit[split] ?? []).enumerated() {
                let cells = row.passages.map { kept.cell(group: row.group, chunk: $0) ?? EvidenceCell() }
                if groupVotes?.group != row.group {
                    groupVotes = (row.group, row.group.rawValue.hexDigits, try kept.votes(ofGroup: row.group))
                }
                let listed = row.passages.map { groupVotes!.votes[$0] }
                // The line is written field by field, straight into the encoder: building it as an
                // array of values (as shards are) cost more than the rest of provenance together.
                line.key(#"{"split":"#); line.string(split.rawValue)
                line.key(#","row":"#); line.appendInteger(index)
                line.key(#","query_group":"#); line.string(groupVotes!.hex)
                line.key(#","labels":"#); line.array(row.positive) { $0.appendInteger($1 ? 1 : 0) }
                line.key(#","signals":"#)
                line.array(cells) { out, cell in signalIDs.withUTF8(Int(cell.firstSignal)) { out.string(utf8: $0 ?? UnsafeBufferPointer(start: nil, count: 0)) } }
                line.key(#","ranks":"#); line.array(cells) { $0.appendInteger(Int($1.bestRank)) }
                line.key(#","votes_up":"#); line.array(cells) { $0.appendInteger(Int($1.up)) }
                line.key(#","votes_down":"#); line.array(cells) { $0.appendInteger(Int($1.down)) }
                line.key(#","scores":"#); line.array(cells) { $0.appendRaw(votes.score($1.bestScore)) }
                line.key(#","categories":"#); line.array(cells) { $0.appendRaw(fields.categories(ofSignal: $1.firstSignal)) }
                line.key(#","votes_surfaced":"#); line.array(cells) { $0.appendInteger(Int($1.surfaced)) }
                line.key(#","relevance":"#); line.array(cells) { $0.appendRaw(fields.relevance($1.relevance)) }
                line.key(#","votes":"#); votes.write(listed, into: &line)
                line.key(#","votes_omitted":"#)
                line.array(Array(zip(cells, listed))) { $0.appendInteger(Int($1.0.up) + Int($1.0.down) + Int($1.0.surfaced) - $1.1.count) }
                line.key("}\n")
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

    /// A relevance as JSON, to six decimals (null when the model gave none).
    static func relevance(_ value: Double) -> String {
        value.isNaN ? "null" : String(format: "%.6f", value)
    }

    /// Appends the `votes` array of one row to `out`: per passage, an array of its votes as
    /// objects. This is the bulk of the file (millions of votes on a large input), so it is written
    /// byte by byte, with no `String` per vote; signal ids are free text (thread ids) and go
    /// through the encoder's escaping.
    struct VotesWriter {
        let signalIDs: LoadedStrings
        let records: LoadedStrings?
        /// Scores repeat (they are logged to a few decimals): each is formatted once.
        private var scoreText: [UInt32: [UInt8]] = [:]

        init(signalIDs: LoadedStrings, records: LoadedStrings?) {
            self.signalIDs = signalIDs
            self.records = records
        }

        mutating func write(_ listed: [ArraySlice<CastVote>], into out: inout JSONLineEncoder) {
            out.appendRaw(CollectionOfOne(UInt8(ascii: "[")))
            for (passage, votes) in listed.enumerated() {
                out.appendRaw((passage == 0 ? "[" : ",[").utf8)
                for (index, vote) in votes.enumerated() {
                    out.appendRaw((index == 0 ? #"{"signal":"# : #",{"signal":"#).utf8)
                    signalIDs.withUTF8(Int(vote.signal)) { out.string(utf8: $0 ?? UnsafeBufferPointer(start: nil, count: 0)) }
                    out.appendRaw((vote.isUp ? #","vote":1,"rank":"# : vote.kind == .down ? #","vote":-1,"rank":"# : #","vote":0,"rank":"#).utf8)
                    out.appendInteger(Int(vote.rank))
                    out.appendRaw(#","score":"#.utf8)
                    out.appendRaw(score(vote.score))
                    if let records {
                        out.appendRaw(#","records":"#.utf8)
                        records.withUTF8(Int(vote.signal)) { out.appendRaw($0 ?? UnsafeBufferPointer(start: nil, count: 0)) }
                    }
                    out.appendRaw(CollectionOfOne(UInt8(ascii: "}")))
                }
                out.appendRaw(CollectionOfOne(UInt8(ascii: "]")))
            }
            out.appendRaw(CollectionOfOne(UInt8(ascii: "]")))
        }

        mutating func score(_ score: Float) -> [UInt8] {
            if let known = scoreText[score.bitPattern] { return known }
            let text = Array(ProvenanceWriter.score(score).utf8)
            scoreText[score.bitPattern] = text
            return text
        }
    }
}

/// Provenance fields that repeat from row to row, each encoded once: relevances come from one
/// fitted value per distinct count vector, categories from a few bit sets. `String(format:)` per
/// relevance was the costliest call of the whole file.
struct FieldTexts {
    let evidence: Evidence
    /// Bounds the memos on any input; past it they start again (the output is the same).
    static let limit = 1 << 16
    private var relevanceText: [UInt64: [UInt8]] = [:]
    private var categoriesText: [UInt16: [UInt8]] = [:]

    init(evidence: Evidence) { self.evidence = evidence }

    /// A relevance as ``ProvenanceWriter/relevance(_:)`` writes it.
    mutating func relevance(_ value: Double) -> [UInt8] {
        if let known = relevanceText[value.bitPattern] { return known }
        if relevanceText.count >= Self.limit { relevanceText = [:] }
        let text = Array(ProvenanceWriter.relevance(value).utf8)
        relevanceText[value.bitPattern] = text
        return text
    }

    /// A signal's categories as one JSON string, comma-separated (`""` for none).
    mutating func categories(ofSignal signal: UInt32) -> [UInt8] {
        let bits = evidence.signals.categoryBits(of: signal)
        if let known = categoriesText[bits] { return known }
        var text = JSONLineEncoder(reservingCapacity: 64)
        text.string(evidence.categories(ofSignal: signal).map(\.rawValue).joined(separator: ","))
        categoriesText[bits] = text.bytes
        return text.bytes
    }
}

fileprivate extension JSONLineEncoder {
    /// Appends literal JSON (a key with its punctuation).
    mutating func key(_ literal: StaticString) { literal.withUTF8Buffer { appendRaw($0) } }

    /// Appends `[e0,e1,…]`, each element written by `element`.
    mutating func array<C: Collection>(_ elements: C, _ element: (inout JSONLineEncoder, C.Element) -> Void) {
        appendRaw(CollectionOfOne(UInt8(ascii: "[")))
        for (index, value) in elements.enumerated() {
            if index > 0 { appendRaw(CollectionOfOne(UInt8(ascii: ","))) }
            element(&self, value)
        }
        appendRaw(CollectionOfOne(UInt8(ascii: "]")))
    }
}
