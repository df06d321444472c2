/// `{"query","passage","label"}`: one row per kept passage of a group, label 1 for a positive and
/// 0 for a hard negative; positives first (strongest first), then negatives (hardest first).
///
/// Every pair of the group's triplets is recoverable from its rows, so all of them enter the
/// content index (on the group's first row).
struct LabeledPairShape: RowShape {
    func rows(of mined: MiningResult, dropped: inout ReasonCounts) -> [FormatRow] {
        var rows: [FormatRow] = []
        for kept in mined.keptPassagesByGroup() {
            let labelled = kept.positives.map { ($0, true) } + kept.negatives.map { ($0, false) }
            for (index, (passage, positive)) in labelled.enumerated() {
                rows.append(FormatRow(group: kept.group, passages: [passage], positive: [positive], triplets: index == 0 ? kept.triplets : []))
            }
        }
        return rows
    }

    func fields(of row: FormatRow, query: String, text: (PassageKey) throws -> String) throws -> [(key: String, value: JSONLineValue)] {
        [("query", .string(query)), ("passage", .string(try text(row.passages[0]))),
         ("label", row.relevance.isEmpty ? .int(row.positive[0] ? 1 : 0) : row.softLabel(0))]
    }
}
