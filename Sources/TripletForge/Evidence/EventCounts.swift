/// One kind of event of the evidence model: what a rated exchange did with a passage
/// (``VoteKind``) and how high it ranked the passage there.
///
/// Rank matters because the same outcome means different things at different ranks: a passage
/// rated down at rank 0 is often the right passage of an answer that failed for another reason,
/// one rated down at rank 8 rarely is. Four buckets (0, 1–2, 3–5, 6+) keep the table of count
/// vectors small while letting the model learn that difference from each database.
public struct EventKind: Hashable, Sendable, Comparable {
    public var vote: VoteKind
    /// 0: rank 0; 1: ranks 1–2; 2: ranks 3–5; 3: rank 6 or lower.
    public var rankBucket: Int

    public static let rankBucketCount = 4
    public static let count = VoteKind.allCases.count * rankBucketCount
    /// The rank ranges of the buckets, as the manifest and the report show them.
    public static let rankBucketNames = ["0", "1-2", "3-5", "6+"]

    public init(vote: VoteKind, rankBucket: Int) {
        self.vote = vote
        self.rankBucket = rankBucket
    }

    public init(vote: VoteKind, rank: UInt16) {
        self.init(vote: vote, rankBucket: rank == 0 ? 0 : rank <= 2 ? 1 : rank <= 5 ? 2 : 3)
    }

    /// Its slot in an ``EventCounts`` vector and in the model's parameter arrays.
    public var index: Int { Int(vote.rawValue) * Self.rankBucketCount + rankBucket }

    public init(index: Int) {
        self.init(vote: VoteKind(rawValue: UInt8(index / Self.rankBucketCount))!, rankBucket: index % Self.rankBucketCount)
    }

    public static let all: [EventKind] = (0..<count).map(EventKind.init(index:))

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}

/// How many events of each ``EventKind`` one (query group, passage) pair got: the whole input of
/// the evidence model for that pair.
///
/// Pairs with the same vector are interchangeable for the model, so the fit runs on a table of
/// distinct vectors with their multiplicities rather than on the pairs. Each count saturates at
/// 255 (16 one-byte slots in two words): a pair with 255 events of a kind is decided long before,
/// and the cap keeps the table small and the key cheap to hash.
public struct EventCounts: Hashable, Sendable, Comparable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    public init() {}

    public subscript(index: Int) -> Int {
        get { Int(((index < 8 ? low : high) >> UInt64((index & 7) * 8)) & 0xFF) }
        set {
            let shift = UInt64((index & 7) * 8)
            let value = UInt64(max(0, min(255, newValue))) << shift
            if index < 8 { low = (low & ~(0xFF << shift)) | value } else { high = (high & ~(0xFF << shift)) | value }
        }
    }

    public subscript(kind: EventKind) -> Int {
        get { self[kind.index] }
        set { self[kind.index] = newValue }
    }

    /// Adds one event (saturating).
    public mutating func add(_ kind: EventKind) { self[kind.index] += 1 }

    public var total: Int { (0..<EventKind.count).reduce(0) { $0 + self[$1] } }

    /// Whether any event of `vote` (at any rank) is counted.
    public func has(_ vote: VoteKind) -> Bool {
        (0..<EventKind.rankBucketCount).contains { self[EventKind(vote: vote, rankBucket: $0)] > 0 }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }
}
