/// The one place that says what counts as a positive and what as a hard negative.
///
/// Every output format reads the result of these rules; the manifest and dataset card record every
/// value used. Labels come from the evidence model (``EvidenceModel``, docs/evidence-model.md):
/// ``confidence`` is the one knob between precision and coverage; the rest are caps and guards.
public struct MiningPolicy: Sendable, Equatable, Codable {
    /// What a thumbs-up whose answer cites nothing says.
    public enum UncitedPositiveRule: String, Sendable, Codable, CaseIterable {
        /// The top-ranked leaf chunk is taken as the one that helped (default).
        case topLeaf = "top_leaf"
        /// Nothing: only explicit citations make positives.
        case none
    }

    public var uncitedPositive: UncitedPositiveRule
    /// A pair is a positive when the evidence model puts its relevance at this or above, a
    /// negative when at `1 − confidence` or below; in between it is no label. Higher: fewer,
    /// cleaner labels; lower: more groups covered. Chosen on the quality benchmark for precision
    /// first (docs/evidence-model.md has the curve).
    public var confidence: Double
    /// Thumbs-down answers vote against their leaf chunks from this rank on (0 = all of them). The
    /// top ranks of a bad answer are where unlabelled positives hide.
    public var negativeRankSkip: Int
    /// A negative whose production reranker score is within this relative margin of the positive's
    /// (or above it) is either the reranker's mistake — kept, and counted, when its evidence is
    /// strong (relevance ≤ ``strongNegativeRelevance``) — or a possible false negative, dropped
    /// when its evidence is weaker. 0 treats every negative alike.
    public var falseNegativeScoreMargin: Double
    /// At most this many negatives per positive, hardest first (highest reranker score, then rank).
    public var maxNegativesPerPositive: Int
    /// At most this many triplets per query group, so one popular query cannot dominate.
    public var maxTripletsPerGroup: Int
    /// Passages whose word trigrams are at least this similar (estimated Jaccard) are one passage:
    /// versions that differ by a footer, a header or a re-dated line pool their votes. 0 disables
    /// (identity is then the normalised text alone). See ``NearDuplicates``.
    public var nearDuplicateSimilarity: Double
    /// Negative feedback whose categories all blame delivery (not retrieval) makes no hard negatives.
    public var deliveryOnlyCategories: [String]

    enum CodingKeys: String, CodingKey {
        case uncitedPositive = "uncited_positive", confidence
        case negativeRankSkip = "negative_rank_skip"
        case falseNegativeScoreMargin = "false_negative_score_margin"
        case maxNegativesPerPositive = "max_negatives_per_positive", maxTripletsPerGroup = "max_triplets_per_group"
        case deliveryOnlyCategories = "delivery_only_categories", nearDuplicateSimilarity = "near_duplicate_similarity"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = MiningPolicy()
        uncitedPositive = try c.decodeIfPresent(UncitedPositiveRule.self, forKey: .uncitedPositive) ?? d.uncitedPositive
        confidence = try c.decodeNumberIfPresent(forKey: .confidence) ?? d.confidence
        negativeRankSkip = try c.decodeIfPresent(Int.self, forKey: .negativeRankSkip) ?? d.negativeRankSkip
        falseNegativeScoreMargin = try c.decodeNumberIfPresent(forKey: .falseNegativeScoreMargin) ?? d.falseNegativeScoreMargin
        maxNegativesPerPositive = try c.decodeIfPresent(Int.self, forKey: .maxNegativesPerPositive) ?? d.maxNegativesPerPositive
        maxTripletsPerGroup = try c.decodeIfPresent(Int.self, forKey: .maxTripletsPerGroup) ?? d.maxTripletsPerGroup
        deliveryOnlyCategories = try c.decodeIfPresent([String].self, forKey: .deliveryOnlyCategories) ?? d.deliveryOnlyCategories
        nearDuplicateSimilarity = try c.decodeNumberIfPresent(forKey: .nearDuplicateSimilarity) ?? d.nearDuplicateSimilarity
    }

    /// Checks the values make sense together.
    public func validate() throws(TripletForgeError) {
        guard confidence > 0.5 && confidence < 1 else { throw .invalidConfiguration("mining.confidence must be in (0.5, 1) (0.5 or less would let one passage be positive and negative), got \(confidence)") }
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

    /// The keys of the vote-threshold rules the evidence model replaced, and what to write instead:
    /// a config that still sets one is refused with this message rather than silently ignored.
    public static let replacedKeys: [String: String] = Dictionary(uniqueKeysWithValues: ["min_votes", "min_vote_margin", "min_vote_share"].map {
        ($0, "`\($0)` in [mining] was replaced by `confidence` (default \(MiningPolicy().confidence)): labels now come from an evidence model that learns from the input how much each vote is worth; see docs/evidence-model.md")
    })

    /// A negative at or below this relevance has strong evidence: kept even when the production
    /// reranker scored it near or above the positive (a ``falseNegativeScoreMargin`` mistake).
    public var strongNegativeRelevance: Double { (1 - confidence) / 10 }

    /// The label a pair earns under this policy, from its events and the relevance the evidence
    /// model gave it. A positive needs a vote for it (a citation or an uncited answer's top leaf);
    /// a negative needs one against (surfaced without help).
    public func label(for cell: EvidenceCell) -> Label? {
        guard !cell.relevance.isNaN else { return nil }
        if cell.relevance >= confidence, cell.up > 0 { return .positive }
        if cell.relevance <= 1 - confidence, cell.down + cell.surfaced > 0 { return .negative }
        return nil
    }

    public enum Label: Sendable { case positive, negative }
}
