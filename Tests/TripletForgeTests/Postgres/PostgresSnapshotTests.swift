import Foundation
import Testing
@testable import TripletForge

/// A build reads one snapshot of a live server: rows committed while it runs do not reach it.
@Suite("PostgreSQL snapshot", .serialized)
struct PostgresSnapshotTests {
    /// A writer commits new ratings and re-ratings (the same exchange rated again, the other way)
    /// every few milliseconds while the build runs. Every row carries the id of the transaction
    /// that wrote it, so afterwards the database *as the build's snapshot saw it* can be rebuilt
    /// exactly — the rows whose writer is visible in the snapshot the manifest recorded — and
    /// built again with nobody writing. Both datasets must be byte-identical.
    /// How each layout is written to while a build reads it: rows are only ever inserted, so the
    /// state a snapshot saw is "every row whose writer it sees".
    struct Scenario: Sendable, CustomTestStringConvertible {
        var layout: String
        var tables: [String]
        var setup: String
        var round: @Sendable (Int) -> String
        var testDescription: String { layout }
    }

    static let scenarios = [
        // A new exchange rated up, and an earlier exchange rated again the other way. The fixture is
        // repeated so that the single scan takes long enough for commits to land inside it.
        Scenario(layout: "interactions", tables: ["interactions"], setup: """
            INSERT INTO interactions SELECT id + k * 100000, session_id || '-' || k, created_at, query || ' #' || k, answer, chunks, feedback
              FROM interactions, generate_series(1, 30) AS k
            """, round: { round in """
            INSERT INTO interactions (id, session_id, created_at, query, answer, chunks, feedback)
              SELECT 5000000 + \(round) * 10, 's-live-\(round)', '2026-03-01T00:00:00Z', 'live question \(round)', answer, chunks, 1
              FROM interactions WHERE chunks IS NOT NULL AND feedback = 1 ORDER BY id LIMIT 1;
            INSERT INTO interactions (id, session_id, created_at, query, answer, chunks, feedback)
              SELECT 5000000 + \(round) * 10 + 1, session_id, '2026-03-01T00:00:01Z', query, answer, chunks, -feedback
              FROM interactions WHERE feedback IS NOT NULL AND id < 5000000 ORDER BY id OFFSET \(round % 50) LIMIT 1
            """ }),
        // A passage retrieved for an already rated answer, and another user's opposite vote on one:
        // the per-message lookups run all through the build, so a reader that did not hold one
        // snapshot would see some of them.
        Scenario(layout: "threads", tables: ["messages", "retrieved_chunks", "feedback"], setup: "SELECT 1", round: { round in """
            INSERT INTO retrieved_chunks (thread_id, message_sequence_num, rank, text, score, cited)
              SELECT thread_id, message_sequence_num, 1000 + \(round), 'A passage retrieved while the build runs, round \(round).', 0.99, 0
              FROM feedback WHERE feedback_id NOT LIKE 'f-live-%' ORDER BY feedback_id OFFSET \(round * 7 % 300) LIMIT 1;
            INSERT INTO feedback (feedback_id, thread_id, message_sequence_num, created_by, created, modified, sentiment, categories)
              SELECT 'f-live-\(round)', thread_id, message_sequence_num, 'live-user-\(round)', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z',
                     CASE sentiment WHEN 'positive' THEN 'negative' ELSE 'positive' END,
                     CASE sentiment WHEN 'positive' THEN '["incorrect"]' ELSE '["correct"]' END
              FROM feedback WHERE feedback_id NOT LIKE 'f-live-%' ORDER BY feedback_id OFFSET \(round * 3 % 300) LIMIT 1
            """ }),
    ]

    /// A writer commits every few milliseconds while the build runs. Every row carries the id of
    /// the transaction that wrote it, so afterwards the database *as the build's snapshot saw it*
    /// can be rebuilt exactly — the rows whose writer is visible in the snapshot the manifest
    /// recorded — and built again with nobody writing. Both datasets must be byte-identical.
    @Test(arguments: scenarios)
    func aWriterCommittingDuringTheBuildDoesNotChangeItsResult(_ scenario: Scenario) throws {
        let server = try PostgresServer.fromEnvironment()
        let live = try server.database(copying: scenario.layout == "interactions" ? interactionsFixture : threadsFixture)
        try live.admin().execute(scenario.setup)
        for table in scenario.tables {
            try live.admin().execute("ALTER TABLE \(table) ADD COLUMN written_by bigint NOT NULL DEFAULT txid_current()")
        }
        let writer = LiveWriter(url: live.adminURL, round: scenario.round)
        writer.start()
        defer { writer.stop() }
        try writer.waitForCommits(3)
        let before = writer.commits
        let out = try TemporaryDirectory()
        let built = try cliBuild(live.readerURL, into: out.url.appendingPathComponent("live"))
        let during = writer.commits - before
        writer.stop()
        #expect(built.status == 0, "\(built.stderr)")
        #expect(writer.failure == nil, "\(writer.failure ?? "")")
        #expect(during >= 2, "the writer committed only \(during) times during the build")

        let snapshot = try #require(try Manifest.read(from: out.url.appendingPathComponent("live")).input.server?.snapshot)
        let frozen = try server.emptyDatabase()
        try PostgresSession(server.admin("postgres")).execute("DROP DATABASE \(frozen.name)")
        try PostgresSession(server.admin("postgres")).execute("CREATE DATABASE \(frozen.name) TEMPLATE \(live.name)")
        let admin = try frozen.admin()
        var removed = 0
        for table in scenario.tables {
            let total = try admin.count("SELECT count(*) FROM \(table)")
            try admin.execute("DELETE FROM \(table) WHERE NOT txid_visible_in_snapshot(written_by, '\(snapshot)'::txid_snapshot)")
            removed += total - (try admin.count("SELECT count(*) FROM \(table)"))
        }
        #expect(removed > 0, "no commit landed after the build's snapshot: the test proved nothing")
        let again = try cliBuild(frozen.readerURL, into: out.url.appendingPathComponent("frozen"))
        #expect(again.status == 0, "\(again.stderr)")
        let liveFiles = try datasetFilesExceptInput(out.url.appendingPathComponent("live"))
        #expect(liveFiles.keys.contains { $0.hasPrefix("data/") })
        #expect(liveFiles == (try datasetFilesExceptInput(out.url.appendingPathComponent("frozen"))))
        #expect(try manifestExceptInput(out.url.appendingPathComponent("live")) == manifestExceptInput(out.url.appendingPathComponent("frozen")))
    }
}

/// Runs one scenario's writes, a transaction per round, on its own thread until stopped.
final class LiveWriter: @unchecked Sendable {
    let url: String
    let round: @Sendable (Int) -> String
    private let lock = NSLock()
    private var committed = 0
    private var stopping = false
    private var error: String?
    private var thread: Thread?
    private let done = DispatchSemaphore(value: 0)

    init(url: String, round: @escaping @Sendable (Int) -> String) {
        self.url = url
        self.round = round
    }

    var commits: Int { lock.withLock { committed } }
    var failure: String? { lock.withLock { error } }

    func start() {
        let thread = Thread { [self] in
            defer { done.signal() }
            do {
                let session = try PostgresSession(url)
                var round = 0
                while !lock.withLock({ stopping }) {
                    round += 1
                    try session.execute("BEGIN;\n" + self.round(round) + ";\nCOMMIT")
                    lock.withLock { committed += 1 }
                    usleep(2_000)
                }
            } catch {
                lock.withLock { self.error = "\(error)" }
            }
        }
        self.thread = thread
        thread.start()
    }

    func waitForCommits(_ count: Int) throws {
        let deadline = Date().addingTimeInterval(30)
        while commits < count {
            if let failure { throw TestError("the live writer failed: \(failure)") }
            guard Date() < deadline else { throw TestError("the live writer did not commit") }
            usleep(5_000)
        }
    }

    func stop() {
        let first = lock.withLock { () -> Bool in
            defer { stopping = true }
            return !stopping && thread != nil
        }
        if first { done.wait() }
    }
}
