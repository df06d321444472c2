/// Refuses TOML that the bundled parser (toml++ 3, inside TOMLKit) must never see.
///
/// toml++ asserts that a table header's key starts with a bare-key character or a quote, and
/// does not check it first: `[é]`, `[\u{0B}x]` or `[= 1` break the assertion. A debug build then
/// aborts the whole process; in a release build the assertion is an optimiser assumption, so the
/// behaviour is undefined. The config fuzz target found all three (see docs/guarantees.md).
///
/// TOML 1.0 allows non-ASCII and control characters (other than tab) only inside strings, and
/// non-ASCII also in comments, so text with one anywhere else is refused here, as is a header
/// whose key starts with anything else, with its line, before the parser runs. Valid TOML is never
/// refused, except a nested array whose line starts with `[` followed by a character a key cannot
/// start with (`[{`), which no TripletForge setting has.
enum TOMLPrecheck {
    /// The first line the parser must not see, and why; nil when the text is safe to parse.
    static func problem(in text: String) -> (line: Int, reason: String)? {
        let bytes = Array(text.utf8)
        var line = 1
        var index = 0
        var lineStart = true  // only whitespace so far on this line
        var arrayDepth = 0  // open `[` of array values (not of table headers)
        func at(_ position: Int) -> UInt8? { position < bytes.count ? bytes[position] : nil }
        func tripled(_ quote: UInt8) -> Bool { at(index) == quote && at(index + 1) == quote && at(index + 2) == quote }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x0A:
                line += 1
                lineStart = true
                index += 1
            case 0x20, 0x09, 0x0D:
                index += 1
            case UInt8(ascii: "#"):
                while index < bytes.count && bytes[index] != 0x0A { index += 1 }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                lineStart = false
                let multiline = tripled(byte)
                index += multiline ? 3 : 1
                while index < bytes.count {
                    if multiline ? tripled(byte) : bytes[index] == byte {
                        index += multiline ? 3 : 1
                        break
                    }
                    if bytes[index] == 0x0A {
                        if !multiline { break }  // an unterminated string: the parser will say so
                        line += 1
                    }
                    // An escape in a basic string skips the escaped character (`\"` does not end it).
                    if byte == UInt8(ascii: "\""), bytes[index] == UInt8(ascii: "\\"), at(index + 1) != 0x0A { index += 1 }
                    index += 1
                }
            case UInt8(ascii: "["):
                if arrayDepth > 0 {
                    arrayDepth += 1
                } else if lineStart {
                    var key = index + 1
                    if at(key) == UInt8(ascii: "[") { key += 1 }
                    while at(key) == 0x20 || at(key) == 0x09 { key += 1 }
                    if let first = at(key), !(first == UInt8(ascii: "]") || first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") || isBareKeyByte(first)) {
                        return (line, "a table header must start with a key")
                    }
                } else {
                    arrayDepth = 1
                }
                lineStart = false
                index += 1
            case UInt8(ascii: "]"):
                if arrayDepth > 0 { arrayDepth -= 1 }
                lineStart = false
                index += 1
            default:
                if byte >= 0x7F || byte < 0x20 {
                    return (line, "a control or non-ASCII character outside a string or comment (keys and section names are ASCII)")
                }
                lineStart = false
                index += 1
            }
        }
        return nil
    }

    static func isBareKeyByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}
