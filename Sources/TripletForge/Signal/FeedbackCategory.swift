/// The fixed feedback taxonomy of the threads layout.
///
/// Positive sentiment allows `correct`, `helpful`, `good_tool_use`; negative allows `incorrect`,
/// `incomplete`, `tool_failure`, `refused_valid_request`, `formatting`, `slow`, `unsafe`; `other`
/// is valid for either, and then notes are required.
public enum FeedbackCategory: String, Sendable, CaseIterable, Hashable, Comparable {
    case correct, helpful
    case goodToolUse = "good_tool_use"
    case incorrect, incomplete
    case toolFailure = "tool_failure"
    case refusedValidRequest = "refused_valid_request"
    case formatting, slow, unsafe, other

    /// Whether the category may be given with `verdict`.
    public func isValid(for verdict: Verdict) -> Bool {
        switch self {
        case .other: return true
        case .correct, .helpful, .goodToolUse: return verdict == .positive
        default: return verdict == .negative
        }
    }

    /// Categories that blame the delivery of an answer, not what was retrieved.
    public static let deliveryOnly: Set<FeedbackCategory> = [.formatting, .slow, .toolFailure, .unsafe, .refusedValidRequest]

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
