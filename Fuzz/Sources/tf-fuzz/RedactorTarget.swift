import TripletForge

/// The redactor: every replacement adds exactly one placeholder and leaves the placeholders that
/// were already there whole (none grows inside another), and redacting again changes nothing.
enum RedactorTarget {
    static let placeholders = Redactor.Kind.allCases.map { "[\($0.rawValue.uppercased())]" }

    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: bytes, as: UTF8.self)
        var counts = ReasonCounts()
        let redacted = Redactor().redact(text, counts: &counts)
        let before = occurrences(in: text), after = occurrences(in: redacted)
        require(after == before + counts.total, "\(counts.total) replacement(s) but placeholders went from \(before) to \(after): \(escaped(text)) -> \(escaped(redacted))")
        var again = ReasonCounts()
        let twice = Redactor().redact(redacted, counts: &again)
        require(twice == redacted && again.total == 0, "not idempotent: \(escaped(text)) -> \(escaped(redacted)) -> \(escaped(twice))")
    }

    /// Placeholders counted in the UTF-8 bytes: a `String` search works on characters, and a
    /// combining mark after `]` makes `]` part of another character (found by this target).
    static func occurrences(in text: String) -> Int {
        let bytes = Array(text.utf8)
        return placeholders.reduce(0) { total, placeholder in
            let needle = Array(placeholder.utf8)
            guard bytes.count >= needle.count else { return total }
            return total + (0...(bytes.count - needle.count)).filter { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }.count
        }
    }
}
