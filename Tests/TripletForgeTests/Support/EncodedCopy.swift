import CSQLite
import Foundation

/// Copies every table, index and view of the SQLite file `source` into a new file `destination`
/// created with `PRAGMA encoding = encoding` (e.g. `UTF-16le`), value by value through the C API.
///
/// `ATTACH` cannot do it: SQLite refuses to attach a database of another text encoding.
/// `sqlite3_bind_value` converts each text to the destination's encoding, so the copy holds the
/// same values stored the other way.
func copyDatabase(_ source: URL, to destination: URL, encoding: String) throws {
    var from: OpaquePointer?, to: OpaquePointer?
    guard sqlite3_open_v2(source.path, &from, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else { throw TestError("cannot open \(source.path)") }
    defer { sqlite3_close(from) }
    guard sqlite3_open(destination.path, &to) == SQLITE_OK else { throw TestError("cannot create \(destination.path)") }
    defer { sqlite3_close(to) }
    func exec(_ sql: String) throws {
        guard sqlite3_exec(to, sql, nil, nil, nil) == SQLITE_OK else { throw TestError("\(String(cString: sqlite3_errmsg(to))): \(sql)") }
    }
    try exec("PRAGMA encoding = '\(encoding)'")  // before the first table, or it has no effect
    var schema: OpaquePointer?
    sqlite3_prepare_v2(from, "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type = 'table' DESC, rowid", -1, &schema, nil)
    defer { sqlite3_finalize(schema) }
    var tables: [String] = []
    try exec("BEGIN")
    while sqlite3_step(schema) == SQLITE_ROW {
        try exec(String(cString: sqlite3_column_text(schema, 2)))
        if String(cString: sqlite3_column_text(schema, 0)) == "table" { tables.append(String(cString: sqlite3_column_text(schema, 1))) }
    }
    for table in tables {
        var read: OpaquePointer?, write: OpaquePointer?
        sqlite3_prepare_v2(from, "SELECT * FROM \"\(table)\" ORDER BY rowid", -1, &read, nil)
        defer { sqlite3_finalize(read) }
        let columns = sqlite3_column_count(read)
        let placeholders = (0..<columns).map { _ in "?" }.joined(separator: ",")
        guard sqlite3_prepare_v2(to, "INSERT INTO \"\(table)\" VALUES (\(placeholders))", -1, &write, nil) == SQLITE_OK else {
            throw TestError("cannot prepare the insert into \(table)")
        }
        defer { sqlite3_finalize(write) }
        while sqlite3_step(read) == SQLITE_ROW {
            for column in 0..<columns { sqlite3_bind_value(write, column + 1, sqlite3_column_value(read, column)) }
            guard sqlite3_step(write) == SQLITE_DONE else { throw TestError("insert into \(table) failed: \(String(cString: sqlite3_errmsg(to)))") }
            sqlite3_reset(write)
        }
    }
    try exec("COMMIT")
}
