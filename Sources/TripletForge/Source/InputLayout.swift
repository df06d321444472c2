/// The database layouts TripletForge reads out of the box.
public enum InputLayout: String, Sendable, Codable {
    /// One `interactions` row per answer, with a thumbs value.
    case interactions
    /// `messages` + `retrieved_chunks` + `feedback` with sentiment and categories.
    case threads

    static let interactionsColumns = ["id", "session_id", "created_at", "query", "answer", "chunks", "feedback"]
    static let threadsColumns: [String: [String]] = [
        "messages": ["thread_id", "sequence_num", "role", "status", "text", "created"],
        "retrieved_chunks": ["thread_id", "message_sequence_num", "rank", "text", "contextualised_text", "chunk_type", "score", "cited"],
        "feedback": ["feedback_id", "thread_id", "message_sequence_num", "created_by", "sentiment", "categories", "notes", "admin_label"],
    ]

    /// Looks at the tables and columns of `database` and names its layout, or explains what is missing.
    public static func detect(in database: some SourceDatabase) throws(TripletForgeError) -> InputLayout {
        let tables = try database.tableNames()
        if tables.contains("interactions") {
            let missing = try missingColumns(in: database, table: "interactions", required: interactionsColumns)
            guard missing.isEmpty else {
                throw .unsupportedLayout(path: database.path, found: tables,
                                         missing: "table `interactions` lacks column(s) " + missing.joined(separator: ", "))
            }
            return .interactions
        }
        let threadTables = threadsColumns.keys.sorted()
        if threadTables.allSatisfy(tables.contains) {
            for table in threadTables {
                let missing = try missingColumns(in: database, table: table, required: threadsColumns[table]!)
                guard missing.isEmpty else {
                    throw .unsupportedLayout(path: database.path, found: tables,
                                             missing: "table `\(table)` lacks column(s) " + missing.joined(separator: ", "))
                }
            }
            return .threads
        }
        let partial = threadTables.filter(tables.contains)
        let missing = partial.isEmpty
            ? "no table `interactions` (nor `messages`, `retrieved_chunks` and `feedback`)"
            : "the threads layout lacks table(s) " + threadTables.filter { !tables.contains($0) }.map { "`\($0)`" }.joined(separator: ", ")
        throw .unsupportedLayout(path: database.path, found: tables, missing: missing)
    }

    static func missingColumns(in database: some SourceDatabase, table: String, required: [String]) throws(TripletForgeError) -> [String] {
        let present = Set(try database.columns(of: table).map(\.name))
        return required.filter { !present.contains($0) }
    }
}
