/// `{"query","positive","negative_1",…,"negative_k"}`: one row per positive, with the k hardest
/// negatives it was mined with.
///
/// A positive paired with fewer than k negatives is dropped (reason `n_tuple_too_few_negatives`,
/// counted once per positive), never padded with repeats: a repeated negative would be a free,
/// easy column for an in-batch loss. Only the triplets whose negatives made it into the row enter
/// the content index.
struct NTupleShape: RowShape {
    let negatives: Int

    func rows(of mined: MiningResult, dropped: inout ReasonCounts) -> [FormatRow] {
        var rows: [FormatRow] = []
        for kept in mined.keptPassagesByGroup() {
            for positive in kept.positives {
                let paired = Set(kept.triplets.lazy.filter { $0.positive == positive }.map(\.negative))
                let hardest = kept.negatives.filter(paired.contains)
                guard hardest.count >= negatives else {
                    dropped.add(.nTupleTooFewNegatives)
                    continue
                }
                let chosen = Array(hardest.prefix(negatives))
                rows.append(FormatRow(group: kept.group, passages: [positive] + chosen, positive: [true] + chosen.map { _ in false },
                                      triplets: chosen.map { TripletKey(group: kept.group, positive: positive, negative: $0) }))
            }
        }
        return rows
    }

    func fields(of row: FormatRow, query: String, text: (PassageKey) throws -> String) throws -> [(key: String, value: JSONLineValue)] {
        var fields: [(key: String, value: JSONLineValue)] = [("query", .string(query)), ("positive", .string(try text(row.passages[0])))]
        for (index, key) in row.passages.dropFirst().enumerated() { fields.append(("negative_\(index + 1)", .string(try text(key)))) }
        return fields
    }
}
