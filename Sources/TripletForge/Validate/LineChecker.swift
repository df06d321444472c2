/// Holds one shard line to its format: a JSON object with exactly the format's keys, in order,
/// each value of its kind; strings must be valid UTF-8 and not empty.
///
/// Uses the strict scanner of the chunk parser, not Foundation: Foundation on Linux drops U+FEFF
/// and accepts things RFC 8259 does not, and would hide key order.
struct LineChecker {
    let columns: [ShardColumns.Column]
    let queryColumn: Int?

    init(columns: [ShardColumns.Column]) {
        self.columns = columns
        queryColumn = columns.firstIndex { $0.name == "query" && $0.kind == .string }
    }

    /// The hash of the line's normalised query (when the format has one), or what is wrong.
    func check(_ line: UnsafeBufferPointer<UInt8>) -> Result<QueryGroupKey?, LineProblem> {
        guard line.baseAddress != nil, !line.isEmpty else { return .failure("empty line") }
        var scanner = JSONScanner(bytes: line)
        var queryKey: QueryGroupKey?
        let names = columns.map(\.name).joined(separator: ", ")
        do {
            try scanner.expect(UInt8(ascii: "{"), "not a JSON object")
            for (index, column) in columns.enumerated() {
                if index > 0 {
                    guard scanner.peek() == UInt8(ascii: ",") else {
                        return .failure("has \(index) key(s), expected \(columns.count): \(names)")
                    }
                    scanner.advance()
                }
                guard scanner.peek() == UInt8(ascii: "\"") else {
                    return .failure(index == 0 ? "expected key \"\(column.name)\" first" : "not a JSON object of \(names)")
                }
                let key = try scanner.parseString().decodedString() ?? "\u{FFFD}"
                guard key == column.name else {
                    return .failure("key \(index + 1) is \"\(key)\", expected \"\(column.name)\" (keys must be exactly \(names), in that order)")
                }
                try scanner.expect(UInt8(ascii: ":"), "expected ':' after \"\(column.name)\"")
                switch column.kind {
                case .string:
                    guard scanner.peek() == UInt8(ascii: "\"") else { return .failure("\"\(column.name)\" is not a string") }
                    guard let text = try scanner.parseString().decodedString() else {
                        return .failure("\"\(column.name)\" is not valid UTF-8")
                    }
                    if text.isEmpty { return .failure("\"\(column.name)\" is empty") }
                    if index == queryColumn { queryKey = QueryGroupKey(rawValue: ContentHasher.hash(TextNormalization.queryKey(text).utf8)) }
                case .integer:
                    guard let first = scanner.peek(), first == UInt8(ascii: "-") || (0x30...0x39).contains(first) else {
                        return .failure("\"\(column.name)\" is not a number")
                    }
                    try scanner.skipNumber()
                case .stringArray, .integerArray:
                    guard scanner.peek() == UInt8(ascii: "[") else { return .failure("\"\(column.name)\" is not an array") }
                    try scanner.skipValue(depth: 2)
                case .probability:
                    guard Self.isProbability(try scanner.parseOptionalNumber()) else {
                        return .failure("\"\(column.name)\" is not a number from 0 to 1")
                    }
                case .probabilityArray:
                    try scanner.expect(UInt8(ascii: "["), "\"\(column.name)\" is not an array")
                    scanner.skipWhitespace()
                    if scanner.peek() == UInt8(ascii: "]") { scanner.advance() } else {
                        while true {
                            scanner.skipWhitespace()
                            guard Self.isProbability(try scanner.parseOptionalNumber()) else {
                                return .failure("\"\(column.name)\" holds something other than numbers from 0 to 1")
                            }
                            scanner.skipWhitespace()
                            if scanner.peek() == UInt8(ascii: ",") { scanner.advance(); continue }
                            try scanner.expect(UInt8(ascii: "]"), "expected ',' or ']' in \"\(column.name)\"")
                            break
                        }
                    }
                }
            }
            if scanner.peek() == UInt8(ascii: ",") {
                return .failure("has more keys than \(names)")
            }
            try scanner.expect(UInt8(ascii: "}"), "expected '}' after the last key")
            guard scanner.atEnd else { return .failure("unexpected bytes after the JSON object") }
        } catch {
            return .failure("not valid JSON: \(error)")
        }
        return .success(queryKey)
    }
}

extension LineChecker {
    /// A soft label: a number (not null) from 0 to 1.
    static func isProbability(_ value: Double?) -> Bool { value.map { $0 >= 0 && $0 <= 1 } ?? false }
}

/// Why a line does not fit its format.
struct LineProblem: Error, ExpressibleByStringLiteral, ExpressibleByStringInterpolation, CustomStringConvertible {
    let description: String
    init(stringLiteral value: String) { description = value }
    init(stringInterpolation: DefaultStringInterpolation) { description = String(stringInterpolation: stringInterpolation) }
}
