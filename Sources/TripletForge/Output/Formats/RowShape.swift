/// One shard row by content keys: passages in column order with their labels, and the mined
/// triplets it carries. Texts are fetched only when the row is written.
///
/// A triplet row is `passages [p, n]`, `positive [true, false]`; a grouped row is every kept
/// passage of its group, positives first.
public struct FormatRow: Sendable, Equatable {
    public var group: QueryGroupKey
    /// Passage keys, in the order the row shows them.
    public var passages: [PassageKey]
    /// Whether each passage is a positive (parallel to `passages`).
    public var positive: [Bool]
    /// The mined triplets this row represents: what the content index and `check` count.
    public var triplets: [TripletKey]
    /// Each passage's relevance (parallel to `passages`) when soft labels are written; else empty.
    public var relevance: [Double] = []

    /// The label a soft-label column shows for passage `index`: its relevance to 4 decimals.
    func softLabel(_ index: Int) -> JSONLineValue { .raw(Self.fourDecimals(relevance[index])) }

    /// The soft labels of the passages in `range`, as a JSON array.
    func softLabels(_ range: Range<Int>) -> JSONLineValue {
        .raw("[" + range.map { Self.fourDecimals(relevance[$0]) }.joined(separator: ",") + "]")
    }

    static func fourDecimals(_ value: Double) -> String {
        let tenThousandths = Int((min(max(value, 0), 1) * 10_000).rounded())
        let fraction = String(tenThousandths % 10_000)
        return "\(tenThousandths / 10_000).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }
}

/// Arranges mined pairs into rows and renders a row's fields; one type per ``ShardFormat``.
///
/// A row shape never decides a label: it reads ``MiningResult/triplets`` (pairs that survived every
/// rule and cap) in ``MiningResult/labels`` order (strongest positive, hardest negative first).
protocol RowShape: Sendable {
    /// Rows of every group, in group order; pairs a shape cannot use are counted in `dropped`.
    func rows(of mined: MiningResult, dropped: inout ReasonCounts) -> [FormatRow]
    /// The row's columns, in the format's order.
    func fields(of row: FormatRow, query: String, text: (PassageKey) throws -> String) throws -> [(key: String, value: JSONLineValue)]
}

extension MiningResult {
    /// One row per group holding all its kept passages, positives first: the whole-group shapes.
    func wholeGroupRows() -> [FormatRow] {
        keptPassagesByGroup().map { kept in
            FormatRow(group: kept.group, passages: kept.positives + kept.negatives,
                      positive: kept.positives.map { _ in true } + kept.negatives.map { _ in false }, triplets: kept.triplets)
        }
    }

    /// Per group that has triplets: its kept positives and negatives in label order, and its triplets.
    ///
    /// "Kept" means: appearing in at least one mined triplet, so the caps per positive and per
    /// group and the false-negative guard apply to every format alike.
    func keptPassagesByGroup() -> [(group: QueryGroupKey, positives: [PassageKey], negatives: [PassageKey], triplets: [TripletKey])] {
        var tripletsOfGroup: [QueryGroupKey: [TripletKey]] = [:]
        for triplet in triplets { tripletsOfGroup[triplet.group, default: []].append(triplet) }
        var result: [(group: QueryGroupKey, positives: [PassageKey], negatives: [PassageKey], triplets: [TripletKey])] = []
        for labels in self.labels {
            guard let groupTriplets = tripletsOfGroup[labels.group] else { continue }
            let positives = Set(groupTriplets.map(\.positive)), negatives = Set(groupTriplets.map(\.negative))
            result.append((labels.group, labels.positives.filter(positives.contains), labels.negatives.filter(negatives.contains), groupTriplets))
        }
        return result
    }
}
