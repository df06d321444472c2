import Foundation
import Testing
@testable import TripletForge

/// Nothing but query, positive and negative text reaches a dataset; nothing of a deleted
/// conversation reaches it at all.
@Suite("Leaks")
struct LeakTests {
    /// Builds `db` with the CLI (so stdout is scanned too) and returns every byte it wrote.
    func buildAndReadEverything(_ db: TestDatabase, extra: [String] = []) throws -> (text: String, manifest: Manifest) {
        db.close()
        let out = try TemporaryDirectory()
        let dataset = out.url.appendingPathComponent("ds")
        let result = try runProcess(try tripletforgeExecutable(), ["build", "--db", db.url.path, "--out", dataset.path,
                                                                   "--verbose", "--max-reject-ratio", "1"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(DatasetValidator.validate(dataset).isValid)
        let json = try runProcess(try tripletforgeExecutable(), ["build", "--db", db.url.path, "--dry-run", "--json", "--max-reject-ratio", "1"] + extra)
        return (try everyByteOfDataset(dataset) + result.stdout + result.stderr + json.stdout, try Manifest.read(from: dataset))
    }

    @Test func noSentinelFromAColumnOtherThanQueryAndChunkTextReachesAnyOutput() throws {
        let db = try TestDatabase()
        func chunk(_ text: String, _ n: Int) -> String {
            #"{"text":"\#(text)","doc_id":"SENTINEL-DOC-\#(n)","section":"SENTINEL-SECTION-\#(n)","source_url":"https://SENTINEL-URL-\#(n)","#
                + #""chunk_type":"leaf","owner":{"email":"SENTINEL-EXTRA-\#(n)"}}"#
        }
        for id in 1...40 {
            let chunks = "[" + (0..<6).map { chunk("\(id % 2 == 0 ? "unhelpful" : "helpful") passage \(id % 7) number \($0)", id * 10 + $0) }.joined(separator: ",") + "]"
            try db.interaction(id, query: "question \(id % 9)", answer: "SENTINEL-ANSWER-\(id) see [1]", chunks: chunks,
                               feedback: id % 2 == 0 ? -1 : 1, session: "SENTINEL-SESSION-\(id)", createdAt: "2026-01-01T00:00:00Z")
        }
        // Rejected and unrated rows: their texts are never trained on, so never written either.
        try db.interaction(41, query: "SENTINEL-REJECTED-QUERY", chunks: "[" + chunk("SENTINEL-REJECTED-CHUNK", 0) + "]", feedback: 0)
        try db.interaction(42, query: "SENTINEL-BROKEN-QUERY", chunks: #"[{"text":"SENTINEL-BROKEN-CHUNK""#, feedback: 1)
        try db.interaction(43, query: "SENTINEL-UNRATED-QUERY", chunks: "[" + chunk("SENTINEL-UNRATED-CHUNK", 0) + "]", feedback: nil)
        let (everything, manifest) = try buildAndReadEverything(db)
        #expect(manifest.counts.totalTriplets > 0)
        #expect(manifest.counts.rejectedRecords == 2)
        #expect(!everything.contains("SENTINEL"), "leaked: \(everything.components(separatedBy: "\n").filter { $0.contains("SENTINEL") }.prefix(3))")
    }

    @Test func noTextOfAnExcludedConversationReachesAnyOutput() throws {
        let db = try TestDatabase()
        for id in 1...30 {
            let session = id % 3 == 0 ? "forget-me-\(id % 2)" : "keep-\(id)"
            let marker = session.hasPrefix("forget") ? "FORGOTTEN" : "kept"
            let chunks = "[" + (0..<5).map { leaf("\(marker) passage \(id) rank \($0)") }.joined(separator: ",") + "]"
            try db.interaction(id, query: "\(marker) question \(id % 5)", answer: "[1]", chunks: chunks,
                               feedback: id % 2 == 0 ? 1 : -1, session: session)
        }
        let list = db.directory.appendingPathComponent("deletions.txt")
        try Data("# right-to-be-forgotten requests\nforget-me-0\n  forget-me-1  \n\n".utf8).write(to: list)
        let (everything, manifest) = try buildAndReadEverything(db, extra: ["--exclude", list.path])
        #expect(manifest.skipped["deleted_by_request"] == 10)
        #expect(manifest.counts.totalTriplets > 0)
        #expect(everything.contains("kept"))
        #expect(!everything.contains("FORGOTTEN"))
        #expect(!everything.contains("forget-me"))
        #expect(accountedRecords(manifest) == manifest.counts.ratedRecords)
    }
}
