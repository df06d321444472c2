/// An open-addressing hash table for keys that are already hashes (content keys).
///
/// `Dictionary` re-hashes every `UInt64` key with SipHash; the keys here are uniformly distributed
/// 64-bit hashes already, so their own bits index the table. Linear probing over one contiguous
/// array keeps lookups to a cache line or two. Only what the hot path needs: lookup, upsert, and
/// iteration. Not thread-safe.
///
/// ```swift
/// var votes = HashedKeyTable<UInt64, Int>()
/// votes[key, default: 0] += 1
/// ```
struct HashedKeyTable<Key: HashedKey, Value> {
    private var keys: [Key?]
    private var values: [Value?]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: nil, count: size)
        values = Array(repeating: nil, count: size)
        mask = size - 1
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    private func slot(of key: Key) -> Int {
        var index = Int(truncatingIfNeeded: key.hashBits) & mask
        while let existing = keys[index], existing != key { index = (index + 1) & mask }
        return index
    }

    subscript(key: Key) -> Value? {
        values[slot(of: key)]
    }

    subscript(key: Key, default defaultValue: @autoclosure () -> Value) -> Value {
        get { self[key] ?? defaultValue() }
        set { values[claimSlot(of: key).index] = newValue }
    }

    /// The slot of `key`, claimed for it (growing the table first when it is full) if it had none.
    @inline(__always)
    private mutating func claimSlot(of key: Key) -> (index: Int, isNew: Bool) {
        var index = slot(of: key)
        guard keys[index] == nil else { return (index, false) }
        if (count + 1) * 10 > keys.count * 7 {
            grow()
            index = slot(of: key)
        }
        keys[index] = key
        count += 1
        return (index, true)
    }

    /// Changes the value of `key` in place, inserting `make()` first when it is absent: one probe
    /// where a lookup and a store take two (summing votes does this once per vote).
    @inline(__always)
    mutating func update(_ key: Key, inserting make: () -> Value, _ change: (inout Value) -> Void) {
        let (index, isNew) = claimSlot(of: key)
        if isNew { values[index] = make() }
        change(&values[index]!)
    }

    /// Sets the value of `key` (inserting it when absent).
    mutating func set(_ key: Key, _ value: Value) { self[key, default: value] = value }

    /// Every entry, in slot order (not sorted: sort where order matters).
    func forEach(_ body: (Key, Value) throws -> Void) rethrows {
        for index in keys.indices { if let key = keys[index] { try body(key, values[index]!) } }
    }

    private mutating func grow() {
        let old = (keys, values)
        var bigger = HashedKeyTable(capacity: keys.count)
        for index in old.0.indices { if let key = old.0[index] { bigger.set(key, old.1[index]!) } }
        self = bigger
    }
}

/// A key whose bits are already a good hash.
protocol HashedKey: Equatable {
    var hashBits: UInt64 { get }
}

extension UInt64: HashedKey {
    @inline(__always) var hashBits: UInt64 { self }
}

extension PairKey: HashedKey {
    /// Group and chunk keys are independent hashes: a rotation and xor keeps them so.
    @inline(__always) var hashBits: UInt64 { group.rawValue ^ (chunk.rawValue &<< 31 | chunk.rawValue &>> 33) }
}
