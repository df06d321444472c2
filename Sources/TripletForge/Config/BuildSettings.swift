/// Every setting a build uses; recorded whole in the manifest and the dataset card.
public struct BuildSettings: Codable, Sendable, Equatable {
    public var mining = MiningPolicy()
    public var split = SplitPolicy()
    public var output = OutputSettings()
    public var input = InputSettings()
    public var privacy = PrivacySettings()
    /// A `[source]` mapping onto the user's own tables; `nil` detects a built-in layout.
    public var source: SchemaMapping?

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mining = try c.decodeIfPresent(MiningPolicy.self, forKey: .mining) ?? MiningPolicy()
        split = try c.decodeIfPresent(SplitPolicy.self, forKey: .split) ?? SplitPolicy()
        output = try c.decodeIfPresent(OutputSettings.self, forKey: .output) ?? OutputSettings()
        input = try c.decodeIfPresent(InputSettings.self, forKey: .input) ?? InputSettings()
        privacy = try c.decodeIfPresent(PrivacySettings.self, forKey: .privacy) ?? PrivacySettings()
        source = try c.decodeIfPresent(SchemaMapping.self, forKey: .source)
    }

    public func validate() throws(TripletForgeError) {
        try mining.validate()
        try split.validate()
        try output.validate()
        try input.validate()
        try source?.validate()
        if output.format == .nTuple, output.negativesPerRow > mining.maxNegativesPerPositive {
            throw .invalidConfiguration("output.negatives_per_row (\(output.negativesPerRow)) exceeds mining.max_negatives_per_positive (\(mining.maxNegativesPerPositive)): every n-tuple row would be dropped")
        }
    }
}

/// How shards are written.
public struct OutputSettings: Codable, Sendable, Equatable {
    /// Rows per shard before a new one starts.
    public var rowsPerShard: Int = 100_000
    /// gzip level, 1 (fastest) to 9 (smallest).
    public var compressionLevel: Int = 6
    /// The row layout (see ``ShardFormat``); every format reads the same mined labels.
    public var format: ShardFormat = .triplet
    /// k, the negatives in each `n-tuple` row; positives with fewer are dropped, never padded.
    public var negativesPerRow: Int = 4

    public init() {}

    enum CodingKeys: String, CodingKey {
        case rowsPerShard = "rows_per_shard", compressionLevel = "compression_level", format, negativesPerRow = "negatives_per_row"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rowsPerShard = try c.decodeIfPresent(Int.self, forKey: .rowsPerShard) ?? 100_000
        compressionLevel = try c.decodeIfPresent(Int.self, forKey: .compressionLevel) ?? 6
        format = try c.decodeIfPresent(ShardFormat.self, forKey: .format) ?? .triplet
        negativesPerRow = try c.decodeIfPresent(Int.self, forKey: .negativesPerRow) ?? 4
    }

    public func validate() throws(TripletForgeError) {
        guard rowsPerShard >= 1 else { throw .invalidConfiguration("output.rows_per_shard must be at least 1") }
        guard (1...9).contains(compressionLevel) else { throw .invalidConfiguration("output.compression_level must be 1…9, got \(compressionLevel)") }
        guard negativesPerRow >= 1 else { throw .invalidConfiguration("output.negatives_per_row must be at least 1, got \(negativesPerRow)") }
    }
}

/// How the input is read and when it is rejected as a whole.
public struct InputSettings: Codable, Sendable, Equatable {
    /// The build fails when more than this share of rated records are rejected.
    public var maxRejectRatio: Double = 0.05
    /// Threads layout: feedback an admin triaged with one of these `admin_label`s is dropped
    /// (compared trimmed and case-insensitively).
    public var excludedAdminLabels: [String] = InputSettings.defaultExcludedAdminLabels.sorted()

    public static let defaultExcludedAdminLabels: Set<String> = ["duplicate", "invalid", "spam", "test"]

    public init() {}

    enum CodingKeys: String, CodingKey { case maxRejectRatio = "max_reject_ratio", excludedAdminLabels = "excluded_admin_labels" }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxRejectRatio = try c.decodeNumberIfPresent(forKey: .maxRejectRatio) ?? 0.05
        excludedAdminLabels = try c.decodeIfPresent([String].self, forKey: .excludedAdminLabels) ?? InputSettings().excludedAdminLabels
    }

    public func validate() throws(TripletForgeError) {
        guard maxRejectRatio >= 0 && maxRejectRatio <= 1 else { throw .invalidConfiguration("input.max_reject_ratio must be in [0, 1], got \(maxRejectRatio)") }
    }
}
