/// Composes what one answer was — the question as typed, what the retriever surfaced with which
/// production scores, what the assistant cited — for either output layout.
///
/// A good answer (one that deserves a thumbs-up) is one whose retrieval put the topic's relevant
/// chunks near the top; its answer cites them. A bad one surfaced near misses from the same
/// document and unrelated passages, and cites some of those. The randomness is the caller's
/// stream, drawn in a fixed order, so the interactions layout's bytes do not depend on this split.
struct AnswerComposer {
    enum Retrieved {
        case leaf(Int, Version)
        case summary(Int)
        case questionProxy(String)
    }

    /// Which logged form of a chunk a row shows.
    enum Version { case original, respaced, boilerplate }

    let corpus: Corpus
    let topics: [Topic]
    let model: UserModel
    /// The last answer's retrieval, in rank order, and the production score of each rank.
    private(set) var retrieved: [Retrieved] = []
    private(set) var scores: [Double] = []
    /// Whether the last answer deserved a thumbs-up, and the JSON style its row is logged in.
    private(set) var good = false
    private(set) var style = JSONText.Style.utf8
    /// The last answer's 1-based cited ranks.
    private(set) var cited: [Int] = []
    private var scratch: [Int] = []

    init(corpus: Corpus, topics: [Topic], model: UserModel) {
        self.corpus = corpus
        self.topics = topics
        self.model = model
    }

    /// Composes the next answer: the query as typed into `query`, the answer text into `answer`.
    mutating func compose(_ rng: inout SeededRandom, query: inout [UInt8], answer: inout [UInt8]) {
        let topicIndex = Int(Double(topics.count) * pow2(rng.unit()))  // popular topics first
        let topic = topics[topicIndex]
        let phrasingRoll = rng.int(below: 10)
        let phrasing = topic.phrasings[min(topic.phrasings.count - 1, phrasingRoll < 6 ? 0 : phrasingRoll < 9 ? 1 : 2)]
        good = rng.chance(model.upShare)
        style = rng.chance(model.asciiEscapedShare) ? .asciiEscaped : .utf8
        query.append(contentsOf: TopicCatalog.typed(phrasing, &rng).utf8)

        cited = retrieve(&rng, topic: topic, phrasing: phrasing, good: good)
        drawScores(&rng)
        writeAnswer(&rng, citing: cited, into: &answer)
    }

    /// Fills `retrieved` in rank order; returns the 1-based ranks the answer will cite.
    private mutating func retrieve(_ rng: inout SeededRandom, topic: Topic, phrasing: String, good: Bool) -> [Int] {
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
        // Drawn only when asked for, so databases generated without it stay byte-identical.
        if model.retrieverQuality < 1, rng.chance(1 - model.retrieverQuality) {
            relevantRanks = Self.promote(topic.stickyDistractors, in: &leaves, keeping: Set(relevantRanks.map { leaves[$0] }), count: leafCount)
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
            if !cited.isEmpty, model.citationNoise > 0, rng.chance(model.citationNoise) {
                addWrongCitation(&rng, to: &cited, relevantRanks: relevantRanks, relevant: topic.relevant)
            }
        } else {
            cited = rng.chance(0.5) ? [] : Array(Set((0..<rng.int(in: 1...2)).map { _ in 1 + rng.int(below: min(4, retrieved.count)) })).sorted()
        }
        return cited.sorted()
    }

    /// Puts a topic's sticky distractors at the top of `leaves` (which then has at most `count`
    /// entries, dropping non-relevant ones from the bottom); returns the new ranks of `relevant`.
    private static func promote(_ sticky: [Int], in leaves: inout [Int], keeping relevant: Set<Int>, count: Int) -> [Int] {
        let top = Array(sticky.prefix(max(0, count - 1)))
        var rest = leaves.filter { !top.contains($0) }
        while top.count + rest.count > count, let drop = rest.lastIndex(where: { !relevant.contains($0) }) {
            rest.remove(at: drop)
        }
        leaves = Array((top + rest).prefix(count))
        return leaves.indices.filter { relevant.contains(leaves[$0]) }
    }

    /// Citation noise: the answer also cites one of the top surfaced leaves that is not relevant,
    /// and three times in ten drops one of its relevant citations for it.
    private func addWrongCitation(_ rng: inout SeededRandom, to cited: inout [Int], relevantRanks: [Int], relevant: [Int]) {
        let wrong = retrieved.indices.filter {
            if case let .leaf(chunk, _) = retrieved[$0] { return !relevant.contains(chunk) }
            return false
        }
        guard !wrong.isEmpty else { return }
        let pick = wrong[rng.int(below: min(wrong.count, 3))] + 1
        if relevantRanks.count > 1, rng.chance(0.3), let index = cited.firstIndex(of: rng.pick(relevantRanks) + 1) {
            cited.remove(at: index)
        }
        cited.append(pick)
    }

    /// Production reranker scores, descending with rank (question proxies are logged without one).
    private mutating func drawScores(_ rng: inout SeededRandom) {
        scores.removeAll(keepingCapacity: true)
        var score = good ? 0.80 + 0.18 * rng.unit() : 0.45 + 0.40 * rng.unit()
        for _ in retrieved {
            scores.append(score)
            score = max(0.01, score - 0.005 - 0.055 * rng.unit())
        }
    }

    private func writeAnswer(_ rng: inout SeededRandom, citing ranks: [Int], into out: inout [UInt8]) {
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

    @inline(__always) private func pow2(_ x: Double) -> Double { x * x }
}
