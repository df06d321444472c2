import Foundation
@testable import TripletForge

/// The threads layout for tests: `TestDatabase(schema: TestDatabase.threadsSchema)`, then
/// `message`, `chunk` and `feedback` rows.
extension TestDatabase {
    static let threadsSchema = """
    CREATE TABLE messages (
      thread_id TEXT NOT NULL, sequence_num INTEGER NOT NULL, role TEXT NOT NULL, status TEXT, text TEXT,
      created TEXT NOT NULL, forked_from_thread_id TEXT, forked_from_sequence_num INTEGER,
      PRIMARY KEY (thread_id, sequence_num));
    CREATE TABLE retrieved_chunks (
      thread_id TEXT NOT NULL, message_sequence_num INTEGER NOT NULL, rank INTEGER NOT NULL,
      chunk_id TEXT, text TEXT NOT NULL, contextualised_text TEXT, chunk_type TEXT,
      score REAL, cited INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (thread_id, message_sequence_num, rank));
    CREATE TABLE feedback (
      feedback_id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, message_sequence_num INTEGER NOT NULL,
      org_id TEXT, created_by TEXT NOT NULL, created TEXT NOT NULL, modified TEXT NOT NULL, modified_by TEXT,
      sentiment TEXT NOT NULL, categories TEXT, notes TEXT,
      admin_label TEXT, admin_note TEXT, resolved INTEGER NOT NULL DEFAULT 0, resolved_by TEXT, resolved_at TEXT,
      UNIQUE (thread_id, message_sequence_num, created_by));
    """

    func message(_ thread: String, _ sequence: Int, _ role: String, _ text: String?, status: String? = "completed",
                 forkedFrom: (thread: String, sequence: Int)? = nil, created: String = "2026-01-01T00:00:00Z") throws {
        try insert("INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [thread, sequence, role, status, text, created, forkedFrom?.thread, forkedFrom?.sequence])
    }

    func chunk(_ thread: String, _ sequence: Int, rank: Int, _ text: String, context: String? = nil, type: String? = "leaf",
               score: Double? = nil, cited: Bool = false) throws {
        try insert("INSERT INTO retrieved_chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [thread, sequence, rank, "c-\(rank)", text, context, type, score, cited ? 1 : 0])
    }

    /// A feedback record; `categories` is raw JSON text (or nil).
    func feedback(_ id: String, _ thread: String, _ sequence: Int, by user: String, _ sentiment: String, _ categories: String? = nil,
                  notes: String? = nil, adminLabel: String? = nil, adminNote: String? = nil, org: String? = nil,
                  modified: String = "2026-01-02T00:00:00Z") throws {
        try insert("""
            INSERT INTO feedback (feedback_id, thread_id, message_sequence_num, org_id, created_by, created, modified, modified_by,
                                  sentiment, categories, notes, admin_label, admin_note, resolved, resolved_by, resolved_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [id, thread, sequence, org, user, "2026-01-02T00:00:00Z", modified, adminNote.map { _ in "admin-\(user)" },
                  sentiment, categories, notes, adminLabel, adminNote, adminLabel == nil ? 0 : 1, adminNote, nil])
    }

    /// A user question (seq 0) and a completed answer (seq 1) grounded on `chunks` (text, cited).
    func exchange(_ thread: String, query: String, chunks: [(String, Bool)]) throws {
        try message(thread, 0, "user", query)
        try message(thread, 1, "assistant", "An answer.")
        for (rank, item) in chunks.enumerated() { try chunk(thread, 1, rank: rank, item.0, cited: item.1) }
    }
}

/// What a ``ThreadsSource`` read from a test database.
struct ThreadsRead {
    var signals: [Signal] = []
    var rejects: [RejectedRow] = []
    var counts = SourceCounts()
    /// Holds the chunk store the signals' keys point into.
    var collector: EvidenceCollector

    /// The training text stored for a chunk key.
    func text(_ chunk: SignalChunk) throws -> String { try collector.finish().trainingText(ofChunk: chunk.key) }
}

func readThreads(_ database: TestDatabase, excludedConversations: Set<String> = [],
                 excludedAdminLabels: Set<String> = InputSettings.defaultExcludedAdminLabels) throws -> ThreadsRead {
    let source = ThreadsSource(database: try SQLiteDatabase(readingAt: database.url.path),
                               excludedConversations: excludedConversations, excludedAdminLabels: excludedAdminLabels)
    var signals: [Signal] = []
    var rejects: [RejectedRow] = []
    let collector = try EvidenceCollector(policy: MiningPolicy(), scratchDirectory: FileManager.default.temporaryDirectory)
    let counts = try source.readSignals(chunks: collector.chunks, accept: { signals.append($0) }, reject: { rejects.append($0) })
    return ThreadsRead(signals: signals, rejects: rejects, counts: counts, collector: collector)
}
