/// Counts keyed by a reason, such as `"malformed_chunks_json"` or `"duplicate_vote"`.
///
/// Every row or signal that does not become training data is counted under a reason, so nothing
/// is lost silently: the manifest, the dry run and the threshold check all print these tallies.
public struct ReasonCounts: Sendable, Equatable, Codable {
    public private(set) var counts: [String: Int] = [:]

    public init(_ counts: [String: Int] = [:]) { self.counts = counts }

    public mutating func add(_ reason: String, _ amount: Int = 1) {
        guard amount != 0 else { return }
        counts[reason, default: 0] += amount
    }

    public mutating func merge(_ other: ReasonCounts) {
        for (reason, amount) in other.counts { add(reason, amount) }
    }

    public subscript(reason: String) -> Int { counts[reason] ?? 0 }

    public var total: Int { counts.values.reduce(0, +) }

    /// Reasons in a stable order (largest first, then by name), for reports.
    public var sorted: [(reason: String, count: Int)] {
        counts.map { ($0.key, $0.value) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }

    public init(from decoder: Decoder) throws {
        counts = try [String: Int](from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        try counts.encode(to: encoder)
    }
}
