import CSQLite

extension SQLiteStatement {
    /// Rewinds the statement and clears its bindings, so one prepared query serves many lookups.
    public func reset() {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    public func bind(_ value: Int, at index: Int32) {
        sqlite3_bind_int64(statement, index, Int64(value))
    }
}
