import CSQLite

/// The per-message reads of ``ThreadsSource``, as prepared statements reused for every message.
final class MessageLookup<Database: SourceDatabase> {
    private let header: Database.Statement
    private let query: Database.Statement
    private let chunks: Database.Statement
    /// Turns chunk texts into content keys (and stores their training form).
    private let interner: ChunkInterner

    init(database: Database, interner: ChunkInterner) throws(TripletForgeError) {
        self.interner = interner
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

    /// Positions of the header statement's result columns (`SELECT role, status, created`).
    enum HeaderColumn {
        static var role: Int32 { 0 }
        static var status: Int32 { 1 }
        static var created: Int32 { 2 }
    }

    /// Positions of the chunks statement's result columns
    /// (`SELECT text, contextualised_text, chunk_type, score, cited`).
    enum ChunkColumn {
        static var text: Int32 { 0 }
        static var contextualisedText: Int32 { 1 }
        static var chunkType: Int32 { 2 }
        static var score: Int32 { 3 }
        static var cited: Int32 { 4 }
    }

    struct Header { var role: String; var status: String?; var created: String }

    func message(_ thread: String, _ sequence: Int) throws(TripletForgeError) -> Header? {
        try bind(header, thread, sequence)
        guard try header.step() else { return nil }
        return Header(role: header.text(HeaderColumn.role) ?? "", status: header.text(HeaderColumn.status), created: header.text(HeaderColumn.created) ?? "")
    }

    /// The text of the nearest earlier user message, or nil when there is none.
    func query(before thread: String, _ sequence: Int) throws(TripletForgeError) -> ColumnText? {
        try bind(query, thread, sequence)
        guard try query.step() else { return nil }
        return query.validText(0)  // its only column: `text`
    }

    /// The message's chunks in rank order, their texts turned into keys by `interner`.
    func chunks(_ thread: String, _ sequence: Int) throws -> ChunksLookup {
        try bind(chunks, thread, sequence)
        var result: [SignalChunk] = []
        while try chunks.step() {
            guard let text = chunks.bytes(ChunkColumn.text) else {
                return .unusable(RowProblem(.chunkWithoutText, "retrieved chunk at rank index \(result.count) has NULL text"))
            }
            let kind = chunks.text(ChunkColumn.chunkType).map { ChunkKind(rawValue: $0) ?? .unknown } ?? .leaf
            let context = chunks.bytes(ChunkColumn.contextualisedText).map { TextSpan(raw: $0) }
            guard let key = try interner.key(text: TextSpan(raw: text), contextualisedText: context, isLeaf: kind == .leaf) else {
                return .unusable(RowProblem(.invalidUTF8, "retrieved chunk at rank index \(result.count) is not valid UTF-8"))
            }
            let score = chunks.isNull(ChunkColumn.score) ? nil : chunks.double(ChunkColumn.score)
            result.append(SignalChunk(key: key, kind: kind, score: score, cited: !chunks.isNull(ChunkColumn.cited) && chunks.int(ChunkColumn.cited) != 0))
        }
        return .chunks(result)
    }

    /// What reading a message's chunks gave.
    enum ChunksLookup {
        case chunks([SignalChunk])
        /// A chunk row that cannot be used: the record is rejected for it.
        case unusable(RowProblem)
    }

    private func bind(_ statement: Database.Statement, _ thread: String, _ sequence: Int) throws(TripletForgeError) {
        statement.reset()
        statement.bind(thread, at: 1)
        statement.bind(sequence, at: 2)
    }
}
