/// Composes rows of the interactions layout: sessions of 1–6 answers in time order, each answer
/// (see ``AnswerComposer``) logged as one row with its chunks as JSON and one thumb, with the odd
/// double-submit replay and the odd broken row — as logs do.
struct InteractionComposer {
    let corpus: Corpus
    let model: UserModel
    private var answers: AnswerComposer
    private var rng: SeededRandom
    private var nextID: Int64 = 1
    private var clock: Int64 = 1_735_689_600  // 2025-01-01T00:00:00Z
    private let tick: Int
    private var sessionLeft = 0
    private var session: [UInt8] = []
    private var lastRated: InteractionRow?

    init(corpus: Corpus, topics: [Topic], model: UserModel, seed: UInt64, totalRows: Int) {
        self.corpus = corpus
        self.model = model
        answers = AnswerComposer(corpus: corpus, topics: topics, model: model)
        rng = SeededRandom(seed: seed, stream: 0x4000_0000)
        // Spread the log over about a year.
        tick = max(2, 2 * 31_536_000 / max(1, totalRows))
    }

    /// Fills `row` with the next row; `rated` says whether it carries feedback.
    mutating func next(rated: Bool, into row: inout InteractionRow) {
        if rated, let replay = lastRated, rng.chance(model.replayShare) {
            row = replay
            row.id = nextID; nextID += 1
            clock += 5
            row.createdAt.removeAll(keepingCapacity: true)
            Timestamp.append(clock, to: &row.createdAt)
            return
        }
        row.clear()
        row.id = nextID; nextID += 1
        advanceSession()
        row.session.append(contentsOf: session)
        Timestamp.append(clock, to: &row.createdAt)

        answers.compose(&rng, query: &row.query, answer: &row.answer)
        encodeChunks(into: &row.chunks)
        let good = answers.good

        if rated {
            var given = good ? 1 : -1
            // Drawn only when asked for, so databases generated without it stay byte-identical.
            if good, model.complaintRate > 0, rng.chance(model.complaintRate) { given = -1 }
            row.feedback = rng.chance(model.misclickRate) ? -given : given
            if rng.chance(model.badShare) { breakRow(&row) }
            lastRated = row
        }
    }

    private mutating func advanceSession() {
        clock += Int64(1 + rng.int(below: tick))
        if sessionLeft == 0 {
            sessionLeft = rng.int(in: 1...6)
            session.removeAll(keepingCapacity: true)
            session.append(ascii: "s-")
            let id = rng.next()
            for shift in stride(from: 60, through: 0, by: -4) {
                session.append(Array("0123456789abcdef".utf8)[Int((id >> UInt64(shift)) & 0xF)])
            }
        }
        sessionLeft -= 1
    }

    /// The chunks column: the retrieval as a JSON array, each chunk with its production score.
    private func encodeChunks(into out: inout [UInt8]) {
        let s = answers.style == .utf8 ? 0 : 1
        out.append(ascii: "[")
        for (rank, item) in answers.retrieved.enumerated() {
            if rank > 0 { out.append(ascii: ",") }
            switch item {
            case let .leaf(index, version):
                let chunk = corpus.chunks[index]
                switch version {
                case .original: out.append(contentsOf: chunk.encoded[s])
                case .respaced: out.append(contentsOf: chunk.reindexed![s])
                case .boilerplate: out.append(contentsOf: chunk.versioned![s])
                }
                appendScore(answers.scores[rank], to: &out)
            case let .summary(document):
                out.append(contentsOf: corpus.summaries[document][s])
                appendScore(answers.scores[rank], to: &out)
            case let .questionProxy(text):
                out.append(ascii: "{")
                JSONText.appendKey("text", to: &out)
                JSONText.appendString(text, style: answers.style, to: &out)
                out.append(ascii: #","chunk_type":"question_proxy"}"#)
            }
        }
        out.append(ascii: "]")
    }

    /// `0.xxxx}` — four decimals, as loggers usually round.
    private func appendScore(_ score: Double, to out: inout [UInt8]) {
        let scaled = Int((score * 10_000).rounded())
        out.append(ascii: "0.")
        var divisor = 1_000
        while divisor > 0 { out.append(UInt8(ascii: "0") + UInt8(scaled / divisor % 10)); divisor /= 10 }
        out.append(ascii: "}")
    }

    /// The broken rows a real log accumulates: each should be rejected and counted, not crash anything.
    private mutating func breakRow(_ row: inout InteractionRow) {
        switch rng.int(below: 4) {
        case 0: row.feedback = 2
        case 1: row.query = Array("   ".utf8)
        case 2:  // truncated JSON, cut on an ASCII byte so the column stays valid UTF-8
            var cut = row.chunks.count / 2
            while cut > 0 && row.chunks[cut] >= 0x80 { cut -= 1 }
            row.chunks.removeSubrange(cut...)
        default: row.chunks = Array(#"[{"doc_id":"no-text","chunk_type":"leaf"}]"#.utf8)
        }
    }
}
