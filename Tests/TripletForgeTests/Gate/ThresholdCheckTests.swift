import Foundation
import Testing
@testable import TripletForge

@Suite("Threshold check")
struct ThresholdCheckTests {
    /// A database with `topics` query groups, each giving two triplets.
    func database(topics: Range<Int>, idOffset: Int = 0, date: String = "2026-01-01T00:00:00Z") throws -> TestDatabase {
        let db = try TestDatabase()
        try add(topics: topics, to: db, idOffset: idOffset, date: date)
        return db
    }

    func add(topics: Range<Int>, to db: TestDatabase, idOffset: Int = 0, date: String) throws {
        for topic in topics {
            try db.interaction(idOffset + topic * 2, query: "Question \(topic)?", answer: "[1]", chunks: chunks(leaf("answer \(topic)")), feedback: 1, session: "u\(topic)", createdAt: date)
            try db.interaction(idOffset + topic * 2 + 1, query: "question \(topic)", chunks: chunks(leaf("wrong \(topic)"), leaf("off \(topic)")), feedback: -1, session: "d\(topic)", createdAt: date)
        }
    }

    func policy(triplets: Int, groups: Int, maxAge: Int = 30) -> CheckPolicy {
        var policy = CheckPolicy()
        policy.minNewTriplets = triplets
        policy.minNewQueryGroups = groups
        policy.maxAgeDays = maxAge
        return policy
    }

    @Test func withoutAPreviousDatasetEverythingIsNew() throws {
        let db = try database(topics: 0..<10)
        let (dataset, _) = try build(db, into: try TemporaryDirectory())
        let due = try ThresholdCheck.evaluate(dataset: dataset, since: nil, policy: policy(triplets: 20, groups: 10))
        #expect(due.due && due.newTriplets == 20 && due.newQueryGroups == 10)
        let notDue = try ThresholdCheck.evaluate(dataset: dataset, since: nil, policy: policy(triplets: 20, groups: 11))
        #expect(!notDue.due)
        #expect(notDue.reasons.contains { $0.contains("10 query groups, fewer than 11") })
    }

    @Test func newIsByContentSoRebuiltIdsAndReRatingsDoNotCount() throws {
        let first = try database(topics: 0..<10)
        let (old, _) = try build(first, into: try TemporaryDirectory())
        // The same exchanges logged again under new ids, different sessions and spacing: nothing new.
        let rebuilt = try database(topics: 0..<10, idOffset: 10_000)
        try rebuilt.execute("UPDATE interactions SET query = '  ' || upper(query)")
        let (same, _) = try build(rebuilt, into: try TemporaryDirectory())
        let decision = try ThresholdCheck.evaluate(dataset: same, since: old, policy: policy(triplets: 1, groups: 1))
        #expect(decision.newTriplets == 0 && !decision.due)

        // Five new topics, and one old topic re-rated from down to up: its uncited answer's top leaf
        // becomes a positive and the other passage it surfaced stays a negative — one new triplet.
        try add(topics: 10..<15, to: rebuilt, idOffset: 10_000, date: "2026-01-02T00:00:00Z")
        try rebuilt.execute("UPDATE interactions SET feedback = 1 WHERE id = 10001")
        let (grown, report) = try build(rebuilt, into: try TemporaryDirectory())
        let grownDecision = try ThresholdCheck.evaluate(dataset: grown, since: old, policy: policy(triplets: 10, groups: 5))
        #expect(grownDecision.newTriplets == 11 && grownDecision.newQueryGroups == 6 && grownDecision.due,
                "\(grownDecision.newTriplets) new triplets from \(grownDecision.newQueryGroups) groups")
        #expect(grownDecision.totalTriplets == report.manifest.counts.totalTriplets)
    }

    @Test func staleDataWithAnythingNewIsDueAnyway() throws {
        let db = try database(topics: 0..<5)
        let (old, _) = try build(db, into: try TemporaryDirectory())
        try add(topics: 5..<6, to: db, idOffset: 100, date: "2026-03-01T00:00:00Z")
        let (new, _) = try build(db, into: try TemporaryDirectory())
        let stale = try ThresholdCheck.evaluate(dataset: new, since: old, policy: policy(triplets: 1_000, groups: 256, maxAge: 30))
        #expect(stale.due && stale.ageDays == 59)
        let fresh = try ThresholdCheck.evaluate(dataset: new, since: old, policy: policy(triplets: 1_000, groups: 256, maxAge: 60))
        #expect(!fresh.due)
        let nothingNew = try ThresholdCheck.evaluate(dataset: old, since: old, policy: policy(triplets: 1_000, groups: 256, maxAge: 1))
        #expect(!nothingNew.due)
    }

    @Test func aTamperedContentIndexIsRefused() throws {
        let db = try database(topics: 0..<3)
        let (dataset, _) = try build(db, into: try TemporaryDirectory())
        let index = dataset.appendingPathComponent(ContentIndex.fileName)
        var bytes = try Data(contentsOf: index)
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: index)
        #expect { _ = try ThresholdCheck.evaluate(dataset: dataset, since: nil, policy: CheckPolicy()) } throws: {
            "\($0)".contains("does not match the SHA-256")
        }
    }

    @Test func aDirectoryWithoutAManifestIsNotADataset() throws {
        let empty = try TemporaryDirectory()
        #expect { _ = try ThresholdCheck.evaluate(dataset: empty.url, since: nil, policy: CheckPolicy()) } throws: {
            "\($0)".contains("no manifest.json")
        }
    }
}
