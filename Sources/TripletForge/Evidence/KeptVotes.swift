import Foundation

/// One vote behind a kept (query group, chunk) pair, as provenance lists it.
public struct CastVote: Sendable, Equatable {
    /// The signal that cast it (see ``Evidence/signalID(_:)``).
    public var signal: UInt32
    /// The production reranker's score of the chunk in that answer (NaN: not logged).
    public var score: Float
    /// Where the chunk ranked in that answer.
    public var rank: UInt16
    /// What the exchange did with the passage: cited it, surfaced it in a thumbs-up or thumbs-down…
    public var kind: VoteKind
    /// For (cited, or an uncited thumbs-up's top leaf).
    public var isUp: Bool { kind.isUp }
}

/// Every vote behind the pairs mining kept, in the order cast, so provenance can name all the
/// signals a label rests on rather than only the first.
///
/// Only kept pairs are listed, and at most ``votesPerPair`` votes of each (the earliest cast); the
/// pair's summed ``EvidenceCell`` still counts them all, which is how provenance shows what was
/// left out. The votes themselves are spilled to a scratch file (12 bytes each), a group's pairs
/// side by side, each behind a header naming its chunk, so memory holds only a range per group: on
/// a million rated interactions there are millions of listed votes and hundreds of thousands of
/// kept pairs. Provenance reads one group at a time, as shard rows come group by group.
final class KeptVotes {
    /// The most votes listed for one (query group, chunk) pair.
    static let votesPerPair = 100
    static let recordSize = 12

    private let file: ScratchFile
    /// Where each group's pairs sit, together, in records from the start of the file.
    private var groups = HashedKeyTable<QueryGroupKey, Range<Int>>()
    private var written = 0

    init(directory: URL) throws {
        file = try ScratchFile(directory: directory, prefix: "kept-votes", bufferBytes: 1 << 18)
    }

    /// Reads bucket `bucket` of `log` again and lists the votes of the pairs `isKept` accepts.
    ///
    /// A bucket's votes are read once to sum them and once more here, after mining has chosen
    /// the pairs, because keeping every vote of every pair until then would grow with the input.
    func record(bucket: Int, of log: VoteLog, where isKept: (PairKey) -> Bool) throws {
        var slotOfPair = HashedKeyTable<PairKey, Int>(capacity: 1 << 8)
        var order: [PairKey] = []
        var listed: [[CastVote]] = []
        try log.forEachVote(inBucket: bucket) { vote in
            let key = PairKey(group: vote.group, chunk: vote.chunk)
            // A repeat was not counted when the votes were summed: it is not listed either.
            guard !vote.repeatsEarlierVote, isKept(key) else { return }
            let slot = slotOfPair[key] ?? {
                slotOfPair.set(key, order.count)
                order.append(key)
                listed.append([])
                return order.count - 1
            }()
            guard listed[slot].count < Self.votesPerPair else { return }
            listed[slot].append(CastVote(signal: vote.signal, score: vote.score, rank: vote.rank, kind: vote.kind))
        }
        // A group lives in one bucket: writing pairs sorted by group puts each group's together.
        let sorted = order.indices.sorted { (order[$0].group, order[$0].chunk) < (order[$1].group, order[$1].chunk) }
        var record = [UInt8](repeating: 0, count: Self.recordSize)
        for slot in sorted {
            let key = order[slot]
            let start = written
            Self.encodeHeader(chunk: key.chunk, count: listed[slot].count, into: &record)
            _ = try record.withUnsafeBufferPointer { try file.append($0) }
            for vote in listed[slot] {
                Self.encode(vote, into: &record)
                _ = try record.withUnsafeBufferPointer { try file.append($0) }
            }
            written += 1 + listed[slot].count
            groups.set(key.group, (groups[key.group]?.lowerBound ?? start)..<written)
        }
    }

    /// Flushes buffered votes: after this, reading mutates nothing.
    func finishWriting() throws { try file.flush() }

    /// The listed votes of every kept pair of `group`, read in one go.
    func votes(ofGroup group: QueryGroupKey) throws -> GroupVotes {
        guard let range = groups[group] else { return GroupVotes() }
        let bytes = try file.readBytes(offset: range.lowerBound * Self.recordSize, length: range.count * Self.recordSize)
        var votes = GroupVotes()
        var offset = 0
        while offset < bytes.count {
            let (chunk, count) = Self.decodeHeader(bytes, at: offset)
            offset += Self.recordSize
            let start = votes.all.count
            for _ in 0..<count {
                votes.all.append(Self.decode(bytes, at: offset))
                offset += Self.recordSize
            }
            votes.rangeOfChunk[chunk] = start..<votes.all.count
        }
        return votes
    }

    /// The votes of one group's kept pairs, as ``votes(ofGroup:)`` read them.
    struct GroupVotes {
        fileprivate var all: [CastVote] = []
        fileprivate var rangeOfChunk: [PassageKey: Range<Int>] = [:]

        /// The listed votes of one of the group's pairs, in the order cast (empty for a pair that
        /// was not kept).
        subscript(chunk: PassageKey) -> ArraySlice<CastVote> {
            guard let range = rangeOfChunk[chunk] else { return [] }
            return all[range]
        }
    }

    private static func encodeHeader(chunk: PassageKey, count: Int, into record: inout [UInt8]) {
        record.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: chunk.rawValue.littleEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: UInt32(count).littleEndian, toByteOffset: 8, as: UInt32.self)
        }
    }

    private static func decodeHeader(_ bytes: [UInt8], at offset: Int) -> (chunk: PassageKey, count: Int) {
        bytes.withUnsafeBytes { raw in
            (PassageKey(rawValue: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))),
             Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self))))
        }
    }

    private static func encode(_ vote: CastVote, into record: inout [UInt8]) {
        record.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: vote.signal.littleEndian, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: vote.score.bitPattern.littleEndian, toByteOffset: 4, as: UInt32.self)
            raw.storeBytes(of: vote.rank.littleEndian, toByteOffset: 8, as: UInt16.self)
            raw.storeBytes(of: UInt16(vote.kind.rawValue).littleEndian, toByteOffset: 10, as: UInt16.self)
        }
    }

    private static func decode(_ bytes: [UInt8], at offset: Int) -> CastVote {
        bytes.withUnsafeBytes { raw in
            CastVote(signal: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)),
                     score: Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))),
                     rank: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt16.self)),
                     kind: VoteKind(rawValue: UInt8(truncatingIfNeeded: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 10, as: UInt16.self)))) ?? .down)
        }
    }
}
