import Foundation
import CSQLite

/// A SQLite file the generator writes, as fast as SQLite allows: what both layouts' writers share.
///
/// One transaction, prepared statements, no journal, no fsync: the file is a disposable benchmark
/// input, so durability buys nothing. It is written under a temporary name and renamed when
/// complete, so an interrupted run never leaves a half-written database where a cache would find
/// it. ``InteractionsDatabase`` and ``ThreadsDatabase`` add their schema and their rows.
///
/// ```swift
/// let file = try GeneratedDatabase(creatingAt: "x.sqlite", schema: "CREATE TABLE t (a TEXT);")
/// let insert = try file.prepare("INSERT INTO t VALUES (?)")
/// // bind, then: try file.step(insert, "row 1")
/// try file.finish()
/// ```
final class GeneratedDatabase {
    private(set) var db: OpaquePointer?
    private var statements: [OpaquePointer?] = []
    private let path: String
    private let partialPath: String

    init(creatingAt path: String, schema: String) throws {
        self.path = path
        partialPath = path + ".partial"
        unlink(partialPath)
        guard sqlite3_open_v2(partialPath, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
            throw GeneratorError("cannot create \(partialPath): \(message)")
        }
        try execute("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;
            PRAGMA cache_size = -65536;
            \(schema)
            BEGIN;
            """)
    }

    deinit {
        for statement in statements { sqlite3_finalize(statement) }
        sqlite3_close_v2(db)
    }

    /// A statement finalised with the file.
    func prepare(_ sql: String) throws -> OpaquePointer? {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw GeneratorError("cannot prepare: \(message)") }
        statements.append(statement)
        return statement
    }

    /// Runs a bound insert; `what` names the row in the error.
    func step(_ statement: OpaquePointer?, _ what: @autoclosure () -> String) throws {
        guard sqlite3_step(statement) == SQLITE_DONE else { throw GeneratorError("insert of \(what()) failed: \(message)") }
        sqlite3_reset(statement)
    }

    /// Commits and moves the file into place.
    func finish() throws {
        try execute("COMMIT")
        for statement in statements { sqlite3_finalize(statement) }
        statements = []
        sqlite3_close_v2(db); db = nil
        guard rename(partialPath, path) == 0 else { throw GeneratorError("cannot rename \(partialPath) to \(path)") }
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
