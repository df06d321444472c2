/// Finds passages that are the same passage in another version, and names one key for each.
///
/// Chunk identity starts as the hash of the normalised text, which already joins copies that
/// differ in whitespace or compatibility characters. A passage re-indexed with a changed footer, a
/// breadcrumb header or a re-dated line hashes differently, though, and its votes would split
/// between the versions — or, worse, one version would become the positive and the other the hard
/// negative of the same query. This joins texts whose word-trigram similarity, estimated from
/// their ``NearDuplicateSketch``es, is at least ``threshold``.
///
/// Every distinct leaf passage is recorded as it is first seen (128 bytes each, so memory grows
/// with the corpus, not with the number of ratings). After reading, `aliases()` groups them with
/// locality-sensitive hashing: 16 bands of 4 slots, where two sketches that agree on a whole band
/// are compared in full. A passage similar enough to one in a cluster joins it, so clusters are
/// transitive. Each cluster is known by its earliest-seen member, which keeps keys stable while a
/// log grows.
///
/// ```swift
/// let finder = NearDuplicates(threshold: 0.8)
/// finder.record(keyA, normalized: "How to reset a password … Last reviewed March 2024.")
/// finder.record(keyB, normalized: "How to reset a password … Last reviewed May 2025.")
/// finder.aliases().table[keyB]  // keyA
/// ```
public final class NearDuplicates {
    /// Estimated Jaccard similarity of word trigrams at or above which two passages are one.
    public let threshold: Double
    private var keys: [PassageKey] = []
    /// Every sketch's slots, back to back, in the order the keys were recorded.
    private var slots: [UInt16] = []

    static let bands = 16
    static let slotsPerBand = NearDuplicateSketch.slots / bands
    /// Most candidates compared per band hit: bounds the work when thousands of texts share a band.
    static let comparisonsPerBandHit = 16

    public init(threshold: Double) {
        self.threshold = threshold
    }

    public var count: Int { keys.count }

    /// Records a distinct passage by its key and normalised text (see ``TextNormalization/chunkKey(_:)``).
    /// Passages with no word are left out: they have nothing to compare.
    public func record(_ key: PassageKey, normalized text: String) {
        guard let sketch = NearDuplicateSketch(normalized: text) else { return }
        keys.append(key)
        slots.append(contentsOf: sketch.values)
    }

    /// Each passage that belongs to a cluster of two or more, mapped to the cluster's key (its
    /// earliest-seen member); `merged` is how many passages were mapped.
    func aliases() -> (table: HashedKeyTable<PassageKey, PassageKey>, merged: Int) {
        var clusters = Clusters(count: keys.count)
        let needed = Int((threshold * Double(NearDuplicateSketch.slots)).rounded(.up))
        for band in 0..<Self.bands {
            var firstWithValue = HashedKeyTable<UInt64, Int32>(capacity: keys.count)
            var nextWithValue = [Int32](repeating: -1, count: keys.count)
            for index in keys.indices {
                let value = bandValue(of: index, band: band)
                var candidate = firstWithValue[value] ?? -1
                var compared = 0
                while candidate >= 0, compared < Self.comparisonsPerBandHit {
                    let other = Int(candidate)
                    if clusters.root(of: index) != clusters.root(of: other), equalSlots(index, other) >= needed {
                        clusters.join(index, other)
                    }
                    compared += 1
                    candidate = nextWithValue[other]
                }
                nextWithValue[index] = firstWithValue[value] ?? -1
                firstWithValue.set(value, Int32(index))
            }
        }
        var table = HashedKeyTable<PassageKey, PassageKey>(capacity: 16)
        var merged = 0
        for index in keys.indices {
            let root = clusters.root(of: index)
            if root != index {
                table.set(keys[index], keys[root])
                merged += 1
            }
        }
        return (table, merged)
    }

    private func bandValue(of index: Int, band: Int) -> UInt64 {
        let start = index * NearDuplicateSketch.slots + band * Self.slotsPerBand
        var value: UInt64 = 0
        for slot in start..<(start + Self.slotsPerBand) { value = value << 16 | UInt64(slots[slot]) }
        return value
    }

    private func equalSlots(_ a: Int, _ b: Int) -> Int {
        let width = NearDuplicateSketch.slots
        return NearDuplicateSketch.equalSlots(slots[(a * width)..<((a + 1) * width)], slots[(b * width)..<((b + 1) * width)])
    }
}

/// Disjoint sets over record indexes whose root is always the smallest index: the earliest seen.
private struct Clusters {
    private var parent: [Int32]

    init(count: Int) { parent = (0..<count).map { Int32($0) } }

    mutating func root(of index: Int) -> Int {
        var index = index
        while Int(parent[index]) != index {
            parent[index] = parent[Int(parent[index])]  // path halving
            index = Int(parent[index])
        }
        return index
    }

    mutating func join(_ a: Int, _ b: Int) {
        let (ra, rb) = (root(of: a), root(of: b))
        if ra < rb { parent[rb] = Int32(ra) } else if rb < ra { parent[ra] = Int32(rb) }
    }
}
