import Foundation
import CSQLite

/// Writes the `interactions` table through SQLite's C API, as fast as SQLite allows.
///
/// One transaction, one prepared statement, no journal, no fsync: the file is a disposable
/// benchmark input, so durability buys nothing. It is written under a temporary name and renamed
/// when complete, so an interrupted run never leaves a half-written database where a cache would
/// find it. The schema is the one in `Fixtures/interactions.sql` (no index on `feedback`: apps
/// rarely add one, and a reader must not count on it).
final class InteractionsDatabase {
    private var db: OpaquePointer?
    private var insert: OpaquePointer?
    private let path: String
    private let partialPath: String

    init(creatingAt path: String) throws {
        self.path = path
        partialPath = path + ".partial"
        unlink(partialPath)
        guard sqlite3_open_v2(partialPath, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
            throw GeneratorError("cannot create \(partialPath): \(message)")
        }
        try execute("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;
            PRAGMA cache_size = -65536;
            CREATE TABLE interactions (
              id          INTEGER PRIMARY KEY,
              session_id  TEXT NOT NULL,
              created_at  TEXT NOT NULL,
              query       TEXT NOT NULL,
              answer      TEXT,
              chunks      TEXT,
              feedback    INTEGER
            );
            BEGIN;
            """)
        guard sqlite3_prepare_v2(db, "INSERT INTO interactions VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &insert, nil) == SQLITE_OK else {
            throw GeneratorError("cannot prepare insert: \(message)")
        }
    }

    deinit {
        sqlite3_finalize(insert)
        sqlite3_close_v2(db)
    }

    func write(_ row: InteractionRow) throws {
        sqlite3_bind_int64(insert, 1, row.id)
        // SQLITE_STATIC (nil destructor): the buffers outlive the step below.
        row.session.withUnsafeBytes { bindText(2, $0) }
        row.createdAt.withUnsafeBytes { bindText(3, $0) }
        row.query.withUnsafeBytes { bindText(4, $0) }
        row.answer.withUnsafeBytes { bindText(5, $0) }
        let status = row.chunks.withUnsafeBytes { chunks -> Int32 in
            bindText(6, chunks)
            if let feedback = row.feedback { sqlite3_bind_int64(insert, 7, Int64(feedback)) } else { sqlite3_bind_null(insert, 7) }
            return sqlite3_step(insert)
        }
        guard status == SQLITE_DONE else { throw GeneratorError("insert of row \(row.id) failed: \(message)") }
        sqlite3_reset(insert)
    }

    /// Commits and moves the file into place.
    func finish() throws {
        try execute("COMMIT")
        sqlite3_finalize(insert); insert = nil
        sqlite3_close_v2(db); db = nil
        guard rename(partialPath, path) == 0 else { throw GeneratorError("cannot rename \(partialPath) to \(path)") }
    }

    private func bindText(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        // An empty buffer may have no base address; bind "" rather than NULL.
        let base = bytes.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
        sqlite3_bind_text(insert, index, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
    }

    private func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &error) == SQLITE_OK else {
            let text = error.map { String(cString: $0) } ?? message
            sqlite3_free(error)
            throw GeneratorError(text)
        }
    }

    private var message: String { db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory" }
}

struct GeneratorError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
