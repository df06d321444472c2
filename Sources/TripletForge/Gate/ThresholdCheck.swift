import Foundation

/// Whether retraining is due, and why.
public struct CheckDecision: Codable, Sendable, Equatable {
    public var due: Bool
    /// Triplets in the dataset that were not in the last training's (by content).
    public var newTriplets: Int
    /// Distinct query groups those new triplets come from.
    public var newQueryGroups: Int
    public var totalTriplets: Int
    /// Days between the newest rating of the last training's data and of this data, when known.
    public var ageDays: Int?
    /// One line per rule, saying how it was decided.
    public var reasons: [String]
    public var policy: CheckPolicy

    /// The deciding reason, in one line.
    public var reason: String { reasons.first ?? "" }

    enum CodingKeys: String, CodingKey {
        case due, newTriplets = "new_triplets", newQueryGroups = "new_query_groups", totalTriplets = "total_triplets"
        case ageDays = "age_days", reasons, reason, policy
    }

    public init(due: Bool, newTriplets: Int, newQueryGroups: Int, totalTriplets: Int, ageDays: Int?, reasons: [String], policy: CheckPolicy) {
        self.due = due
        self.newTriplets = newTriplets
        self.newQueryGroups = newQueryGroups
        self.totalTriplets = totalTriplets
        self.ageDays = ageDays
        self.reasons = reasons
        self.policy = policy
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        due = try c.decode(Bool.self, forKey: .due)
        newTriplets = try c.decode(Int.self, forKey: .newTriplets)
        newQueryGroups = try c.decode(Int.self, forKey: .newQueryGroups)
        totalTriplets = try c.decode(Int.self, forKey: .totalTriplets)
        ageDays = try c.decodeIfPresent(Int.self, forKey: .ageDays)
        reasons = try c.decode([String].self, forKey: .reasons)
        policy = try c.decode(CheckPolicy.self, forKey: .policy)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(due, forKey: .due)
        try c.encode(newTriplets, forKey: .newTriplets)
        try c.encode(newQueryGroups, forKey: .newQueryGroups)
        try c.encode(totalTriplets, forKey: .totalTriplets)
        try c.encode(ageDays, forKey: .ageDays)
        try c.encode(reasons, forKey: .reasons)
        try c.encode(reason, forKey: .reason)
        try c.encode(policy, forKey: .policy)
    }
}

/// The threshold check: reads manifests and content indexes only, never the database, so CI can
/// run it in a second.
///
/// ```swift
/// let decision = try ThresholdCheck.evaluate(dataset: new, since: lastTrained, policy: CheckPolicy())
/// if decision.due { startTraining() }
/// ```
public enum ThresholdCheck {
    public static func evaluate(dataset: URL, since previous: URL?, policy: CheckPolicy) throws -> CheckDecision {
        try policy.validate()
        let manifest = try Manifest.read(from: dataset)
        let index = try ContentIndex.read(from: dataset, manifest: manifest)
        var known: ContentIndex?
        var ageDays: Int?
        if let previous {
            let previousManifest = try Manifest.read(from: previous)
            known = try ContentIndex.read(from: previous, manifest: previousManifest)
            ageDays = daysBetween(previousManifest.input.latestRatedAt, manifest.input.latestRatedAt)
        }
        var newTriplets = 0
        var newGroups = Set<QueryGroupKey>()
        for (id, group) in index.groupOfTriplet where known?.groupOfTriplet[id] == nil {
            newTriplets += 1
            newGroups.insert(group)
        }
        return decide(newTriplets: newTriplets, newQueryGroups: newGroups.count, totalTriplets: index.count,
                      ageDays: ageDays, firstTraining: previous == nil, policy: policy)
    }

    /// The rules, on counts alone.
    public static func decide(newTriplets: Int, newQueryGroups: Int, totalTriplets: Int, ageDays: Int?,
                              firstTraining: Bool, policy: CheckPolicy) -> CheckDecision {
        let enoughTriplets = newTriplets >= policy.minNewTriplets
        let enoughGroups = newQueryGroups >= policy.minNewQueryGroups
        let stale = policy.maxAgeDays > 0 && (ageDays ?? 0) >= policy.maxAgeDays && newTriplets > 0
        let scope = firstTraining ? "(no previous dataset: everything is new)" : "since the last training"
        var reasons: [String] = []
        let due: Bool
        if enoughTriplets && enoughGroups {
            due = true
            reasons.append("due: \(newTriplets) new triplets from \(newQueryGroups) query groups \(scope) meet the thresholds (\(policy.minNewTriplets) triplets, \(policy.minNewQueryGroups) groups)")
        } else if stale {
            due = true
            reasons.append("due: the data is \(ageDays!) days newer than the last training (max \(policy.maxAgeDays)) and \(newTriplets) triplets are new")
        } else {
            due = false
            if !enoughTriplets {
                reasons.append("not due: \(newTriplets) new triplets \(scope), fewer than \(policy.minNewTriplets)")
            }
            if !enoughGroups {
                reasons.append("not due: the new triplets come from \(newQueryGroups) query groups, fewer than \(policy.minNewQueryGroups)")
            }
        }
        if let ageDays, !stale, policy.maxAgeDays > 0 {
            reasons.append("age: \(ageDays) days since the last training's newest rating (retrain anyway at \(policy.maxAgeDays) with new data)")
        }
        return CheckDecision(due: due, newTriplets: newTriplets, newQueryGroups: newQueryGroups, totalTriplets: totalTriplets,
                             ageDays: ageDays, reasons: reasons, policy: policy)
    }

    static func daysBetween(_ earlier: String?, _ later: String?) -> Int? {
        guard let earlier = earlier.flatMap(parseTimestamp), let later = later.flatMap(parseTimestamp) else { return nil }
        return Int((later.timeIntervalSince(earlier) / 86_400).rounded(.down))
    }

    static func parseTimestamp(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        // SQLite's own datetime(): "2026-01-02 03:04:05", taken as UTC.
        return plain.date(from: text.replacingOccurrences(of: " ", with: "T") + (text.hasSuffix("Z") ? "" : "Z"))
    }
}
