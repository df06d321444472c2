/// `{"query","positive","negative"}`: one row per mined triplet, in the miner's (group, positive,
/// negative) key order — the bytes TripletForge has always written.
struct TripletShape: RowShape {
    func rows(of mined: MiningResult, dropped: inout ReasonCounts) -> [FormatRow] {
        mined.triplets.map { FormatRow(group: $0.group, passages: [$0.positive, $0.negative], positive: [true, false], triplets: [$0]) }
    }

    func fields(of row: FormatRow, query: String, text: (PassageKey) throws -> String) throws -> [(key: String, value: JSONLineValue)] {
        [("query", .string(query)), ("positive", .string(try text(row.passages[0]))), ("negative", .string(try text(row.passages[1])))]
    }
}
