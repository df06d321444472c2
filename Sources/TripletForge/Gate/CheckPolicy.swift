/// When retraining is due. The defaults are in `Configuration+Default.swift`; their grounds are in
/// the README's "The threshold check".
public struct CheckPolicy: Codable, Sendable, Equatable {
    /// Due when at least this many triplets are new since the last training…
    public var minNewTriplets: Int
    /// …coming from at least this many distinct query groups. Hosted rerank fine-tuning services
    /// ask for at least 256 distinct queries; fewer overfits to a handful of topics.
    public var minNewQueryGroups: Int
    /// Also due when the newest data is this many days past the last training's and anything is new
    /// (0 disables).
    public var maxAgeDays: Int

    enum CodingKeys: String, CodingKey {
        case minNewTriplets = "min_new_triplets", minNewQueryGroups = "min_new_query_groups", maxAgeDays = "max_age_days"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = CheckPolicy()
        minNewTriplets = try c.decodeIfPresent(Int.self, forKey: .minNewTriplets) ?? d.minNewTriplets
        minNewQueryGroups = try c.decodeIfPresent(Int.self, forKey: .minNewQueryGroups) ?? d.minNewQueryGroups
        maxAgeDays = try c.decodeIfPresent(Int.self, forKey: .maxAgeDays) ?? d.maxAgeDays
    }

    public func validate() throws(TripletForgeError) {
        guard minNewTriplets >= 1, minNewQueryGroups >= 1, maxAgeDays >= 0 else {
            throw .invalidConfiguration("check thresholds must be positive (min_new_triplets, min_new_query_groups ≥ 1, max_age_days ≥ 0)")
        }
    }
}
