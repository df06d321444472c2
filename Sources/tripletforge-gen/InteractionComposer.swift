/// Composes rows: who asked what, what the retriever surfaced, what the assistant cited, the thumb.
///
/// A good answer (one that earns a thumbs-up) is one whose retrieval put the topic's relevant
/// chunks near the top; its answer cites them. A bad one surfaced near misses from the same
/// document and unrelated passages, and cites some of those. Rows come in sessions of 1–6, in time
/// order, with the odd double-submit replay and the odd broken row — as logs do.
struct InteractionComposer {
    private enum Retrieved {
        case leaf(Int, Version)
        case summary(Int)
        case questionProxy(String)
    }

    /// Which logged form of a chunk a row shows.
    private enum Version { case original, respaced, boilerplate }

    let corpus: Corpus
    let topics: [Topic]
    let model: UserModel
    private var rng: SeededRandom
    private var nextID: Int64 = 1
    private var clock: Int64 = 1_735_689_600  // 2025-01-01T00:00:00Z
    private let tick: Int
    private var sessionLeft = 0
    private var session: [UInt8] = []
    private var lastRated: InteractionRow?
    private var retrieved: [Retrieved] = []
    private var scratch: [Int] = []

    init(corpus: Corpus, topics: [Topic], model: UserModel, seed: UInt64, totalRows: Int) {
        self.corpus = corpus
        self.topics = topics
        self.model = model
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

        let topicIndex = Int(Double(topics.count) * pow2(rng.unit()))  // popular topics first
        let topic = topics[topicIndex]
        let phrasingRoll = rng.int(below: 10)
        let phrasing = topic.phrasings[min(topic.phrasings.count - 1, phrasingRoll < 6 ? 0 : phrasingRoll < 9 ? 1 : 2)]
        let good = rng.chance(model.upShare)
        let style: JSONText.Style = rng.chance(model.asciiEscapedShare) ? .asciiEscaped : .utf8
        row.query.append(contentsOf: TopicCatalog.typed(phrasing, &rng).utf8)

        let cited = retrieve(topic: topic, phrasing: phrasing, good: good)
        encodeChunks(style: style, good: good, into: &row.chunks)
        writeAnswer(citing: cited, into: &row.answer)

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

    /// Fills `retrieved` in rank order; returns the 1-based ranks the answer will cite.
    private mutating func retrieve(topic: Topic, phrasing: String, good: Bool) -> [Int] {
        retrieved.removeAll(keepingCapacity: true)
        let u = rng.unit()
        let total = 5 + Int(u * u * 16)  // 5–20, mostly short lists
        var nonLeaves: [Retrieved] = []
        if rng.chance(model.summaryShare) {
            nonLeaves.append(.summary(good ? topic.document : rng.int(below: corpus.documents.count)))
        }
        if rng.chance(model.questionProxyShare) { nonLeaves.append(.questionProxy(phrasing)) }
        let leafCount = total - nonLeaves.count

        scratch = topic.nearMisses
        rng.shuffle(&scratch)
        var leaves: [Int] = []
        var relevantRanks: [Int] = []
        if good {
            var relevant = topic.relevant
            rng.shuffle(&relevant)
            leaves = Array(relevant.prefix(rng.int(in: 1...min(3, relevant.count))))
            relevantRanks = Array(0..<leaves.count)
            // One near miss sometimes outranks a relevant chunk.
            if rng.chance(0.3), let miss = scratch.first {
                leaves.insert(miss, at: 0); scratch.removeFirst()
                relevantRanks = relevantRanks.map { $0 + 1 }
            }
        }
        let misses = min(scratch.count, max(0, leafCount - leaves.count) / 2 + rng.int(below: 2))
        leaves.append(contentsOf: scratch.prefix(misses))
        while leaves.count < leafCount {
            let candidate = rng.int(below: corpus.chunks.count)
            if corpus.chunks[candidate].document != topic.document { leaves.append(candidate) }
        }
        if !good, rng.chance(model.relevantInBadShare), leafCount > 3 {
            leaves[rng.int(in: 3...(leafCount - 1))] = rng.pick(topic.relevant)
        }
        leaves = Array(leaves.prefix(leafCount))

        for chunk in leaves {
            var version = Version.original
            if corpus.chunks[chunk].reindexed != nil && rng.chance(0.2) { version = .respaced }
            // Both crawls of a versioned page stay in the index: either may be retrieved.
            if corpus.chunks[chunk].versioned != nil && rng.chance(0.5) { version = .boilerplate }
            retrieved.append(.leaf(chunk, version))
        }
        // Retrieval aids go near the top; they shift the ranks of the leaves below them.
        for aid in nonLeaves {
            let rank = rng.int(below: min(3, retrieved.count + 1))
            retrieved.insert(aid, at: rank)
            relevantRanks = relevantRanks.map { $0 >= rank ? $0 + 1 : $0 }
        }

        var cited: [Int]
        if good {
            cited = rng.chance(model.uncitedUpShare) ? [] : relevantRanks.map { $0 + 1 }
            if !cited.isEmpty, rng.chance(0.05), let summary = retrieved.firstIndex(where: { if case .summary = $0 { true } else { false } }) {
                cited.append(summary + 1)
            }
        } else {
            cited = rng.chance(0.5) ? [] : Array(Set((0..<rng.int(in: 1...2)).map { _ in 1 + rng.int(below: min(4, retrieved.count)) })).sorted()
        }
        return cited.sorted()
    }

    private mutating func encodeChunks(style: JSONText.Style, good: Bool, into out: inout [UInt8]) {
        let s = style == .utf8 ? 0 : 1
        var score = good ? 0.80 + 0.18 * rng.unit() : 0.45 + 0.40 * rng.unit()
        out.append(ascii: "[")
        for (rank, item) in retrieved.enumerated() {
            if rank > 0 { out.append(ascii: ",") }
            switch item {
            case let .leaf(index, version):
                let chunk = corpus.chunks[index]
                switch version {
                case .original: out.append(contentsOf: chunk.encoded[s])
                case .respaced: out.append(contentsOf: chunk.reindexed![s])
                case .boilerplate: out.append(contentsOf: chunk.versioned![s])
                }
                appendScore(score, to: &out)
            case let .summary(document):
                out.append(contentsOf: corpus.summaries[document][s])
                appendScore(score, to: &out)
            case let .questionProxy(text):
                out.append(ascii: "{")
                JSONText.appendKey("text", to: &out)
                JSONText.appendString(text, style: style, to: &out)
                out.append(ascii: #","chunk_type":"question_proxy"}"#)
            }
            score = max(0.01, score - 0.005 - 0.055 * rng.unit())
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

    private mutating func writeAnswer(citing ranks: [Int], into out: inout [UInt8]) {
        out.append(contentsOf: ProseWriter.sentence(&rng).utf8)
        guard !ranks.isEmpty else {
            if rng.chance(0.5) { out.append(ascii: " "); out.append(contentsOf: ProseWriter.sentence(&rng).utf8) }
            return
        }
        switch rng.int(below: 3) {
        case 0: out.append(ascii: " [" + ranks.map(String.init).joined(separator: ", ") + "]")
        case 1: out.append(ascii: " " + ranks.map { "[\($0)]" }.joined())
        default:
            for rank in ranks {
                out.append(ascii: " "); out.append(contentsOf: ProseWriter.sentence(&rng).dropLast().utf8)
                out.append(ascii: " [\(rank)].")
            }
        }
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

    @inline(__always) private func pow2(_ x: Double) -> Double { x * x }
}
