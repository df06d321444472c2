import Foundation
import Testing
@testable import TripletForge

/// The rules that turn ratings into triplets, each on a real SQLite file built here.
@Suite("Mining rules")
struct MiningRulesTests {
    let good = "RAG retrieves passages and gives them to the model."
    let badA = "A rag is a piece of cloth."
    let badB = "Ragtime is a music genre."

    @Test func aThumbsUpMakesItsCitedChunksPositive() throws {
        let db = try TestDatabase()
        try db.interaction(1, query: "What is RAG?", answer: "It retrieves [2].", chunks: chunks(leaf(badA), leaf(good)), feedback: 1)
        try db.interaction(2, query: "what is rag", chunks: chunks(leaf(badB)), feedback: -1)
        let out = try TemporaryDirectory()
        let (dataset, _) = try build(db, into: out)
        // The passage it surfaced without citing is evidence against (a negative), as is the thumbs-down's.
        #expect(Set(try allRows(in: dataset)) == [["query": "What is RAG?", "positive": good, "negative": badB],
                                                  ["query": "What is RAG?", "positive": good, "negative": badA]])
    }

    @Test func anUncitedThumbsUpMakesTheTopLeafChunkPositiveUnlessConfiguredOff() throws {
        let db = try TestDatabase()
        try db.interaction(1, query: "q", answer: "no citation", chunks: chunks(leaf("proxy q", type: "question_proxy"), leaf(good), leaf(badA)), feedback: 1)
        try db.interaction(2, query: "q", chunks: chunks(leaf(badB)), feedback: -1)
        let out = try TemporaryDirectory()
        #expect(Set(try allRows(in: build(db, into: out).0).map { $0["positive"] }) == [good])

        var settings = BuildSettings()
        settings.mining.uncitedPositive = .none
        let (_, report) = try build(db, settings: settings, into: try TemporaryDirectory())
        #expect(report.manifest.counts.totalTriplets == 0)
        #expect(report.manifest.skipped["positive_without_citation"] == 1)
    }

    @Test func onlyLeafChunksBecomeTrainingText() throws {
        let db = try TestDatabase()
        try db.interaction(1, query: "q", answer: "[1] [2]", chunks: chunks(leaf("SUMMARY", type: "raptor_summary"), leaf(good)), feedback: 1)
        try db.interaction(2, query: "q", chunks: chunks(leaf("PROXY", type: "question_proxy"), leaf(badA), leaf("SUMMARY2", type: "raptor_summary")), feedback: -1)
        let (dataset, report) = try build(db, into: try TemporaryDirectory())
        let rows = try allRows(in: dataset)
        #expect(rows == [["query": "q", "positive": good, "negative": badA]])
        #expect(report.manifest.skipped["cited_non_leaf_chunk"] == 1)
        #expect(report.manifest.skipped["non_leaf_chunk"] == 2)
    }

    @Test func normalisedQueriesAreOneGroupWrittenAsFirstTyped() throws {
        let db = try TestDatabase()
        try db.interaction(1, query: "What is RAG?", answer: "[1]", chunks: chunks(leaf(good)), feedback: 1)
        try db.interaction(2, query: "  what IS   rag!", chunks: chunks(leaf(badA)), feedback: -1)
        try db.interaction(3, query: "ＷＨＡＴ is RAG", chunks: chunks(leaf(badB)), feedback: -1)
        let (dataset, report) = try build(db, into: try TemporaryDirectory())
        #expect(report.manifest.counts.queryGroups == 1)
        #expect(Set(try allRows(in: dataset).map { $0["query"]! }) == ["What is RAG?"])
        #expect(report.manifest.counts.totalTriplets == 2)
    }

    @Test func aChunkIsItsNormalisedTextNotItsIdAndShowsItsContextualisedForm() throws {
        let db = try TestDatabase()
        // Logged three ways: old app (no context), re-indexed id, different whitespace.
        try db.interaction(1, query: "q", answer: "[1]", chunks: chunks(leaf(good, docID: "old")), feedback: 1, session: "a")
        try db.interaction(2, query: "q", answer: "[1]", chunks: chunks(leaf("RAG  retrieves passages\nand gives them to the model.", context: "Guide\n" + good, docID: "new")), feedback: 1, session: "b")
        try db.interaction(3, query: "q", chunks: chunks(leaf(badA)), feedback: -1)
        let (dataset, report) = try build(db, into: try TemporaryDirectory())
        #expect(report.manifest.counts.positivePairs == 1)
        #expect(try allRows(in: dataset) == [["query": "q", "positive": "Guide\n" + good, "negative": badA]])
    }

    @Test func aChunkThatHelpedIsNeverANegativeForTheSameGroup() throws {
        let db = try TestDatabase()
        try db.interaction(1, query: "q", answer: "[1]", chunks: chunks(leaf(good)), feedback: 1, session: "a")
        try db.interaction(2, query: "q", answer: "[1]", chunks: chunks(leaf(good)), feedback: 1, session: "b")
        // A misclick (or a bad answer built on the right passage) surfaces it in a thumbs-down.
        try db.interaction(3, query: "Q?", chunks: chunks(leaf(" \(good) "), leaf(badA)), feedback: -1, session: "c")
        let (dataset, _) = try build(db, into: try TemporaryDirectory())
        let rows = try allRows(in: dataset)
        #expect(rows == [["query": "q", "positive": good, "negative": badA]])
        #expect(rows.allSatisfy { $0["positive"] != $0["negative"] })
    }

    /// A passage logged in two versions (the footer re-dated), the first cited by two thumbs-up for "q".
    func passageInTwoVersionsCitedTwice() throws -> (db: TestDatabase, march: String, may: String) {
        let body = NearDuplicateSketchTests.body
        let (march, may) = (body + "\nLast reviewed March 2024.", body + "\nLast reviewed May 2025. © Acme Corp")
        let db = try TestDatabase()
        try db.interaction(1, query: "q", answer: "[1]", chunks: chunks(leaf(march)), feedback: 1, session: "a")
        try db.interaction(2, query: "q", answer: "[1]", chunks: chunks(leaf(march)), feedback: 1, session: "b")
        return (db, march, may)
    }

    @Test func aPassageReindexedWithAChangedFooterIsOnePassage() throws {
        let (db, march, may) = try passageInTwoVersionsCitedTwice()
        // The re-indexed version surfaces in a bad answer: it is the passage that helped, not a hard negative.
        try db.interaction(3, query: "q", chunks: chunks(leaf(may), leaf(badA)), feedback: -1, session: "c")
        let (dataset, report) = try build(db, into: try TemporaryDirectory())
        #expect(try allRows(in: dataset) == [["query": "q", "positive": march, "negative": badA]])
        #expect(report.manifest.counts.nearDuplicatePassages == 1)
        #expect(report.manifest.counts.distinctPassages == 3)

        var exactOnly = BuildSettings()
        exactOnly.mining.nearDuplicateSimilarity = 0
        let (naive, _) = try build(db, settings: exactOnly, into: try TemporaryDirectory())
        #expect(Set(try allRows(in: naive).map { $0["negative"]! }) == [may, badA])
    }

    @Test func oneRatingVotesOnceOnAPassageItSurfacedInTwoVersions() throws {
        let (db, march, may) = try passageInTwoVersionsCitedTwice()
        try db.interaction(3, query: "q", chunks: chunks(leaf(march), leaf(may), leaf(badA)), feedback: -1, session: "c")
        let (dataset, report) = try build(db, into: try TemporaryDirectory())
        // Two votes for, one against: still a positive (two against would have been a conflict).
        #expect(try allRows(in: dataset) == [["query": "q", "positive": march, "negative": badA]])
        #expect(report.manifest.skipped["repeated_vote"] == 1)
    }

    @Test func splitVotesMakeNeitherALabel() throws {
        let db = try TestDatabase()
        try db.interaction(1, query: "q", answer: "[1]", chunks: chunks(leaf(good)), feedback: 1, session: "a")
        try db.interaction(2, query: "q", chunks: chunks(leaf(good), leaf(badA)), feedback: -1, session: "b")
        let (_, report) = try build(db, into: try TemporaryDirectory())
        #expect(report.manifest.counts.positivePairs == 0)
        #expect(report.manifest.counts.negativePairs == 1)
        #expect(report.manifest.dropped["conflicting_votes"] == 1)
    }

    @Test func oneMisclickDoesNotFlipAWellSupportedChunk() throws {
        let db = try TestDatabase()
        for session in ["a", "b", "c"] {
            try db.interaction(Int(session.unicodeScalars.first!.value), query: "q", answer: "[1]", chunks: chunks(leaf(good)), feedback: 1, session: session)
        }
        try db.interaction(1, query: "q", chunks: chunks(leaf(good), leaf(badA)), feedback: -1, session: "misclick")
        let (dataset, _) = try build(db, into: try TemporaryDirectory())
        #expect(try allRows(in: dataset) == [["query": "q", "positive": good, "negative": badA]])
    }

    @Test func twoChunksThatShowTheSameTextNeverPair() throws {
        let db = try TestDatabase()
        try db.interaction(1, query: "q", answer: "[1]", chunks: chunks(leaf("first raw", context: "Same shown text")), feedback: 1)
        try db.interaction(2, query: "q", chunks: chunks(leaf("second raw", context: "Same shown text"), leaf(badA)), feedback: -1)
        let (dataset, report) = try build(db, into: try TemporaryDirectory())
        #expect(try allRows(in: dataset).map { $0["negative"] } == [badA])
        #expect(report.manifest.dropped["positive_equals_negative"] == 1)
    }

    @Test func aNegativeScoredNearThePositiveIsDroppedAsALikelyFalseNegative() throws {
        let db = try TestDatabase()
        try db.interaction(1, query: "q", answer: "[1]", chunks: chunks(leaf(good, score: 0.90)), feedback: 1)
        try db.interaction(2, query: "q", chunks: chunks(leaf(badA, score: 0.88), leaf(badB, score: 0.40)), feedback: -1)
        let (dataset, report) = try build(db, into: try TemporaryDirectory())
        #expect(try allRows(in: dataset).map { $0["negative"] } == [badB])
        #expect(report.manifest.dropped["negative_scored_near_positive"] == 1)
    }

    @Test func fanOutIsCappedPerPositiveAndPerGroupHardestFirst() throws {
        let db = try TestDatabase()
        try db.interaction(1, query: "q", answer: "[1][2]", chunks: chunks(leaf("pos one", score: 0.9), leaf("pos two", score: 0.9)), feedback: 1)
        let negatives = (0..<6).map { leaf("negative \($0)", score: 0.1 * Double($0)) }
        try db.interaction(2, query: "q", chunks: "[" + negatives.joined(separator: ",") + "]", feedback: -1)
        var settings = BuildSettings()
        settings.mining.maxNegativesPerPositive = 2
        settings.mining.maxTripletsPerGroup = 3
        let (dataset, report) = try build(db, settings: settings, into: try TemporaryDirectory())
        let rows = try allRows(in: dataset)
        #expect(rows.count == 3)
        #expect(Set(rows.map { $0["negative"]! }).isSubset(of: ["negative 5", "negative 4"]))
        // 2 positives × 6 negatives = 12 candidate pairs: 3 kept, every other one counted.
        #expect(report.manifest.dropped["cap_negatives_per_positive"] == 4)
        #expect(report.manifest.dropped["cap_triplets_per_group"] == 5)
    }

    @Test func aReplayedExchangeCountsOnceAndDuplicatesAreCounted() throws {
        let db = try TestDatabase()
        try db.interaction(1, query: "q", answer: "[1]", chunks: chunks(leaf(good)), feedback: 1, session: "a")
        try db.interaction(2, query: "q", chunks: chunks(leaf(badA)), feedback: -1, session: "b")
        try db.interaction(3, query: "Q", chunks: chunks(leaf(badA)), feedback: -1, session: "b")  // replay
        try db.interaction(4, query: "q", chunks: chunks(leaf(badA)), feedback: -1, session: "c")  // another user, same pair
        let (dataset, report) = try build(db, into: try TemporaryDirectory())
        #expect(try allRows(in: dataset).count == 1)
        #expect(report.manifest.skipped["duplicate_signal"] == 1)
        #expect(report.manifest.skipped["merged_vote"] == 1)
        #expect(report.manifest.counts.negativeSignals == 2)
    }

    @Test func aGroupWithOnlyOneSideMakesNoTripletsAndSaysSo() throws {
        let db = try TestDatabase()
        try db.interaction(1, query: "only up", answer: "[1]", chunks: chunks(leaf(good)), feedback: 1)
        try db.interaction(2, query: "only down", chunks: chunks(leaf(badA)), feedback: -1)
        let (_, report) = try build(db, into: try TemporaryDirectory())
        #expect(report.manifest.counts.totalTriplets == 0)
        #expect(report.manifest.dropped["group_without_negative"] == 1)
        #expect(report.manifest.dropped["group_without_positive"] == 1)
    }
}
