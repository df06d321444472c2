import CLibPQ
import CSQLite
import Foundation

/// One query on a ``PostgresDatabase``, stepped row by row like an SQLite statement.
///
/// A lookup (``PostgresDatabase/prepare(_:)``) runs with its parameters when first stepped, and
/// its small result is read from memory. A scan (``PostgresDatabase/prepareScan(_:)``) declares a
/// `NO SCROLL` server-side cursor and fetches `fetchRows` rows at a time, so a table of any size
/// is read with one batch in memory: libpq would otherwise buffer the whole result.
///
/// Values are read in text format and typed by their column's type OID into SQLite's storage
/// classes: integers (and booleans as 1/0) are integers, `float`/`numeric` with a fraction or
/// exponent are floats, `bytea` is a blob, and everything else — `text`, `varchar`, `json`,
/// `jsonb`, timestamps — is text, so JSON columns reach the same hand-written chunk parser as
/// SQLite's TEXT.
public final class PostgresStatement: SourceStatement, @unchecked Sendable {
    /// Rows per `FETCH`: small enough that a batch of chunk-laden rows stays a few MB, large
    /// enough that round trips do not matter.
    static let fetchRows = 512

    let database: PostgresDatabase
    let sql: String
    private let cursor: String?
    private var parameters: [String?] = []
    private var result: OpaquePointer?
    private var row: Int32 = -1
    private var rows: Int32 = 0
    private var started = false
    private var finished = false
    /// The decoded `bytea` of the current row's column, freed on the next step.
    private var blobs: [Int32: (pointer: UnsafeMutablePointer<UInt8>, count: Int)] = [:]

    init(database: PostgresDatabase, sql: String, cursor: String?) {
        self.database = database
        self.sql = sql
        self.cursor = cursor
    }

    deinit {
        freeBlobs()
        PQclear(result)
    }

    public func step() throws(TripletForgeError) -> Bool {
        freeBlobs()
        if row + 1 < rows {
            row += 1
            return true
        }
        guard !finished else { return false }
        PQclear(result)
        result = nil
        if let cursor {
            if !started {
                try run("DECLARE \(cursor) NO SCROLL CURSOR FOR \(sql)", parameters: parameters, label: sql)
                started = true
            }
            try run("FETCH FORWARD \(Self.fetchRows) FROM \(cursor)", parameters: [], label: sql)
            if rows < Int32(Self.fetchRows) { finished = true }
        } else {
            try run(sql, parameters: parameters, label: sql)
            finished = true
        }
        row = rows > 0 ? 0 : -1
        return rows > 0
    }

    public func reset() {
        freeBlobs()
        PQclear(result)
        result = nil
        if let cursor, started { try? database.command("CLOSE \(cursor)") }
        (row, rows, started, finished) = (-1, 0, false, false)
        parameters = []
    }

    public func bind(_ text: String, at index: Int32) { setParameter(text, at: index) }
    public func bind(_ value: Int, at index: Int32) { setParameter(String(value), at: index) }

    private func setParameter(_ value: String, at index: Int32) {
        while parameters.count < Int(index) { parameters.append(nil) }
        parameters[Int(index) - 1] = value
    }

    private func run(_ text: String, parameters: [String?], label: String) throws(TripletForgeError) {
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) }
        let outcome = PQexecParams(database.connection, text, Int32(pointers.count), nil, pointers, nil, nil, 0)
        if PQresultStatus(outcome) != PGRES_TUPLES_OK && PQresultStatus(outcome) != PGRES_COMMAND_OK {
            defer { PQclear(outcome) }
            try database.check(outcome, sql: label)
        }
        if PQresultStatus(outcome) == PGRES_TUPLES_OK {
            result = outcome
            rows = PQntuples(outcome)
        } else {
            PQclear(outcome)
            rows = 0
        }
    }

    // MARK: - The current row

    public func isNull(_ column: Int32) -> Bool { PQgetisnull(result, row, column) != 0 }

    public func storageClass(_ column: Int32) -> Int32 {
        if isNull(column) { return SQLITE_NULL }
        switch PQftype(result, column) {
        case PostgresType.int2, PostgresType.int4, PostgresType.int8, PostgresType.oid, PostgresType.bool:
            return SQLITE_INTEGER
        case PostgresType.float4, PostgresType.float8:
            return SQLITE_FLOAT
        case PostgresType.numeric:
            // SQLite keeps a NUMERIC value without a fraction as an integer.
            return raw(column).contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "N") }
                ? SQLITE_FLOAT : SQLITE_INTEGER
        case PostgresType.bytea:
            return SQLITE_BLOB
        default:
            return SQLITE_TEXT
        }
    }

    public func int(_ column: Int32) -> Int {
        guard !isNull(column) else { return 0 }
        if PQftype(result, column) == PostgresType.bool { return raw(column).first == UInt8(ascii: "t") ? 1 : 0 }
        let text = String(decoding: raw(column), as: UTF8.self)
        return Int(text) ?? Double(text).map { $0.isFinite && abs($0) < 9.2e18 ? Int($0) : 0 } ?? 0
    }

    public func double(_ column: Int32) -> Double {
        guard !isNull(column) else { return 0 }
        if PQftype(result, column) == PostgresType.bool { return Double(int(column)) }
        return Double(String(decoding: raw(column), as: UTF8.self)) ?? 0
    }

    public func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard !isNull(column) else { return nil }
        guard PQftype(result, column) == PostgresType.bytea else { return raw(column) }
        if let blob = blobs[column] { return UnsafeBufferPointer(start: blob.pointer, count: blob.count) }
        var count = 0
        guard let pointer = PQunescapeBytea(PQgetvalue(result, row, column).map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) }, &count) else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        blobs[column] = (pointer, count)
        return UnsafeBufferPointer(start: pointer, count: count)
    }

    public func text(_ column: Int32) -> String? {
        bytes(column).map { String(decoding: $0, as: UTF8.self) }
    }

    public func validText(_ column: Int32) -> ColumnText {
        guard let bytes = bytes(column) else { return .null }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .invalid }
        return .text(text)
    }

    /// The value's text as the server sent it (valid until the next step).
    private func raw(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        let count = Int(PQgetlength(result, row, column))
        guard count > 0, let value = PQgetvalue(result, row, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: count)
    }

    private func freeBlobs() {
        for blob in blobs.values { PQfreemem(blob.pointer) }
        blobs.removeAll(keepingCapacity: true)
    }
}

/// Built-in type OIDs (`pg_type.oid`, fixed since PostgreSQL 7).
enum PostgresType {
    static let bool: Oid = 16, bytea: Oid = 17, int8: Oid = 20, int2: Oid = 21, int4: Oid = 23, oid: Oid = 26
    static let float4: Oid = 700, float8: Oid = 701, numeric: Oid = 1700
}
