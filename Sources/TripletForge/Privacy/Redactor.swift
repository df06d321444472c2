/// Replaces personal data and secrets in text with typed placeholders, before anything is hashed,
/// deduplicated or written.
///
/// Queries are typed by people: e-mail addresses, phone numbers, card numbers, IP addresses and API
/// keys turn up in them, and a training set is meant to be shared. Redaction is therefore on by
/// default (`[privacy] redact = false` or `--no-redact` turns it off); a false positive costs one
/// token of one example, a leak cannot be undone. Passages are the operator's own corpus: their
/// redactor (``forPassages``) replaces only the kinds ``PassageRedaction`` allows, by default
/// secrets and card numbers, so documentation keeps its example addresses.
///
/// Detectors are deliberately plain and documented, not clever:
/// - `[EMAIL]`: `local@domain.tld`;
/// - `[CARD]`: 13–19 digits (spaces or dashes allowed) passing the Luhn check;
/// - `[PHONE]`: 10–15 digits written as a phone number (a leading `+`, or at least two separators;
///   a run of whitespace is one separator, so a passage logged with other whitespace redacts the same);
/// - `[IP]`: IPv4 dotted quads, and IPv6 in full or `::` form;
/// - `[SECRET]`: tokens with well-known key prefixes (`sk-`, `sk_live_`, `ghp_`, `github_pat_`,
///   `xoxb-`, `AKIA`, `AIza`, `glpat-`) or `Bearer <token>`.
///
/// ```swift
/// var counts = ReasonCounts()
/// Redactor().redact("mail ada@example.org or +44 20 7946 0958", counts: &counts)
/// // "mail [EMAIL] or [PHONE]"; counts == ["email": 1, "phone": 1]
/// ```
public struct Redactor: Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case email, phone, card, ip, secret
        var placeholder: [UInt8] { Array("[\(rawValue.uppercased())]".utf8) }
    }

    /// The kinds this redactor replaces; a detected item of another kind is kept as it is.
    public let kinds: Set<Kind>
    /// How the passages of a build are redacted (see ``forPassages``).
    public let passages: PassageRedaction

    public init(kinds: Set<Kind> = Set(Kind.allCases), passages: PassageRedaction = .secrets) {
        self.kinds = kinds
        self.passages = passages
    }

    /// The redactor for passage texts: only the kinds ``passages`` allows, or nil for none.
    public var forPassages: Redactor? {
        let allowed = kinds.intersection(passages.kinds)
        return allowed.isEmpty ? nil : Redactor(kinds: allowed, passages: passages)
    }

    /// `text` with every detected item replaced; `counts` gains one per replacement, by kind.
    ///
    /// Redacting the result again changes nothing. One pass cannot promise that on its own: a
    /// replacement can leave a new match at its edge (`2001:db8::a@example.org` → the address goes,
    /// and `2001:db8::` before `[EMAIL]` now reads as an IPv6 address; found by fuzzing). So passes
    /// repeat until one replaces nothing — which is the first pass for almost every text, since a
    /// pass that replaces nothing returns its input unchanged.
    public func redact(_ text: String, counts: inout ReasonCounts) -> String {
        var current = text
        for _ in 0..<Self.maxPasses {
            var replaced = ReasonCounts()
            let next = redactOnce(current, counts: &replaced)
            guard replaced.total > 0 else { break }
            counts.merge(replaced)
            current = next
        }
        return current
    }

    /// Enough for any chain of edge matches fuzzing has found (two passes); a bound, not a target.
    static let maxPasses = 8

    private func redactOnce(_ text: String, counts: inout ReasonCounts) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var index = 0
            // Right after a placeholder a token may start even when the replaced text ended in a
            // word byte: the output then has `]` there, and redacting the output again must find
            // nothing new (`Bearer abc0::1` → `[SECRET][IP]`, not `[SECRET]::1`; found by fuzzing).
            var afterPlaceholder = false
            while index < bytes.count {
                let tokenStart = afterPlaceholder || Self.startsToken(bytes, index)
                afterPlaceholder = false
                if tokenStart, let (kind, end) = Self.detect(bytes, at: index) {
                    // An item of a kind not redacted here is kept whole, so nothing is found inside it.
                    if kinds.contains(kind) {
                        out.append(contentsOf: kind.placeholder)
                        counts.add(kind)
                    } else {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                    }
                    index = end
                    afterPlaceholder = true
                } else if tokenStart, Self.isDigit(bytes[index]) {
                    // A number that is none of the above is kept whole: no match may start inside
                    // it (the tail of `4111 1111 1111 1112` is not a phone number).
                    let end = Self.numberEnd(bytes, index)
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                    index = end
                } else {
                    out.append(bytes[index])
                    index += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// A detection may start only where a word starts (not inside `abc123`).
    private static func startsToken(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        index == 0 || !isWordByte(bytes[index - 1])
    }

    private static func detect(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Kind, Int)? {
        if let end = email(bytes, index) { return (.email, end) }
        if let end = secret(bytes, index) { return (.secret, end) }
        if let end = ipv4(bytes, index) ?? ipv6(bytes, index) { return (.ip, end) }
        if let (kind, end) = digitRun(bytes, index) { return (kind, end) }
        return nil
    }

    // MARK: - Detectors (each returns the end index of a match)

    private static func email(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
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

    private static func secret(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        if matches(bytes, start, "Bearer"), start + 6 < bytes.count, isSpace(bytes[start + 6]) {
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

    private static func ipv4(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
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
        if index < bytes.count, isDigit(bytes[index]) || (bytes[index] == UInt8(ascii: ".") && index + 1 < bytes.count && isDigit(bytes[index + 1])) {
            return nil
        }
        return index
    }

    private static func ipv6(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
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
        guard index == bytes.count || !isWordByte(bytes[index]) else { return nil }
        return index
    }

    /// Card numbers and phone numbers: a run of digits and separators.
    private static func digitRun(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> (Kind, Int)? {
        let first = bytes[start]
        guard isDigit(first) || first == UInt8(ascii: "+") || first == UInt8(ascii: "(") else { return nil }
        var index = start, digits: [UInt8] = [], separators = 0, lastDigitEnd = start
        while index < bytes.count {
            let byte = bytes[index]
            if isDigit(byte) {
                digits.append(byte - 0x30)
                lastDigitEnd = index + 1
                index += 1
            } else if isSpace(byte) {
                // A run of whitespace is one separator, whatever it is made of: `555 0100` and
                // `555  \n0100` (the same passage, logged by another indexer) are one number.
                let next = whitespaceEnd(bytes, index)
                guard next < bytes.count, isDigit(bytes[next]) || bytes[next] == UInt8(ascii: "(") else { break }
                separators += 1
                index = next
            } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") || (byte == UInt8(ascii: "+") && index == start) {
                // A separator must be followed by more of the number, not end it.
                guard index + 1 < bytes.count, isDigit(bytes[index + 1]) || bytes[index + 1] == UInt8(ascii: "(") || (byte == UInt8(ascii: ")") && isSpace(bytes[index + 1])) else { break }
                if byte != UInt8(ascii: "+") { separators += 1 }
                index += 1
            } else { break }
            guard digits.count <= 19 else { return nil }
        }
        guard lastDigitEnd == bytes.count || !isWordByte(bytes[lastDigitEnd]) else { return nil }
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
    private static func numberEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var index = start
        while index < bytes.count {
            if isDigit(bytes[index]) { index += 1; continue }
            if isSpace(bytes[index]) {
                // As in digitRun: a whitespace run joins the number when a digit or `(` follows.
                let next = whitespaceEnd(bytes, index)
                guard next < bytes.count, isDigit(bytes[next]) || bytes[next] == UInt8(ascii: "(") else { break }
                index = next
                continue
            }
            let separator = bytes[index]
            guard index + 1 < bytes.count else { break }
            let next = bytes[index + 1]
            // A space run was taken above; a `)` may still be followed by one (`(555) 123`).
            if separator == UInt8(ascii: "-") || separator == UInt8(ascii: ".") || separator == UInt8(ascii: ":") || separator == UInt8(ascii: "(") || separator == UInt8(ascii: ")"),
               isDigit(next) || next == UInt8(ascii: "(") || (separator == UInt8(ascii: ")") && isSpace(next)) {
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

    private static func tokenEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, allowDots: Bool) -> Int {
        var index = start
        while index < bytes.count, isAlnum(bytes[index]) || bytes[index] == UInt8(ascii: "_") || bytes[index] == UInt8(ascii: "-") || (allowDots && bytes[index] == UInt8(ascii: ".")) {
            index += 1
        }
        return index
    }

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ prefix: [UInt8]) -> Bool {
        guard start + prefix.count <= bytes.count else { return false }
        return prefix.indices.allSatisfy { bytes[start + $0] == prefix[$0] }
    }

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ prefix: StaticString) -> Bool {
        matches(bytes, start, Array(UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)))
    }

    private static func whitespaceEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var index = start
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        return index
    }

    /// ASCII whitespace: space, tab, line feed, vertical tab, form feed, carriage return.
    @inline(__always) private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
    @inline(__always) private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    @inline(__always) private static func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    @inline(__always) private static func isAlnum(_ byte: UInt8) -> Bool { isDigit(byte) || isAlpha(byte) }
    @inline(__always) private static func isHex(_ byte: UInt8) -> Bool { isDigit(byte) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66) }
    @inline(__always) private static func isWordByte(_ byte: UInt8) -> Bool { isAlnum(byte) || byte == UInt8(ascii: "_") || byte >= 0x80 }
    @inline(__always) private static func isLocalPartByte(_ byte: UInt8) -> Bool {
        isAlnum(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
    }
}
