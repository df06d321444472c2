import Foundation

/// Every (query group, passage) pair's summed ``EvidenceCell``, spilled to a scratch file group by
/// group as the votes are summed for the evidence model's fit, and read back a bucket at a time
/// to mine once the model is fitted.
///
/// Mining needs the fitted model, and the fit needs every pair's counts: without this the votes
/// were summed twice, once for the fit and once more to mine — the costliest part of mining
/// (a hash-table probe per vote, and a dictionary of arrays per bucket). A pair is a fraction of
/// a vote's cost to read back: votes merge into about half as many pairs, and reading them is
/// sequential. Memory holds one bucket's cells, as summing already did.
///
/// Records are fixed-size: a group header (its key and how many pairs follow), then its pairs,
/// each a chunk key and the cell's bytes as they are in memory (the file never leaves the process).
final class GroupedCells {
    private let file: ScratchFile
    /// Each bucket's records, in records from the start of the file.
    private var buckets: [Range<Int>] = []
    private static let cellOffset = MemoryLayout<UInt64>.stride
    static let recordSize = (cellOffset + MemoryLayout<EvidenceCell>.size + 7) / 8 * 8

    init(directory: URL) throws {
        precondition(_isPOD(EvidenceCell.self), "cells are spilled as raw bytes")
        file = try ScratchFile(directory: directory, prefix: "grouped-cells", bufferBytes: 1 << 18)
    }

    var bucketCount: Int { buckets.count }

    /// Appends the next bucket: groups in key order, each group's pairs in `order`'s order (the
    /// order of their first votes), as mining reads them.
    func append(order: [PairKey], cells: HashedKeyTable<PairKey, EvidenceCell>) throws {
        let sorted = order.indices.sorted { (order[$0].group, $0) < (order[$1].group, $1) }
        var bytes = [UInt8](repeating: 0, count: Self.recordSize * (sorted.count + Self.groupCount(sorted.lazy.map { order[$0].group })))
        var record = 0
        bytes.withUnsafeMutableBytes { raw in
            var start = 0
            while start < sorted.count {
                let group = order[sorted[start]].group
                var end = start + 1
                while end < sorted.count, order[sorted[end]].group == group { end += 1 }
                raw.storeBytes(of: group.rawValue, toByteOffset: record * Self.recordSize, as: UInt64.self)
                raw.storeBytes(of: UInt64(end - start), toByteOffset: record * Self.recordSize + 8, as: UInt64.self)
                record += 1
                for index in sorted[start..<end] {
                    let key = order[index]
                    var cell = cells[key]!
                    let offset = record * Self.recordSize
                    raw.storeBytes(of: key.chunk.rawValue, toByteOffset: offset, as: UInt64.self)
                    withUnsafeBytes(of: &cell) { UnsafeMutableRawBufferPointer(rebasing: raw[(offset + Self.cellOffset)...]).copyMemory(from: $0) }
                    record += 1
                }
                start = end
            }
        }
        let first = buckets.last?.upperBound ?? 0
        _ = try bytes.withUnsafeBufferPointer { try file.append($0) }
        buckets.append(first..<(first + record))
    }

    private static func groupCount(_ groups: some Sequence<QueryGroupKey>) -> Int {
        var count = 0, previous: QueryGroupKey?
        for group in groups where group != previous {
            count += 1
            previous = group
        }
        return count
    }

    /// Calls `body` with each group of bucket `bucket`, in key order, and its pairs. The array is
    /// reused from group to group: `body` may change it but must not keep it.
    func forEachGroup(inBucket bucket: Int, _ body: (QueryGroupKey, inout [(chunk: PassageKey, cell: EvidenceCell)]) throws -> Void) throws {
        let range = buckets[bucket]
        guard !range.isEmpty else { return }
        let bytes = try file.readBytes(offset: range.lowerBound * Self.recordSize, length: range.count * Self.recordSize)
        var pairs: [(chunk: PassageKey, cell: EvidenceCell)] = []
        var record = 0
        try bytes.withUnsafeBytes { raw in
            while record < range.count {
                let group = QueryGroupKey(rawValue: raw.loadUnaligned(fromByteOffset: record * Self.recordSize, as: UInt64.self))
                let count = Int(raw.loadUnaligned(fromByteOffset: record * Self.recordSize + 8, as: UInt64.self))
                record += 1
                pairs.removeAll(keepingCapacity: true)
                for _ in 0..<count {
                    let offset = record * Self.recordSize
                    var cell = EvidenceCell()
                    withUnsafeMutableBytes(of: &cell) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[(offset + Self.cellOffset)..<(offset + Self.cellOffset + $0.count)])) }
                    pairs.append((PassageKey(rawValue: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)), cell))
                    record += 1
                }
                try body(group, &pairs)
            }
        }
    }
}
