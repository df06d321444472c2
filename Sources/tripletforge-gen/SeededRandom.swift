/// The generator's only source of randomness: seeded, fast, and the same on every platform.
///
/// `SystemRandomNumberGenerator` is never used (a benchmark DB must be reproducible from its seed),
/// and neither is `Int.random(in:using:)`: the standard library may change how it maps random bits
/// to a range, which would silently change every generated database. The mapping here is ours.
///
/// SplitMix64 expands a seed into state; xoshiro256** is the stream (Blackman & Vigna).
///
/// ```swift
/// var rng = SeededRandom(seed: 42, stream: 7)
/// rng.int(below: 10)   // the same number on every machine
/// ```
struct SeededRandom {
    private var s0, s1, s2, s3: UInt64

    /// A stream derived from `seed` and a `stream` label, so that independent parts (a chunk's
    /// text, a topic's phrasing) do not depend on the order in which they are generated.
    init(seed: UInt64, stream: UInt64 = 0) {
        var mixer = SplitMix64(state: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        s0 = mixer.next(); s1 = mixer.next(); s2 = mixer.next(); s3 = mixer.next()
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// Uniform in `0..<bound` (Lemire's multiply-high; the tiny bias is irrelevant here).
    @inline(__always)
    mutating func int(below bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Uniform in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(below: range.upperBound - range.lowerBound + 1)
    }

    /// Uniform in [0, 1).
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    mutating func pick<T>(_ items: [T]) -> T { items[int(below: items.count)] }

    /// Fisher–Yates, with our own index mapping.
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, int(below: i + 1))
        }
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// Seed expansion (Steele, Lea & Flood); also a good 64-bit mixer for deriving sub-seeds.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
