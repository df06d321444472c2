/// Every setting a build uses; recorded whole in the manifest and the dataset card.
///
/// Each default is written once, in `Configuration+Default.swift`: decoding falls back to it for a
/// key the file leaves out, and the CLI's help reads it from there.
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
        let d = BuildSettings()
        mining = try c.decodeIfPresent(MiningPolicy.self, forKey: .mining) ?? d.mining
        split = try c.decodeIfPresent(SplitPolicy.self, forKey: .split) ?? d.split
        output = try c.decodeIfPresent(OutputSettings.self, forKey: .output) ?? d.output
        input = try c.decodeIfPresent(InputSettings.self, forKey: .input) ?? d.input
        privacy = try c.decodeIfPresent(PrivacySettings.self, forKey: .privacy) ?? d.privacy
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
    public var rowsPerShard: Int
    /// gzip level, 1 (fastest) to 9 (smallest).
    public var compressionLevel: Int
    /// The rows' format (see ``ShardFormat``); every format reads the same mined labels.
    public var format: ShardFormat
    /// k, the negatives in each `n-tuple` row; positives with fewer are dropped, never padded.
    public var negativesPerRow: Int
    /// Write each passage's relevance — the evidence model's probability that it answers the
    /// query — as its label (`labeled-pair`, `labeled-list`) or in FlagEmbedding's `pos_scores` /
    /// `neg_scores` (`grouped`), for trainers that weigh a confident label above a doubtful one.
    /// Off by default, so the columns stay 1/0; the triplet formats have no column for it.
    public var softLabels: Bool

    enum CodingKeys: String, CodingKey {
        case rowsPerShard = "rows_per_shard", compressionLevel = "compression_level", format, negativesPerRow = "negatives_per_row"
        case softLabels = "soft_labels"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = OutputSettings()
        rowsPerShard = try c.decodeIfPresent(Int.self, forKey: .rowsPerShard) ?? d.rowsPerShard
        compressionLevel = try c.decodeIfPresent(Int.self, forKey: .compressionLevel) ?? d.compressionLevel
        format = try c.decodeIfPresent(ShardFormat.self, forKey: .format) ?? d.format
        negativesPerRow = try c.decodeIfPresent(Int.self, forKey: .negativesPerRow) ?? d.negativesPerRow
        softLabels = try c.decodeIfPresent(Bool.self, forKey: .softLabels) ?? d.softLabels
    }

    public func validate() throws(TripletForgeError) {
        guard rowsPerShard >= 1 else { throw .invalidConfiguration("output.rows_per_shard must be at least 1") }
        guard (1...9).contains(compressionLevel) else { throw .invalidConfiguration("output.compression_level must be 1…9, got \(compressionLevel)") }
        guard negativesPerRow >= 1 else { throw .invalidConfiguration("output.negatives_per_row must be at least 1, got \(negativesPerRow)") }
        guard !softLabels || format.hasLabelColumn else {
            throw .invalidConfiguration("output.soft_labels needs a format with a label column (labeled-pair, labeled-list or grouped); \(format.rawValue) rows have none")
        }
    }
}

/// How the input is read and when it is rejected as a whole.
public struct InputSettings: Codable, Sendable, Equatable {
    /// The build fails when more than this share of rated records are rejected.
    public var maxRejectRatio: Double
    /// Threads layout: feedback an admin triaged with one of these `admin_label`s is dropped
    /// (compared trimmed and case-insensitively).
    public var excludedAdminLabels: [String]

    /// The default ``excludedAdminLabels``, as a set (what ``ThreadsSource`` takes).
    public static var defaultExcludedAdminLabels: Set<String> { Set(InputSettings().excludedAdminLabels) }

    enum CodingKeys: String, CodingKey { case maxRejectRatio = "max_reject_ratio", excludedAdminLabels = "excluded_admin_labels" }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = InputSettings()
        maxRejectRatio = try c.decodeNumberIfPresent(forKey: .maxRejectRatio) ?? d.maxRejectRatio
        excludedAdminLabels = try c.decodeIfPresent([String].self, forKey: .excludedAdminLabels) ?? d.excludedAdminLabels
    }

    public func validate() throws(TripletForgeError) {
        guard maxRejectRatio >= 0 && maxRejectRatio <= 1 else { throw .invalidConfiguration("input.max_reject_ratio must be in [0, 1], got \(maxRejectRatio)") }
    }
}
