import CSQLite

/// The per-message reads of ``ThreadsSource``, as prepared statements reused for every message.
final class MessageLookup {
    private let header: SQLiteStatement
    private let query: SQLiteStatement
    private let chunks: SQLiteStatement

    init(database: SQLiteDatabase) throws(TripletForgeError) {
        header = try database.prepare("SELECT role, status, created FROM messages WHERE thread_id = ?1 AND sequence_num = ?2")
        query = try database.prepare("""
            SELECT text FROM messages WHERE thread_id = ?1 AND sequence_num < ?2 AND role = 'user'
            ORDER BY sequence_num DESC LIMIT 1
            """)
        chunks = try database.prepare("""
            SELECT text, contextualised_text, chunk_type, score, cited FROM retrieved_chunks
            WHERE thread_id = ?1 AND message_sequence_num = ?2 ORDER BY rank
            """)
    }

    struct Header { var role: String; var status: String?; var created: String }

    func message(_ thread: String, _ sequence: Int) throws(TripletForgeError) -> Header? {
        try bind(header, thread, sequence)
        guard try header.step() else { return nil }
        return Header(role: header.text(0) ?? "", status: header.text(1), created: header.text(2) ?? "")
    }

    /// The text of the nearest earlier user message, or nil when there is none.
    func query(before thread: String, _ sequence: Int) throws(TripletForgeError) -> ColumnText? {
        try bind(query, thread, sequence)
        guard try query.step() else { return nil }
        return query.validText(0)
    }

    /// The message's chunks in rank order; nil when a text is not valid UTF-8.
    func chunks(_ thread: String, _ sequence: Int) throws(TripletForgeError) -> [RetrievedChunk]? {
        try bind(chunks, thread, sequence)
        var result: [RetrievedChunk] = []
        while try chunks.step() {
            guard case let .text(text) = chunks.validText(0) else { return nil }
            var contextualised: String?
            switch chunks.validText(1) {
            case .null: contextualised = nil
            case .invalid: return nil
            case let .text(value): contextualised = value
            }
            let kind = chunks.text(2).map { ChunkKind(rawValue: $0) ?? .unknown } ?? .leaf
            let score = chunks.isNull(3) ? nil : chunks.double(3)
            result.append(RetrievedChunk(text: text, contextualisedText: contextualised, kind: kind,
                                         score: score, cited: !chunks.isNull(4) && chunks.int(4) != 0))
        }
        return result
    }

    private func bind(_ statement: SQLiteStatement, _ thread: String, _ sequence: Int) throws(TripletForgeError) {
        statement.reset()
        statement.bind(thread, at: 1)
        statement.bind(sequence, at: 2)
    }
}
