import Foundation
import Testing
@testable import TripletForge

/// `build --db postgresql://…` against a real server holding the same fixtures as the SQLite files.
@Suite("PostgreSQL build", .serialized)
struct PostgresBuildTests {
    @Test(arguments: ["interactions", "threads"], ShardFormat.allCases)
    func theSameFixtureGivesByteIdenticalDatasetsFromPostgresAndSQLite(layout: String, format: ShardFormat) throws {
        let server = try PostgresServer.fromEnvironment()
        let fixture = layout == "interactions" ? interactionsFixture : threadsFixture
        let database = try server.database(copying: fixture)
        let out = try TemporaryDirectory()
        let args = ["--format", format.rawValue, "--negatives", "2"]
        let fromPostgres = try cliBuild(database.readerURL, into: out.url.appendingPathComponent("pg"), args)
        let fromSQLite = try cliBuild(fixture.path, into: out.url.appendingPathComponent("sqlite"), args)
        #expect(fromPostgres.status == 0, "\(fromPostgres.stderr)")
        #expect(fromSQLite.status == 0, "\(fromSQLite.stderr)")
        try expectSameDataset(out.url.appendingPathComponent("pg"), out.url.appendingPathComponent("sqlite"))
    }

    @Test func theManifestNamesTheServerAndSnapshotButNeverThePassword() throws {
        let server = try PostgresServer.fromEnvironment()
        let database = try server.database(copying: interactionsFixture)
        let out = try TemporaryDirectory()
        let result = try cliBuild(database.readerURL, into: out.url, ["--report", out.url.appendingPathComponent("report.html").path])
        #expect(result.status == 0, "\(result.stderr)")
        let input = try Manifest.read(from: out.url).input
        let serverInput = try #require(input.server)
        #expect(serverInput.version.hasPrefix("1"))
        #expect(serverInput.snapshot.range(of: #"^\d+:\d+:[\d,]*$"#, options: .regularExpression) != nil, "snapshot \(serverInput.snapshot)")
        #expect(serverInput.user == "tf_reader" && serverInput.database == database.name)
        #expect(input.fileName.hasPrefix("postgresql://tf_reader@") && input.fileName.contains(database.name))
        #expect(input.tableRows["interactions"] == (try database.admin().count("SELECT count(*) FROM interactions")))
        let password = Data(server.readerPassword.utf8)
        #expect(!password.isEmpty)
        for case let url as URL in FileManager.default.enumerator(at: out.url, includingPropertiesForKeys: nil)! where !url.hasDirectoryPath {
            let bytes = try Data(contentsOf: url)
            let text = url.pathExtension == "gz" ? Data(try gunzip(url).utf8) : bytes
            #expect(text.range(of: password) == nil, "\(url.lastPathComponent) contains the password")
        }
        #expect(!(result.stdout + result.stderr).contains(server.readerPassword))
    }

    @Test func aDryRunFromPostgresReportsWhatTheSQLiteDryRunReports() throws {
        let server = try PostgresServer.fromEnvironment()
        let database = try server.database(copying: threadsFixture)
        let executable = try tripletforgeExecutable()
        let fromPostgres = try runProcess(executable, ["build", "--db", database.readerURL, "--dry-run", "--json"])
        let fromSQLite = try runProcess(executable, ["build", "--db", threadsFixture.path, "--dry-run", "--json"])
        #expect(fromPostgres.status == 0, "\(fromPostgres.stderr)")
        func counts(_ json: String) throws -> NSDictionary? {
            ((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["manifest"] as? [String: Any])?["counts"] as? NSDictionary
        }
        let pgCounts = try #require(try counts(fromPostgres.stdout))
        #expect(pgCounts == (try counts(fromSQLite.stdout)))
        #expect((pgCounts["rated_records"] as? Int ?? 0) > 0 && (pgCounts["positive_pairs"] as? Int ?? 0) > 0)
    }

    @Test func aBuildNeedsNoRightButSelectSoItCannotWriteToTheServer() throws {
        let server = try PostgresServer.fromEnvironment()
        let database = try server.database(copying: interactionsFixture)
        // The role builds run as: it cannot insert, create a table, nor even a temporary one.
        let reader = try PostgresSession(database.readerURL)
        #expect(throws: TestError.self) { try reader.execute("INSERT INTO interactions (id, session_id, created_at, query) VALUES (-1, 's', 't', 'q')") }
        #expect(throws: TestError.self) { try reader.execute("CREATE TEMP TABLE scratch (a int)") }
        #expect(throws: TestError.self) { try reader.execute("CREATE TABLE scratch (a int)") }
        // Renaming needs no temporary views: the mapping is read through common table expressions.
        try database.admin().execute("ALTER TABLE interactions RENAME TO answer_log; ALTER TABLE answer_log RENAME COLUMN feedback TO thumbs")
        let out = try TemporaryDirectory()
        let config = try configFile("""
            [source]
            layout = "interactions"
            [source.tables]
            interactions = "answer_log"
            [source.columns.interactions]
            feedback = "thumbs"
            """, in: out)
        let fromPostgres = try cliBuild(database.readerURL, into: out.url.appendingPathComponent("pg"), ["--config", config])
        #expect(fromPostgres.status == 0, "\(fromPostgres.stderr)")
        #expect(try cliBuild(interactionsFixture.path, into: out.url.appendingPathComponent("sqlite")).status == 0)
        let pg = try datasetFilesExceptInput(out.url.appendingPathComponent("pg"))
        let sqlite = try datasetFilesExceptInput(out.url.appendingPathComponent("sqlite"))
        #expect(pg.filter { $0.key.hasPrefix("data/") } == sqlite.filter { $0.key.hasPrefix("data/") })
        #expect(pg["content-index.bin"] == sqlite["content-index.bin"])
    }

    /// The threads query is `WITH RECURSIVE`: the mapped tables join its WITH list.
    @Test func theThreadsLayoutReadsRenamedTablesAndColumnsLikeTheFixture() throws {
        let server = try PostgresServer.fromEnvironment()
        let database = try server.database(copying: threadsFixture)
        try database.admin().execute("""
            ALTER TABLE messages RENAME TO chat_messages; ALTER TABLE chat_messages RENAME COLUMN thread_id TO conversation_id;
            ALTER TABLE feedback RENAME COLUMN sentiment TO verdict; ALTER TABLE feedback RENAME TO message_ratings
            """)
        let out = try TemporaryDirectory()
        let config = try configFile("""
            [source]
            layout = "threads"
            [source.tables]
            messages = "chat_messages"
            feedback = "message_ratings"
            [source.columns.messages]
            thread_id = "conversation_id"
            [source.columns.feedback]
            sentiment = "verdict"
            """, in: out)
        let fromPostgres = try cliBuild(database.readerURL, into: out.url.appendingPathComponent("pg"), ["--config", config])
        #expect(fromPostgres.status == 0, "\(fromPostgres.stderr)")
        #expect(try cliBuild(threadsFixture.path, into: out.url.appendingPathComponent("sqlite")).status == 0)
        let pg = try datasetFilesExceptInput(out.url.appendingPathComponent("pg"))
        let sqlite = try datasetFilesExceptInput(out.url.appendingPathComponent("sqlite"))
        #expect(sqlite.keys.contains { $0.hasPrefix("data/") })
        #expect(pg == sqlite)
    }

    /// `jsonb` reorders keys and drops whitespace; its text still goes through the same chunk parser.
    @Test func aJsonbChunksColumnGivesTheSameDatasetAsTheSameJSONInText() throws {
        let server = try PostgresServer.fromEnvironment()
        let database = try server.database(copying: interactionsFixture)
        // jsonb cannot hold the fixture's malformed rows: keep the well-formed ones in both builds.
        try database.admin().execute(#"""
            CREATE FUNCTION pg_temp.is_json(t text) RETURNS boolean LANGUAGE plpgsql AS $$
              BEGIN PERFORM t::jsonb; RETURN true; EXCEPTION WHEN others THEN RETURN false; END $$;
            DELETE FROM interactions WHERE chunks IS NOT NULL AND NOT pg_temp.is_json(chunks)
            """#)
        let out = try TemporaryDirectory()
        #expect(try cliBuild(database.readerURL, into: out.url.appendingPathComponent("text")).status == 0)
        try database.admin().execute("ALTER TABLE interactions ALTER COLUMN chunks TYPE jsonb USING chunks::jsonb")
        #expect(try database.admin().value("SELECT pg_typeof(chunks)::text FROM interactions LIMIT 1") == "jsonb")
        let fromJsonb = try cliBuild(database.readerURL, into: out.url.appendingPathComponent("jsonb"))
        #expect(fromJsonb.status == 0, "\(fromJsonb.stderr)")
        var text = try datasetFilesExceptInput(out.url.appendingPathComponent("text"))
        var jsonb = try datasetFilesExceptInput(out.url.appendingPathComponent("jsonb"))
        #expect(text.keys.contains { $0.hasPrefix("data/") })
        // A reject's detail names a byte offset in the JSON text, which jsonb reformats: compare
        // which rows were rejected and why.
        func rejects(_ data: Data?) -> [String] {
            String(decoding: data ?? Data(), as: UTF8.self).split(separator: "\n").map { $0.replacingOccurrences(of: #"\(at byte \d+\)"#, with: "", options: .regularExpression) }
        }
        #expect(!rejects(text["rejects.jsonl"]).isEmpty && rejects(text.removeValue(forKey: "rejects.jsonl")) == rejects(jsonb.removeValue(forKey: "rejects.jsonl")))
        #expect(text == jsonb)
    }

    @Test func aSourceSQLQueryReadsLikeTheSameQueryInSQLite() throws {
        let server = try PostgresServer.fromEnvironment()
        let database = try server.database(copying: interactionsFixture)
        try database.admin().execute("""
            CREATE TABLE ratings AS SELECT id AS answer_id, CASE feedback WHEN 1 THEN 'up' WHEN -1 THEN 'down' END AS verdict
              FROM interactions WHERE feedback IS NOT NULL;
            ALTER TABLE interactions DROP COLUMN feedback
            """)
        let out = try TemporaryDirectory()
        let config = try configFile(#"""
            [source]
            layout = "interactions"
            [source.sql]
            interactions = """
              SELECT l.id, l.session_id, l.created_at, l.query, l.answer, l.chunks,
                     CASE r.verdict WHEN 'up' THEN 1 WHEN 'down' THEN -1 END AS feedback
              FROM interactions AS l LEFT JOIN ratings AS r ON r.answer_id = l.id;
            """
            """#, in: out)
        let fromPostgres = try cliBuild(database.readerURL, into: out.url.appendingPathComponent("pg"), ["--config", config])
        #expect(fromPostgres.status == 0, "\(fromPostgres.stderr)")
        #expect(try cliBuild(interactionsFixture.path, into: out.url.appendingPathComponent("sqlite")).status == 0)
        let pg = try datasetFilesExceptInput(out.url.appendingPathComponent("pg"))
        let sqlite = try datasetFilesExceptInput(out.url.appendingPathComponent("sqlite"))
        #expect(!pg.isEmpty && pg.filter { $0.key.hasPrefix("data/") } == sqlite.filter { $0.key.hasPrefix("data/") })
    }

    @Test func checkComparesPostgresAndSQLiteDatasetsByContent() throws {
        let server = try PostgresServer.fromEnvironment()
        let database = try server.database(copying: interactionsFixture)
        let out = try TemporaryDirectory()
        let sqlite = out.url.appendingPathComponent("sqlite"), same = out.url.appendingPathComponent("same"), older = out.url.appendingPathComponent("older")
        #expect(try cliBuild(interactionsFixture.path, into: sqlite).status == 0)
        #expect(try cliBuild(database.readerURL, into: same).status == 0)
        // An older state of the server: the later half of the exchanges were not rated yet.
        try database.admin().execute("""
            UPDATE interactions SET feedback = NULL WHERE id >= (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY id) FROM interactions)
            """)
        #expect(try cliBuild(database.readerURL, into: older).status == 0)
        func newTriplets(_ dataset: URL, since previous: URL) throws -> Int {
            let result = try runProcess(try tripletforgeExecutable(), ["check", "--dataset", dataset.path, "--since", previous.path, "--json"])
            let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            return try #require(json?["new_triplets"] as? Int, "\(result.stdout) \(result.stderr)")
        }
        #expect(try newTriplets(same, since: sqlite) == 0)
        #expect(try newTriplets(sqlite, since: older) > 0)
    }
}
