import Foundation
import Testing
@testable import TripletForge

/// What a user sees when the server, the credentials or the schema are wrong: one clear line and
/// exit 3 (bad input), never a crash, a hang or a password.
@Suite("PostgreSQL bad input", .serialized)
struct PostgresBadInputTests {
    func dryRun(_ database: String, _ extra: [String] = []) throws -> ProcessResult {
        try runProcess(try tripletforgeExecutable(), ["build", "--db", database, "--dry-run"] + extra)
    }

    @Test func aWrongPasswordExitsThreeNamingTheRoleButNotThePassword() throws {
        let server = try PostgresServer.fromEnvironment()
        var url = try #require(URLComponents(string: server.reader("postgres")))
        url.password = "not-the-password-\(UUID().uuidString.prefix(6))"
        let result = try dryRun(url.string!)
        #expect(result.status == 3)
        #expect(result.stderr.contains("cannot connect to the PostgreSQL server") && result.stderr.contains("password authentication failed"))
        #expect(result.stderr.contains("tf_reader"))
        #expect(!result.stderr.contains(url.password!))
    }

    @Test func anUnreachableServerExitsThreeQuickly() throws {
        let started = Date()
        let result = try dryRun("postgresql://tf_reader:secret@/feedback?host=/nonexistent-\(UUID().uuidString.prefix(6))")
        #expect(result.status == 3)
        #expect(result.stderr.contains("cannot connect to the PostgreSQL server"), "\(result.stderr)")
        #expect(!result.stderr.contains("secret"))
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test func aDatabaseWithoutTheLayoutsTablesExitsThreeNamingWhatIsMissing() throws {
        let server = try PostgresServer.fromEnvironment()
        let database = try server.emptyDatabase()
        let result = try dryRun(database.readerURL)
        #expect(result.status == 3)
        #expect(result.stderr.contains("no table `interactions`"), "\(result.stderr)")
    }

    @Test func aMappedColumnThatIsNotThereExitsThreeNamingIt() throws {
        let server = try PostgresServer.fromEnvironment()
        let database = try server.database(copying: interactionsFixture)
        let directory = try TemporaryDirectory()
        let config = try configFile("""
            [source]
            layout = "interactions"
            [source.columns.interactions]
            feedback = "thumbs"
            """, in: directory)
        let result = try dryRun(database.readerURL, ["--config", config])
        #expect(result.status == 3)
        #expect(result.stderr.contains("has no column `thumbs`"), "\(result.stderr)")
    }

    @Test func aTableTheRoleMayNotReadExitsThreeWithTheServersReason() throws {
        let server = try PostgresServer.fromEnvironment()
        let database = try server.database(copying: interactionsFixture)
        try database.admin().execute("REVOKE SELECT ON interactions FROM tf_reader")
        let result = try dryRun(database.readerURL)
        #expect(result.status == 3)
        #expect(result.stderr.contains("permission denied"), "\(result.stderr)")
    }

    @Test func aStatementTimeoutExitsThree() throws {
        let server = try PostgresServer.fromEnvironment()
        let database = try server.database(copying: interactionsFixture)
        let directory = try TemporaryDirectory()
        // A query that takes a second, under a 100 ms statement_timeout given the libpq way.
        let config = try configFile(#"""
            [source]
            layout = "interactions"
            [source.sql]
            interactions = "SELECT i.* FROM interactions AS i, pg_sleep(1)"
            """#, in: directory)
        var url = try #require(URLComponents(string: database.readerURL))
        url.queryItems = (url.queryItems ?? []) + [URLQueryItem(name: "options", value: "-c statement_timeout=100")]
        let result = try dryRun(url.string!, ["--config", config])
        #expect(result.status == 3)
        #expect(result.stderr.contains("statement timeout"), "\(result.stderr)")
    }

    @Test func aSourceSQLQueryThatWritesIsRefusedEvenForASuperuser() throws {
        let server = try PostgresServer.fromEnvironment()
        let database = try server.database(copying: interactionsFixture)
        let before = try database.admin().count("SELECT count(*) FROM interactions")
        let directory = try TemporaryDirectory()
        for query in ["WITH gone AS (DELETE FROM interactions RETURNING *) SELECT * FROM gone",
                      "SELECT * FROM interactions; DELETE FROM interactions"] {
            let config = try configFile("[source]\nlayout = \"interactions\"\n[source.sql]\ninteractions = \"\(query)\"\n", in: directory)
            // As the superuser: the READ ONLY transaction, not the role's rights, stops the write.
            let result = try dryRun(database.adminURL, ["--config", config])
            #expect(result.status == 3, "\(query)")
            #expect(result.stderr.contains("error:"))
        }
        #expect(try database.admin().count("SELECT count(*) FROM interactions") == before)
    }

    @Test func rowsThePipelineCannotUseAreRejectedWithReasonsAsFromSQLite() throws {
        let server = try PostgresServer.fromEnvironment()
        let database = try server.database(copying: interactionsFixture)
        // A thumbs value that is neither 1 nor -1, and chunks that are not JSON.
        try database.admin().execute("""
            INSERT INTO interactions (id, session_id, created_at, query, answer, chunks, feedback) VALUES
              (900001, 's-x', '2026-02-01T00:00:00Z', 'q one', 'a', '[{"text":"t"}]', 5),
              (900002, 's-y', '2026-02-01T00:00:00Z', 'q two', 'a', '[{"text":', 1)
            """)
        let out = try TemporaryDirectory()
        let result = try cliBuild(database.readerURL, into: out.url)
        #expect(result.status == 0, "\(result.stderr)")
        let rejects = try String(contentsOf: out.url.appendingPathComponent("rejects.jsonl"), encoding: .utf8)
        #expect(rejects.contains(#""row_id":"900001""#) && rejects.contains("invalid_rating"))
        #expect(rejects.contains(#""row_id":"900002""#) && rejects.contains("malformed_chunks_json"))
    }
}
