import CSQLite
import Foundation

/// A read-only connection to an SQLite file, through the system library's C API.
///
/// TripletForge never writes to its input: the file is opened with `SQLITE_OPEN_READONLY` (and,
/// for a snapshot, as `immutable`, so SQLite takes no locks and reads no WAL). A build reads the
/// whole input inside one read transaction, so a live database that the app keeps writing is seen
/// as one consistent snapshot.
///
/// ```swift
/// let db = try SQLiteDatabase(readingAt: "snapshot.sqlite")
/// let rows = try db.scalarInt("SELECT count(*) FROM interactions")
/// ```
public final class SQLiteDatabase {
    public let path: String
    let handle: OpaquePointer

    /// Opens `path` read-only. `immutable` promises that nothing writes the file while it is read
    /// (true of a snapshot, false of a live database).
    public init(readingAt path: String, immutable: Bool = false) throws(TripletForgeError) {
        self.path = path
        if let reason = Self.notARegularFile(path) { throw .unreadableDatabase(path: path, reason: reason) }
        do {
            handle = try Self.open(path, immutable: immutable)
        } catch where !immutable && Self.isCheckpointedWALInReadOnlyDirectory(path) {
            // A WAL-mode file needs its -shm to be read, and SQLite cannot create one in a
            // read-only directory. With no -wal file there, no writer can be active (a WAL writer
            // needs both), and the main file holds every committed transaction: reading it as
            // immutable is then exact.
            handle = try Self.open(path, immutable: true)
        }
        // No memory-mapped I/O: mapped pages of a multi-GB input would count against the
        // process's memory, and the scan is sequential anyway.
    }

    private static func open(_ path: String, immutable: Bool) throws(TripletForgeError) -> OpaquePointer {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL
        var components = URLComponents()
        components.scheme = "file"
        components.path = absolute.path
        components.queryItems = [URLQueryItem(name: "mode", value: "ro")] + (immutable ? [URLQueryItem(name: "immutable", value: "1")] : [])
        let uri = components.string ?? "file:\(absolute.path)?mode=ro"
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(uri, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "status \(status)"
            sqlite3_close(db)
            throw .unreadableDatabase(path: path, reason: message)
        }
        // A reader waits for a writer's checkpoint instead of failing with SQLITE_BUSY.
        sqlite3_busy_timeout(db, 10_000)
        // Fail fast on a file that is not SQLite at all, before any query names a table.
        var statement: OpaquePointer?
        var probe = sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &statement, nil)
        if probe == SQLITE_OK {
            probe = sqlite3_step(statement)
        }
        let reason = String(cString: sqlite3_errmsg(db))
        sqlite3_finalize(statement)
        guard probe == SQLITE_ROW else {
            sqlite3_close_v2(db)
            throw .unreadableDatabase(path: path, reason: reason)
        }
        return db
    }

    /// Why `path` cannot be an SQLite file, or nil when it is a regular file (or a link to one).
    ///
    /// Checked before anything opens it: opening a FIFO for reading blocks until someone writes to
    /// it, so `--db` naming one would hang the build forever instead of failing at once; a
    /// directory or a device is no database either.
    static func notARegularFile(_ path: String) -> String? {
        var attributes = stat()
        guard stat(path, &attributes) == 0 else { return errno == ENOENT ? "no such file" : String(cString: strerror(errno)) }
        switch attributes.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "it is a directory, not a file"
        case S_IFIFO: return "it is a FIFO (named pipe), not a regular file; SQLite needs a file it can seek in"
        case S_IFSOCK: return "it is a socket, not a regular file"
        default: return "it is a device, not a regular file"
        }
    }

    /// A WAL-mode database (header bytes 18–19 are 2) with no -wal file, in a directory this
    /// process cannot write.
    static func isCheckpointedWALInReadOnlyDirectory(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path), let header = try? handle.readAtMost(20),
              header.count == 20, header[18] == 2, header[19] == 2 else { return false }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return !FileManager.default.fileExists(atPath: path + "-wal") && access(directory, W_OK) != 0
    }

    deinit { sqlite3_close_v2(handle) }

    public func prepare(_ sql: String) throws(TripletForgeError) -> SQLiteStatement {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else {
            throw .queryFailed(path: path, sql: sql, reason: lastError)
        }
        return SQLiteStatement(statement: statement, database: self, sql: sql)
    }

    /// The result columns of `sql`, after checking it is exactly one statement that only reads
    /// (a `SELECT` or `WITH … SELECT`): what a config may hand over as the source of a table.
    public func readOnlyQueryColumns(_ sql: String) throws(TripletForgeError) -> [String] {
        var statement: OpaquePointer?
        var rest = ""
        let status = sql.withCString { text -> Int32 in
            var tail: UnsafePointer<CChar>?
            let status = sqlite3_prepare_v2(handle, text, -1, &statement, &tail)
            if let tail { rest = String(cString: tail) }
            return status
        }
        defer { sqlite3_finalize(statement) }
        guard status == SQLITE_OK, let statement else { throw .queryFailed(path: path, sql: sql, reason: lastError) }
        guard rest.allSatisfy({ $0.isWhitespace || $0 == ";" }) else {
            throw .invalidConfiguration("a [source.sql] query must be one statement; found more after it: \(rest.prefix(40))")
        }
        guard sqlite3_stmt_readonly(statement) != 0, sqlite3_column_count(statement) > 0 else {
            throw .invalidConfiguration("a [source.sql] query must be a SELECT that returns rows: \(sql.prefix(60))")
        }
        return (0..<sqlite3_column_count(statement)).map { String(cString: sqlite3_column_name(statement, $0)) }
    }

    public func execute(_ sql: String) throws(TripletForgeError) {
        let statement = try prepare(sql)
        while try statement.step() {}
    }

    /// Table names, sorted.
    public func tableNames() throws(TripletForgeError) -> [String] {
        let statement = try prepare("SELECT name FROM sqlite_schema WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name")
        var names: [String] = []
        while try statement.step() { names.append(statement.text(0) ?? "") }
        return names
    }

    /// Column names and declared types of `table`.
    public func columns(of table: String) throws(TripletForgeError) -> [(name: String, type: String)] {
        let statement = try prepare("SELECT name, type FROM pragma_table_info(?)")
        statement.bind(table, at: 1)
        var columns: [(String, String)] = []
        while try statement.step() { columns.append((statement.text(0) ?? "", (statement.text(1) ?? "").uppercased())) }
        return columns
    }

    /// Runs `body` inside one read transaction: everything it reads comes from one snapshot.
    public func withSnapshot<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        defer { try? execute("COMMIT") }
        return try body()
    }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }
}

/// A prepared statement. Column accessors read the current row; byte views are valid until the next step.
public final class SQLiteStatement {
    let statement: OpaquePointer
    let database: SQLiteDatabase
    let sql: String

    init(statement: OpaquePointer, database: SQLiteDatabase, sql: String) {
        self.statement = statement
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(statement) }

    /// Advances to the next row; `false` when there are no more.
    public func step() throws(TripletForgeError) -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw .queryFailed(path: database.path, sql: sql, reason: database.lastError)
        }
    }

    public func bind(_ text: String, at index: Int32) {
        sqlite3_bind_text(statement, index, text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }

    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    /// The storage class of the value: `SQLITE_INTEGER`, `SQLITE_TEXT`, ….
    public func storageClass(_ column: Int32) -> Int32 { sqlite3_column_type(statement, column) }

    public func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }

    public func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }

    /// The column as text, or nil for NULL. Invalid UTF-8 is repaired; use ``validText(_:)`` to detect it.
    public func text(_ column: Int32) -> String? {
        guard let bytes = bytes(column) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The column as text; nil for NULL; throws-free `.invalid` when the bytes are not UTF-8.
    public func validText(_ column: Int32) -> ColumnText {
        guard let bytes = bytes(column) else { return .null }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .invalid }
        return .text(text)
    }

    /// The bytes of a column (nil for NULL), valid until the next step: TEXT as UTF-8, a BLOB as
    /// it is stored.
    ///
    /// TEXT goes through `sqlite3_column_text`, never `sqlite3_column_blob`: a database created
    /// with `PRAGMA encoding = 'UTF-16le'` stores text as UTF-16, and only `sqlite3_column_text`
    /// converts it (for a UTF-8 database it returns the stored bytes as they are, unvalidated, so
    /// invalid UTF-8 is still seen and rejected). The type is read first, as SQLite requires.
    public func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        let type = sqlite3_column_type(statement, column)
        if type == SQLITE_NULL { return nil }
        let pointer = type == SQLITE_TEXT ? UnsafeRawPointer(sqlite3_column_text(statement, column)) : sqlite3_column_blob(statement, column)
        let count = Int(sqlite3_column_bytes(statement, column))
        guard let pointer, count > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self), count: count)
    }
}

/// A TEXT column read with validation.
public enum ColumnText: Equatable {
    case null, invalid, text(String)
}
