import Foundation

/// Every (query group, passage) pair's summed ``EvidenceCell``, spilled to a scratch file group by
/// group as the votes are summed for the evidence model's fit, and read back a bucket at a time
/// to mine once the model is fitted.
///
/// Mining needs the fitted model, and the fit needs every pair's counts: without this the votes
/// were summed twice, once for the fit and once more to mine — the costliest part of mining
/// (a hash-table probe per vote, and a dictionary of arrays per bucket). A pair is a fraction of
/// a vote's cost to read back: votes merge into about half as many pairs, and reading them is
/// sequential. Memory holds one bucket's cells, as summing already did, and pieces of the file.
///
/// Records are fixed-size (48 bytes): a group header (its key and how many pairs follow), then its
/// pairs — chunk key, first signal, best score, the three vote counts, best rank and the
/// ``EventCounts`` bytes as they are in memory (the file never leaves the process). The
/// relevance is not stored: mining sets it. On a million rated rows this file is a few hundred
/// megabytes, and writing it is most of its cost, so every byte left out counts.
final class GroupedCells {
    private let file: ScratchFile
    /// Each bucket's records, in records from the start of the file.
    private var buckets: [Range<Int>] = []
    private static let eventsOffset = 32
    static let recordSize = (eventsOffset + MemoryLayout<EventCounts>.size + 7) / 8 * 8
    /// Records written or read at a time.
    private static let piece = 4096

    init(directory: URL) throws {
        precondition(_isPOD(EventCounts.self), "event counts are spilled as raw bytes")
        file = try ScratchFile(directory: directory, prefix: "grouped-cells", bufferBytes: 1 << 18)
    }

    var bucketCount: Int { buckets.count }

    /// Appends the next bucket: groups in key order, each group's pairs in `order`'s order (the
    /// order of their first votes), as mining reads them.
    func append(order: [PairKey], cells: HashedKeyTable<PairKey, EvidenceCell>) throws {
        let first = buckets.last?.upperBound ?? 0
        var written = 0
        var staging = [UInt8](repeating: 0, count: Self.recordSize * Self.piece)
        var staged = 0
        func put(_ fill: (UnsafeMutableRawBufferPointer) -> Void) throws {
            staging.withUnsafeMutableBytes { fill(UnsafeMutableRawBufferPointer(rebasing: $0[(staged * Self.recordSize)..<((staged + 1) * Self.recordSize)])) }
            staged += 1
            written += 1
            if staged == Self.piece { try flush() }
        }
        func flush() throws {
            _ = try staging.withUnsafeBufferPointer { try file.append(UnsafeBufferPointer(rebasing: $0[0..<(staged * Self.recordSize)])) }
            staged = 0
        }
        for (group, pairs) in Self.byGroup(order) {
            try put { raw in
                raw.storeBytes(of: group.rawValue, toByteOffset: 0, as: UInt64.self)
                raw.storeBytes(of: UInt64(pairs.count), toByteOffset: 8, as: UInt64.self)
            }
            for index in pairs {
                let key = order[index]
                var cell = cells[key]!
                try put { raw in
                    raw.storeBytes(of: key.chunk.rawValue, toByteOffset: 0, as: UInt64.self)
                    raw.storeBytes(of: cell.firstSignal, toByteOffset: 8, as: UInt32.self)
                    raw.storeBytes(of: cell.bestScore.bitPattern, toByteOffset: 12, as: UInt32.self)
                    raw.storeBytes(of: cell.up, toByteOffset: 16, as: UInt32.self)
                    raw.storeBytes(of: cell.down, toByteOffset: 20, as: UInt32.self)
                    raw.storeBytes(of: cell.surfaced, toByteOffset: 24, as: UInt32.self)
                    raw.storeBytes(of: cell.bestRank, toByteOffset: 28, as: UInt16.self)
                    withUnsafeBytes(of: &cell.events) { UnsafeMutableRawBufferPointer(rebasing: raw[Self.eventsOffset...]).copyMemory(from: $0) }
                }
            }
        }
        try flush()
        buckets.append(first..<(first + written))
    }

    /// The indexes of `order` grouped by query group, groups in key order, each group's indexes
    /// ascending: a counting sort, since a bucket has hundreds of thousands of pairs but only
    /// thousands of groups.
    private static func byGroup(_ order: [PairKey]) -> [(QueryGroupKey, ArraySlice<Int>)] {
        var slotOfGroup = HashedKeyTable<QueryGroupKey, Int>(capacity: 1 << 10)
        var groups: [QueryGroupKey] = []
        var sizes: [Int] = []
        var slots = [Int](repeating: 0, count: order.count)
        for (index, key) in order.enumerated() {
            let slot = slotOfGroup[key.group] ?? {
                slotOfGroup.set(key.group, groups.count)
                groups.append(key.group)
                sizes.append(0)
                return groups.count - 1
            }()
            slots[index] = slot
            sizes[slot] += 1
        }
        let ranked = groups.indices.sorted { groups[$0] < groups[$1] }
        var next = [Int](repeating: 0, count: groups.count)
        var start = 0
        for slot in ranked {
            next[slot] = start
            start += sizes[slot]
        }
        let starts = next
        var placed = [Int](repeating: 0, count: order.count)
        for index in order.indices {
            placed[next[slots[index]]] = index
            next[slots[index]] += 1
        }
        return ranked.map { (groups[$0], placed[starts[$0]..<(starts[$0] + sizes[$0])]) }
    }

    /// Calls `body` with each group of bucket `bucket`, in key order, and its pairs. The array is
    /// reused from group to group: `body` may change it but must not keep it.
    func forEachGroup(inBucket bucket: Int, _ body: (QueryGroupKey, inout [(chunk: PassageKey, cell: EvidenceCell)]) throws -> Void) throws {
        let range = buckets[bucket]
        var pairs: [(chunk: PassageKey, cell: EvidenceCell)] = []
        var group = QueryGroupKey(rawValue: 0)
        var remaining = 0
        var record = range.lowerBound
        while record < range.upperBound {
            let count = min(Self.piece, range.upperBound - record)
            let bytes = try file.readBytes(offset: record * Self.recordSize, length: count * Self.recordSize)
            try bytes.withUnsafeBytes { all in
                for index in 0..<count {
                    let raw = UnsafeRawBufferPointer(rebasing: all[(index * Self.recordSize)..<((index + 1) * Self.recordSize)])
                    if remaining == 0 {
                        group = QueryGroupKey(rawValue: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
                        remaining = Int(raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                        pairs.removeAll(keepingCapacity: true)
                        continue
                    }
                    var cell = EvidenceCell()
                    cell.firstSignal = raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
                    cell.bestScore = Float(bitPattern: raw.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
                    cell.up = raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
                    cell.down = raw.loadUnaligned(fromByteOffset: 20, as: UInt32.self)
                    cell.surfaced = raw.loadUnaligned(fromByteOffset: 24, as: UInt32.self)
                    cell.bestRank = raw.loadUnaligned(fromByteOffset: 28, as: UInt16.self)
                    withUnsafeMutableBytes(of: &cell.events) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[Self.eventsOffset..<(Self.eventsOffset + $0.count)])) }
                    pairs.append((PassageKey(rawValue: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)), cell))
                    remaining -= 1
                    if remaining == 0 { try body(group, &pairs) }
                }
            }
            record += count
        }
    }
}
