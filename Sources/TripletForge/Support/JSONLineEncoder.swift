/// Writes JSON objects of string fields as bytes, with a fixed key order.
///
/// Shards are JSON Lines whose columns are read by position by sentence-transformers, so the key
/// order must be exactly the format's; `JSONEncoder` neither keeps it on Linux nor runs fast
/// enough. Escaping follows RFC 8259: `"` `\` and control characters are escaped, everything else
/// (all of Unicode, including U+2028) is written as UTF-8. A property test round-trips it through
/// Foundation's parser.
///
/// ```swift
/// var line = JSONLineEncoder()
/// line.object([("query", "what is rag"), ("positive", "RAG is…"), ("negative", "…")])
/// // {"query":"what is rag","positive":"RAG is…","negative":"…"}\n
/// ```
public struct JSONLineEncoder {
    public private(set) var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// Appends one object and a newline.
    public mutating func object(_ fields: [(key: String, value: JSONLineValue)]) {
        bytes.append(UInt8(ascii: "{"))
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(field.key)
            bytes.append(UInt8(ascii: ":"))
            value(field.value)
        }
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func value(_ value: JSONLineValue) {
        switch value {
        case let .string(text): string(text)
        case let .int(number): appendInteger(number)
        case let .raw(json): bytes.append(contentsOf: json.utf8)
        case let .rawBytes(json): bytes.append(contentsOf: json)
        case let .strings(texts):
            bytes.append(UInt8(ascii: "["))
            for (index, text) in texts.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                string(text)
            }
            bytes.append(UInt8(ascii: "]"))
        case let .ints(numbers):
            bytes.append(UInt8(ascii: "["))
            for (index, number) in numbers.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                appendInteger(number)
            }
            bytes.append(UInt8(ascii: "]"))
        }
    }

    private mutating func appendEscape(_ byte: UInt8) {
        switch byte {
        case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
        case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
        case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }

    /// Appends bytes that are already JSON (side files only).
    mutating func appendRaw(_ json: some Sequence<UInt8>) { bytes.append(contentsOf: json) }

    /// Appends a whole number in decimal, without making a `String`.
    mutating func appendInteger(_ number: Int) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// Appends `text` as a JSON string literal.
    public mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { string(utf8: $0) }
    }

    /// Appends valid UTF-8 as a JSON string literal.
    mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var index = 0
        while index < utf8.count {
            // Plain runs are found eight bytes at a time, as the scanner finds them.
            let end = JSONScanner.endOfPlainRun(utf8, from: index)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[index..<end]))
            guard end < utf8.count else { break }
            appendEscape(utf8[end])
            index = end + 1
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// The values a shard column can hold.
public enum JSONLineValue: Sendable, Equatable {
    case string(String), int(Int), strings([String]), ints([Int])
    /// Already-encoded JSON written verbatim (numbers, `null`, arrays of them): side files only.
    case raw(String)
    /// ``raw(_:)`` as bytes.
    case rawBytes([UInt8])
}
