import Foundation
@testable import TripletForge

/// A seeded simulation of users rating RAG answers, written to a real SQLite file, that also
/// keeps the truth: which passages are relevant to which query, and how many events of each
/// ``EventKind`` relevant and irrelevant pairs got — the rates the evidence model should find.
///
/// Each query has 3 relevant passages among 15. A good answer (half of them) surfaces one or two
/// relevant passages first, then wrong ones, and cites the relevant ones (and, with
/// `citationNoise`, a wrong one too); a bad answer surfaces wrong passages, once in four with a
/// relevant one at rank 4, and cites one of its top three half of the time. Users rate good
/// answers up and bad ones down, except for `misclickRate` of them. With `scoredAnswers`, the
/// production reranker is surer of the retrievals that were right: a good answer's scores start
/// between 0.80 and 0.98, a bad one's between 0.45 and 0.85 (otherwise every answer starts at 0.9);
/// and a near miss outranks a good answer's right passages 3 times in 10 (the wrong passage its
/// noisy citation then picks).
struct SimulatedFeedback {
    var queries = 40
    var interactions = 2_400
    var misclickRate = 0.1
    var citationNoise = 0.1
    var scoredAnswers = false
    var seed: UInt64 = 5

    /// Events by kind among truly relevant and truly irrelevant pairs, as the simulation made them.
    var relevantEvents: [Int] { events(relevant: true) }
    var irrelevantEvents: [Int] { events(relevant: false) }
    /// Every event made: its outcome, rank, the answer's best score and whether the pair is relevant.
    private var made: [(vote: VoteKind, alone: Bool, below: Bool, rank: Int, answerScore: Float, relevant: Bool)] = []
    private(set) var relevantPairs = Set<String>()
    private(set) var allPairs = Set<String>()

    /// A passage of its own words, so no two are near-duplicates of each other.
    static func passage(_ query: Int, _ index: Int) -> String {
        var random = SplitMix64(seed: UInt64(query * 100 + index))
        let words = (0..<14).map { _ in vocabulary[Int(random.next() % UInt64(vocabulary.count))] }
        return "Topic \(query), passage \(index): " + words.joined(separator: " ") + "."
    }

    static let vocabulary = """
        index shard vector token query answer model rerank passage cluster embed latency cache schema table column row \
        commit branch merge deploy build socket thread lock queue stream buffer parse encode decode hash sort filter \
        window batch epoch gradient loss metric recall precision label
        """.split(separator: " ").map(String.init)

    mutating func write(to db: TestDatabase) throws {
        var random = SplitMix64(seed: seed)
        func unit() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        func below(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
        try db.execute("BEGIN")
        for id in 1...interactions {
            let query = below(queries)
            let good = unit() < 0.5
            var shown: [Int] = []  // passage indexes: 0–2 relevant, 3–14 wrong
            var wrong = Array(3..<15)
            wrong.shuffle(using: &random)
            if good { shown = Array([0, 1, 2].shuffled(using: &random).prefix(1 + below(2))) }
            // A near miss outranks the right passages of 3 good answers in 10 (drawn only when
            // answers are scored, so the unscored simulation stays as it was).
            if scoredAnswers, good, unit() < 0.3 { shown.insert(wrong.removeFirst(), at: 0) }
            shown += wrong.prefix(5 - shown.count)
            if !good, unit() < 0.25 { shown[4] = below(3) }
            var cited = Set<Int>()
            if good {
                cited = Set(shown.indices.filter { shown[$0] < 3 })
                if unit() < citationNoise, let noise = shown.indices.first(where: { shown[$0] >= 3 }) { cited.insert(noise) }
            } else if unit() < 0.5 {
                cited = [below(3)]
            }
            let up = good != (unit() < misclickRate)
            let top = !scoredAnswers ? 0.9 : good ? 0.80 + 0.18 * unit() : 0.45 + 0.40 * unit()
            let answer = cited.sorted().map { "[\($0 + 1)]" }.joined(separator: " ")
            let json = "[" + shown.enumerated().map { leaf(Self.passage(query, $1), score: top - 0.1 * Double($0)) }.joined(separator: ",") + "]"
            try db.interaction(id, query: "question \(query)", answer: answer.isEmpty ? "no citation" : answer, chunks: json,
                               feedback: up ? 1 : -1, session: "s\(id)")
            for (rank, passage) in shown.enumerated() {
                let vote: VoteKind = !up ? .down : cited.contains(rank) ? .cited : (cited.isEmpty && rank == 0 ? .topLeaf : .surfaced)
                let pair = "\(query)/\(passage)"
                allPairs.insert(pair)
                if passage < 3 { relevantPairs.insert(pair) }
                // The score as the log rounds it (four decimals), as the reader sees it.
                made.append((vote, vote == .cited && cited.count == 1, vote == .cited && cited.contains { $0 < rank },
                             rank, Float((top * 10_000).rounded() / 10_000), passage < 3))
            }
        }
        try db.execute("COMMIT")
    }

    /// Events by ``EventKind`` among relevant or irrelevant pairs, the answer-score side drawn at
    /// the median of all answers' best scores, as the reader draws it.
    private func events(relevant: Bool) -> [Int] {
        var median = AnswerScoreMedian()
        for event in made where event.rank == 0 { median.add(event.answerScore) }  // one per answer
        let line = median.median
        var counts = [Int](repeating: 0, count: EventKind.count)
        for event in made where event.relevant == relevant {
            let kind = EventKind(vote: event.vote, alone: event.alone, belowAnotherCitation: event.below, rank: UInt16(event.rank),
                                 lowScore: AnswerScoreMedian.isLow(event.answerScore, median: line))
            counts[kind.index] += 1
        }
        return counts
    }

    /// The simulation's own event rates per class (θ₁, θ₀) and share of relevant pairs (π).
    var rates: (prior: Double, relevant: [Double], irrelevant: [Double]) {
        let (r, i) = (Double(relevantEvents.reduce(0, +)), Double(irrelevantEvents.reduce(0, +)))
        return (Double(relevantPairs.count) / Double(allPairs.count), relevantEvents.map { Double($0) / r }, irrelevantEvents.map { Double($0) / i })
    }
}
