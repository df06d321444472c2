import Foundation
import Testing
@testable import TripletForge

/// What the answer as a whole says about its votes — a citation that was its only one or one below
/// another citation, an answer whose retrieval scored below the input's median — read as event
/// kinds of the evidence model, on real SQLite files.
@Suite("Answer evidence")
struct AnswerEvidenceTests {
    /// A noisy log (10 % misclicks, a wrong extra citation in 20 % of good answers) whose reranker
    /// scores right retrievals higher, as ``SimulatedFeedback/scoredAnswers`` describes.
    static func noisyLog(_ db: TestDatabase) throws {
        var simulation = SimulatedFeedback()
        simulation.citationNoise = 0.2
        simulation.scoredAnswers = true
        try simulation.write(to: db)
    }

    func weight(_ model: Manifest.EvidenceModelEntry, _ event: String, ranks: String = "0", answerScore: String = "median_or_above") throws -> Double {
        try #require(model.events.first { $0.event == event && $0.ranks == ranks && $0.answerScore == answerScore }).weight
    }

    @Test func theMedianOfAnswerScoresDoesNotDependOnOrderAndSkipsAnswersWithoutAScore() {
        var forward = AnswerScoreMedian(), backward = AnswerScoreMedian()
        let scores: [Float] = [0.91, 0.42, .nan, 0.77, 0.63, 0.88]
        for score in scores { forward.add(score) }
        for score in scores.reversed() { backward.add(score) }
        #expect(forward.answers == 5)
        #expect(forward.median == backward.median)
        #expect(abs(forward.median - 0.77) < 0.001)
        #expect(AnswerScoreMedian.isLow(0.63, median: forward.median) && !AnswerScoreMedian.isLow(0.77, median: forward.median))
        #expect(!AnswerScoreMedian.isLow(.nan, median: forward.median) && !AnswerScoreMedian.isLow(0.1, median: AnswerScoreMedian().median))
    }

    @Test func aThumbsUpOnALowScoredAnswerSpeaksLessForItsCitationAndAThumbsDownOnAHighScoredOneLessAgainstItsTopPassage() throws {
        let db = try TestDatabase()
        try Self.noisyLog(db)
        let (_, report) = try build(db, into: try TemporaryDirectory())
        let model = try #require(report.manifest.evidenceModel)
        #expect(model.events.count == EventKind.count)
        // Misclicked thumbs-up come from bad answers, which score low; misclicked thumbs-down from
        // good ones, which score high and put a relevant passage first.
        let citedHigh = try weight(model, "cited_alone_in_thumbs_up"), citedLow = try weight(model, "cited_alone_in_thumbs_up", answerScore: "below_median")
        let downHigh = try weight(model, "surfaced_in_thumbs_down"), downLow = try weight(model, "surfaced_in_thumbs_down", answerScore: "below_median")
        #expect(citedLow < citedHigh - 1, "cited alone: below the median \(citedLow), above \(citedHigh)")
        #expect(downHigh > downLow + 1, "rated down at rank 0: above the median \(downHigh), below \(downLow)")
    }

    @Test func estimatedReliabilitiesRecoverTheRatesOfEachAnswerScoreSide() throws {
        let db = try TestDatabase()
        var simulation = SimulatedFeedback()
        simulation.scoredAnswers = true
        try simulation.write(to: db)
        let (_, report) = try build(db, into: try TemporaryDirectory())
        let model = try #require(report.manifest.evidenceModel)
        let truth = simulation.rates
        // The reader tells the outcomes of a citation apart as the simulation made them.
        #expect(Set(model.events.map(\.event)).isSuperset(of: ["cited_alone_in_thumbs_up", "cited_in_thumbs_up", "cited_below_another_in_thumbs_up"]))
        // Tolerance as for the unscored simulation: 0.03 on the prior and on each event's probability.
        #expect(abs(model.prior - truth.prior) < 0.03, "prior \(model.prior) vs \(truth.prior)")
        for (index, event) in model.events.enumerated() {
            let name = "\(event.event) \(event.ranks) \(event.answerScore ?? "")"
            #expect(abs(event.relevant - truth.relevant[index]) < 0.03, "\(name) | relevant: \(event.relevant) vs \(truth.relevant[index])")
            #expect(abs(event.irrelevant - truth.irrelevant[index]) < 0.03, "\(name) | irrelevant: \(event.irrelevant) vs \(truth.irrelevant[index])")
        }
    }

    /// One thumbs-up citing `cited` alone at rank 1, below a passage it did not cite, of an answer
    /// whose best score is `score`, and one thumbs-down (scored low) surfacing two other passages:
    /// all the evidence a group has.
    func singleRatingGroup(_ db: TestDatabase, query: String, score: Double) throws -> (cited: String, wrong: [String]) {
        let cited = "The one passage that answers \(query) in full, with its steps."
        let wrong = ["An unrelated page number one for \(query).", "An unrelated page number two for \(query)."]
        try db.interaction(90_001 + query.count, query: query, answer: "It works so [2].",
                           chunks: chunks(leaf(wrong[0], score: score), leaf(cited, score: score - 0.05)), feedback: 1, session: "up \(query)")
        try db.interaction(90_101 + query.count, query: query, chunks: chunks(leaf(wrong[1], score: 0.5), leaf(wrong[0], score: 0.45)),
                           feedback: -1, session: "down \(query)")
        return (cited, wrong)
    }

    @Test func aGroupRestingOnOneWellScoredLoneCitationGetsItsPositive() throws {
        let db = try TestDatabase()
        try Self.noisyLog(db)
        let (cited, _) = try singleRatingGroup(db, query: "one good rating", score: 0.97)
        let (dataset, _) = try build(db, into: try TemporaryDirectory())
        let rows = try allRows(in: dataset).filter { $0["query"] == "one good rating" }
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0["positive"] == cited })
    }

    @Test func aLoneCitationInAnAnswerScoredBelowTheMedianMakesNoPositive() throws {
        let db = try TestDatabase()
        try Self.noisyLog(db)
        _ = try singleRatingGroup(db, query: "one doubtful rating", score: 0.5)
        let (dataset, _) = try build(db, into: try TemporaryDirectory())
        #expect(try allRows(in: dataset).filter { $0["query"] == "one doubtful rating" }.isEmpty)
    }
}
