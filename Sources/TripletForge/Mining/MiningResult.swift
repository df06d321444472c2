/// A mined triplet, by content keys: texts are fetched only when it is written.
public struct TripletKey: Sendable, Hashable, Comparable {
    public var group: QueryGroupKey
    public var positive: PassageKey
    public var negative: PassageKey

    /// The content id that tells this triplet apart across builds (ids of rows never enter it).
    public var id: UInt64 {
        var hasher = ContentHasher()
        hasher.combine(group.rawValue)
        hasher.combine(positive.rawValue)
        hasher.combine(negative.rawValue)
        return hasher.finalize()
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.group, lhs.positive, lhs.negative) < (rhs.group, rhs.positive, rhs.negative)
    }
}

/// The labels of one query group, strongest first.
public struct GroupLabels: Sendable, Equatable {
    public var group: QueryGroupKey
    /// Positive chunk keys, most probably relevant first.
    public var positives: [PassageKey]
    /// Hard-negative chunk keys, hardest first.
    public var negatives: [PassageKey]
}

/// A query group that had labels or votes but gave no triplet, and why: `--verbose` names them,
/// the report counts them by reason.
public struct LostGroup: Sendable, Equatable {
    public var group: QueryGroupKey
    public var reason: ReasonCode
}

/// The (query group, passage) pairs mining put in triplets — their summed evidence and the votes
/// behind them — for provenance. Mining returns it; nothing changes it afterwards.
public final class KeptPairs: @unchecked Sendable {
    private let cells: HashedKeyTable<PairKey, EvidenceCell>
    private let keptVotes: KeptVotes

    init(cells: HashedKeyTable<PairKey, EvidenceCell>, votes: KeptVotes) {
        self.cells = cells
        keptVotes = votes
    }

    public var count: Int { cells.count }

    /// The summed evidence of a kept pair (nil for any other pair).
    public func cell(group: QueryGroupKey, chunk: PassageKey) -> EvidenceCell? { cells[PairKey(group: group, chunk: chunk)] }

    /// The votes on a kept pair in the order cast, at most `KeptVotes.votesPerPair` (100) of them (the
    /// earliest); its ``cell(group:chunk:)`` counts them all. Empty for any other pair.
    public func votes(group: QueryGroupKey, chunk: PassageKey) throws -> ArraySlice<CastVote> {
        try keptVotes.votes(ofGroup: group)[chunk]
    }

    /// The listed votes of every kept pair of `group`, read in one go.
    func votes(ofGroup group: QueryGroupKey) throws -> KeptVotes.GroupVotes { try keptVotes.votes(ofGroup: group) }
}

/// What mining produced: the fitted evidence model, labels per group, the triplets, what was kept
/// for provenance, and why anything was left out.
public struct MiningResult: Sendable {
    public var labels: [GroupLabels]
    /// Sorted by (group, positive, negative): a stable order for shards.
    public var triplets: [TripletKey]
    public var dropped: ReasonCounts
    /// The reliabilities learnt from this input.
    public var model: EvidenceModel
    /// Triplets whose negative the production reranker scored near or above the positive, kept
    /// because the evidence against the negative is strong: the mistakes retraining should fix.
    public var rerankerMistakes = 0
    /// Groups with votes that gave no triplet, in group order, and their count by reason.
    public var lostGroups: [LostGroup] = []
    public var lostGroupReasons: ReasonCounts {
        var counts = ReasonCounts()
        for lost in lostGroups { counts.add(lost.reason) }
        return counts
    }
    /// The pairs behind the triplets, for provenance (nil only in results built by hand).
    public var kept: KeptPairs?
    /// Votes that were added to a pair that already had one (repeat evidence, merged).
    public var mergedVotes = 0
    /// Distinct (query group, chunk) pairs that got votes.
    public var votedPairs = 0
    /// Second votes of one signal on one passage (surfaced twice, or in two near-duplicate
    /// versions), not counted again.
    public var repeatedVotes = 0
    public var positivePairs: Int { labels.reduce(0) { $0 + $1.positives.count } }
    public var negativePairs: Int { labels.reduce(0) { $0 + $1.negatives.count } }

    public init(labels: [GroupLabels], triplets: [TripletKey], dropped: ReasonCounts, model: EvidenceModel = .start) {
        self.labels = labels
        self.triplets = triplets
        self.dropped = dropped
        self.model = model
    }
}
