/// What the layout readers need from a database, so one reader serves SQLite and PostgreSQL.
///
/// The readers were written against SQLite's C API, and its value model is the common one here:
/// a value is an integer, a float, text, a blob or NULL (SQLite's storage classes). A PostgreSQL
/// statement maps its column types onto these (`int4` → integer, `json`/`jsonb`/`text` → text,
/// `bytea` → blob), so every value goes through the same decoding and the same reject rules.
/// The readers are generic over this protocol, not existential: each database gets its own
/// specialised copy, and the SQLite path costs nothing more than before.
public protocol SourceDatabase: AnyObject {
    associatedtype Statement: SourceStatement & Sendable

    /// How messages name the input: a file path, or a connection URL without its password.
    var path: String { get }
    /// Which SQL dialect the statements are written in, where the two differ.
    var dialect: SQLDialect { get }

    /// A statement for a small result (a lookup, with `?1`, `?2` parameters).
    func prepare(_ sql: String) throws(TripletForgeError) -> Statement
    /// A statement for a result of any size, read in bounded batches as it is stepped.
    func prepareScan(_ sql: String) throws(TripletForgeError) -> Statement

    func scalarInt(_ sql: String) throws(TripletForgeError) -> Int
    func scalarText(_ sql: String) throws(TripletForgeError) -> String?
    /// Table (and view) names, sorted.
    func tableNames() throws(TripletForgeError) -> [String]
    /// Column names and declared types of `table`.
    func columns(of table: String) throws(TripletForgeError) -> [(name: String, type: String)]

    /// Presents the user's tables under the canonical names of `mapping.layout`.
    func present(_ mapping: SchemaMapping) throws(TripletForgeError) -> InputLayout
    /// Runs `body` so that everything it reads comes from one consistent snapshot.
    func withSnapshot<T>(_ body: () throws -> T) throws -> T
    /// What the manifest records about the input (row counts are filled in by the reader).
    func inputFingerprint(fullHash: Bool) throws -> InputFingerprint
}

extension SourceDatabase {
    /// The first column of the first row of `sql` as an integer (0 when there is no row).
    public func scalarInt(_ sql: String) throws(TripletForgeError) -> Int {
        let statement = try prepare(sql)
        guard try statement.step() else { return 0 }
        return statement.int(0)
    }

    /// The first column of the first row of `sql` as text (nil when there is no row, or NULL).
    public func scalarText(_ sql: String) throws(TripletForgeError) -> String? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.text(0)
    }
}

/// Where SQLite and PostgreSQL SQL differ (bare columns beside `min()`, `WHERE 0`, NULL order, collation).
public enum SQLDialect: Sendable {
    case sqlite, postgres
}

/// The accessors of one result row; storage classes are SQLite's (`SQLITE_INTEGER`, …).
public protocol SourceRow {
    func storageClass(_ column: Int32) -> Int32
    func isNull(_ column: Int32) -> Bool
    func int(_ column: Int32) -> Int
    func double(_ column: Int32) -> Double
    /// The raw bytes of a text or blob value (nil for NULL), valid until the next step.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>?
    func text(_ column: Int32) -> String?
    func validText(_ column: Int32) -> ColumnText
}

/// A prepared statement that can be re-run with new parameters.
public protocol SourceStatement: AnyObject, SourceRow {
    /// Advances to the next row; `false` when there are no more.
    func step() throws(TripletForgeError) -> Bool
    /// Rewinds the statement and clears its parameters.
    func reset()
    func bind(_ text: String, at index: Int32)
    func bind(_ value: Int, at index: Int32)
}

extension SQLiteStatement: SourceStatement {}
extension RowView: SourceRow {}

extension SQLiteDatabase: SourceDatabase {
    public var dialect: SQLDialect { .sqlite }
    /// SQLite steps a statement page by page: any statement is already a bounded scan.
    public func prepareScan(_ sql: String) throws(TripletForgeError) -> SQLiteStatement { try prepare(sql) }
    public func present(_ mapping: SchemaMapping) throws(TripletForgeError) -> InputLayout { try mapping.apply(to: self) }
    public func inputFingerprint(fullHash: Bool) throws -> InputFingerprint { try InputFingerprint.read(self, fullHash: fullHash) }
}
