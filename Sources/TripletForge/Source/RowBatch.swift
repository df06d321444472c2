import CSQLite

/// Rows copied out of SQLite into one contiguous buffer, so they can be decoded on another thread
/// while the next rows are read.
struct RowBatch: Sendable {
    struct Cell: Sendable {
        /// `SQLITE_INTEGER`, `SQLITE_FLOAT`, `SQLITE_TEXT`, `SQLITE_BLOB` or `SQLITE_NULL`.
        var storageClass: Int32
        /// The integer, the float's bits, or the byte offset into `bytes`.
        var value: Int64
        var length: Int32
    }

    let columns: Int
    private(set) var cells: [Cell] = []
    private(set) var bytes: [UInt8] = []

    init(columns: Int, reservingBytes: Int) {
        self.columns = columns
        bytes.reserveCapacity(reservingBytes)
    }

    var rowCount: Int { cells.count / columns }

    /// Empties the batch, keeping its memory for the next rows (no fresh pages to fault in).
    mutating func removeAll() {
        cells.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
    }
    var byteCount: Int { bytes.count }

    /// Copies the current row of `statement` (SQLite's, or a PostgreSQL cursor's).
    mutating func append<Row: SourceRow>(_ statement: Row) {
        for column in 0..<Int32(columns) {
            let type = statement.storageClass(column)
            switch type {
            case SQLITE_INTEGER:
                cells.append(Cell(storageClass: type, value: Int64(statement.int(column)), length: 0))
            case SQLITE_FLOAT:
                cells.append(Cell(storageClass: type, value: Int64(bitPattern: statement.double(column).bitPattern), length: 0))
            case SQLITE_NULL:
                cells.append(Cell(storageClass: type, value: 0, length: 0))
            default:
                let view = statement.bytes(column) ?? UnsafeBufferPointer(start: nil, count: 0)
                cells.append(Cell(storageClass: type, value: Int64(bytes.count), length: Int32(view.count)))
                bytes.append(contentsOf: view)
            }
        }
    }

    /// Calls `body` with a view of each row, in order.
    func forEachRow(_ body: (RowView) throws -> Void) rethrows {
        try bytes.withUnsafeBufferPointer { buffer in
            try cells.withUnsafeBufferPointer { cells in
                for row in 0..<rowCount {
                    try body(RowView(cells: UnsafeBufferPointer(rebasing: cells[(row * columns)..<((row + 1) * columns)]), bytes: buffer))
                }
            }
        }
    }
}

/// One row of a ``RowBatch``, with the accessors of a statement's current row.
struct RowView {
    let cells: UnsafeBufferPointer<RowBatch.Cell>
    let bytes: UnsafeBufferPointer<UInt8>

    func storageClass(_ column: Int32) -> Int32 { cells[Int(column)].storageClass }
    func isNull(_ column: Int32) -> Bool { storageClass(column) == SQLITE_NULL }

    func int(_ column: Int32) -> Int {
        let cell = cells[Int(column)]
        switch cell.storageClass {
        case SQLITE_INTEGER: return Int(cell.value)
        case SQLITE_FLOAT: return Int(Double(bitPattern: UInt64(bitPattern: cell.value)))
        default: return 0
        }
    }

    func double(_ column: Int32) -> Double {
        let cell = cells[Int(column)]
        switch cell.storageClass {
        case SQLITE_FLOAT: return Double(bitPattern: UInt64(bitPattern: cell.value))
        case SQLITE_INTEGER: return Double(cell.value)
        default: return 0
        }
    }

    /// The bytes of a TEXT or BLOB cell (nil for NULL, numbers); valid while the batch is.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        let cell = cells[Int(column)]
        guard cell.storageClass == SQLITE_TEXT || cell.storageClass == SQLITE_BLOB else { return nil }
        guard cell.length > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(rebasing: bytes[Int(cell.value)..<(Int(cell.value) + Int(cell.length))])
    }

    /// Text, or nil for NULL. Numbers read as their SQL text (as `sqlite3_column_text` would).
    func text(_ column: Int32) -> String? {
        switch storageClass(column) {
        case SQLITE_NULL: return nil
        case SQLITE_INTEGER: return String(int(column))
        case SQLITE_FLOAT: return String(double(column))
        default: return String(decoding: bytes(column)!, as: UTF8.self)
        }
    }

    func validText(_ column: Int32) -> ColumnText {
        switch storageClass(column) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER, SQLITE_FLOAT: return .text(text(column)!)
        default:
            guard let text = String(validating: bytes(column)!, as: UTF8.self) else { return .invalid }
            return .text(text)
        }
    }
}
