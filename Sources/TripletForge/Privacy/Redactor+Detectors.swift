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

    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ prefix: some Collection<UInt8>) -> Bool {
        guard start + prefix.count <= bytes.count else { return false }
        return bytes[start..<(start + prefix.count)].elementsEqual(prefix)
    }

    /// `Bearer` and the like, compared in place: no array is made for them at every word.
    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ prefix: StaticString) -> Bool {
        matches(bytes, start, UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
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

    /// ASCII whitespace: space, tab, line feed, vertical tab, form feed, carriage return.
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
