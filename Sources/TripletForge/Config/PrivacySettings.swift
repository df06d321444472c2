/// What is removed from texts before they become training data.
public struct PrivacySettings: Codable, Sendable, Equatable {
    /// Replace e-mail addresses, phone and card numbers, IPs and API keys in queries with typed
    /// placeholders (see ``Redactor``), and what ``passages`` allows in passages. On by default:
    /// datasets get shared.
    public var redact: Bool
    /// How much of a passage is redacted when ``redact`` is on: by default only secrets and card
    /// numbers, because passages are the operator's own corpus (see ``PassageRedaction``).
    public var passages: PassageRedaction

    /// The redactor these settings ask for (nil when redaction is off); its ``Redactor/forPassages``
    /// is what passage texts get.
    public var redactor: Redactor? { redact ? Redactor(passages: passages) : nil }

    enum CodingKeys: String, CodingKey { case redact, passages }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        redact = try c.decodeIfPresent(Bool.self, forKey: .redact) ?? redact
        if let name = try c.decodeIfPresent(String.self, forKey: .passages) {
            guard let scope = PassageRedaction(rawValue: name) else {
                throw TripletForgeError.invalidConfiguration(
                    "privacy.passages must be \(PassageRedaction.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), got \"\(name)\"")
            }
            passages = scope
        }
    }
}
