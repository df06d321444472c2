/// Composes the threads layout: threads of 1–3 exchanges (a user message, sometimes a tool call,
/// an assistant answer with its retrieved chunks), each rated answer rated by 1–4 distinct users,
/// and now and then a fork of a thread that copies it up to a rated answer and goes on from there.
///
/// The answers are the interactions layout's (``AnswerComposer``, the same world and knobs); what
/// differs is who rates them: several raters, each misclicking and complaining independently (see
/// ``RaterModel``), with categories from the fixed taxonomy, the odd admin triage label, and a
/// `--bad-share` of records that break the taxonomy. Exactly `rated` assistant messages outside
/// forks carry feedback; a fork's copy may get one more rater (merged with the original by any
/// reader that follows forks) and its own follow-up answer stays unrated.
struct ThreadsComposer {
    let corpus: Corpus
    let model: UserModel
    private var answers: AnswerComposer
    private let raters: RaterModel
    /// Content (the answers) and people (threads, raters, votes) draw from separate streams.
    private var content: SeededRandom
    private var people: SeededRandom
    private var clock: Int64 = 1_735_689_600  // 2025-01-01T00:00:00Z
    private let tick: Int
    private let users: Int
    private var threadNumber = 0
    private var feedbackNumber = 0

    /// Share of threads with a rated answer that are forked once.
    static let forkShare = 0.04

    init(corpus: Corpus, topics: [Topic], model: UserModel, seed: UInt64, totalAnswers: Int) {
        self.corpus = corpus
        self.model = model
        answers = AnswerComposer(corpus: corpus, topics: topics, model: model)
        raters = RaterModel(model: model)
        content = SeededRandom(seed: seed, stream: 0x4000_0000)
        people = SeededRandom(seed: seed, stream: 0x7000_0000)
        tick = max(2, 2 * 31_536_000 / max(1, totalAnswers))
        users = max(50, totalAnswers / 8)
    }

    /// Writes `rated` rated and `unrated` unrated assistant messages (plus forks) to `database`.
    mutating func writeAll(rated: Int, unrated: Int, to database: ThreadsDatabase) throws {
        var ratedLeft = rated, left = rated + unrated
        while left > 0 {
            threadNumber += 1
            let thread = "t-" + String(threadNumber + 100_000_000).dropFirst()
            let owner = people.int(below: users)
            let exchanges = min(left, [1, 1, 1, 2, 2, 3][people.int(below: 6)])
            var written: [ThreadsDatabase.Message] = []
            var ratedAnswers: [(sequence: Int, good: Bool, raters: Set<Int>)] = []
            for _ in 0..<exchanges {
                // Exactly `rated` rated answers, spread evenly at random among the unrated ones.
                let isRated = people.int(below: left) < ratedLeft
                let sequence = written.count
                try writeExchange(thread: thread, at: sequence, into: &written, database: database, completed: isRated || !people.chance(0.03))
                if isRated {
                    let voters = try writeVotes(thread: thread, sequence: written.count - 1, good: answers.good, owner: owner, database: database)
                    ratedAnswers.append((written.count - 1, answers.good, voters))
                    ratedLeft -= 1
                }
                left -= 1
            }
            if let forked = ratedAnswers.first, people.chance(Self.forkShare) {
                try writeFork(of: thread, at: forked, messages: written, database: database)
            }
        }
    }

    /// A user message (sometimes followed by a tool call) and the assistant's answer with its chunks.
    private mutating func writeExchange(thread: String, at sequence: Int, into written: inout [ThreadsDatabase.Message],
                                        database: ThreadsDatabase, completed: Bool,
                                        forkedFrom: (thread: String, sequence: Int)? = nil) throws {
        clock += Int64(1 + people.int(below: tick))
        var query: [UInt8] = [], answer: [UInt8] = []
        answers.compose(&content, query: &query, answer: &answer)
        var messages = [ThreadsDatabase.Message(thread: thread, sequence: sequence, role: "user", status: "completed",
                                                text: String(decoding: query, as: UTF8.self), created: clock, forkedFrom: forkedFrom)]
        if people.chance(0.1) {
            messages.append(.init(thread: thread, sequence: sequence + 1, role: "tool", status: "completed",
                                  text: #"{"search":"retrieval"}"#, created: clock + 1, forkedFrom: forkedFrom))
        }
        let status = completed ? "completed" : people.chance(0.5) ? "failed" : "generating"
        messages.append(.init(thread: thread, sequence: sequence + messages.count, role: "assistant", status: status,
                              text: status == "failed" ? nil : String(decoding: answer, as: UTF8.self), created: clock + 3, forkedFrom: forkedFrom))
        for message in messages { try database.write(message) }
        let assistant = messages[messages.count - 1].sequence
        for chunk in chunkRows() { try database.write(chunk, thread: thread, sequence: assistant) }
        written.append(contentsOf: messages)
    }

    /// The last answer's retrieval as `retrieved_chunks` rows.
    private mutating func chunkRows() -> [ThreadsDatabase.Chunk] {
        answers.retrieved.enumerated().map { rank, item in
            let cited = answers.cited.contains(rank + 1)
            let score = (answers.scores[rank] * 10_000).rounded() / 10_000
            switch item {
            case let .leaf(index, version):
                let chunk = corpus.chunks[index]
                let type: String? = people.chance(0.3) ? nil : "leaf"  // a NULL type is a leaf
                switch version {
                case .original:
                    return .init(rank: rank, chunkID: chunk.docID, text: chunk.text, contextualised: chunk.contextualised, type: type, score: score, cited: cited)
                case .respaced:
                    return .init(rank: rank, chunkID: chunk.docID + "-v2", text: chunk.reindexedText!, type: type, score: score, cited: cited)
                case .boilerplate:
                    return .init(rank: rank, chunkID: chunk.docID + "-2025", text: chunk.versionedText!, type: type, score: score, cited: cited)
                }
            case let .summary(document):
                return .init(rank: rank, chunkID: "sum-\(document)", text: corpus.summaryTexts[document], type: "raptor_summary", score: score, cited: cited)
            case let .questionProxy(text):
                return .init(rank: rank, chunkID: nil, text: text, type: "question_proxy", score: nil, cited: cited)
            }
        }
    }

    /// 1–4 distinct raters on one answer; returns who voted.
    private mutating func writeVotes(thread: String, sequence: Int, good: Bool, owner: Int, database: ThreadsDatabase) throws -> Set<Int> {
        var voters = Set<Int>()
        let count = raters.raterCount(&people)
        let broken = people.chance(model.badShare) ? people.int(below: count) : -1
        for index in 0..<count {
            var who = people.int(below: users)
            if index == 0, people.chance(0.7) { who = owner }
            guard voters.insert(who).inserted else { continue }
            var vote = raters.vote(good: good, &people)
            if index == broken { vote = raters.broken(vote, &people) }
            try writeFeedback(vote, by: who, on: thread, sequence, database: database)
        }
        return voters
    }

    private mutating func writeFeedback(_ vote: RaterModel.Vote, by who: Int, on thread: String, _ sequence: Int,
                                        database: ThreadsDatabase) throws {
        feedbackNumber += 1
        let created = clock + 5 + Int64(people.int(below: 3_600))
        let edited = people.chance(0.1)
        var record = ThreadsDatabase.Feedback(
            id: "f-" + String(feedbackNumber + 1_000_000_000).dropFirst(), thread: thread, sequence: sequence,
            org: people.chance(0.1) ? nil : "org-\(who % 17)", createdBy: user(who), created: created,
            modified: edited ? created + Int64(people.int(below: 172_800)) : created, modifiedBy: edited ? user(who) : nil,
            sentiment: vote.sentiment, categories: RaterModel.categoriesJSON(vote, &people), notes: vote.notes)
        if people.chance(0.04) {  // admin triage: most labels keep the record, spam/test/duplicate drop it
            record.adminLabel = people.pick(["reviewed", "reviewed", "reviewed", "needs_review", "needs_review", "Duplicate", "spam", "test "])
            record.adminNote = ProseWriter.sentence(&people)
            if people.chance(0.5) { (record.resolvedBy, record.resolvedAt) = ("admin-\(people.int(below: 3))", created + 86_400) }
        }
        try database.write(record)
    }

    /// A fork copies the thread up to a rated answer, then asks a follow-up; one new user often
    /// rates the copied answer (a vote on the original, once forks are followed).
    private mutating func writeFork(of thread: String, at answer: (sequence: Int, good: Bool, raters: Set<Int>),
                                    messages: [ThreadsDatabase.Message], database: ThreadsDatabase) throws {
        let fork = thread + "-f"
        let origin = (thread: thread, sequence: answer.sequence)
        var written: [ThreadsDatabase.Message] = []
        for var message in messages.prefix(answer.sequence + 1) {
            message.thread = fork
            message.forkedFrom = origin
            try database.write(message)
            written.append(message)
        }
        if people.chance(0.6) {
            let who = people.int(below: users)
            if !answer.raters.contains(who) {
                try writeFeedback(raters.vote(good: answer.good, &people), by: who, on: fork, answer.sequence, database: database)
            }
        }
        try writeExchange(thread: fork, at: written.count, into: &written, database: database, completed: true, forkedFrom: origin)
    }

    private func user(_ number: Int) -> String { "u-" + String(number + 1_000_000).dropFirst() }
}
