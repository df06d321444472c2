import Foundation
import Testing
@testable import TripletForge

/// Mining with the evidence model, on real SQLite files: what the learnt reliabilities do to
/// labels, the reranker's mistakes, and lost groups.
@Suite("Evidence mining")
struct EvidenceMiningTests {
    let good = "RAG retrieves passages and gives them to the model."
    let badA = "A rag is a piece of cloth."
    let badB = "Ragtime is a music genre."

    @Test func estimatedReliabilitiesRecoverTheRatesASimulatedDatabaseWasMadeWith() throws {
        let db = try TestDatabase()
        var simulation = SimulatedFeedback()
        try simulation.write(to: db)
        let (_, report) = try build(db, into: try TemporaryDirectory())
        let model = try #require(report.manifest.evidenceModel)
        let truth = simulation.rates
        // Tolerance: 0.03 on the share of relevant pairs and on each event's probability per class
        // (the prior's 200 pseudo-events per class pull rates by up to about 0.02 at this size).
        #expect(abs(model.prior - truth.prior) < 0.03, "prior \(model.prior) vs \(truth.prior)")
        for (index, event) in model.events.enumerated() {
            #expect(abs(event.relevant - truth.relevant[index]) < 0.03, "\(event.event) \(event.ranks) | relevant: \(event.relevant) vs \(truth.relevant[index])")
            #expect(abs(event.irrelevant - truth.irrelevant[index]) < 0.03, "\(event.event) \(event.ranks) | irrelevant: \(event.irrelevant) vs \(truth.irrelevant[index])")
        }
        #expect(model.converged)
    }

    @Test func theSameDatabaseGivesTheSameModelAndTheSameBytes() throws {
        let db = try TestDatabase()
        var simulation = SimulatedFeedback()
        simulation.interactions = 600
        try simulation.write(to: db)
        let (first, one) = try build(db, into: try TemporaryDirectory())
        let (second, two) = try build(db, into: try TemporaryDirectory())
        #expect(one.manifest.evidenceModel == two.manifest.evidenceModel)
        let manifest = { (dataset: URL) in try Data(contentsOf: dataset.appendingPathComponent(Manifest.fileName)) }
        #expect(try manifest(first) == manifest(second))
    }

    /// Plain groups around the ones a test is about, so the model has something to learn from:
    /// each has two thumbs-up citing its right passage at rank 0 above two wrong ones, and two
    /// thumbs-down surfacing wrong ones.
    func background(_ db: TestDatabase, groups: Int = 30) throws {
        var id = 10_000
        for group in 0..<groups {
            let right = "The right passage for background question \(group) explains it fully."
            let wrong = (0..<4).map { "Background passage \($0) about an unrelated matter, number \(group * 7 + $0)." }
            for (index, session) in ["a", "b"].enumerated() {
                id += 1
                try db.interaction(id, query: "background \(group)", answer: "[1]",
                                   chunks: chunks(leaf(right, score: 0.9), leaf(wrong[index], score: 0.7), leaf(wrong[index + 2], score: 0.6)),
                                   feedback: 1, session: "\(session)\(group)")
                id += 1
                try db.interaction(id, query: "background \(group)", chunks: chunks(leaf(wrong[index + 1], score: 0.8), leaf(wrong[(index + 3) % 4], score: 0.5)),
                                   feedback: -1, session: "d\(session)\(group)")
            }
        }
    }

    @Test func aRerankerMistakeWithStrongEvidenceIsKeptAsAHardNegative() throws {
        let db = try TestDatabase()
        try background(db)
        // The production reranker puts badA first every time; users keep citing the passage below it.
        for id in 1...3 {
            try db.interaction(id, query: "q", answer: "[2]", chunks: chunks(leaf(badA, score: 0.95), leaf(good, score: 0.70)), feedback: 1, session: "u\(id)")
            try db.interaction(id + 10, query: "q", chunks: chunks(leaf(badA, score: 0.93), leaf(badB, score: 0.5)), feedback: -1, session: "v\(id)")
        }
        let (dataset, report) = try build(db, into: try TemporaryDirectory())
        let rows = try allRows(in: dataset).filter { $0["query"] == "q" }
        #expect(rows.contains { $0["positive"] == good && $0["negative"] == badA })
        #expect(report.manifest.evidenceModel?.rerankerMistakes ?? 0 >= 1)
        #expect(report.manifest.dropped["negative_scored_near_positive"] == 0)
    }

    @Test func aSingleMisclickCannotMakeAPositiveAgainstContradictingEvidence() throws {
        let db = try TestDatabase()
        try background(db)
        for id in 1...2 {
            try db.interaction(id, query: "q", answer: "[1]", chunks: chunks(leaf(good), leaf(badA)), feedback: 1, session: "u\(id)")
        }
        for id in 3...5 {
            try db.interaction(id, query: "q", chunks: chunks(leaf(badB), leaf(badA)), feedback: -1, session: "u\(id)")
        }
        // One thumbs-up on a bad answer that cites badA.
        try db.interaction(6, query: "q", answer: "[2]", chunks: chunks(leaf(badB), leaf(badA)), feedback: 1, session: "misclick")
        let (dataset, report) = try build(db, into: try TemporaryDirectory())
        let rows = try allRows(in: dataset).filter { $0["query"] == "q" }
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0["positive"] == good })
        #expect(report.manifest.counts.totalTriplets > 0)
    }

    @Test func aThumbsUpAloneGivesNegativesFromWhatItSurfacedWithoutCiting() throws {
        let db = try TestDatabase()
        try background(db)
        for id in 1...2 {
            try db.interaction(id, query: "only up", answer: "[1]", chunks: chunks(leaf(good), leaf(badA), leaf(badB)), feedback: 1, session: "u\(id)")
        }
        let (dataset, _) = try build(db, into: try TemporaryDirectory())
        let rows = try allRows(in: dataset).filter { $0["query"] == "only up" }
        #expect(Set(rows.map { $0["negative"]! }) == [badA, badB])
        #expect(rows.allSatisfy { $0["positive"] == good })
    }
}
