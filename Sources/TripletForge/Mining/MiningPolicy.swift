/// The one place that says what counts as a positive and what as a hard negative.
///
/// Every output format reads the result of these rules; the manifest and dataset card record every
/// value used. The defaults follow common practice for hard-negative mining, and are documented in
/// the README's "Mining rules".
public struct MiningPolicy: Sendable, Equatable, Codable {
    /// What a thumbs-up whose answer cites nothing says.
    public enum UncitedPositiveRule: String, Sendable, Codable, CaseIterable {
        /// The top-ranked leaf chunk is taken as the one that helped (default).
        case topLeaf = "top_leaf"
        /// Nothing: only explicit citations make positives.
        case none
    }

    public var uncitedPositive: UncitedPositiveRule = .topLeaf
    /// A pair becomes a label only with at least this many votes on the winning side.
    public var minVotes: Int = 1
    /// …and at least this many more votes for the label than against it (so a 1–1 split is neither).
    public var minVoteMargin: Int = 1
    /// …and at least this share of its votes (one misclick among three agreeing votes does not flip it).
    public var minVoteShare: Double = 0.66
    /// Thumbs-down answers vote against their leaf chunks from this rank on (0 = all of them). The
    /// top ranks of a bad answer are where unlabelled positives hide.
    public var negativeRankSkip: Int = 0
    /// A negative whose production reranker score is within this relative margin of the positive's
    /// (or above it) is more likely a false negative than a hard one: the pair is dropped. 0 disables.
    public var falseNegativeScoreMargin: Double = 0.05
    /// At most this many negatives per positive, hardest first (highest reranker score, then rank).
    public var maxNegativesPerPositive: Int = 5
    /// At most this many triplets per query group, so one popular query cannot dominate.
    public var maxTripletsPerGroup: Int = 50
    /// Passages whose word trigrams are at least this similar (estimated Jaccard) are one passage:
    /// versions that differ by a footer, a header or a re-dated line pool their votes. 0 disables
    /// (identity is then the normalised text alone). See ``NearDuplicates``.
    public var nearDuplicateSimilarity: Double = 0.8
    /// Negative feedback whose categories all blame delivery (not retrieval) makes no hard negatives.
    public var deliveryOnlyCategories: [String] = FeedbackCategory.deliveryOnly.map(\.rawValue).sorted()

    public init() {}

    enum CodingKeys: String, CodingKey {
        case uncitedPositive = "uncited_positive", minVotes = "min_votes", minVoteMargin = "min_vote_margin"
        case minVoteShare = "min_vote_share", negativeRankSkip = "negative_rank_skip"
        case falseNegativeScoreMargin = "false_negative_score_margin"
        case maxNegativesPerPositive = "max_negatives_per_positive", maxTripletsPerGroup = "max_triplets_per_group"
        case deliveryOnlyCategories = "delivery_only_categories", nearDuplicateSimilarity = "near_duplicate_similarity"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = MiningPolicy()
        uncitedPositive = try c.decodeIfPresent(UncitedPositiveRule.self, forKey: .uncitedPositive) ?? d.uncitedPositive
        minVotes = try c.decodeIfPresent(Int.self, forKey: .minVotes) ?? d.minVotes
        minVoteMargin = try c.decodeIfPresent(Int.self, forKey: .minVoteMargin) ?? d.minVoteMargin
        minVoteShare = try c.decodeNumberIfPresent(forKey: .minVoteShare) ?? d.minVoteShare
        negativeRankSkip = try c.decodeIfPresent(Int.self, forKey: .negativeRankSkip) ?? d.negativeRankSkip
        falseNegativeScoreMargin = try c.decodeNumberIfPresent(forKey: .falseNegativeScoreMargin) ?? d.falseNegativeScoreMargin
        maxNegativesPerPositive = try c.decodeIfPresent(Int.self, forKey: .maxNegativesPerPositive) ?? d.maxNegativesPerPositive
        maxTripletsPerGroup = try c.decodeIfPresent(Int.self, forKey: .maxTripletsPerGroup) ?? d.maxTripletsPerGroup
        deliveryOnlyCategories = try c.decodeIfPresent([String].self, forKey: .deliveryOnlyCategories) ?? d.deliveryOnlyCategories
        nearDuplicateSimilarity = try c.decodeNumberIfPresent(forKey: .nearDuplicateSimilarity) ?? d.nearDuplicateSimilarity
    }

    /// Checks the values make sense together.
    public func validate() throws(TripletForgeError) {
        guard minVotes >= 1 else { throw .invalidConfiguration("mining.min_votes must be at least 1, got \(minVotes)") }
        guard minVoteMargin >= 1 else { throw .invalidConfiguration("mining.min_vote_margin must be at least 1 (0 would let one chunk be positive and negative), got \(minVoteMargin)") }
        guard minVoteShare > 0.5 && minVoteShare <= 1 else { throw .invalidConfiguration("mining.min_vote_share must be in (0.5, 1], got \(minVoteShare)") }
        guard negativeRankSkip >= 0 else { throw .invalidConfiguration("mining.negative_rank_skip must be ≥ 0") }
        guard falseNegativeScoreMargin >= 0 && falseNegativeScoreMargin < 1 else { throw .invalidConfiguration("mining.false_negative_score_margin must be in [0, 1), got \(falseNegativeScoreMargin)") }
        guard nearDuplicateSimilarity == 0 || (nearDuplicateSimilarity >= 0.5 && nearDuplicateSimilarity <= 1) else {
            throw .invalidConfiguration("mining.near_duplicate_similarity must be 0 (off) or in [0.5, 1], got \(nearDuplicateSimilarity)")
        }
        guard maxNegativesPerPositive >= 1, maxTripletsPerGroup >= 1 else { throw .invalidConfiguration("mining caps must be at least 1") }
        for name in deliveryOnlyCategories where FeedbackCategory(rawValue: name) == nil {
            throw .invalidConfiguration("mining.delivery_only_categories: unknown category '\(name)'")
        }
    }

    /// The label the votes of one pair earn under this policy.
    public func label(for cell: EvidenceCell) -> Label? {
        let up = Int(cell.up), down = Int(cell.down), total = up + down
        guard total > 0 else { return nil }
        if up >= minVotes, up - down >= minVoteMargin, Double(up) / Double(total) >= minVoteShare { return .positive }
        if down >= minVotes, down - up >= minVoteMargin, Double(down) / Double(total) >= minVoteShare { return .negative }
        return nil
    }

    public enum Label: Sendable { case positive, negative }
}
