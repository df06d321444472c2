/// A build's redaction: the one place texts are redacted, and the tally of what was replaced.
///
/// Queries are redacted in full; passages only as far as `[privacy] passages` allows (see
/// ``PassageRedaction``). Both happen here, before a text is normalised, hashed or stored, so a
/// query group or a passage key is always the key of the redacted text, and the manifest's
/// `redactions` counts every replacement once — per distinct query spelling and per distinct
/// passage text, since callers redact each distinct text once.
///
/// ```swift
/// let redaction = Redaction(PrivacySettings().redactor)
/// redaction.query("mail ada@example.org")  // "mail [EMAIL]"
/// redaction.counts["email"]                 // 1
/// ```
public final class Redaction {
    private let queries: Redactor?
    private let passages: Redactor?
    /// What was replaced, by ``Redactor/Kind``.
    public private(set) var counts = ReasonCounts()

    /// `redactor` nil: redaction is off, texts pass through unchanged.
    public init(_ redactor: Redactor?) {
        queries = redactor
        passages = redactor?.forPassages
    }

    /// A query as training shows it.
    public func query(_ text: String) -> String {
        queries?.redact(text, counts: &counts) ?? text
    }

    /// A passage as training shows it. `counting: false` for a second form of a text whose
    /// replacements were already counted (its key was made from it earlier).
    public func passage(_ text: String, counting: Bool = true) -> String {
        guard let passages else { return text }
        if counting { return passages.redact(text, counts: &counts) }
        var uncounted = ReasonCounts()
        return passages.redact(text, counts: &uncounted)
    }
}
