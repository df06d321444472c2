/// An ``EventCounts`` as a ``HashedKeyTable`` key. Mining counts every pair's vector for the fit
/// and looks every pair's relevance up by it — millions of times on a large input — and
/// `Dictionary` hashed each with SipHash; a multiply-and-shift mix of its words is enough here.
/// It hashes the vector's bytes, so ``EventCounts`` must stay a plain value (no references):
/// the initialiser checks it, as ``GroupedCells`` does, so a change there fails every build at once.
struct CountsKey: HashedKey {
    let counts: EventCounts

    init(_ counts: EventCounts) {
        assert(_isPOD(EventCounts.self), "CountsKey hashes the bytes of EventCounts")
        self.counts = counts
    }

    var hashBits: UInt64 {
        withUnsafeBytes(of: counts) { raw in
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
            var offset = 0
            while offset < raw.count {
                var word: UInt64 = 0
                withUnsafeMutableBytes(of: &word) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<min(raw.count, offset + 8)])) }
                hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
                hash ^= hash >> 29
                offset += 8
            }
            return hash
        }
    }

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.counts == rhs.counts }
}

/// `items` sorted by `key` under `less`, which must be a strict total order (ties broken by the
/// chunk key): the same order as sorting the items themselves, but the sort moves small keys
/// rather than 64-byte (chunk, cell) pairs — a group can hold thousands of negatives.
func sortedByKey<Key>(_ items: [(PassageKey, EvidenceCell)], key: (PassageKey, EvidenceCell) -> Key,
                      by less: (Key, Key) -> Bool) -> [(PassageKey, EvidenceCell)] {
    guard items.count > 1 else { return items }
    var keyed = items.indices.map { (key: key(items[$0].0, items[$0].1), index: $0) }
    keyed.sort { less($0.key, $1.key) }
    return keyed.map { items[$0.index] }
}
