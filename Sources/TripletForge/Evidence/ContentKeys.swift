/// Content keys: 64-bit hashes of normalised text that name a query group or a passage.
///
/// Both are bare `UInt64`s underneath, and for a long time they were passed around as such — so
/// nothing stopped a group key from going where a passage key belonged (`PairKey(group:chunk:)`
/// with its arguments swapped compiles and silently mines nonsense). Distinct types make that a
/// compile error. They are zero-cost wrappers: a single stored `UInt64`, no protocols beyond the
/// synthesised ones, so hot loops and hash tables work on the raw bits as before. Code that hashes
/// or encodes a key (content ids, the vote log's records, the content index) reads `.rawValue`
/// explicitly; on-disk formats are unchanged.

/// A content key of one kind: `Kind` (``QueryGroupKind`` or ``PassageKind``) exists only in the
/// type, so a ``QueryGroupKey`` and a ``PassageKey`` are distinct types with one definition.
public struct ContentKey<Kind>: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64

    @inlinable @inline(__always)
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    @inlinable @inline(__always)
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The raw key in decimal, as a bare `UInt64` printed.
    public var description: String { rawValue.description }
}

/// The kind of the key of a query group.
public enum QueryGroupKind {}
/// The kind of the key of a passage.
public enum PassageKind {}

/// The key of a query group: the hash of a query's normalised text (see ``TextNormalization``).
public typealias QueryGroupKey = ContentKey<QueryGroupKind>

/// The key of a passage (chunk): the hash of its normalised text (see ``ChunkInterner``).
public typealias PassageKey = ContentKey<PassageKind>

extension ContentKey: HashedKey {
    @inline(__always) var hashBits: UInt64 { rawValue }
}
