import Foundation
import Testing
@testable import TripletForge

/// The evidence model's fit on tables drawn from a known model: it finds the rates back, and
/// always the same way.
@Suite("Evidence model")
struct EvidenceModelTests {
    /// A model to draw from: 30 % of pairs relevant; relevant pairs mostly cited near the top,
    /// irrelevant ones mostly surfaced without help lower down.
    static let truth: EvidenceModel = {
        var relevant = [Double](repeating: 0.01, count: EventKind.count), irrelevant = relevant
        func set(_ vote: VoteKind, _ rank: Int, _ r: Double, _ i: Double) {
            relevant[EventKind(vote: vote, rankBucket: rank).index] = r
            irrelevant[EventKind(vote: vote, rankBucket: rank).index] = i
        }
        set(.cited, 0, 0.30, 0.02); set(.cited, 1, 0.20, 0.02); set(.topLeaf, 0, 0.10, 0.01)
        set(.down, 0, 0.10, 0.05); set(.down, 1, 0.06, 0.12); set(.down, 2, 0.04, 0.20); set(.down, 3, 0.02, 0.18)
        set(.surfaced, 1, 0.03, 0.15); set(.surfaced, 2, 0.02, 0.12)
        let (r, i) = (relevant.reduce(0, +), irrelevant.reduce(0, +))
        return EvidenceModel(prior: 0.3, relevant: relevant.map { $0 / r }, irrelevant: irrelevant.map { $0 / i })
    }()

    /// `pairs` pairs drawn from `model`, each with 1–8 events, as the count-vector table the
    /// miner builds.
    static func table(from model: EvidenceModel, pairs: Int, seed: UInt64) -> [EventCounts: Int] {
        var random = SplitMix64(seed: seed)
        func unit() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        func draw(_ weights: [Double]) -> Int {
            var u = unit()
            for (index, weight) in weights.enumerated() { u -= weight; if u < 0 { return index } }
            return weights.count - 1
        }
        var table: [EventCounts: Int] = [:]
        for _ in 0..<pairs {
            let weights = unit() < model.prior ? model.relevant : model.irrelevant
            var counts = EventCounts()
            for _ in 0..<(1 + Int(random.next() % 8)) { counts[draw(weights)] += 1 }
            table[counts, default: 0] += 1
        }
        return table
    }

    @Test func theFitRecoversThePriorAndEveryEventRateOfTheModelTheDataCameFrom() {
        // Three classes fitted to data from two: the two wrong classes may split the wrong pairs
        // any way (and converge slowly), but together they must match the truth's wrong class.
        let fitted = EvidenceModel.fit(Self.table(from: Self.truth, pairs: 60_000, seed: 11))
        // Tolerance: 0.02 on the prior, 0.01 on each event probability of each class.
        #expect(abs(fitted.prior - Self.truth.prior) < 0.02, "prior \(fitted.prior)")
        for index in 0..<EventKind.count {
            #expect(abs(fitted.relevant[index] - Self.truth.relevant[index]) < 0.01, "relevant \(EventKind(index: index))")
            #expect(abs(fitted.irrelevant[index] - Self.truth.irrelevant[index]) < 0.01, "irrelevant \(EventKind(index: index))")
        }
    }

    @Test func theFitIsDeterministicWhateverOrderThePairsCameIn() {
        let table = Self.table(from: Self.truth, pairs: 5_000, seed: 3)
        var reordered: [EventCounts: Int] = [:]
        for (key, value) in table.sorted(by: { $0.key > $1.key }) { reordered[key] = value }
        let first = EvidenceModel.fit(table), second = EvidenceModel.fit(reordered)
        #expect(first == second)
        #expect(first.iterations <= 2 * EvidenceModel.maxIterations)
    }

    @Test func relevanceGrowsWithEveryCitationAndShrinksWithEveryThumbsDown() {
        let model = Self.truth
        var counts = EventCounts()
        counts.add(EventKind(vote: .cited, rank: 0))
        let once = model.relevance(of: counts)
        counts.add(EventKind(vote: .cited, rank: 1))
        let twice = model.relevance(of: counts)
        counts.add(EventKind(vote: .down, rank: 4))
        let contradicted = model.relevance(of: counts)
        #expect(model.prior < once && once < twice && contradicted < twice)
    }

    @Test func withTooLittleDataThePriorDecidesAndNothingIsUndefined() {
        var counts = EventCounts()
        counts.add(EventKind(vote: .cited, rank: 0))
        let fitted = EvidenceModel.fit([counts: 1])
        #expect(fitted.relevant.allSatisfy { $0 > 0 && $0.isFinite } && fitted.irrelevant.allSatisfy { $0 > 0 && $0.isFinite })
        #expect(fitted.relevance(of: counts) > 0.5)
        #expect(EvidenceModel.fit([:]).prior.isFinite)
    }

    @Test func theModelCountsTheEventsOfEachKindItWasFittedOn() {
        let cited = EventKind(vote: .cited, rank: 0), down = EventKind(vote: .down, rank: 4)
        var twoCitations = EventCounts(), mixed = EventCounts()
        twoCitations.add(cited); twoCitations.add(cited)
        mixed.add(cited); mixed.add(down)
        let fitted = EvidenceModel.fit([twoCitations: 3, mixed: 5])
        #expect(fitted.observed[cited.index] == 2 * 3 + 5)
        #expect(fitted.observed[down.index] == 5)
        #expect(fitted.observed.reduce(0, +) == 16, "every other kind, the impossible ones too, was never seen")
    }

    @Test func countsSaturateInsteadOfOverflowingIntoTheNextKind() {
        var counts = EventCounts()
        for _ in 0..<300 { counts.add(EventKind(vote: .down, rankBucket: 3)) }
        #expect(counts[EventKind(vote: .down, rankBucket: 3)] == 255)
        #expect(counts.total == 255)
        #expect(EventKind.all.map(\.index) == Array(0..<EventKind.count))
        // The last slot (a citation below another, at rank 6+ of a low-scored answer) is its own too.
        let last = EventKind(vote: .cited, belowAnotherCitation: true, rankBucket: 3, lowScore: true)
        #expect(last.index == EventKind.count - 1 && EventKind(index: last.index) == last)
        for _ in 0..<300 { counts.add(last) }
        #expect(counts[last] == 255 && counts.total == 510)
        let below = EventKind(vote: .cited, belowAnotherCitation: true, rankBucket: 2)
        #expect(EventKind(index: below.index) == below && below.name == "cited_below_another_in_thumbs_up")
        #expect(!EventKind(vote: .cited, alone: true, belowAnotherCitation: true, rankBucket: 0).belowAnotherCitation)
    }
}
