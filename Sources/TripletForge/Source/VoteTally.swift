/// Combines the valid feedback on one message — from several users, and from copies of the
/// message in forked threads — into at most one verdict.
///
/// The rule:
/// 1. **One vote per user.** A user who rated the same message in several threads (the original
///    and a fork's copy) votes once, with their most recently modified record.
/// 2. **Strict majority.** The verdict with more votes wins; a tie (1–1, 2–2) is no signal at all,
///    counted as `conflicting_feedback`. So one message can never yield both a positive and a
///    negative signal.
/// 3. The signal's ``Signal/ratings`` is the number of votes on the winning side, its
///    ``Signal/records`` their feedback ids (sorted), and its categories the union of the winning
///    votes' categories; outvoted votes are counted as `outvoted_rating` and contribute nothing.
///
/// ```swift
/// var tally = VoteTally()
/// tally.add(user: "u1", FeedbackRecord(verdict: .negative, categories: [.incorrect]))
/// tally.add(user: "u2", FeedbackRecord(verdict: .negative, categories: [.slow]))
/// tally.add(user: "u3", FeedbackRecord(verdict: .positive, categories: []))
/// tally.outcome  // .verdict(.negative, categories: [.incorrect, .slow], records: ["f1", "f2"], outvoted: 1)
/// ```
struct VoteTally {
    /// The latest vote of each user (records arrive oldest first per user).
    private var votes: [String: FeedbackRecord] = [:]
    /// Records replaced by the same user's later record on another copy of the message.
    private(set) var supersededVotes = 0

    var isEmpty: Bool { votes.isEmpty }

    mutating func add(user: String, _ record: FeedbackRecord) {
        if votes.updateValue(record, forKey: user) != nil { supersededVotes += 1 }
    }

    enum Outcome: Equatable {
        case none
        case conflict(votes: Int)
        /// `records`: the feedback ids of the winning votes, sorted (one per voting user).
        case verdict(Verdict, categories: Set<FeedbackCategory>, records: [String], outvoted: Int)
    }

    var outcome: Outcome {
        guard !votes.isEmpty else { return .none }
        let positive = votes.values.filter { $0.verdict == .positive }
        let negative = votes.values.filter { $0.verdict == .negative }
        guard positive.count != negative.count else { return .conflict(votes: votes.count) }
        let (verdict, winners, losers) = positive.count > negative.count
            ? (Verdict.positive, positive, negative) : (Verdict.negative, negative, positive)
        let categories = winners.reduce(into: Set<FeedbackCategory>()) { $0.formUnion($1.categories) }
        return .verdict(verdict, categories: categories, records: winners.map(\.id).sorted(), outvoted: losers.count)
    }
}
