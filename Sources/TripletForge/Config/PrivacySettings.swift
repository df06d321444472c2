/// What is removed from texts before they become training data.
public struct PrivacySettings: Codable, Sendable, Equatable {
    /// Replace e-mail addresses, phone and card numbers, IPs and API keys in queries and chunk
    /// texts with typed placeholders (see ``Redactor``). On by default: datasets get shared.
    public var redact = true

    public init() {}

    enum CodingKeys: String, CodingKey { case redact }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        redact = try c.decodeIfPresent(Bool.self, forKey: .redact) ?? true
    }
}
