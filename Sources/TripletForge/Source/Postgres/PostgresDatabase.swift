import CLibPQ
import Foundation

/// A read-only session on a PostgreSQL server, through the C libpq (as SQLite is used through its C API).
///
/// The session opens one `REPEATABLE READ, READ ONLY` transaction as soon as it connects, and every
/// query of the build (layout detection, mapping checks, counts, the scans and lookups) runs in it:
/// the whole build reads one snapshot of a live database, and the server refuses any write, even
/// one hidden in a `[source.sql]` query. Large results are read through a server-side cursor in
/// bounded batches (``PostgresStatement``); values arrive as text and go through the same decoding
/// as SQLite's.
///
/// ```swift
/// let db = try PostgresDatabase(connecting: "postgresql://reader@db.internal/feedback")
/// let layout = try InputLayout.detect(in: db)
/// ```
public final class PostgresDatabase: SourceDatabase {
    /// `postgresql://user@host:port/dbname`: how messages and the manifest name the server.
    public let path: String
    public var dialect: SQLDialect { .postgres }
    let connection: OpaquePointer
    /// Canonical table → the SELECT that yields its rows, set by a `[source]` mapping: queries see
    /// them as common table expressions, since a read-only transaction cannot create views.
    var relations: [(table: String, select: String)] = []
    private var cursors = 0

    /// Connects (the URI, or "" for the `PG*` environment) and starts the read-only snapshot.
    public init(connecting conninfo: String) throws(TripletForgeError) {
        if let missing = PostgresConnection.loadLibpq() {
            throw .serverUnavailable(server: "postgresql://", reason: missing)
        }
        let shown = PostgresConnection.display(conninfo: conninfo)
        // Later keywords win over the expanded connection string: the client encoding must be
        // UTF-8 (the readers validate UTF-8), and a dead host must fail in seconds, not minutes.
        let timeout = getenv("PGCONNECT_TIMEOUT") == nil ? "10" : ""
        let keywords = ["connect_timeout", "application_name", "dbname", "client_encoding"]
        let values = [timeout, "tripletforge", conninfo, "UTF8"]
        let handle = Self.withCStrings(keywords) { keys in
            Self.withCStrings(values) { vals in PQconnectdbParams(keys, vals, 1) }
        }
        guard let handle else { throw .serverUnavailable(server: shown, reason: "libpq could not allocate a connection") }
        guard PQstatus(handle) == CONNECTION_OK else {
            let reason = Self.message(PQerrorMessage(handle))
            PQfinish(handle)
            throw .serverUnavailable(server: shown, reason: reason.isEmpty ? "cannot connect" : reason)
        }
        connection = handle
        path = PostgresConnection.display(user: PQuser(handle).map { String(cString: $0) }, host: PQhost(handle).map { String(cString: $0) },
                                          port: PQport(handle).map { String(cString: $0) }, database: PQdb(handle).map { String(cString: $0) })
        try command("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    }

    deinit { PQfinish(connection) }

    public func prepare(_ sql: String) throws(TripletForgeError) -> PostgresStatement {
        PostgresStatement(database: self, sql: expanded(sql), cursor: nil)
    }

    public func prepareScan(_ sql: String) throws(TripletForgeError) -> PostgresStatement {
        cursors += 1
        return PostgresStatement(database: self, sql: expanded(sql), cursor: "tripletforge_scan_\(cursors)")
    }

    /// Tables, views and materialized views visible on the search path (as unqualified names resolve).
    public func tableNames() throws(TripletForgeError) -> [String] {
        let statement = try prepare("""
            SELECT c.relname FROM pg_catalog.pg_class AS c WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
              AND pg_catalog.pg_table_is_visible(c.oid) AND c.relnamespace <> 'pg_catalog'::regnamespace
              AND c.relnamespace <> 'information_schema'::regnamespace
            ORDER BY c.relname COLLATE "C"
            """)
        var names: [String] = []
        while try statement.step() { names.append(statement.text(0) ?? "") }
        return Array(Set(names + relations.map(\.table))).sorted()
    }

    /// Column names and types (`format_type` spelling) of a table, or of a mapped canonical table.
    public func columns(of table: String) throws(TripletForgeError) -> [(name: String, type: String)] {
        if let mapped = mappedColumns[table] { return mapped }
        let statement = try prepare("""
            SELECT attname, pg_catalog.format_type(atttypid, atttypmod) FROM pg_catalog.pg_attribute
            WHERE attrelid = pg_catalog.to_regclass(?1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum
            """)
        statement.bind(SQLIdentifier.quote(table), at: 1)
        var columns: [(String, String)] = []
        while try statement.step() { columns.append((statement.text(0) ?? "", statement.text(1) ?? "")) }
        return columns
    }
    /// The columns of each mapped canonical table, with the types of the user's columns.
    var mappedColumns: [String: [(name: String, type: String)]] = [:]

    public func present(_ mapping: SchemaMapping) throws(TripletForgeError) -> InputLayout {
        try mapping.apply(to: self)
    }

    /// The transaction began at connection; this notes the snapshot, runs `body`, and ends it.
    public func withSnapshot<T>(_ body: () throws -> T) throws -> T {
        defer { try? command("COMMIT") }
        return try body()
    }

    /// The server, the snapshot read and who read it: never the password.
    public func inputFingerprint(fullHash: Bool) throws -> InputFingerprint {
        let snapshot = try scalarText("SELECT pg_catalog.pg_current_snapshot()::text") ?? ""
        let version = try scalarText("SELECT pg_catalog.current_setting('server_version')") ?? ""
        let server = InputFingerprint.Server(
            version: version, snapshot: snapshot, host: PQhost(connection).map { String(cString: $0) } ?? "",
            port: Int(PQport(connection).map { String(cString: $0) } ?? "") ?? 0,
            database: PQdb(connection).map { String(cString: $0) } ?? "", user: PQuser(connection).map { String(cString: $0) } ?? "")
        return InputFingerprint(fileName: path, sizeBytes: 0, pageSize: 0, pageCount: 0, fileChangeCounter: 0, schemaCookie: 0,
                                tableRows: [:], latestRatedAt: nil, sha256: nil, server: server)
    }

    /// Runs a statement that returns no rows.
    func command(_ sql: String) throws(TripletForgeError) {
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    /// Throws the server's message (and SQLSTATE) unless `result` succeeded.
    func check(_ result: OpaquePointer?, sql: String) throws(TripletForgeError) {
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        guard status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK else { return }
        var reason = Self.message(result.map(PQresultErrorMessage) ?? PQerrorMessage(connection))
        if reason.isEmpty { reason = Self.message(PQerrorMessage(connection)) }
        if let result, let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))) {
            reason += " (SQLSTATE \(String(cString: state)))"
        }
        if PQstatus(connection) != CONNECTION_OK { reason += "; the connection to the server was lost" }
        throw .queryFailed(path: path, sql: sql, reason: reason)
    }

    /// `sql` with `?N` parameters as `$N`, preceded by the mapped tables as common table expressions.
    func expanded(_ sql: String) -> String {
        let text = sql.replacingOccurrences(of: "?1", with: "$1").replacingOccurrences(of: "?2", with: "$2")
        guard !relations.isEmpty else { return text }
        let definitions = relations.map { "\(SQLIdentifier.quote($0.table)) AS NOT MATERIALIZED (\n\($0.select)\n)" }.joined(separator: ",\n")
        // Joined to the statement's own WITH list (keeping RECURSIVE), whatever spacing follows it.
        let words = text.split(maxSplits: 2, omittingEmptySubsequences: true, whereSeparator: \.isWhitespace)
        guard words.first?.uppercased() == "WITH", words.count > 1 else { return "WITH " + definitions + "\n" + text }
        if words[1].uppercased() == "RECURSIVE", words.count > 2 {
            return "WITH RECURSIVE " + definitions + ",\n" + words[2]
        }
        let rest = text.split(maxSplits: 1, omittingEmptySubsequences: true, whereSeparator: \.isWhitespace)[1]
        return "WITH " + definitions + ",\n" + rest
    }

    static func message(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "\n\t", with: " ").replacingOccurrences(of: "\n", with: "; ") ?? ""
    }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        return body(copies.map { UnsafePointer($0) } + [nil])
    }
}
