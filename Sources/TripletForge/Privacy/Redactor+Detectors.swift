/// The detectors of ``Redactor``, one per kind, and the byte tests they share. Each detector looks
/// at the bytes from `start` and returns the end index of a match (nil: none); they are plain on
/// purpose, so that what counts as an e-mail address or a card number can be read off the code.
extension Redactor {
    // MARK: - Detectors (each returns the end index of a match)

    static func email(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var index = start
        while index < bytes.count, isLocalPartByte(bytes[index]) { index += 1 }
        guard index > start, index < bytes.count, bytes[index] == UInt8(ascii: "@") else { return nil }
        index += 1
        var labels = 0, lastLabelStart = index, lastLabelAlpha = true
        while true {
            let labelStart = index
            var alpha = true
            while index < bytes.count, isAlnum(bytes[index]) || bytes[index] == UInt8(ascii: "-") {
                if !isAlpha(bytes[index]) { alpha = false }
                index += 1
            }
            guard index > labelStart else { break }
            labels += 1
            lastLabelStart = labelStart
            lastLabelAlpha = alpha
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "."), isAlnum(bytes[index + 1]) else { break }
            index += 1
        }
        guard labels >= 2, lastLabelAlpha, index - lastLabelStart >= 2 else { return nil }
        return index
    }

    private static let secretPrefixes: [(prefix: [UInt8], minimumLength: Int)] = [
        ("sk-", 24), ("sk_live_", 24), ("sk_test_", 24), ("rk_live_", 24), ("ghp_", 30), ("gho_", 30), ("github_pat_", 30),
        ("xoxb-", 20), ("xoxp-", 20), ("xoxa-", 20), ("AKIA", 20), ("ASIA", 20), ("AIza", 35), ("glpat-", 24),
    ].map { (Array($0.0.utf8), $0.1) }

    /// The bytes a secret can start with: the first byte of every prefix, and the `B` of `Bearer`.
    /// Most token starts are none of them, and the detector stops there.
    static let secretFirstBytes: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for (prefix, _) in secretPrefixes { table[Int(prefix[0])] = true }
        table[Int(UInt8(ascii: "B"))] = true
        return table
    }()

    static func secret(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        guard secretFirstBytes[Int(bytes[start])] else { return nil }
        if matches(bytes, start, "Bearer"), start + 6 < bytes.count, spaceLength(bytes, start + 6) > 0 {
            let tokenStart = whitespaceEnd(bytes, start + 6)
            let end = tokenEnd(bytes, tokenStart, allowDots: true)
            return end - tokenStart >= 16 ? end : nil
        }
        let end = tokenEnd(bytes, start, allowDots: false)
        for (prefix, minimum) in secretPrefixes where end - start >= minimum && matches(bytes, start, prefix) {
            // A key has digits; a long hyphenated English word does not.
            if bytes[start..<end].contains(where: { $0 >= 0x30 && $0 <= 0x39 }) { return end }
        }
        return nil
    }

    static func ipv4(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var index = start
        for part in 0..<4 {
            let partStart = index
            var value = 0
            while index < bytes.count, isDigit(bytes[index]), index - partStart < 3 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
            }
            guard index > partStart, value <= 255 else { return nil }
            if part < 3 {
                guard index < bytes.count, bytes[index] == UInt8(ascii: ".") else { return nil }
                index += 1
            }
        }
        if index < bytes.count, digit(bytes, index) != nil || (bytes[index] == UInt8(ascii: ".") && index + 1 < bytes.count && digit(bytes, index + 1) != nil) {
            return nil
        }
        return index
    }

    static func ipv6(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var index = start, colons = 0, doubleColon = false, groupLength = 0, hasHexLetterOrDouble = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") {
                colons += 1
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ":") { doubleColon = true; hasHexLetterOrDouble = true }
                groupLength = 0
            } else if isHex(byte) {
                groupLength += 1
                if !isDigit(byte) { hasHexLetterOrDouble = true }
                guard groupLength <= 4 else { return nil }
            } else { break }
            index += 1
        }
        guard colons >= 2, doubleColon || colons == 7, hasHexLetterOrDouble else { return nil }
        guard endsWord(bytes, index) else { return nil }
        return index
    }

    /// Card numbers and phone numbers: a run of digits and separators.
    static func digitRun(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> (Kind, Int)? {
        let first = bytes[start]
        guard digit(bytes, start) != nil || first == UInt8(ascii: "+") || first == UInt8(ascii: "(") else { return nil }
        var index = start, digits: [UInt8] = [], separators = 0, lastDigitEnd = start
        while index < bytes.count {
            let byte = bytes[index]
            if let (value, length) = digit(bytes, index) {
                digits.append(value)
                index += length
                lastDigitEnd = index
            } else if spaceLength(bytes, index) > 0 {
                // A run of whitespace is one separator, whatever it is made of: `555 0100` and
                // `555  \n0100` (the same passage, logged by another indexer) are one number.
                let next = whitespaceEnd(bytes, index)
                guard next < bytes.count, digit(bytes, next) != nil || bytes[next] == UInt8(ascii: "(") else { break }
                separators += 1
                index = next
            } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") || (byte == UInt8(ascii: "+") && index == start) {
                // A separator must be followed by more of the number, not end it.
                guard index + 1 < bytes.count, digit(bytes, index + 1) != nil || bytes[index + 1] == UInt8(ascii: "(") || (byte == UInt8(ascii: ")") && spaceLength(bytes, index + 1) > 0) else { break }
                if byte != UInt8(ascii: "+") { separators += 1 }
                index += 1
            } else { break }
            guard digits.count <= 19 else { return nil }
        }
        guard endsWord(bytes, lastDigitEnd) else { return nil }
        if (13...19).contains(digits.count), luhnValid(digits) { return (.card, lastDigitEnd) }
        if (10...15).contains(digits.count), first == UInt8(ascii: "+") || separators >= 2 { return (.phone, lastDigitEnd) }
        return nil
    }

    /// The end of a run of digits joined by single separators (`4111 1111`, `10.0.0.1.5`, `12:30`),
    /// reaching at least as far as ``digitRun(_:_:)`` looked (its `(`, `)` too).
    ///
    /// A run that is no card or phone number is kept whole, so no match may start inside what
    /// `digitRun` took as one number: otherwise a phone number inside a too-long run was replaced,
    /// the run got shorter, and a second pass found a phone number in what was left (the redactor
    /// fuzz target found `5) 14 10.0.0.2 (215) 1111 111123-4567`).
    static func numberEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var index = start
        while index < bytes.count {
            if let (_, length) = digit(bytes, index) { index += length; continue }
            if spaceLength(bytes, index) > 0 {
                // As in digitRun: a whitespace run joins the number when a digit or `(` follows.
                let next = whitespaceEnd(bytes, index)
                guard next < bytes.count, digit(bytes, next) != nil || bytes[next] == UInt8(ascii: "(") else { break }
                index = next
                continue
            }
            let separator = bytes[index]
            guard index + 1 < bytes.count else { break }
            let next = bytes[index + 1]
            // A space run was taken above; a `)` may still be followed by one (`(555) 123`).
            if separator == UInt8(ascii: "-") || separator == UInt8(ascii: ".") || separator == UInt8(ascii: ":") || separator == UInt8(ascii: "(") || separator == UInt8(ascii: ")"),
               digit(bytes, index + 1) != nil || next == UInt8(ascii: "(") || (separator == UInt8(ascii: ")") && spaceLength(bytes, index + 1) > 0) {
                index += 1
            } else { break }
        }
        return index
    }

    static func luhnValid(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            var value = Int(digit)
            if offset % 2 == 1 { value *= 2; if value > 9 { value -= 9 } }
            sum += value
        }
        return sum % 10 == 0
    }

    // MARK: - Bytes

    static func tokenEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, allowDots: Bool) -> Int {
        var index = start
        while index < bytes.count, isAlnum(bytes[index]) || bytes[index] == UInt8(ascii: "_") || bytes[index] == UInt8(ascii: "-") || (allowDots && bytes[index] == UInt8(ascii: ".")) {
            index += 1
        }
        return index
    }

    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ prefix: [UInt8]) -> Bool {
        guard start + prefix.count <= bytes.count else { return false }
        return prefix.indices.allSatisfy { bytes[start + $0] == prefix[$0] }
    }

    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard start + count <= bytes.count else { return false }
        return (0..<count).allSatisfy { bytes[start + $0] == prefix.utf8Start[$0] }
    }

    static func whitespaceEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var index = start
        while index < bytes.count {
            let length = spaceLength(bytes, index)
            guard length > 0 else { break }
            index += length
        }
        return index
    }

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

    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    @inline(__always) static func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    @inline(__always) static func isAlnum(_ byte: UInt8) -> Bool { isDigit(byte) || isAlpha(byte) }
    @inline(__always) static func isHex(_ byte: UInt8) -> Bool { isDigit(byte) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66) }
    @inline(__always) static func isWordByte(_ byte: UInt8) -> Bool { isAlnum(byte) || byte == UInt8(ascii: "_") || byte >= 0x80 }
    @inline(__always) static func isLocalPartByte(_ byte: UInt8) -> Bool {
        isAlnum(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
    }
}
