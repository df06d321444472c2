import Foundation
import Testing
@testable import TripletForge

/// `tripletforge-gen --layout threads`: the same world as the interactions layout, written as
/// threads, rated by several users who each misclick and complain on their own.
@Suite("Benchmark generator, threads layout")
struct ThreadsGeneratorTests {
    func generate(_ arguments: [String], into directory: TemporaryDirectory, name: String) throws -> URL {
        let out = directory.url.appendingPathComponent(name)
        let result = try runProcess(try builtExecutable("tripletforge-gen"),
                                    ["--layout", "threads", "--unrated-share", "0.3"] + arguments + ["--out", out.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        return out
    }

    func scalar(_ database: URL, _ sql: String) throws -> Int { try SQLiteDatabase(readingAt: database.path).scalarInt(sql) }

    @Test func theSameArgumentsGiveTheSameBytes() throws {
        let directory = try TemporaryDirectory()
        let arguments = ["--rated", "300", "--seed", "7", "--misclick-rate", "0.1", "--complaint-rate", "0.1",
                         "--citation-noise", "0.1", "--retriever-quality", "0.8", "--boilerplate-rate", "0.2"]
        let first = try generate(arguments, into: directory, name: "a.sqlite")
        let second = try generate(arguments, into: directory, name: "b.sqlite")
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
        let otherSeed = try generate(["--rated", "300", "--seed", "8"], into: directory, name: "c.sqlite")
        #expect(try GeneratedWorld.fingerprint(of: first, table: "feedback", orderBy: "feedback_id")
                != GeneratedWorld.fingerprint(of: otherSeed, table: "feedback", orderBy: "feedback_id"))
    }

    @Test func tripletForgeReadsItWithoutRejectsBeyondTheBrokenRecords() throws {
        let directory = try TemporaryDirectory()
        func rejects(_ database: URL) throws -> Int {
            try BuildPipeline.run(BuildOptions(database: database, output: nil)).manifest.counts.rejectedRecords
        }
        let clean = try generate(["--rated", "600", "--bad-share", "0", "--misclick-rate", "0.1"], into: directory, name: "clean.sqlite")
        #expect(try rejects(clean) == 0)
        #expect(try scalar(clean, "SELECT count(*) FROM feedback") > 600)

        let dirty = try generate(["--rated", "600", "--bad-share", "0.05", "--misclick-rate", "0.1"], into: directory, name: "dirty.sqlite")
        // The records that break the taxonomy, found independently of the generator's code.
        let broken = try scalar(dirty, """
            SELECT count(*) FROM feedback WHERE sentiment NOT IN ('positive', 'negative') OR categories = 'correct'
              OR categories LIKE '%"boring"%' OR (sentiment = 'positive' AND categories LIKE '%"incorrect"%')
              OR (sentiment = 'negative' AND categories LIKE '%"correct"%')
              OR (categories LIKE '%"other"%' AND trim(coalesce(notes, '')) = '')
            """)
        #expect(broken > 10)
        let rejected = try rejects(dirty)
        // Admin-excluded records are dropped before they are checked, so a few broken ones never reach the taxonomy.
        #expect(rejected <= broken && rejected >= broken * 8 / 10, "\(rejected) rejects for \(broken) broken records")
    }

    @Test func severalRatersVoteAndEachMisclicksOnTheirOwn() throws {
        let directory = try TemporaryDirectory()
        let conflicting = """
            SELECT count(*) FROM (SELECT thread_id, message_sequence_num FROM feedback GROUP BY 1, 2
                                  HAVING min(sentiment) = 'negative' AND max(sentiment) = 'positive')
            """
        let honest = try generate(["--rated", "500", "--bad-share", "0"], into: directory, name: "honest.sqlite")
        #expect(try scalar(honest, conflicting) == 0)
        #expect(try scalar(honest, "SELECT max(n) FROM (SELECT count(DISTINCT created_by) AS n FROM feedback GROUP BY thread_id, message_sequence_num)") == 4)
        #expect(try scalar(honest, "SELECT count(*) FROM messages WHERE forked_from_thread_id IS NOT NULL") > 0)
        #expect(try scalar(honest, "SELECT count(*) FROM feedback WHERE admin_label IS NOT NULL") > 0)
        let noisy = try generate(["--rated", "500", "--bad-share", "0", "--misclick-rate", "0.2"], into: directory, name: "noisy.sqlite")
        #expect(try scalar(noisy, conflicting) > 25)
    }

    @Test func complaintsAreNegativesThatBlameOnlyTheDelivery() throws {
        let directory = try TemporaryDirectory()
        let deliveryOnly = FeedbackCategory.deliveryOnly.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let blamesDelivery = """
            SELECT count(*) FROM feedback AS f WHERE sentiment = 'negative' AND json_valid(categories)
              AND json_array_length(categories) > 0
              AND NOT EXISTS (SELECT 1 FROM json_each(f.categories) WHERE value NOT IN (\(deliveryOnly)))
            """
        let plain = try generate(["--rated", "500", "--bad-share", "0"], into: directory, name: "plain.sqlite")
        let complaining = try generate(["--rated", "500", "--bad-share", "0", "--complaint-rate", "0.2"], into: directory, name: "c.sqlite")
        #expect(try scalar(plain, blamesDelivery) == 0)
        #expect(try scalar(complaining, blamesDelivery) > 30)
    }

    @Test func theTruthFileJudgesThreadsToo() throws {
        let directory = try TemporaryDirectory()
        let truth = directory.url.appendingPathComponent("truth.jsonl")
        let database = try generate(["--rated", "500", "--bad-share", "0", "--truth-out", truth.path], into: directory, name: "t.sqlite")
        let world = try GeneratedWorld(truth: truth)
        let db = try SQLiteDatabase(readingAt: database.path)
        // Cited leaves of answers every rater liked (no misclicks here) are the topic's relevant chunks.
        let cited = try db.prepare("""
            SELECT q.text, c.text FROM retrieved_chunks AS c
            JOIN messages AS q ON q.thread_id = c.thread_id AND q.sequence_num = (
              SELECT max(sequence_num) FROM messages WHERE thread_id = c.thread_id AND sequence_num < c.message_sequence_num AND role = 'user')
            WHERE c.cited = 1 AND coalesce(c.chunk_type, 'leaf') = 'leaf' AND EXISTS (
              SELECT 1 FROM feedback AS f WHERE f.thread_id = c.thread_id AND f.message_sequence_num = c.message_sequence_num AND f.sentiment = 'positive')
            """)
        var relevant = 0, total = 0
        while try cited.step() {
            total += 1
            if world.isRelevant(TextNormalization.chunkKey(cited.text(1)!), to: cited.text(0)!) { relevant += 1 }
        }
        #expect(total > 200)
        #expect(Double(relevant) / Double(total) > 0.97, "\(relevant) of \(total)")
    }
}
