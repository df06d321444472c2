/// A strict, allocation-light cursor over UTF-8 JSON bytes (RFC 8259).
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var offset = 0
    private var scratch: [UInt8] = []

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

    mutating func parseOptionalString() throws(ChunkJSONError) -> String? {
        if peek() == UInt8(ascii: "n") { try expectLiteral("null"); return nil }
        return try parseString()
    }

    mutating func parseOptionalNumber() throws(ChunkJSONError) -> Double? {
        if peek() == UInt8(ascii: "n") { try expectLiteral("null"); return nil }
        let start = offset
        try skipNumber()
        let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let value = Double(literal), value.isFinite else { throw error("number out of range") }
        return value
    }

    /// Reads a JSON string. Escape-free strings (the common case) are validated and copied once.
    mutating func parseString() throws(ChunkJSONError) -> String {
        try expect(UInt8(ascii: "\""), "expected a string")
        let start = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<offset])
                offset += 1
                guard let text = String(validating: raw, as: UTF8.self) else {
                    throw ChunkJSONError(offset: start, reason: "string is not valid UTF-8", kind: .malformed)
                }
                return text
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
            if byte < 0x20 { throw error("raw control character in a string") }
            offset += 1
        }
        throw error("unterminated string")
    }

    private mutating func parseEscapedString(from start: Int) throws(ChunkJSONError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<offset]))
        while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                guard let text = String(validating: scratch, as: UTF8.self) else {
                    throw ChunkJSONError(offset: start, reason: "string is not valid UTF-8", kind: .malformed)
                }
                return text
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
                case UInt8(ascii: "u"): try appendUnicodeEscape()
                default: throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
                }
            default:
                if byte < 0x20 { throw error("raw control character in a string") }
                scratch.append(byte)
                offset += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func appendUnicodeEscape() throws(ChunkJSONError) {
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
        scratch.append(contentsOf: UTF8.encode(scalar)!)
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

    /// Skips any JSON value, validating it, without building it.
    mutating func skipValue(depth: Int) throws(ChunkJSONError) {
        guard depth <= ChunkJSONParser.maxDepth else { throw error("nested deeper than \(ChunkJSONParser.maxDepth) levels", kind: .tooDeep) }
        guard let byte = peek() else { throw error("expected a value") }
        switch byte {
        case UInt8(ascii: "\""): _ = try parseString()
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
                _ = try parseString()
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
