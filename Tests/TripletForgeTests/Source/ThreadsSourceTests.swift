import Foundation
import Testing
@testable import TripletForge

@Suite("Threads layout")
struct ThreadsSourceTests {
    @Test("the query is the nearest earlier user message of the thread")
    func nearestEarlierUserMessage() throws {
        let db = try TestDatabase(schema: TestDatabase.threadsSchema)
        try db.message("t", 0, "user", "How do I export?")
        try db.message("t", 1, "assistant", "Use Export.")
        try db.message("t", 2, "user", "And as PDF?")
        try db.message("t", 3, "tool", "{\"call\":\"export\"}")
        try db.message("t", 4, "assistant", "Choose PDF.")
        try db.chunk("t", 4, rank: 0, "Reports export as PDF.", cited: true)
        try db.feedback("f1", "t", 4, by: "u1", "positive", #"["correct"]"#)
        let read = try readThreads(db)
        #expect(read.signals.count == 1)
        #expect(read.signals.first?.query == "And as PDF?")
        #expect(read.signals.first?.provenance == Provenance(layout: "threads", id: "t:4", conversation: "t", createdAt: "2026-01-01T00:00:00Z"))
    }

    @Test("a rated message with no earlier user message is a reject")
    func noUserMessage() throws {
        let db = try TestDatabase(schema: TestDatabase.threadsSchema)
        try db.message("t", 0, "assistant", "Welcome!")
        try db.chunk("t", 0, rank: 0, "Greeting.")
        try db.feedback("f1", "t", 0, by: "u1", "positive")
        let read = try readThreads(db)
        #expect(read.signals.isEmpty)
        #expect(read.rejects.map(\.reason.rawValue) == ["no_user_message"])
        #expect(read.rejects.first?.rowID == "t:0")
    }

    @Test("only completed assistant messages become signals")
    func completedOnly() throws {
        let db = try TestDatabase(schema: TestDatabase.threadsSchema)
        for (thread, status) in [("a", "completed"), ("b", "generating"), ("c", "failed"), ("d", "cancelled")] {
            try db.message(thread, 0, "user", "Question \(thread)?")
            try db.message(thread, 1, "assistant", "Answer.", status: status)
            try db.chunk(thread, 1, rank: 0, "Passage \(thread).")
            try db.feedback("f-\(thread)", thread, 1, by: "u", "negative", #"["incorrect"]"#)
        }
        let read = try readThreads(db)
        #expect(read.signals.map(\.provenance.id) == ["a:1"])
        #expect(read.counts.skipped["message_not_completed"] == 3)
        #expect(read.counts.ratedRecords == 4)
    }

    @Test("chunks keep rank order, citations, kinds, scores and contextualised text")
    func chunks() throws {
        let db = try TestDatabase(schema: TestDatabase.threadsSchema)
        try db.message("t", 0, "user", "Q?")
        try db.message("t", 1, "assistant", "A.")
        try db.chunk("t", 1, rank: 2, "Third.", type: "raptor_summary")
        try db.chunk("t", 1, rank: 0, "First.", context: "Doc › First.", type: nil, score: 0.9, cited: true)
        try db.chunk("t", 1, rank: 1, "Second.", type: "question_proxy")
        try db.feedback("f1", "t", 1, by: "u", "positive")
        let read = try readThreads(db)
        let chunks = try #require(read.signals.first).chunks
        #expect(chunks.map(\.kind) == [.leaf, .questionProxy, .raptorSummary])
        #expect(chunks.map(\.cited) == [true, false, false])
        #expect(chunks.map(\.score) == [0.9, nil, nil])
        #expect(chunks[0].key.rawValue == ContentHasher.hash("First.".utf8))
        #expect(try read.text(chunks[0]) == "Doc › First.")
    }

    @Test("an exchange repeated through forks (and forks of forks) is one signal on the original")
    func forksAreOneSignal() throws {
        let db = try TestDatabase(schema: TestDatabase.threadsSchema)
        try db.exchange("orig", query: "What is RAG?", chunks: [("RAG retrieves passages.", true)])
        for (fork, parent) in [("fork1", "orig"), ("fork2", "fork1")] {
            try db.message(fork, 0, "user", "What is RAG?", forkedFrom: (parent, 1))
            try db.message(fork, 1, "assistant", "An answer.", forkedFrom: (parent, 1))
            try db.chunk(fork, 1, rank: 0, "RAG retrieves passages.", cited: true)
        }
        try db.message("fork2", 2, "user", "Who made it?", forkedFrom: ("fork1", 1))
        try db.message("fork2", 3, "assistant", "Facebook AI.", forkedFrom: ("fork1", 1))
        try db.chunk("fork2", 3, rank: 0, "RAG was introduced by Lewis et al. in 2020.")
        try db.feedback("f1", "orig", 1, by: "u1", "positive", #"["correct"]"#)
        try db.feedback("f2", "fork1", 1, by: "u2", "positive", #"["helpful"]"#)
        try db.feedback("f3", "fork2", 1, by: "u3", "positive")
        try db.feedback("f4", "fork2", 3, by: "u3", "negative", #"["incorrect"]"#)

        let read = try readThreads(db)
        #expect(read.signals.map(\.provenance.id) == ["fork2:3", "orig:1"])
        let original = try #require(read.signals.last)
        #expect(original.ratings == 3)
        #expect(original.categories == [.correct, .helpful])
        #expect(original.provenance.conversation == "orig")
        #expect(read.signals.first?.query == "Who made it?")
        #expect(read.counts.skipped["merged_fork_copy"] == 2)
    }

    @Test("several users: the majority of distinct users wins, a tie is no signal")
    func combiningVotes() throws {
        let db = try TestDatabase(schema: TestDatabase.threadsSchema)
        try db.exchange("majority", query: "Q1?", chunks: [("P1.", true)])
        try db.feedback("m1", "majority", 1, by: "u1", "negative", #"["incorrect"]"#)
        try db.feedback("m2", "majority", 1, by: "u2", "negative", #"["incomplete","slow"]"#)
        try db.feedback("m3", "majority", 1, by: "u3", "positive", #"["correct"]"#)
        try db.exchange("tie", query: "Q2?", chunks: [("P2.", true)])
        try db.feedback("t1", "tie", 1, by: "u1", "negative", #"["incorrect"]"#)
        try db.feedback("t2", "tie", 1, by: "u2", "positive", #"["correct"]"#)

        let read = try readThreads(db)
        #expect(read.signals.count == 1)
        let signal = try #require(read.signals.first)
        #expect(signal.provenance.id == "majority:1")
        #expect(signal.verdict == .negative)
        #expect(signal.ratings == 2)
        #expect(signal.categories == [.incorrect, .incomplete, .slow])
        #expect(read.counts.skipped["conflicting_feedback"] == 1)
        #expect(read.counts.skipped["outvoted_rating"] == 1)
    }

    @Test("a user who rated the original and a fork's copy votes once, with the latest record")
    func oneVotePerUser() throws {
        let db = try TestDatabase(schema: TestDatabase.threadsSchema)
        try db.exchange("orig", query: "Q?", chunks: [("P.", true)])
        try db.message("fork", 0, "user", "Q?", forkedFrom: ("orig", 1))
        try db.message("fork", 1, "assistant", "An answer.", forkedFrom: ("orig", 1))
        try db.feedback("f1", "orig", 1, by: "u1", "positive", modified: "2026-01-02T00:00:00Z")
        try db.feedback("f2", "fork", 1, by: "u1", "negative", #"["incorrect"]"#, modified: "2026-01-03T00:00:00Z")
        let read = try readThreads(db)
        #expect(read.signals.map(\.verdict) == [.negative])
        #expect(read.signals.first?.ratings == 1)
        #expect(read.counts.skipped["superseded_rating"] == 1)
    }

    @Test("records that break the taxonomy are rejects with a reason, never coerced")
    func taxonomyRejects() throws {
        let db = try TestDatabase(schema: TestDatabase.threadsSchema)
        try db.exchange("t", query: "Q?", chunks: [("P.", true)])
        let cases: [(String, String, String?, String?, String)] = [
            ("positive", #"["incorrect"]"#, nil, nil, "invalid_category_for_sentiment"),
            ("negative", #"["correct"]"#, nil, nil, "invalid_category_for_sentiment"),
            ("negative", #"["boring"]"#, nil, nil, "unknown_category"),
            ("negative", #"["other"]"#, nil, nil, "other_without_notes"),
            ("positive", #"["other"]"#, " \n ", nil, "other_without_notes"),
            ("thumbs_up", "[]", nil, nil, "unknown_sentiment"),
            ("Positive", "[]", nil, nil, "unknown_sentiment"),
            ("negative", "incorrect", nil, nil, "malformed_categories"),
            ("negative", #"[1]"#, nil, nil, "malformed_categories"),
            ("negative", #"{"incorrect":true}"#, nil, nil, "malformed_categories"),
            ("negative", #"["incorrect"] x"#, nil, nil, "malformed_categories"),
            ("negative", #"["incorrect"]"#, nil, "spam", "admin"),
        ]
        for (index, item) in cases.enumerated() {
            try db.feedback("f\(index)", "t", 1, by: "u\(index)", item.0, item.1, notes: item.2, adminLabel: item.3)
        }
        let read = try readThreads(db)
        #expect(read.signals.isEmpty)
        #expect(read.rejects.map(\.reason.rawValue).sorted() == cases.map(\.4).filter { $0 != "admin" }.sorted())
        #expect(read.rejects.allSatisfy { $0.table == "feedback" && !$0.detail.contains("boring") })
        #expect(read.counts.ratedRecords == cases.count)
    }

    @Test("`other` with notes is valid for either sentiment; categories are a set")
    func otherWithNotes() throws {
        let db = try TestDatabase(schema: TestDatabase.threadsSchema)
        try db.exchange("a", query: "Q1?", chunks: [("P1.", true)])
        try db.feedback("f1", "a", 1, by: "u", "positive", #"["other","helpful","other"]"#, notes: "nice")
        try db.exchange("b", query: "Q2?", chunks: [("P2.", true)])
        try db.feedback("f2", "b", 1, by: "u", "negative", #"["other"]"#, notes: "wrong doc")
        let read = try readThreads(db)
        #expect(read.rejects.isEmpty)
        #expect(read.signals.map(\.categories) == [[.other, .helpful], [.other]])
    }

    @Test("admin labels in the exclude list drop the record; other labels keep it")
    func adminTriage() throws {
        let db = try TestDatabase(schema: TestDatabase.threadsSchema)
        try db.exchange("a", query: "Q1?", chunks: [("P1.", true)])
        try db.feedback("f1", "a", 1, by: "u1", "positive", adminLabel: " Spam ")
        try db.feedback("f2", "a", 1, by: "u2", "positive", adminLabel: "test")
        try db.exchange("b", query: "Q2?", chunks: [("P2.", true)])
        try db.feedback("f3", "b", 1, by: "u1", "positive", adminLabel: "reviewed")
        try db.feedback("f4", "b", 1, by: "u2", "positive", adminLabel: "duplicate")

        let defaults = try readThreads(db)
        #expect(defaults.signals.map(\.provenance.id) == ["b:1"])
        #expect(defaults.signals.first?.ratings == 1)
        #expect(defaults.counts.skipped["admin_excluded:spam"] == 1)
        #expect(defaults.counts.skipped["admin_excluded:test"] == 1)
        #expect(defaults.counts.skipped["admin_excluded:duplicate"] == 1)
        #expect(defaults.counts.observed["admin_label_kept"] == 1)

        let custom = try readThreads(db, excludedAdminLabels: ["reviewed"])
        #expect(custom.signals.map(\.provenance.id) == ["a:1", "b:1"])
        #expect(custom.counts.skipped["admin_excluded:reviewed"] == 1)
    }

    @Test("threads on the deletion list never reach a signal")
    func deletionList() throws {
        let db = try TestDatabase(schema: TestDatabase.threadsSchema)
        try db.exchange("keep", query: "Q1?", chunks: [("P1.", true)])
        try db.exchange("gone", query: "Q2?", chunks: [("P2.", true)])
        try db.feedback("f1", "keep", 1, by: "u", "positive")
        try db.feedback("f2", "gone", 1, by: "u", "positive")
        let read = try readThreads(db, excludedConversations: ["gone"])
        #expect(read.signals.map(\.provenance.id) == ["keep:1"])
        #expect(read.counts.skipped["deleted_by_request"] == 1)
    }

    @Test("delivery-only negatives make no hard negatives; incorrect, incomplete, other and no category do")
    func categoryAwareMining() throws {
        let db = try TestDatabase(schema: TestDatabase.threadsSchema)
        let negatives: [(String?, String?)] = [
            (#"["formatting"]"#, nil), (#"["slow"]"#, nil), (#"["tool_failure"]"#, nil), (#"["unsafe"]"#, nil),
            (#"["refused_valid_request","formatting"]"#, nil),
            (#"["incorrect"]"#, nil), (#"["incomplete"]"#, nil), (#"["other"]"#, "off topic"), (nil, nil), (#"["incorrect","slow"]"#, nil),
        ]
        for (index, item) in negatives.enumerated() {
            try db.exchange("n\(index)", query: "Q\(index)?", chunks: [("Passage \(index).", false)])
            try db.feedback("f\(index)", "n\(index)", 1, by: "u", "negative", item.0, notes: item.1)
        }
        let report = try BuildPipeline.run(BuildOptions(database: db.url, output: nil))
        #expect(report.manifest.layout == "threads")
        #expect(report.manifest.counts.negativeSignals == 5)
        #expect(report.manifest.skipped["negative_blames_delivery_only"] == 5)
    }

    @Test("user ids, notes, org ids and admin columns never reach the dataset")
    func sentinelsNeverInDataset() throws {
        let db = try TestDatabase(schema: TestDatabase.threadsSchema)
        for topic in 1...20 {
            try db.exchange("good-\(topic)", query: "How do I enable feature \(topic)?",
                            chunks: [("Feature \(topic) is enabled in Settings.", true), ("Feature \(topic) history.", false)])
            try db.feedback("g\(topic)", "good-\(topic)", 1, by: "SENTINEL-USER-7f3a-\(topic)", "positive", #"["other"]"#,
                            notes: "SENTINEL-NOTES-7f3a", adminLabel: "reviewed", adminNote: "SENTINEL-ADMIN-NOTE-7f3a", org: "SENTINEL-ORG-7f3a")
            try db.exchange("bad-\(topic)", query: "how do i enable feature \(topic)", chunks: [("Feature \(topic) costs extra.", false)])
            try db.feedback("b\(topic)", "bad-\(topic)", 1, by: "SENTINEL-USER-7f3a-\(topic)", "negative", #"["incorrect"]"#,
                            notes: "SENTINEL-NOTES-7f3a", adminNote: "SENTINEL-ADMIN-NOTE-7f3a", org: "SENTINEL-ORG-7f3a")
        }
        try db.feedback("bad-record", "good-1", 1, by: "SENTINEL-USER-7f3a-x", "positive", #"["SENTINEL-CATEGORY-7f3a"]"#,
                        notes: "SENTINEL-NOTES-7f3a", org: "SENTINEL-ORG-7f3a")
        let output = try TemporaryDirectory()
        var settings = BuildSettings()
        settings.input.maxRejectRatio = 0.5
        let (dataset, report) = try build(db, settings: settings, into: output)
        let rows = try allRows(in: dataset)
        #expect(!rows.isEmpty)
        #expect(report.rejectedRows.map(\.reason.rawValue) == ["unknown_category"])
        for row in rows { #expect(!row.values.contains { $0.contains("SENTINEL") }) }
        try expectNoSentinel(inFilesUnder: dataset)
    }

    @Test("end to end: Fixtures/threads.sqlite builds, and the check reads it")
    func fixture() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/threads.sqlite")
        let output = try TemporaryDirectory()
        let dataset = output.url.appendingPathComponent("dataset")
        let report = try BuildPipeline.run(BuildOptions(database: fixture, output: dataset))
        let manifest = report.manifest
        #expect(manifest.layout == "threads")
        #expect(manifest.input.tableRows.keys.sorted() == ["feedback", "messages", "retrieved_chunks"])
        #expect(manifest.input.latestRatedAt != nil)
        #expect(manifest.counts.triplets["train", default: 0] > 0)
        #expect(manifest.counts.triplets["validation", default: 0] > 0)
        #expect(Set(report.rejectedRows.map(\.reason.rawValue)) == ["invalid_category_for_sentiment", "malformed_categories", "no_user_message",
                                                            "other_without_notes", "unknown_category", "unknown_sentiment"])
        for reason in ["merged_fork_copy", "conflicting_feedback", "message_not_completed", "negative_blames_delivery_only",
                       "admin_excluded:spam", "admin_excluded:test", "admin_excluded:duplicate"] {
            #expect(manifest.skipped[reason] > 0, "no \(reason) in the fixture's skip counts")
        }
        // 150 generated topics + "What is RAG?": every fork's copy merged into its original.
        #expect(manifest.counts.positiveSignals == 151)
        let rag = try allRows(in: dataset).filter { $0["query"] == "What is RAG?" }
        #expect(Set(rag.compactMap { $0["positive"] }).count == 1)
        #expect(rag.count == 3)  // two rated down, one surfaced without a citation in the thumbs-up
        try expectNoSentinel(inFilesUnder: dataset)

        let decision = try ThresholdCheck.evaluate(dataset: dataset, since: nil, policy: CheckPolicy())
        #expect(decision.totalTriplets == manifest.counts.totalTriplets)
        #expect(decision.newTriplets == decision.totalTriplets)
    }
}

/// Every file of a dataset, decompressed when gzipped, is free of `SENTINEL` strings.
func expectNoSentinel(inFilesUnder directory: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }
    #expect(files.contains { $0.lastPathComponent == Manifest.fileName }, sourceLocation: sourceLocation)
    for file in files where !file.hasDirectoryPath {
        let text = file.pathExtension == "gz" ? try gunzip(file) : String(decoding: try Data(contentsOf: file), as: UTF8.self)
        #expect(!text.contains("SENTINEL"), "\(file.lastPathComponent) contains a sentinel", sourceLocation: sourceLocation)
    }
}
