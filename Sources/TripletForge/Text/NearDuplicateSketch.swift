/// A 128-byte MinHash sketch of a passage's word trigrams, for finding near-duplicate passages.
///
/// The same passage is often logged in versions that differ by a little boilerplate — a changed
/// footer, a breadcrumb header, a re-dated "last reviewed" line — and votes on those versions are
/// votes on one passage. Comparing every pair of texts is quadratic; comparing sketches is not:
/// the share of equal slots in two sketches estimates the Jaccard similarity of the two texts'
/// sets of word trigrams (standard error ≈ 0.05 at 0.8).
///
/// One hash per trigram (one-permutation hashing): each trigram falls in one of ``slots`` slots by
/// its hash and each slot keeps its smallest hash; slots no trigram reached copy a filled one
/// chosen by a fixed probe sequence (optimal densification, Shrivastava 2017), so short passages
/// still compare fairly. Each slot stores 16 bits of its minimum: two different minima agree by
/// chance once in 65 536.
///
/// Words are runs of letters, marks and digits (ASCII letters are case-folded; other scripts are kept as
/// they are), read from the passage's normalised chunk key, so whitespace and punctuation changes alone never
/// move the sketch.
///
/// ```swift
/// let a = NearDuplicateSketch(normalized: "Refunds take 5 days. Last reviewed 2024.")
/// let b = NearDuplicateSketch(normalized: "Refunds take 5 days. Last reviewed 2025.")
/// a!.similarity(to: b!)  // about 0.67: the texts share 4 of their 6 distinct trigrams
/// ```
public struct NearDuplicateSketch: Sendable, Equatable {
    public static let slots = 64
    /// Slot minima (16 bits each), slot by slot.
    public private(set) var values: [UInt16]

    /// The sketch of a normalised passage; nil when it holds no word at all.
    public init?(normalized text: String) {
        var text = text
        guard let values = text.withUTF8(Self.sketch(utf8:)) else { return nil }
        self.values = values
    }

    public init(values: [UInt16]) {
        precondition(values.count == Self.slots, "a sketch has \(Self.slots) slots")
        self.values = values
    }

    /// The estimated Jaccard similarity of the two passages' word trigrams, in [0, 1].
    public func similarity(to other: NearDuplicateSketch) -> Double {
        Double(Self.equalSlots(values, other.values)) / Double(Self.slots)
    }

    static func equalSlots(_ a: some Collection<UInt16>, _ b: some Collection<UInt16>) -> Int {
        zip(a, b).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
    }

    private static func sketch(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [UInt16]? {
        var minima = [UInt64](repeating: .max, count: slots)
        var window: (UInt64, UInt64) = (0, 0)  // the two words before the current one
        var words = 0
        var wordHash: UInt64 = 0xCBF2_9CE4_8422_2325
        var inWord = false

        func add(shingle: UInt64) {
            let hash = ContentHasher.mix(shingle)
            let slot = Int(hash >> 58)
            if hash < minima[slot] { minima[slot] = hash }
        }
        func endWord() {
            words += 1
            if words >= 3 { add(shingle: window.0 &* 0x9E37_79B9_7F4A_7C15 ^ window.1 &* 0xC2B2_AE3D_27D4_EB4F ^ wordHash) }
            window = (window.1, wordHash)
            wordHash = 0xCBF2_9CE4_8422_2325
            inWord = false
        }
        var index = 0
        while index < bytes.count {
            var byte = bytes[index]
            if byte >= 0x80 {
                // Other scripts: a scalar is part of a word when it is a letter, mark or digit.
                let (value, length) = TextNormalization.decodeScalar(bytes, at: index)
                let end = min(index + length, bytes.count)
                if let scalar = Unicode.Scalar(value), Self.isWordScalar(scalar) {
                    for offset in index..<end { wordHash = (wordHash ^ UInt64(bytes[offset])) &* 0x100_0000_01B3 }
                    inWord = true
                } else if inWord {
                    endWord()
                }
                index = end
                continue
            }
            index += 1
            let isWordByte = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            guard isWordByte else {
                if inWord { endWord() }
                continue
            }
            if byte <= 0x5A && byte >= 0x41 { byte |= 0x20 }
            wordHash = (wordHash ^ UInt64(byte)) &* 0x100_0000_01B3
            inWord = true
        }
        if inWord { endWord() }
        switch words {
        case 0: return nil
        case 1: add(shingle: window.1)
        case 2: add(shingle: window.0 &* 0x9E37_79B9_7F4A_7C15 ^ window.1)
        default: break
        }
        return densified(minima).map { UInt16(truncatingIfNeeded: $0) }
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Empty slots take the minimum of the first filled slot on their own fixed probe sequence.
    private static func densified(_ minima: [UInt64]) -> [UInt64] {
        var filled = minima
        for slot in 0..<slots where minima[slot] == .max {
            var attempt: UInt64 = 1
            while true {
                let probe = Int(ContentHasher.mix(UInt64(slot) << 32 | attempt) >> 58)
                if minima[probe] != .max {
                    filled[slot] = minima[probe]
                    break
                }
                attempt += 1
            }
        }
        return filled
    }
}
