/// `{"query","pos":[…],"neg":[…]}`: FlagEmbedding's fine-tuning format, one row per query group
/// with its kept positives (strongest first) and hard negatives (hardest first).
///
/// FlagEmbedding samples `train_group_size - 1` negatives per step from `neg`; hardest-first order
/// keeps the list meaningful when a trainer truncates it instead.
struct GroupedShape: RowShape {
    func rows(of mined: MiningResult, dropped: inout ReasonCounts) -> [FormatRow] { mined.wholeGroupRows() }

    func fields(of row: FormatRow, query: String, text: (PassageKey) throws -> String) throws -> [(key: String, value: JSONLineValue)] {
        let split = row.positive.firstIndex(of: false) ?? row.passages.count
        var fields: [(key: String, value: JSONLineValue)] = [
            ("query", .string(query)), ("pos", .strings(try row.passages[..<split].map(text))),
            ("neg", .strings(try row.passages[split...].map(text)))]
        if !row.relevance.isEmpty {
            fields += [("pos_scores", row.softLabels(0..<split)), ("neg_scores", row.softLabels(split..<row.passages.count))]
        }
        return fields
    }
}
