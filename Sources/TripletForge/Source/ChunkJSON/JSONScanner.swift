/// A strict, allocation-free cursor over UTF-8 JSON bytes (RFC 8259).
///
/// Strings come back as byte views: a slice of the input when the string has no escapes (the
/// common case), else the decoded bytes in a scratch buffer owned by the caller. Nothing here
/// validates UTF-8 — callers validate the strings they keep (``ChunkScanner`` does it once per
/// distinct text), and skipped strings are never looked at.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var offset = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { offset >= bytes.count }

    @inline(__always) func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }
    @inline(__always) mutating func advance() { offset += 1 }

    func error(_ reason: String, kind: ChunkJSONError.Kind = .malformed) -> ChunkJSONError {
        ChunkJSONError(offset: offset, reason: reason, kind: kind)
    }

    @inline(__always) mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8, _ reason: @autoclosure () -> String) throws(ChunkJSONError) {
        guard peek() == byte else { throw error(reason()) }
        offset += 1
    }

    @inline(__always) mutating func isNull() throws(ChunkJSONError) -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        try expectLiteral("null")
        return true
    }

    mutating func parseOptionalNumber() throws(ChunkJSONError) -> Double? {
        if try isNull() { return nil }
        let start = offset
        try skipNumber()
        let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let value = Double(literal), value.isFinite else { throw error("number out of range") }
        return value
    }

    /// Reads a JSON string literal, checking it is well-formed, and returns its raw inside
    /// (escapes undecoded): decoding waits until someone needs the text.
    mutating func parseString() throws(ChunkJSONError) -> TextSpan {
        try expect(UInt8(ascii: "\""), "expected a string")
        let start = offset
        var escaped = false
        while true {
            offset = Self.endOfPlainRun(bytes, from: offset)
            guard offset < bytes.count else { throw error("unterminated string") }
            switch bytes[offset] {
            case UInt8(ascii: "\""):
                offset += 1
                return TextSpan(raw: UnsafeBufferPointer(rebasing: bytes[start..<(offset - 1)]), isJSONEscaped: escaped)
            case UInt8(ascii: "\\"):
                escaped = true
                try skipEscape()
            default:
                throw error("raw control character in a string")
            }
        }
    }

    /// Skips a string, still checking it is well-formed.
    mutating func skipString() throws(ChunkJSONError) { _ = try parseString() }

    /// The index of the first `"`, `\` or control byte at or after `start` (or the end), eight
    /// bytes at a time: strings are long and this loop is most of a build's parsing time.
    @inline(__always)
    static func endOfPlainRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        let count = bytes.count
        let base = UnsafeRawPointer(bytes.baseAddress!)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= count {
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
            // A zero byte in `quote`/`backslash` marks a match; `word - 0x20…` borrows below 0x20.
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
            if special & highs != 0 { break }
            index += 8
        }
        while index < count {
            let byte = bytes[index]
            if byte == 0x22 || byte == 0x5C || byte < 0x20 { return index }
            index += 1
        }
        return index
    }

    /// Decodes from the cursor into `scratch`: up to the closing quote, or to the end of the
    /// bytes when they are the inside of a literal (`untilQuote: false`).
    mutating func decodeEscapedRest(into scratch: inout ScratchBuffer, untilQuote: Bool) throws(ChunkJSONError) {
        while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                guard untilQuote else { throw error("unescaped quote inside a string") }
                offset += 1
                return
            case UInt8(ascii: "\\"):
                offset += 1
                guard let escape = peek() else { throw error("unterminated escape") }
                offset += 1
                switch escape {
                case UInt8(ascii: "\""): scratch.append(0x22)
                case UInt8(ascii: "\\"): scratch.append(0x5C)
                case UInt8(ascii: "/"): scratch.append(0x2F)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    for unit in UTF8.encode(try unicodeEscape())! { scratch.append(unit) }
                default: throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
                }
            default:
                let end = Self.endOfPlainRun(bytes, from: offset)
                if end == offset { throw error("raw control character in a string") }
                scratch.append(UnsafeBufferPointer(rebasing: bytes[offset..<end]))
                offset = end
            }
        }
        if untilQuote { throw error("unterminated string") }
    }

    private mutating func skipEscape() throws(ChunkJSONError) {
        offset += 1
        guard let escape = peek() else { throw error("unterminated escape") }
        offset += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"): return
        case UInt8(ascii: "u"): _ = try unicodeEscape()
        default: throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
        }
    }

    /// The scalar of a `\uXXXX` escape (after the `u`), joining surrogate pairs.
    private mutating func unicodeEscape() throws(ChunkJSONError) -> Unicode.Scalar {
        var value = try hex4()
        if (0xD800...0xDBFF).contains(value) {
            guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                throw error("lone high surrogate escape")
            }
            offset += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("high surrogate not followed by a low surrogate") }
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(value) {
            throw error("lone low surrogate escape")
        }
        guard let scalar = Unicode.Scalar(value) else { throw error("invalid unicode escape") }
        return scalar
    }

    private mutating func hex4() throws(ChunkJSONError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    mutating func expectLiteral(_ literal: StaticString) throws(ChunkJSONError) {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count else { throw error("truncated literal") }
        for index in 0..<count where bytes[offset + index] != literal.utf8Start[index] {
            throw error("invalid literal")
        }
        offset += count
    }

    mutating func skipNumber() throws(ChunkJSONError) {
        if peek() == UInt8(ascii: "-") { offset += 1 }
        guard let first = peek(), first >= 0x30 && first <= 0x39 else { throw error("invalid number") }
        offset += 1
        if first != 0x30 { skipDigits() }
        if peek() == UInt8(ascii: ".") {
            offset += 1
            guard skipDigits() > 0 else { throw error("invalid number: no digits after '.'") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            offset += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { offset += 1 }
            guard skipDigits() > 0 else { throw error("invalid number: no exponent digits") }
        }
    }

    @discardableResult
    private mutating func skipDigits() -> Int {
        let start = offset
        while let byte = peek(), byte >= 0x30 && byte <= 0x39 { offset += 1 }
        return offset - start
    }

    /// Skips any JSON value, validating its structure, without building it.
    mutating func skipValue(depth: Int) throws(ChunkJSONError) {
        guard depth <= ChunkScanner.maxDepth else { throw error("nested deeper than \(ChunkScanner.maxDepth) levels", kind: .tooDeep) }
        guard let byte = peek() else { throw error("expected a value") }
        switch byte {
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "["):
            offset += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "]") { offset += 1; return }
            while true {
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if peek() == UInt8(ascii: ",") { offset += 1; continue }
                try expect(UInt8(ascii: "]"), "expected ',' or ']'")
                return
            }
        case UInt8(ascii: "{"):
            offset += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "}") { offset += 1; return }
            while true {
                skipWhitespace()
                try skipString()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "expected ':' after a key")
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if peek() == UInt8(ascii: ",") { offset += 1; continue }
                try expect(UInt8(ascii: "}"), "expected ',' or '}'")
                return
            }
        default:
            try skipNumber()
        }
    }
}

/// A growable byte buffer with a stable address between appends, for decoded strings.
struct ScratchBuffer: ~Copyable {
    private var storage: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    init(capacity: Int = 4096) { storage = .allocate(capacity: capacity) }

    deinit { storage.deallocate() }

    var view: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: storage[0..<count]) }

    mutating func removeAll() { count = 0 }

    @inline(__always) mutating func append(_ byte: UInt8) {
        if count == storage.count { grow(to: count + 1) }
        storage[count] = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty else { return }
        if count + bytes.count > storage.count { grow(to: count + bytes.count) }
        UnsafeMutableRawPointer(storage.baseAddress! + count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        count += bytes.count
    }

    private mutating func grow(to minimum: Int) {
        let bigger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(minimum, storage.count * 2))
        if count > 0 { UnsafeMutableRawPointer(bigger.baseAddress!).copyMemory(from: storage.baseAddress!, byteCount: count) }
        storage.deallocate()
        storage = bigger
    }
}
