import Foundation
import CSQLite

/// Writes the `interactions` table (see ``GeneratedDatabase`` for how the file is written).
///
/// The schema is the one in `Fixtures/interactions.sql` (no index on `feedback`: apps rarely add
/// one, and a reader must not count on it). Rows are bound without copies: this is the generator's
/// hot loop at a million rows.
final class InteractionsDatabase {
    private let file: GeneratedDatabase
    private let insert: OpaquePointer?

    init(creatingAt path: String) throws {
        file = try GeneratedDatabase(creatingAt: path, schema: """
            CREATE TABLE interactions (
              id          INTEGER PRIMARY KEY,
              session_id  TEXT NOT NULL,
              created_at  TEXT NOT NULL,
              query       TEXT NOT NULL,
              answer      TEXT,
              chunks      TEXT,
              feedback    INTEGER
            );
            """)
        insert = try file.prepare("INSERT INTO interactions VALUES (?, ?, ?, ?, ?, ?, ?)")
    }

    func write(_ row: InteractionRow) throws {
        sqlite3_bind_int64(insert, 1, row.id)
        // SQLITE_STATIC (nil destructor): the buffers outlive the step below.
        row.session.withUnsafeBytes { bindText(2, $0) }
        row.createdAt.withUnsafeBytes { bindText(3, $0) }
        row.query.withUnsafeBytes { bindText(4, $0) }
        row.answer.withUnsafeBytes { bindText(5, $0) }
        try row.chunks.withUnsafeBytes { chunks in
            bindText(6, chunks)
            if let feedback = row.feedback { sqlite3_bind_int64(insert, 7, Int64(feedback)) } else { sqlite3_bind_null(insert, 7) }
            try file.step(insert, "row \(row.id)")
        }
    }

    /// Commits and moves the file into place.
    func finish() throws { try file.finish() }

    private func bindText(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        // An empty buffer may have no base address; bind "" rather than NULL.
        let base = bytes.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
        sqlite3_bind_text(insert, index, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
    }
}
