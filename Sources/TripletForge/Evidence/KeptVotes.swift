/// One vote behind a kept (query group, chunk) pair, as provenance lists it.
public struct CastVote: Sendable, Equatable {
    /// The signal that cast it (see ``Evidence/signalID(_:)``).
    public var signal: UInt32
    /// The production reranker's score of the chunk in that answer (NaN: not logged).
    public var score: Float
    /// Where the chunk ranked in that answer.
    public var rank: UInt16
    /// For (a thumbs-up) or against (a thumbs-down).
    public var isUp: Bool
}

/// Every vote behind the pairs mining kept, in the order cast, so provenance can name all the
/// signals a label rests on rather than only the first.
///
/// Only kept pairs are listed, and at most ``votesPerPair`` votes of each (the earliest cast), so
/// memory follows the size of the dataset, not of the input: a popular pair with thousands of
/// votes lists its first hundred, and its summed ``EvidenceCell`` still counts them all, which is
/// how provenance shows what was left out. Votes sit in one flat array, each pair's contiguous,
/// because an array per pair would cost more than the dozen bytes a vote needs.
struct KeptVotes {
    /// The most votes listed for one (query group, chunk) pair.
    static let votesPerPair = 100

    private var votes: [CastVote] = []
    private var ranges = HashedKeyTable<PairKey, Range<Int>>()

    /// The listed votes of a pair, in the order cast (empty for a pair that was not kept).
    subscript(key: PairKey) -> ArraySlice<CastVote> {
        guard let range = ranges[key] else { return [] }
        return votes[range]
    }

    /// Reads bucket `bucket` of `log` again and lists the votes of the pairs `isKept` accepts.
    ///
    /// A bucket's votes are read once to sum them and once more here, after mining has chosen
    /// the pairs, because keeping every vote of every pair until then would grow with the input.
    mutating func record(bucket: Int, of log: VoteLog, where isKept: (PairKey) -> Bool) throws {
        var order: [PairKey] = []
        var slotOfPair = HashedKeyTable<PairKey, Int>(capacity: 1 << 8)
        var listed: [[CastVote]] = []
        try log.forEachVote(inBucket: bucket) { vote in
            let key = PairKey(group: vote.group, chunk: vote.chunk)
            guard isKept(key) else { return }
            let slot = slotOfPair[key] ?? {
                slotOfPair.set(key, order.count)
                order.append(key)
                listed.append([])
                return order.count - 1
            }()
            // Summing counted one vote per signal and pair (see `VoteLog.forEachBucket`): so does this.
            if let last = listed[slot].last, last.signal == vote.signal { return }
            guard listed[slot].count < Self.votesPerPair else { return }
            listed[slot].append(CastVote(signal: vote.signal, score: vote.score, rank: vote.rank, isUp: vote.isUp))
        }
        for (key, pairVotes) in zip(order, listed) {
            ranges.set(key, votes.count..<votes.count + pairVotes.count)
            votes.append(contentsOf: pairVotes)
        }
    }
}
