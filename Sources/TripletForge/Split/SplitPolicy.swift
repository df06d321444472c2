/// How query groups are divided between train and validation.
///
/// The split is by query group and by a stable hash of the group's key, so a query never appears
/// in both splits, and a group stays in its split from one build to the next as data grows.
public struct SplitPolicy: Sendable, Equatable, Codable {
    /// Share of query groups that go to validation (about; it is a hash, not a shuffle).
    public var validationFraction: Double
    /// Changing the seed reshuffles which groups are held out.
    public var seed: String

    enum CodingKeys: String, CodingKey { case validationFraction = "validation_fraction", seed }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SplitPolicy()
        validationFraction = try c.decodeNumberIfPresent(forKey: .validationFraction) ?? d.validationFraction
        seed = try c.decodeIfPresent(String.self, forKey: .seed) ?? d.seed
    }

    public func validate() throws(TripletForgeError) {
        guard validationFraction >= 0 && validationFraction < 1 else {
            throw .invalidConfiguration("split.validation_fraction must be in [0, 1), got \(validationFraction)")
        }
    }

    /// The split of a query group.
    public func split(ofGroup group: QueryGroupKey) -> DatasetSplit {
        var hasher = ContentHasher()
        hasher.combine(bytes: seed.utf8)
        hasher.combine(group.rawValue)
        let bucket = Double(hasher.finalize() % 1_000_000) / 1_000_000
        return bucket < validationFraction ? .validation : .train
    }
}

/// A split of the dataset, named as Hugging Face names them.
public enum DatasetSplit: String, Sendable, Codable, CaseIterable, Comparable {
    case train, validation

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
