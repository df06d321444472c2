import Foundation

/// The normal forms under which TripletForge compares texts.
///
/// Two queries are one *query group* when their ``queryKey(_:)`` forms are equal, so
/// "What is RAG?" and "what  is rag" train as one query. Two chunks are one chunk when their
/// ``chunkKey(_:)`` forms are equal: the same passage logged with different whitespace, or with
/// compatibility characters (full-width letters, ligatures), is the same passage.
///
/// ```swift
/// TextNormalization.queryKey("What is  RAG?")   // "what is rag"
/// TextNormalization.chunkKey("A\u{00A0}B\n\nC")  // "A B C"
/// ```
public enum TextNormalization {
    /// NFKC, case-folded, whitespace collapsed, trailing punctuation removed.
    public static func queryKey(_ query: String) -> String {
        let compatible = compatibilityNormalized(query)
        let folded = isASCII(compatible)
            ? compatible.lowercased()
            : compatibilityNormalized(compatible.folding(options: [.caseInsensitive], locale: nil))
        var collapsed = collapseWhitespace(folded)
        while let last = collapsed.unicodeScalars.last,
              CharacterSet.punctuationCharacters.contains(last) || CharacterSet.whitespaces.contains(last) {
            collapsed.unicodeScalars.removeLast()
        }
        return collapsed
    }

    /// NFKC with whitespace collapsed; case is kept (it can matter in passages: code, names).
    public static func chunkKey(_ text: String) -> String {
        var text = text
        return text.withUTF8(chunkKey(utf8:))
    }

    /// ``chunkKey(_:)`` straight from valid UTF-8 bytes, in one pass.
    ///
    /// Runs of scalars that NFKC keeps (``NFKCQuickCheck``) are copied as they are; only a run
    /// that may change — with the starter before it, since a combining mark composes backwards —
    /// goes through Foundation's normaliser. Both are cut at starters that never compose, where
    /// NFKC of the parts equals NFKC of the whole.
    static func chunkKey(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        var lastStarter: Int?  // where the last copied starter begins in `out`
        var index = 0
        while index < bytes.count {
            let (value, length) = decodeScalar(bytes, at: index)
            if NFKCQuickCheck.isWhitespace(value) {
                pendingSpace = !out.isEmpty
                lastStarter = nil
                index += length
            } else if NFKCQuickCheck.isStable(value) {
                if pendingSpace { out.append(0x20); pendingSpace = false }
                lastStarter = out.count
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]))
                index += length
            } else {
                var end = index + length
                while end < bytes.count {
                    let (next, nextLength) = decodeScalar(bytes, at: end)
                    if NFKCQuickCheck.isStable(next) || NFKCQuickCheck.isWhitespace(next) { break }
                    end += nextLength
                }
                var segment: [UInt8] = []
                if let start = lastStarter {
                    segment.append(contentsOf: out[start...])
                    out.removeSubrange(start...)
                }
                segment.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                let normalized = String(decoding: segment, as: UTF8.self).precomposedStringWithCompatibilityMapping
                for scalar in normalized.unicodeScalars {
                    if NFKCQuickCheck.isWhitespace(scalar.value) {
                        pendingSpace = !out.isEmpty
                    } else {
                        if pendingSpace { out.append(0x20); pendingSpace = false }
                        out.append(contentsOf: UTF8.encode(scalar)!)
                    }
                }
                lastStarter = nil
                index = end
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The scalar value and byte length of the UTF-8 sequence at `index` (input is valid UTF-8).
    @inline(__always)
    static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        var value = UInt32(lead) & UInt32(0xFF >> (length + 1))
        for offset in 1..<min(length, bytes.count - index) { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return (value, length)
    }

    /// NFKC. Pure ASCII is already in NFKC, which spares Foundation the common case.
    public static func compatibilityNormalized(_ text: String) -> String {
        isASCII(text) ? text : text.precomposedStringWithCompatibilityMapping
    }

    /// Runs of Unicode whitespace become one space; leading and trailing whitespace go.
    public static func collapseWhitespace(_ text: String) -> String {
        if isASCII(text) {
            var out = [UInt8]()
            out.reserveCapacity(text.utf8.count)
            var pendingSpace = false
            for byte in text.utf8 {
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    pendingSpace = !out.isEmpty
                } else {
                    if pendingSpace { out.append(0x20); pendingSpace = false }
                    out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if NFKCQuickCheck.isWhitespace(scalar.value) {
                pendingSpace = !scalars.isEmpty
            } else {
                if pendingSpace { scalars.append(" "); pendingSpace = false }
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Whether `text` holds nothing but whitespace.
    public static func isBlank(_ text: String) -> Bool {
        if isASCII(text) { return text.utf8.allSatisfy { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) } }
        return text.unicodeScalars.allSatisfy { NFKCQuickCheck.isWhitespace($0.value) }
    }

    @inline(__always)
    static func isASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            let count = bytes.count
            // Eight bytes at a time: any high bit means non-ASCII.
            while index + 8 <= count {
                let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { return false }
                index += 8
            }
            while index < count {
                if bytes[index] & 0x80 != 0 { return false }
                index += 1
            }
            return true
        }
    }
}
