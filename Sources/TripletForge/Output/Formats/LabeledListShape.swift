/// `{"query","docs":[…],"labels":[…]}`: one row per query group with its kept passages, positives
/// first (strongest first) then negatives (hardest first), labels 1/0 in the same order.
///
/// The list is at most the group's triplet cap long on each side, as the caps already bound it.
struct LabeledListShape: RowShape {
    func rows(of mined: MiningResult, dropped: inout ReasonCounts) -> [FormatRow] { mined.wholeGroupRows() }

    func fields(of row: FormatRow, query: String, text: (PassageKey) throws -> String) throws -> [(key: String, value: JSONLineValue)] {
        let labels: JSONLineValue = row.relevance.isEmpty ? .ints(row.positive.map { $0 ? 1 : 0 })
            : row.softLabels(row.relevance.indices)
        return [("query", .string(query)), ("docs", .strings(try row.passages.map(text))), ("labels", labels)]
    }
}
