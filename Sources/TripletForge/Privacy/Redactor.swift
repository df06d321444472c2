import Foundation

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
/// Text is not assumed to be English: whitespace is any Unicode whitespace, a card or phone number's
/// digits may be any script's (`４１１１…`), and a word ends at punctuation of any script or after
/// a letter of one written without spaces (`番号4111…`), so a detection starts there.
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
            guard let next = redactOnce(current, counts: &counts) else { break }
            current = next
        }
        return current
    }

    /// Enough for any chain of edge matches fuzzing has found (two passes); a bound, not a target.
    static let maxPasses = 8

    /// One pass: the text with what it found replaced, or nil when it replaced nothing. The output
    /// is only built from the first replacement on; most texts have none, and a pass over them
    /// copies nothing.
    private func redactOnce(_ text: String, counts: inout ReasonCounts) -> String? {
        var text = text
        return text.withUTF8 { bytes in
            var out: [UInt8] = []
            var copied = 0  // bytes[..<copied] are in `out`, replaced where they had to be
            var replaced = false
            var index = 0
            // Right after a placeholder a token may start even when the replaced text ended in a
            // word byte: the output then has `]` there, and redacting the output again must find
            // nothing new (`Bearer abc0::1` → `[SECRET][IP]`, not `[SECRET]::1`; found by fuzzing).
            var afterPlaceholder = false
            let markers = Markers(bytes)
            while index < bytes.count {
                let tokenStart = afterPlaceholder || Self.startsWord(bytes, index)  // not inside `abc123`
                afterPlaceholder = false
                if tokenStart, let (kind, end) = Self.detect(bytes, at: index, markers: markers) {
                    // An item of a kind not redacted here is kept whole, so nothing is found inside it.
                    if kinds.contains(kind) {
                        if !replaced { out.reserveCapacity(bytes.count) }
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                        out.append(contentsOf: kind.placeholder)
                        counts.add(kind)
                        copied = end
                        replaced = true
                    }
                    index = end
                    afterPlaceholder = true
                } else if tokenStart, Self.digit(bytes, index) != nil {
                    // A number that is none of the above is kept whole: no match may start inside
                    // it (the tail of `4111 1111 1111 1112` is not a phone number).
                    index = Self.numberEnd(bytes, index)
                } else {
                    index += 1
                }
            }
            guard replaced else { return nil }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Two bytes a detector cannot match without, looked for once per pass (`memchr`): every e-mail
    /// address has an `@`, every IPv6 address a `:`. Most texts have neither, and the two detectors
    /// that would otherwise scan every word of them are skipped.
    private struct Markers {
        let hasAt: Bool, hasColon: Bool
        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            func has(_ byte: UInt8) -> Bool {
                guard let base = bytes.baseAddress else { return false }
                return memchr(base, Int32(byte), bytes.count) != nil
            }
            hasAt = has(UInt8(ascii: "@"))
            hasColon = has(UInt8(ascii: ":"))
        }
    }

    /// `markers`: what the whole text holds (see `Markers`), so that a detector that cannot match
    /// anywhere in it is not run at every word.
    private static func detect(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, markers: Markers) -> (Kind, Int)? {
        if markers.hasAt, let end = email(bytes, index) { return (.email, end) }
        if let end = secret(bytes, index) { return (.secret, end) }
        if let end = ipv4(bytes, index) ?? (markers.hasColon ? ipv6(bytes, index) : nil) { return (.ip, end) }
        if let (kind, end) = digitRun(bytes, index) { return (kind, end) }
        return nil
    }
}
