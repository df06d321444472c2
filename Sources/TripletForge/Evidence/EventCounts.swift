/// One kind of event of the evidence model: what a rated exchange did with a passage
/// (``VoteKind``, and for a citation its place among the answer's citations), how high it ranked
/// the passage there, and whether the answer's retrieval scored low for this input.
///
/// Rank matters because the same outcome means different things at different ranks: a passage
/// rated down at rank 0 is often the right passage of an answer that failed for another reason,
/// one rated down at rank 8 rarely is. Four buckets (0, 1–2, 3–5, 6+) keep the table of count
/// vectors small while letting the model learn that difference from each database.
///
/// The other two qualifiers are evidence about the *answer*, read from what the log already holds:
/// - ``alone`` and ``belowAnotherCitation``: an answer that cites a single passage relied on it;
///   one that cites several often cites some it did not need (citation noise), and the extra one
///   tends to sit below the ones it leaned on — so a citation is its answer's only one, the top one
///   of several (plain ``VoteKind/cited``), or one below another citation;
/// - ``lowScore``: the answer's best production reranker score was below the median rated answer's
///   of this input. A thumbs-up on an answer whose retrieval found nothing convincing is more often
///   a misclick, and a thumbs-down on one whose retrieval scored high more often blames something
///   other than the passages (delivery, a wrong reading). The split is relative to the input, so it
///   means the same whatever scale its reranker scores on; answers without a logged score count as
///   not low, as every event did before.
///
/// How much each is worth is not assumed: the model learns it per input, and a qualifier that
/// tells nothing gets the same rates on both of its sides.
public struct EventKind: Hashable, Sendable, Comparable {
    public var vote: VoteKind
    /// For ``VoteKind/cited``: the answer cited no other leaf passage. Always false otherwise.
    public var alone: Bool
    /// For ``VoteKind/cited``: the answer cited another leaf ranked above this one.
    public var belowAnotherCitation: Bool
    /// 0: rank 0; 1: ranks 1–2; 2: ranks 3–5; 3: rank 6 or lower.
    public var rankBucket: Int
    /// The answer's best logged production score was below the input's median rated answer's.
    public var lowScore: Bool

    public static let rankBucketCount = 4
    /// Outcomes: the four ``VoteKind``s (a citation: the top one of several), a citation that was
    /// its answer's only one, and one below another citation.
    static let outcomeCount = VoteKind.allCases.count + 2
    public static let count = outcomeCount * rankBucketCount * 2
    /// The rank ranges of the buckets, as the manifest and the report show them.
    public static let rankBucketNames = ["0", "1-2", "3-5", "6+"]
    /// The answer-score sides, as the manifest and the report show them.
    public static let answerScoreNames = ["median_or_above", "below_median"]

    public init(vote: VoteKind, alone: Bool = false, belowAnotherCitation: Bool = false, rankBucket: Int, lowScore: Bool = false) {
        self.vote = vote
        self.alone = alone && vote == .cited
        self.belowAnotherCitation = belowAnotherCitation && !alone && vote == .cited
        self.rankBucket = rankBucket
        self.lowScore = lowScore
    }

    public init(vote: VoteKind, alone: Bool = false, belowAnotherCitation: Bool = false, rank: UInt16, lowScore: Bool = false) {
        self.init(vote: vote, alone: alone, belowAnotherCitation: belowAnotherCitation, rankBucket: rank == 0 ? 0 : rank <= 2 ? 1 : rank <= 5 ? 2 : 3, lowScore: lowScore)
    }

    private var outcome: Int { alone ? VoteKind.allCases.count : belowAnotherCitation ? VoteKind.allCases.count + 1 : Int(vote.rawValue) }

    /// Its slot in an ``EventCounts`` vector and in the model's parameter arrays: the kinds of
    /// answers that did not score low first, the four plain outcomes in the order they had before
    /// the qualifiers.
    public var index: Int { ((lowScore ? Self.outcomeCount : 0) + outcome) * Self.rankBucketCount + rankBucket }

    public init(index: Int) {
        let outcome = index / Self.rankBucketCount % Self.outcomeCount
        let alone = outcome == VoteKind.allCases.count, below = outcome == VoteKind.allCases.count + 1
        self.init(vote: alone || below ? .cited : VoteKind(rawValue: UInt8(outcome))!, alone: alone, belowAnotherCitation: below,
                  rankBucket: index % Self.rankBucketCount, lowScore: index >= Self.outcomeCount * Self.rankBucketCount)
    }

    public static let all: [EventKind] = (0..<count).map(EventKind.init(index:))

    /// The outcome's name in the manifest and docs.
    public var name: String { alone ? "cited_alone_in_thumbs_up" : belowAnotherCitation ? "cited_below_another_in_thumbs_up" : vote.name }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}

/// How many events of each ``EventKind`` one (query group, passage) pair got: the whole input of
/// the evidence model for that pair.
///
/// Pairs with the same vector are interchangeable for the model, so the fit runs on a table of
/// distinct vectors with their multiplicities rather than on the pairs. Each count saturates at
/// 255 (one-byte slots, eight to a word): a pair with 255 events of a kind is decided long before,
/// and the cap keeps the table small and the key cheap to hash.
public struct EventCounts: Hashable, Sendable, Comparable {
    private var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0, w4: UInt64 = 0, w5: UInt64 = 0

    public init() {}

    private func word(_ n: Int) -> UInt64 {
        switch n { case 0: w0; case 1: w1; case 2: w2; case 3: w3; case 4: w4; default: w5 }
    }

    private mutating func setWord(_ n: Int, _ value: UInt64) {
        switch n { case 0: w0 = value; case 1: w1 = value; case 2: w2 = value; case 3: w3 = value; case 4: w4 = value; default: w5 = value }
    }

    public subscript(index: Int) -> Int {
        get { Int((word(index >> 3) >> UInt64((index & 7) * 8)) & 0xFF) }
        set {
            let shift = UInt64((index & 7) * 8)
            let value = UInt64(max(0, min(255, newValue))) << shift
            setWord(index >> 3, (word(index >> 3) & ~(0xFF << shift)) | value)
        }
    }

    public subscript(kind: EventKind) -> Int {
        get { self[kind.index] }
        set { self[kind.index] = newValue }
    }

    /// Adds one event (saturating).
    public mutating func add(_ kind: EventKind) { self[kind.index] += 1 }

    public var total: Int { (0..<EventKind.count).reduce(0) { $0 + self[$1] } }

    /// Whether any event of `vote` (at any rank, alone or not, any answer score) is counted.
    public func has(_ vote: VoteKind) -> Bool {
        EventKind.all.contains { $0.vote == vote && self[$0.index] > 0 }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.w5, lhs.w4, lhs.w3, lhs.w2, lhs.w1, lhs.w0) < (rhs.w5, rhs.w4, rhs.w3, rhs.w2, rhs.w1, rhs.w0) }
}
