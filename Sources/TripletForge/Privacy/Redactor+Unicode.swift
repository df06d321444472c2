/// The detectors' view of text past ASCII: which characters are whitespace, digits, or the end of a
/// word. A query is not assumed to be English — a card number pasted with no-break spaces, typed
/// with fullwidth digits, or written right after `番号` is still a card number (see docs/privacy.md).
extension Redactor {
    /// The length in bytes of the whitespace character at `index`, 0 for none. Whitespace is what
    /// text normalisation collapses (`NFKCQuickCheck.isWhitespace`), not only ASCII: a card number
    /// pasted with no-break spaces between its groups (`4111\u{A0}1111…`) is a card number, and a
    /// passage logged once with spaces and once with no-break spaces is one passage, redacted alike.
    static func spaceLength(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return isSpace(lead) ? 1 : 0 }
        guard let (scalar, length) = scalar(bytes, at: index), NFKCQuickCheck.isWhitespace(scalar.value) else { return 0 }
        return length
    }

    /// The decimal digit at `index`, its value and length in bytes (nil: none): ASCII `0`–`9`, and
    /// every other decimal digit Unicode knows — the fullwidth `４` that Japanese and Chinese input
    /// methods type, Arabic-Indic, Devanagari — which a reader, and NFKC for the fullwidth ones,
    /// take for the same number. A card number typed with them is a card number.
    @inline(__always) static func digit(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (value: UInt8, length: Int)? {
        let byte = bytes[index]
        if byte < 0x80 { return isDigit(byte) ? (byte - 0x30, 1) : nil }
        return unicodeDigit(bytes, index)
    }

    private static func unicodeDigit(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (value: UInt8, length: Int)? {
        guard let (scalar, length) = scalar(bytes, at: index), scalar.properties.numericType == .decimal,
              let value = scalar.properties.numericValue, (0...9).contains(value) else { return nil }
        return (UInt8(value), length)
    }

    /// Whether a word ends at `index`: the text ends, or what follows is no part of a word (see
    /// `breaksWord`).
    static func endsWord(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        guard index < bytes.count else { return true }
        if bytes[index] < 0x80 { return !isWordByte(bytes[index]) }
        return scalar(bytes, at: index).map { breaksWord($0.scalar) } ?? true
    }

    /// Whether a word starts at `index`: the text starts, or what precedes is no part of a word.
    /// Never inside a character (at a UTF-8 continuation byte).
    static func startsWord(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        guard index > 0 else { return true }
        if bytes[index - 1] < 0x80 { return !isWordByte(bytes[index - 1]) }
        guard index == bytes.count || bytes[index] & 0xC0 != 0x80 else { return false }
        var start = index - 1  // back to the first byte of the character that ends at `index`
        while start > 0, index - start < 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        guard let (scalar, length) = scalar(bytes, at: start), start + length == index else { return true }
        return breaksWord(scalar)
    }

    /// Whether a character past ASCII separates words, as a space or `(` does in ASCII. Letters,
    /// marks and digits of scripts written with spaces are part of a word (nothing starts inside
    /// `é4111…`); whitespace, punctuation and symbols of any script are not (`“4111 1111 …”`), nor
    /// are letters of scripts that write no spaces between words, after which a number is a word
    /// of its own (`カード番号4111…`, `号码４１１１…`). Detecting too much costs a token; too
    /// little, a leak.
    static func breaksWord(_ scalar: Unicode.Scalar) -> Bool {
        // Two blocks common in text, answered without the Unicode tables (a test checks them against
        // the tables): accented Latin letters, and CJK ideographs.
        switch scalar.value {
        case 0x00C0...0x00D6, 0x00D8...0x00F6, 0x00F8...0x017F: return false
        case 0x4E00...0x9FFF: return true
        default: return breaksWordByCategory(scalar)
        }
    }

    static func breaksWordByCategory(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .nonspacingMark, .spacingMark,
             .enclosingMark, .decimalNumber, .letterNumber, .otherNumber, .connectorPunctuation:
            return false
        default:  // whitespace, punctuation, symbols, controls; `otherLetter`: CJK, kana, Hangul, Thai, …
            return true
        }
    }

    /// The character whose UTF-8 starts at `index`, and its length in bytes (nil: not the start of one).
    static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: Unicode.Scalar, length: Int)? {
        let lead = bytes[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
        guard length > 0, index + length <= bytes.count else { return nil }
        var value = UInt32(lead) & (0x7F >> UInt32(length))
        for offset in 1..<length {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return Unicode.Scalar(value).map { ($0, length) }
    }
}
