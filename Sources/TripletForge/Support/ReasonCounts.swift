/// Counts keyed by a ``ReasonCode`` (`malformed_chunks_json`, `duplicate_vote`…), or by a code and
/// a detail (`admin_excluded:spam`), or — for redactions — by ``Redactor/Kind``.
///
/// Every row or signal that does not become training data is counted under a reason, so nothing
/// is lost silently: the manifest, the dry run and the threshold check all print these tallies.
/// Keys stay strings inside, so a manifest written by a newer version (with codes this one does
/// not know) still reads.
public struct ReasonCounts: Sendable, Equatable, Codable {
    public private(set) var counts: [String: Int] = [:]

    public init(_ counts: [String: Int] = [:]) { self.counts = counts }

    public mutating func add(_ reason: ReasonCode, _ amount: Int = 1) { add(key: reason.rawValue, amount) }

    /// Counts `reason` for one `detail` apart, as `reason:detail` (an admin label, say).
    public mutating func add(_ reason: ReasonCode, detail: String, _ amount: Int = 1) { add(key: "\(reason.rawValue):\(detail)", amount) }

    /// Counts a replacement made by the redactor.
    public mutating func add(_ redaction: Redactor.Kind, _ amount: Int = 1) { add(key: redaction.rawValue, amount) }

    private mutating func add(key: String, _ amount: Int) {
        guard amount != 0 else { return }
        counts[key, default: 0] += amount
    }

    public mutating func merge(_ other: ReasonCounts) {
        for (key, amount) in other.counts { add(key: key, amount) }
    }

    public subscript(reason: String) -> Int { counts[reason] ?? 0 }
    public subscript(reason: ReasonCode) -> Int { counts[reason.rawValue] ?? 0 }

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
