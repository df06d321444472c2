import Foundation

/// What one rated exchange says about one passage it surfaced: the outcome part of an event of
/// the evidence model (``EventKind`` adds where it ranked).
public enum VoteKind: UInt8, Sendable, CaseIterable, Codable {
    /// Surfaced in an answer rated down (for retrieval, not delivery only).
    case down = 0
    /// Cited by an answer rated up.
    case cited = 1
    /// Surfaced, but not cited, in an answer rated up that cited something else (or, uncited,
    /// below its top leaf): evidence against, and the only negatives of groups never rated down.
    case surfaced = 2
    /// The top leaf of an answer rated up that cites nothing (``MiningPolicy/UncitedPositiveRule``).
    case topLeaf = 3

    /// Whether the vote counts *for* the passage in provenance's `votes_up`.
    public var isUp: Bool { self == .cited || self == .topLeaf }
    /// The name the manifest and docs use.
    public var name: String {
        switch self {
        case .down: "surfaced_in_thumbs_down"
        case .cited: "cited_in_thumbs_up"
        case .surfaced: "surfaced_not_cited_in_thumbs_up"
        case .topLeaf: "top_leaf_of_uncited_thumbs_up"
        }
    }
}

/// One rating's vote about one (query group, chunk) pair, as spilled to disk: 32 bytes.
struct Vote {
    var group: QueryGroupKey
    var chunk: PassageKey
    var signal: UInt32
    /// The production reranker's score of the chunk in this answer (NaN: not logged).
    var score: Float
    var rank: UInt16
    var kind: VoteKind
    /// The best production score of the answer the vote came from (NaN: none logged): which side
    /// of the input's median it lies on is part of its ``EventKind``.
    var answerScore: Float = .nan
    /// A citation that was its answer's only cited leaf (see ``EventKind/alone``).
    var citedAlone = false
    /// A citation below another cited leaf of its answer (see ``EventKind/belowAnotherCitation``).
    var citedBelowAnother = false
    var isUp: Bool { kind.isUp }
    /// Set when read back: the same signal already voted on this (group, chunk) — its answer
    /// surfaced the passage twice, or two near-duplicate versions of it. Not stored.
    var repeatsEarlierVote = false
}

/// Votes, spilled to scratch files in buckets by query group, then aggregated one bucket at a time.
///
/// Keeping every (group, chunk) pair in memory while reading grows with the input — millions of
/// pairs on a million rated interactions, most of them a single vote. Instead each vote is appended
/// (32 bytes) to one of ``bucketCount`` files chosen by its group key; afterwards each bucket is
/// read back and summed on its own. A group lives in exactly one bucket, so mining, which works
/// group by group, sees whole groups, and memory holds one bucket's pairs at a time.
final class VoteLog {
    static let bucketCount = 16
    private var buckets: [ScratchFile] = []
    private(set) var count = 0

    init(directory: URL) throws {
        for index in 0..<Self.bucketCount {
            buckets.append(try ScratchFile(directory: directory, prefix: "votes-\(index)", bufferBytes: 1 << 18))
        }
    }

    /// The best scores of the rated answers that voted, for the median that splits them
    /// (``EventKind/lowScore``). The collector adds one per answer.
    var answerScores = AnswerScoreMedian()

    /// The kind of event a vote is, given the median of ``answerScores``.
    static func event(_ vote: Vote, median: Float) -> EventKind {
        EventKind(vote: vote.kind, alone: vote.citedAlone, belowAnotherCitation: vote.citedBelowAnother, rank: vote.rank,
                  lowScore: AnswerScoreMedian.isLow(vote.answerScore, median: median))
    }

    func append(_ vote: Vote) throws {
        // The kind's high byte carries the flag of a lone citation.
        var record = (vote.group.rawValue.littleEndian, vote.chunk.rawValue.littleEndian, vote.signal.littleEndian,
                      vote.score.bitPattern.littleEndian, vote.answerScore.bitPattern.littleEndian, vote.rank.littleEndian,
                      (UInt16(vote.kind.rawValue) | (vote.citedAlone ? 0x100 : 0) | (vote.citedBelowAnother ? 0x200 : 0)).littleEndian)
        try withUnsafeBytes(of: &record) { raw in
            _ = try buckets[Self.bucket(of: vote.group)].append(raw.bindMemory(to: UInt8.self))
        }
        count += 1
    }

    /// Flushes every bucket's buffer: after this, reading the votes back mutates nothing.
    func finishWriting() throws {
        for bucket in buckets { try bucket.flush() }
    }

    /// The bucket of a group: high bits, independent of the low bits hash tables index by.
    static func bucket(of group: QueryGroupKey) -> Int { Int(group.rawValue >> 60) % bucketCount }

    /// Near-duplicate chunk keys mapped to their cluster's canonical key (see ``NearDuplicates``);
    /// votes read back count for the canonical chunk. Set once reading has finished.
    var chunkAliases = HashedKeyTable<PassageKey, PassageKey>(capacity: 16)

    private static let recordSize = MemoryLayout<(UInt64, UInt64, UInt32, UInt32, UInt32, UInt16, UInt16)>.size

    /// Calls `body` with every vote of bucket `index`, in the order cast, chunk keys resolved
    /// through ``chunkAliases`` and repeats marked (``Vote/repeatsEarlierVote``).
    ///
    /// A signal's votes are appended together and its group lives in one bucket, so a repeat is
    /// found among the chunks its signal voted on just before.
    func forEachVote(inBucket index: Int, _ body: (Vote) throws -> Void) throws {
        let recordSize = Self.recordSize
        var currentSignal: UInt32?
        var chunksOfSignal: [PassageKey] = []
        try buckets[index].forEachChunk(unit: recordSize) { bytes in
            var offset = 0
            while offset + recordSize <= bytes.count {
                let chunk = PassageKey(rawValue: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)))
                let kind = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 30, as: UInt16.self))
                var vote = Vote(
                    group: QueryGroupKey(rawValue: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))),
                    chunk: chunkAliases.count == 0 ? chunk : chunkAliases[chunk] ?? chunk,
                    signal: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self)),
                    score: Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 20, as: UInt32.self))),
                    rank: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 28, as: UInt16.self)),
                    kind: VoteKind(rawValue: UInt8(truncatingIfNeeded: kind)) ?? .down,
                    answerScore: Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt32.self))),
                    citedAlone: kind & 0x100 != 0, citedBelowAnother: kind & 0x200 != 0)
                if vote.signal != currentSignal {
                    currentSignal = vote.signal
                    chunksOfSignal.removeAll(keepingCapacity: true)
                }
                vote.repeatsEarlierVote = chunksOfSignal.contains(vote.chunk)
                if !vote.repeatsEarlierVote { chunksOfSignal.append(vote.chunk) }
                try body(vote)
                offset += recordSize
            }
        }
    }

    /// Calls `body` with each bucket's votes summed per (group, chunk), bucket by bucket: the
    /// bucket's index, its pairs in the order their first vote was cast, and their cells. Cells
    /// are filled in the order votes were cast, so `firstSignal` is the earliest signal. `merged`
    /// counts votes added to a pair that already had one; `repeated` counts second votes of one
    /// signal on one chunk (an answer that surfaced a passage twice, or two near-duplicate
    /// versions of it), which are not counted again.
    func forEachBucket(_ body: (_ bucket: Int, _ order: [PairKey], _ cells: HashedKeyTable<PairKey, EvidenceCell>) throws -> Void) throws -> (merged: Int, pairs: Int, repeated: Int) {
        var merged = 0, pairs = 0, repeated = 0
        let median = answerScores.median
        // Buckets are about the same size: each table starts at the size the last one grew to
        // (a table holds up to 7/10 of its slots, twice the capacity asked for, rounded up to a
        // power of two), rather than growing and rehashing from small in every bucket.
        var lastPairs = 0
        for bucket in buckets.indices {
            var cells = HashedKeyTable<PairKey, EvidenceCell>(capacity: max(1 << 12, lastPairs * 5 / 7))
            var order: [PairKey] = []
            order.reserveCapacity(lastPairs)
            try forEachVote(inBucket: bucket) { vote in
                let key = PairKey(group: vote.group, chunk: vote.chunk)
                cells.update(key, inserting: {
                    order.append(key)
                    var fresh = EvidenceCell()
                    fresh.firstSignal = vote.signal
                    return fresh
                }) { cell in
                    cell.bestRank = min(cell.bestRank, vote.rank)
                    if !vote.score.isNaN, cell.bestScore.isNaN || vote.score > cell.bestScore { cell.bestScore = vote.score }
                    if vote.repeatsEarlierVote {
                        repeated += 1
                    } else {
                        if cell.up + cell.down + cell.surfaced > 0 { merged += 1 }
                        switch vote.kind {
                        case .cited, .topLeaf: cell.up += 1
                        case .down: cell.down += 1
                        case .surfaced: cell.surfaced += 1
                        }
                        cell.events.add(Self.event(vote, median: median))
                    }
                }
            }
            pairs += order.count
            lastPairs = order.count
            try body(bucket, order, cells)
        }
        return (merged, pairs, repeated)
    }
}
