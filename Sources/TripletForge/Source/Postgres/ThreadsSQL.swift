/// The parts of the threads layout's feedback query that PostgreSQL spells differently.
///
/// The aim is the same rows in the same order as SQLite, so that both databases give
/// byte-identical datasets from the same data:
/// - SQLite takes the other columns of a `min()` group from the row holding the minimum;
///   PostgreSQL has no bare columns, and `DISTINCT ON … ORDER BY` says the same thing.
/// - SQLite compares text byte by byte (`BINARY`); PostgreSQL's default collation follows the
///   locale, so text keys are ordered `COLLATE "C"` (byte order of UTF-8 = code point order).
/// - SQLite sorts NULL first; PostgreSQL last unless told `NULLS FIRST`.
enum ThreadsSQL {
    /// The first message of each forked thread, with the parent it copies (none without fork columns).
    static func postgresForks(_ hasForkColumns: Bool) -> String {
        guard hasForkColumns else { return "SELECT NULL::text, NULL::bigint, NULL::bigint, NULL::bigint WHERE false" }
        return """
            SELECT DISTINCT ON (thread_id) thread_id, forked_from_thread_id, forked_from_sequence_num, sequence_num FROM messages
            WHERE forked_from_thread_id IS NOT NULL AND forked_from_sequence_num IS NOT NULL ORDER BY thread_id, sequence_num
            """
    }

    /// `thread_id, sequence, created_by, modified, feedback_id`, in SQLite's order.
    static func postgresOrder(feedbackTypes: [(name: String, type: String)], modified: String) -> String {
        let types = Dictionary(feedbackTypes.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        func key(_ expression: String, column: String) -> String {
            (types[column].map(isText) ?? false ? "\(expression) COLLATE \"C\"" : expression) + " NULLS FIRST"
        }
        return [key("thread_id", column: "thread_id"), "sequence", key("created_by", column: "created_by"),
                key("modified", column: modified), key("feedback_id", column: "feedback_id")].joined(separator: ", ")
    }

    /// Whether a PostgreSQL type name (as `format_type` spells it) holds text.
    static func isText(_ type: String) -> Bool {
        let type = type.lowercased()
        return type == "text" || type.hasPrefix("character") || type.hasPrefix("varchar") || type == "name"
    }
}
