/// How the several users who rate one assistant message in the threads layout vote.
///
/// Each rater judges the same answer independently: a good answer earns `positive` with a
/// retrieval-neutral category (or none); a delivery complaint (`--complaint-rate`, per rater) is a
/// `negative` whose categories are all delivery-only (`slow`, `formatting`, …), which the threads
/// layout lets a reader tell apart from a wrong retrieval; a bad answer earns `negative`, mostly
/// `incorrect`/`incomplete`, sometimes nothing, sometimes `other` with notes. A misclick
/// (`--misclick-rate`, per rater) records the opposite sentiment, usually without a category —
/// people who click the wrong thumb rarely go on to pick a reason.
struct RaterModel {
    let model: UserModel

    struct Vote {
        var sentiment: String
        var categories: [String]
        var notes: String?
    }

    /// How many distinct users rate one message: 1 (half the time) to 4.
    func raterCount(_ rng: inout SeededRandom) -> Int {
        switch rng.int(below: 20) {
        case 0..<10: return 1
        case 10..<15: return 2
        case 15..<18: return 3
        default: return 4
        }
    }

    func vote(good: Bool, _ rng: inout SeededRandom) -> Vote {
        let complaint = good && model.complaintRate > 0 && rng.chance(model.complaintRate)
        let misclick = rng.chance(model.misclickRate)
        var vote: Vote
        switch (good, complaint) {
        case (true, false): vote = Vote(sentiment: "positive", categories: positiveCategories(&rng))
        case (true, true): vote = Vote(sentiment: "negative", categories: deliveryCategories(&rng))
        default: vote = badAnswerVote(&rng)
        }
        if misclick {
            let flipped = vote.sentiment == "positive" ? "negative" : "positive"
            let category = flipped == "positive" ? "helpful" : "incorrect"
            vote = Vote(sentiment: flipped, categories: rng.chance(0.25) ? [category] : [])
        }
        if vote.notes == nil, rng.chance(0.08) { vote.notes = ProseWriter.sentence(&rng) }
        return vote
    }

    /// A record that breaks the taxonomy, as a small share of real records do (each is a counted reject).
    func broken(_ vote: Vote, _ rng: inout SeededRandom) -> Vote {
        switch rng.int(below: 5) {
        case 0: return Vote(sentiment: "meh", categories: [])
        case 1: return Vote(sentiment: vote.sentiment, categories: ["boring"])
        case 2: return Vote(sentiment: vote.sentiment, categories: [vote.sentiment == "positive" ? "incorrect" : "correct"])
        case 3: return Vote(sentiment: vote.sentiment, categories: ["other"], notes: "   ")
        default: return Vote(sentiment: vote.sentiment, categories: ["not json"])
        }
    }

    /// `["a","b"]`, or NULL for about a third of the records that have no category, or the raw
    /// text of a deliberately malformed list.
    static func categoriesJSON(_ vote: Vote, _ rng: inout SeededRandom) -> String? {
        if vote.categories == ["not json"] { return "correct" }
        if vote.categories.isEmpty { return rng.chance(0.35) ? nil : "[]" }
        return "[" + vote.categories.map { "\"\($0)\"" }.joined(separator: ",") + "]"
    }

    private func positiveCategories(_ rng: inout SeededRandom) -> [String] {
        let roll = rng.int(below: 10)
        if roll < 3 { return [] }
        let first = rng.pick(["correct", "correct", "helpful", "helpful", "good_tool_use"])
        if roll < 8 { return [first] }
        return [first, first == "helpful" ? "correct" : "helpful"]
    }

    private func deliveryCategories(_ rng: inout SeededRandom) -> [String] {
        switch rng.int(below: 20) {
        case 0..<7: return ["slow"]
        case 7..<14: return ["formatting"]
        case 14..<16: return ["tool_failure"]
        case 16..<18: return ["refused_valid_request"]
        default: return ["formatting", "slow"]
        }
    }

    private func badAnswerVote(_ rng: inout SeededRandom) -> Vote {
        switch rng.int(below: 20) {
        case 0..<8: return Vote(sentiment: "negative", categories: ["incorrect"])
        case 8..<12: return Vote(sentiment: "negative", categories: ["incomplete"])
        case 12..<13: return Vote(sentiment: "negative", categories: ["incomplete", "incorrect"])
        case 13..<14: return Vote(sentiment: "negative", categories: ["incorrect", "slow"])
        case 14..<15: return Vote(sentiment: "negative", categories: ["other"], notes: ProseWriter.sentence(&rng))
        default: return Vote(sentiment: "negative", categories: [])
        }
    }
}
