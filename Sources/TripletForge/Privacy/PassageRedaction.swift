/// How much of a passage redaction touches, once redaction is on (`[privacy] passages`).
///
/// Queries are what users type, so they are always redacted in full. Passages are different: they
/// are the operator's own corpus, already shown to every user of the assistant, and their
/// e-mail addresses, IPs and phone numbers are usually documentation (a networking page's example
/// addresses, a support desk's number). Replacing them changes the documents the reranker must
/// learn to rank, so by default only what is secret in any document is redacted: API keys and
/// card numbers that pass the Luhn check. See docs/privacy.md.
public enum PassageRedaction: String, Codable, Sendable, CaseIterable {
    /// API-key-like secrets and Luhn-valid card numbers only (the default).
    case secrets
    /// Every kind the ``Redactor`` knows, as in queries (the behaviour before this setting existed).
    case all
    /// Passages are kept exactly as logged.
    case none

    /// What a passage redactor replaces.
    var kinds: Set<Redactor.Kind> {
        switch self {
        case .secrets: return [.secret, .card]
        case .all: return Set(Redactor.Kind.allCases)
        case .none: return []
        }
    }
}
