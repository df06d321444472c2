import Foundation
import CSQLite

/// Writes the threads layout (`messages`, `retrieved_chunks`, `feedback`) through SQLite's C API.
///
/// Written as ``GeneratedDatabase`` writes every generated file. The schema is the one in `Fixtures/threads.sql`, so
/// the generated file is what the hand-written fixture is, at volume. Thread ids are written in
/// ascending order, so every primary-key insert appends to its B-tree.
final class ThreadsDatabase {
    struct Message {
        var thread: String
        var sequence: Int
        var role: String
        var status: String
        var text: String?
        var created: Int64
        var forkedFrom: (thread: String, sequence: Int)?
    }

    struct Chunk {
        var rank: Int
        var chunkID: String?
        var text: String
        var contextualised: String?
        var type: String?
        var score: Double?
        var cited: Bool
    }

    struct Feedback {
        var id: String
        var thread: String
        var sequence: Int
        var org: String?
        var createdBy: String
        var created: Int64
        var modified: Int64
        var modifiedBy: String?
        var sentiment: String
        var categories: String?
        var notes: String?
        var adminLabel: String?
        var adminNote: String?
        var resolvedBy: String?
        var resolvedAt: Int64?
    }

    private let file: GeneratedDatabase
    private let insertMessage, insertChunk, insertFeedback: OpaquePointer?

    init(creatingAt path: String) throws {
        file = try GeneratedDatabase(creatingAt: path, schema: """
            CREATE TABLE messages (
              thread_id TEXT NOT NULL, sequence_num INTEGER NOT NULL,
              role TEXT NOT NULL, status TEXT, text TEXT, created TEXT NOT NULL,
              forked_from_thread_id TEXT, forked_from_sequence_num INTEGER,
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
            """)
        insertMessage = try file.prepare("INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        insertChunk = try file.prepare("INSERT INTO retrieved_chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        insertFeedback = try file.prepare("INSERT INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    }

    func write(_ m: Message) throws {
        let s = insertMessage
        bind(s, 1, m.thread); bind(s, 2, m.sequence); bind(s, 3, m.role); bind(s, 4, m.status); bind(s, 5, m.text)
        bind(s, 6, timestamp(m.created)); bind(s, 7, m.forkedFrom?.thread); bind(s, 8, m.forkedFrom?.sequence)
        try file.step(s, "message \(m.thread):\(m.sequence)")
    }

    func write(_ c: Chunk, thread: String, sequence: Int) throws {
        let s = insertChunk
        bind(s, 1, thread); bind(s, 2, sequence); bind(s, 3, c.rank); bind(s, 4, c.chunkID); bind(s, 5, c.text)
        bind(s, 6, c.contextualised); bind(s, 7, c.type)
        if let score = c.score { sqlite3_bind_double(s, 8, score) } else { sqlite3_bind_null(s, 8) }
        bind(s, 9, c.cited ? 1 : 0)
        try file.step(s, "chunk \(thread):\(sequence):\(c.rank)")
    }

    func write(_ f: Feedback) throws {
        let s = insertFeedback
        bind(s, 1, f.id); bind(s, 2, f.thread); bind(s, 3, f.sequence); bind(s, 4, f.org); bind(s, 5, f.createdBy)
        bind(s, 6, timestamp(f.created)); bind(s, 7, timestamp(f.modified)); bind(s, 8, f.modifiedBy)
        bind(s, 9, f.sentiment); bind(s, 10, f.categories); bind(s, 11, f.notes); bind(s, 12, f.adminLabel)
        bind(s, 13, f.adminNote); bind(s, 14, f.resolvedAt == nil ? 0 : 1); bind(s, 15, f.resolvedBy)
        bind(s, 16, f.resolvedAt.map(timestamp))
        try file.step(s, "feedback \(f.id)")
    }

    /// Commits and moves the file into place.
    func finish() throws { try file.finish() }

    private func timestamp(_ seconds: Int64) -> String {
        var out: [UInt8] = []
        Timestamp.append(seconds, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// SQLITE_TRANSIENT: SQLite copies the text, so temporaries may be bound.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private func bind(_ statement: OpaquePointer?, _ index: Int32, _ text: String?) {
        guard let text else { sqlite3_bind_null(statement, index); return }
        sqlite3_bind_text(statement, index, text, -1, Self.transient)
    }

    private func bind(_ statement: OpaquePointer?, _ index: Int32, _ value: Int?) {
        guard let value else { sqlite3_bind_null(statement, index); return }
        sqlite3_bind_int64(statement, index, Int64(value))
    }
}
