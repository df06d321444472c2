/// Appends JSON string literals to a byte buffer, in the two styles real applications log.
///
/// `.utf8` is what most JSON writers emit (only `"`, `\` and control characters escaped).
/// `.asciiEscaped` is Python's `json.dumps` default (`ensure_ascii=True`): every non-ASCII
/// character becomes `\uXXXX`, astral ones (emoji) as a surrogate pair. Logs written by an older
/// app version often look like that, and it exercises a different path of any JSON reader.
enum JSONText {
    enum Style { case utf8, asciiEscaped }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    static func appendString(_ text: String, style: Style, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        switch style {
        case .utf8:
            for byte in text.utf8 { appendEscaped(byte, to: &out) }
        case .asciiEscaped:
            for scalar in text.unicodeScalars {
                if scalar.value < 0x80 {
                    appendEscaped(UInt8(scalar.value), to: &out)
                } else if scalar.value < 0x1_0000 {
                    appendUnicodeEscape(UInt16(scalar.value), to: &out)
                } else {
                    let v = scalar.value - 0x1_0000
                    appendUnicodeEscape(UInt16(0xD800 + (v >> 10)), to: &out)
                    appendUnicodeEscape(UInt16(0xDC00 + (v & 0x3FF)), to: &out)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `"key":` — keys are ASCII and never need escaping.
    static func appendKey(_ key: StaticString, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    @inline(__always)
    private static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case 0x22: out.append(contentsOf: [0x5C, 0x22])
        case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0x00..<0x20: appendUnicodeEscape(UInt16(byte), to: &out)
        default: out.append(byte)
        }
    }

    private static func appendUnicodeEscape(_ unit: UInt16, to out: inout [UInt8]) {
        out.append(contentsOf: [0x5C, UInt8(ascii: "u"),
                                hex[Int(unit >> 12)], hex[Int((unit >> 8) & 0xF)],
                                hex[Int((unit >> 4) & 0xF)], hex[Int(unit & 0xF)]])
    }
}

extension Array where Element == UInt8 {
    mutating func append(ascii text: String) { append(contentsOf: text.utf8) }
}
