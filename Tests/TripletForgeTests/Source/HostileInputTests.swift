import Foundation
import Testing
@testable import TripletForge

/// The corpus in Fixtures/hostile/ (see its README) plus huge cases generated here: each gives a
/// clear error or a counted reject naming the row, never a crash, a hang or silent loss.
@Suite("Hostile input")
struct HostileInputTests {
    static let corpus = packageRoot.appendingPathComponent("Fixtures/hostile")

    func dryRun(_ url: URL, lenient: Bool = true) throws -> BuildReport {
        var settings = BuildSettings()
        if lenient { settings.input.maxRejectRatio = 1 }
        return try BuildPipeline.run(BuildOptions(database: url, output: nil, settings: settings))
    }

    @Test(arguments: [
        ("empty.sqlite", "has no tables"),
        ("not-sqlite.sqlite", "file is not a database"),
        ("truncated.sqlite", "malformed"),
        ("corrupt-header.sqlite", "file is not a database"),
        ("no-tables.sqlite", "has tables chats, but no table `interactions`"),
        ("missing-columns.sqlite", "lacks column(s) session_id, created_at, answer, feedback"),
    ])
    func aBrokenFileIsAClearErrorNamingIt(file: String, message: String) throws {
        let url = Self.corpus.appendingPathComponent(file)
        #expect { _ = try dryRun(url) } throws: { error in
            "\(error)".contains(url.path) && "\(error)".contains(message)
        }
        // And from the CLI: exit 3, one line on stderr.
        let result = try runProcess(try tripletforgeExecutable(), ["build", "--db", url.path, "--dry-run"])
        #expect(result.status == 3 && result.stderr.contains(message))
    }

    @Test func everyHostileRowIsACountedRejectWithItsId() throws {
        let report = try dryRun(Self.corpus.appendingPathComponent("rows.sqlite"))
        let reasons = Dictionary(uniqueKeysWithValues: report.rejectedRows.map { ($0.rowID, $0.reason.rawValue) })
        #expect(reasons == [
            "2": "invalid_rating", "3": "invalid_rating", "4": "invalid_rating", "5": "invalid_rating",
            "6": "missing_query", "7": "malformed_chunks_json", "8": "chunks_json_too_deep", "9": "invalid_utf8",
            "10": "malformed_chunks_json", "12": "malformed_chunks_json", "13": "malformed_chunks_json",
            "14": "chunk_without_text", "15": "malformed_chunks_json", "16": "invalid_utf8", "17": "missing_query",
        ])
        #expect(report.rejectedRows.first { $0.rowID == "12" }?.detail.contains("lone high surrogate") == true)
        // Rows 1 and 11 (an escaped \u0000 is valid JSON) are signals: nothing is lost silently.
        #expect(report.manifest.counts.positiveSignals + report.manifest.counts.negativeSignals == 2)
        #expect(accountedRecords(report.manifest) == report.manifest.counts.ratedRecords)
        #expect(report.manifest.counts.ratedRecords == 17)
    }

    @Test func ratingsStoredAsTextFailTheRunWithTheReason() throws {
        #expect { _ = try dryRun(Self.corpus.appendingPathComponent("ratings-as-text.sqlite"), lenient: false) } throws: { error in
            guard case .tooManyRejects(10, 10, _, let top) = error as? TripletForgeError else { return false }
            return top.contains("invalid_rating ×10")
        }
    }

    @Test func megabytesOfJSONInOneRowAreReadOrRejectedWhole() throws {
        let db = try TestDatabase()
        let huge = String(repeating: "long passage text ", count: 300_000)  // ~5 MB
        try db.interaction(1, query: "huge chunk", answer: "[1]", chunks: chunks(leaf(huge), leaf("small")), feedback: 1)
        try db.interaction(2, query: "huge skipped field", chunks: #"[{"text":"t","blob":""# + huge + #""}]"#, feedback: -1)
        try db.interaction(3, query: "huge but cut", chunks: #"[{"text":""# + huge, feedback: -1)
        let report = try dryRun(db.url)
        #expect(report.rejectedRows.map(\.rowID) == ["3"])
        #expect(report.rejectedRows.first?.detail.contains("unterminated string") == true)
        #expect(report.manifest.counts.positiveSignals == 1 && report.manifest.counts.negativeSignals == 1)
        #expect(accountedRecords(report.manifest) == 3)
    }

    @Test func aMillionChunksInOneRowIsTheTooManyChunksReject() throws {
        let db = try TestDatabase()
        let many = "[" + Array(repeating: #"{"text":"x"}"#, count: 1_000_000).joined(separator: ",") + "]"
        try db.interaction(1, query: "fine", answer: "[1]", chunks: chunks(leaf("a"), leaf("b")), feedback: 1)
        try db.interaction(2, query: "too many", chunks: many, feedback: -1)
        let report = try dryRun(db.url)
        #expect(report.rejectedRows == [RejectedRow(table: "interactions", rowID: "2", reason: .tooManyChunks,
                                                    detail: report.rejectedRows.first?.detail ?? "")])
        #expect(report.rejectedRows.first?.detail.contains("more than \(ChunkScanner.defaultMaxChunks) chunks") == true)
    }

    @Test func aTableNameFromConfigurationCannotInjectSQL() throws {
        for hostile in [#"interactions"; DROP TABLE interactions; --"#, "x WHERE 1=1", "interactions--", "1abc", "", "ta\u{0}ble"] {
            #expect(!SQLIdentifier.isValid(hostile), "\(hostile)")
        }
        // Even unvalidated, quoting keeps a hostile name one identifier: the query fails to find
        // the table instead of running the injected statement.
        let db = try TestDatabase()
        try db.interaction(1, query: "q", answer: "[1]", chunks: chunks(leaf("a")), feedback: 1)
        db.close()
        let database = try SQLiteDatabase(readingAt: db.url.path)
        let source = InteractionsSource(database: database, table: #"interactions" WHERE 0; DROP TABLE interactions; --"#)
        let store = try EvidenceCollector(policy: MiningPolicy(), scratchDirectory: FileManager.default.temporaryDirectory)
        #expect(throws: TripletForgeError.self) {
            _ = try source.readSignals(chunks: store.chunks, accept: { _ in }, reject: { _ in })
        }
        #expect(try database.scalarInt("SELECT count(*) FROM interactions") == 1)
    }
}
