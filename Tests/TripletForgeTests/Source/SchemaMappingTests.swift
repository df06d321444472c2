import Foundation
import Testing
@testable import TripletForge

@Suite("Schema mapping ([source])")
struct SchemaMappingTests {
    /// The threads layout under other names: `chat_messages(conversation_id, position, …)`, ….
    static let renamedThreadsSchema = """
    CREATE TABLE chat_messages (conversation_id TEXT, position INTEGER, author TEXT, state TEXT, body TEXT, created TEXT,
                                parent_conversation TEXT, parent_position INTEGER);
    CREATE TABLE grounding (conversation_id TEXT, position INTEGER, rank INTEGER, text TEXT, contextualised_text TEXT,
                            chunk_type TEXT, score REAL, cited INTEGER);
    CREATE TABLE ratings (feedback_id TEXT, thread_id TEXT, message_sequence_num INTEGER, created_by TEXT, sentiment TEXT,
                          categories TEXT, notes TEXT, admin_label TEXT);
    """

    static let renamedThreadsConfig = """
    [source]
    layout = "threads"
    [source.tables]
    messages = "chat_messages"
    retrieved_chunks = "grounding"
    feedback = "ratings"
    [source.columns.messages]
    thread_id = "conversation_id"
    sequence_num = "position"
    role = "author"
    status = "state"
    text = "body"
    forked_from_thread_id = "parent_conversation"
    forked_from_sequence_num = "parent_position"
    [source.columns.retrieved_chunks]
    thread_id = "conversation_id"
    message_sequence_num = "position"
    """

    func renamedThreads() throws -> TestDatabase {
        let db = try TestDatabase(schema: Self.renamedThreadsSchema)
        try db.insert("INSERT INTO chat_messages VALUES ('c1', 0, 'user', 'completed', 'What is RAG?', '2026-01-01T00:00:00Z', NULL, NULL)", [])
        try db.insert("INSERT INTO chat_messages VALUES ('c1', 1, 'assistant', 'completed', 'It retrieves.', '2026-01-01T00:00:01Z', NULL, NULL)", [])
        try db.insert("INSERT INTO chat_messages VALUES ('c2', 0, 'user', 'completed', 'What is RAG?', '2026-01-01T00:00:00Z', 'c1', 1)", [])
        try db.insert("INSERT INTO chat_messages VALUES ('c2', 1, 'assistant', 'completed', 'It retrieves.', '2026-01-01T00:00:01Z', 'c1', 1)", [])
        try db.insert("INSERT INTO grounding VALUES ('c1', 1, 0, 'RAG retrieves passages.', NULL, NULL, 0.9, 1)", [])
        try db.insert("INSERT INTO grounding VALUES ('c1', 1, 1, 'A rag is a cloth.', NULL, 'leaf', 0.4, 0)", [])
        try db.insert("INSERT INTO ratings VALUES ('r1', 'c1', 1, 'u1', 'positive', '[\"correct\"]', NULL, NULL)", [])
        try db.insert("INSERT INTO ratings VALUES ('r2', 'c2', 1, 'u2', 'positive', NULL, NULL, NULL)", [])
        return db
    }

    @Test("a threads database under other table and column names reads like the built-in layout")
    func renamedThreadsLayout() throws {
        let db = try renamedThreads()
        let settings = try Configuration.parse(Self.renamedThreadsConfig).build
        #expect(settings.source?.layout == .threads)
        #expect(settings.source?.tables["messages"] == "chat_messages")
        let report = try BuildPipeline.run(BuildOptions(database: db.url, output: nil, settings: settings))
        #expect(report.manifest.layout == "threads")
        #expect(report.manifest.counts.ratedRecords == 2)
        #expect(report.manifest.counts.positiveSignals == 1)  // the fork's copy is merged
        #expect(report.manifest.skipped["merged_fork_copy"] == 1)
        #expect(report.manifest.settings.source == settings.source)
    }

    @Test("an interactions table under another name, with renamed columns")
    func renamedInteractionsLayout() throws {
        let db = try TestDatabase(schema: """
            CREATE TABLE qa_log (id INTEGER PRIMARY KEY, conversation TEXT, at TEXT, question TEXT, answer TEXT, chunks TEXT, thumbs INTEGER);
            """)
        try db.insert("INSERT INTO qa_log VALUES (1, 's', '2026-01-01T00:00:00Z', 'What is RAG?', 'See [1].', ?, 1)",
                      [chunks(leaf("RAG retrieves passages."))])
        try db.insert("INSERT INTO qa_log VALUES (2, 's2', '2026-01-01T00:00:00Z', 'what is rag', 'No.', ?, -1)",
                      [chunks(leaf("A rag is a cloth."))])
        let settings = try Configuration.parse("""
            [source]
            layout = "interactions"
            tables = { interactions = "qa_log" }
            columns.interactions = { session_id = "conversation", created_at = "at", query = "question", feedback = "thumbs" }
            """).build
        let report = try BuildPipeline.run(BuildOptions(database: db.url, output: nil, settings: settings))
        #expect(report.manifest.layout == "interactions")
        #expect(report.manifest.counts.totalTriplets == 1)
        #expect(report.manifest.input.tableRows == ["interactions": 2])
    }

    /// An app that logs answers in one table and keeps ratings, spelled 'up'/'down', in another.
    func splitRatingsDatabase() throws -> TestDatabase {
        let db = try TestDatabase(schema: """
            CREATE TABLE answer_log (id INTEGER PRIMARY KEY, session TEXT, asked_at TEXT, question TEXT, reply TEXT, context_json TEXT);
            CREATE TABLE ratings (answer_id INTEGER, verdict TEXT);
            """)
        try db.insert("INSERT INTO answer_log VALUES (1, 's', '2026-01-01T00:00:00Z', 'What is RAG?', 'See [1].', ?)",
                      [chunks(leaf("RAG retrieves passages."))])
        try db.insert("INSERT INTO answer_log VALUES (2, 's2', '2026-01-01T00:00:00Z', 'what is rag', 'No.', ?)",
                      [chunks(leaf("A rag is a cloth."))])
        try db.insert("INSERT INTO answer_log VALUES (3, 's3', '2026-01-01T00:00:00Z', 'unrated', 'Hm.', ?)",
                      [chunks(leaf("Never rated."))])
        try db.insert("INSERT INTO ratings VALUES (1, 'up'), (2, 'down')", [])
        return db
    }

    static let splitRatingsSQL = """
        [source]
        layout = "interactions"
        [source.sql]
        interactions = \"\"\"
          SELECT l.id, l.session AS session_id, l.asked_at AS created_at, l.question AS query,
                 l.reply AS answer, l.context_json AS chunks,
                 CASE r.verdict WHEN 'up' THEN 1 WHEN 'down' THEN -1 END AS feedback
          FROM answer_log AS l LEFT JOIN ratings AS r ON r.answer_id = l.id -- the rating may be missing
        \"\"\"
        """

    @Test("the SQL that yields the canonical rows, when renaming is not enough")
    func sqlMapping() throws {
        let db = try splitRatingsDatabase()
        let before = try Data(contentsOf: db.url)
        let settings = try Configuration.parse(Self.splitRatingsSQL).build
        let out = try TemporaryDirectory()
        let (dataset, report) = try build(db, settings: settings, into: out)
        #expect(try allRows(in: dataset) == [["query": "What is RAG?", "positive": "RAG retrieves passages.", "negative": "A rag is a cloth."]])
        #expect(report.manifest.counts.ratedRecords == 2 && report.manifest.counts.unratedRecords == 1)
        #expect(report.manifest.settings.source?.sql["interactions"]?.contains("CASE r.verdict") == true)
        #expect(try Data(contentsOf: db.url) == before)
    }

    @Test("a [source.sql] query must be one read-only SELECT returning the canonical columns", arguments: [
        ("SELECT 1 AS id; DROP TABLE ratings", "one statement"),
        ("DELETE FROM ratings", "a SELECT"),
        ("SELECT id, question AS query FROM answer_log", "returns no column(s) session_id, created_at, answer, chunks, feedback"),
    ])
    func sqlMappingChecked(query: String, complaint: String) throws {
        let db = try splitRatingsDatabase()
        var settings = BuildSettings()
        settings.source = SchemaMapping(layout: .interactions, sql: ["interactions": query])
        #expect {
            try BuildPipeline.run(BuildOptions(database: db.url, output: nil, settings: settings))
        } throws: { error in
            (error as? TripletForgeError)?.description.contains(complaint) == true
        }
        #expect(try SQLiteDatabase(readingAt: db.url.path).tableNames() == ["answer_log", "ratings"])
    }

    @Test("a name that is not a plain identifier is rejected before any SQL runs", arguments: [
        #"messages = "chat\"; DROP TABLE ratings; --""#,
        #"messages = "chat_messages WHERE 1=1""#,
        #"messages = "1chat""#,
        #"messages = """#,
    ])
    func injectionRejected(line: String) throws {
        let text = Self.renamedThreadsConfig.replacingOccurrences(of: #"messages = "chat_messages""#, with: line)
        #expect {
            try Configuration.parse(text)
        } throws: { error in
            guard case let .invalidConfiguration(message)? = error as? TripletForgeError else { return false }
            return message.contains("not a plain SQL identifier")
        }
        // Built in code, the mapping is checked again before it touches a database.
        let db = try renamedThreads()
        let mapping = SchemaMapping(layout: .threads, columns: ["feedback": ["notes": "notes\" FROM ratings; --"]])
        #expect(throws: TripletForgeError.self) { try mapping.apply(to: SQLiteDatabase(readingAt: db.url.path)) }
        #expect(try SQLiteDatabase(readingAt: db.url.path).tableNames() == ["chat_messages", "grounding", "ratings"])
    }

    @Test("unknown canonical tables, columns and keys are configuration errors")
    func unknownNames() {
        for text in [
            "[source]\nlayout = \"threads\"\ntables = { chats = \"x\" }",
            "[source]\nlayout = \"threads\"\ncolumns.messages = { body = \"x\" }",
            "[source]\nlayout = \"chat\"",
            "[source]\ntables = { messages = \"x\" }",
            "[source]\nlayout = \"threads\"\nquery = \"SELECT 1\"",
            "[source]\nlayout = \"threads\"\nsql = { chats = \"SELECT 1\" }",
            "[source]\nlayout = \"threads\"\ntables = { messages = \"m\" }\nsql = { messages = \"SELECT 1\" }",
        ] {
            #expect(throws: TripletForgeError.self, "\(text)") { try Configuration.parse(text) }
        }
    }

    @Test("a mapping naming a missing table or column says which")
    func missingTargets() throws {
        let db = try renamedThreads()
        func error(_ mapping: SchemaMapping) throws -> String {
            var settings = BuildSettings()
            settings.source = mapping
            do {
                _ = try BuildPipeline.run(BuildOptions(database: db.url, output: nil, settings: settings))
            } catch let error as TripletForgeError {
                return error.description
            }
            throw TestError("expected an error")
        }
        var mapping = try #require(try Configuration.parse(Self.renamedThreadsConfig).build.source)
        mapping.tables["feedback"] = "feedbacks"
        #expect(try error(mapping).contains("no table `feedbacks`"))

        mapping = try #require(try Configuration.parse(Self.renamedThreadsConfig).build.source)
        mapping.columns["messages"]!["text"] = "content"
        #expect(try error(mapping).contains("table `chat_messages` has no column `content`"))

        mapping = try #require(try Configuration.parse(Self.renamedThreadsConfig).build.source)
        mapping.columns["retrieved_chunks"] = nil
        let message = try error(mapping)
        #expect(message.contains("table `grounding` (read as `retrieved_chunks`) lacks column(s) thread_id, message_sequence_num"))
        #expect(message.contains("[source.columns.retrieved_chunks]"))
    }

    @Test("without a mapping, an unknown schema is explained: what was found and what is missing")
    func unknownSchemaWithoutMapping() throws {
        let db = try renamedThreads()
        #expect {
            try BuildPipeline.run(BuildOptions(database: db.url, output: nil))
        } throws: { error in
            let text = String(describing: error)
            return text.contains("tables chat_messages, grounding, ratings") && text.contains("no table `interactions`")
        }
    }

    @Test("excluded_admin_labels is read from [input]")
    func adminLabelSetting() throws {
        let settings = try Configuration.parse("[input]\nexcluded_admin_labels = [\"spam\"]").build
        #expect(settings.input.excludedAdminLabels == ["spam"])
        #expect(BuildSettings().input.excludedAdminLabels == ["duplicate", "invalid", "spam", "test"])
    }
}
