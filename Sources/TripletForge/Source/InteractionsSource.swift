import CSQLite

/// Reads the `interactions` layout: one row per answer, thumbs in `feedback`, chunks as JSON.
///
/// Only rated rows are read (`feedback IS NOT NULL`), in id order. A row becomes a signal when its
/// rating is the integer `1` or `-1`, its query is non-blank text, and its chunks are a JSON array
/// of objects with `text`; anything else is a ``RejectedRow`` naming the id and the reason.
public struct InteractionsSource<Database: SourceDatabase>: SignalSource {
    public let layout = "interactions"
    let database: Database
    let table: String
    /// Sessions whose rows must never reach a dataset (a deletion list).
    let excludedConversations: Set<String>

    public init(database: Database, table: String = "interactions", excludedConversations: Set<String> = []) {
        self.database = database
        self.table = table
        self.excludedConversations = excludedConversations
    }

    public func readSignals(chunks interner: ChunkInterner, accept: (Signal) throws -> Void, reject: (RejectedRow) throws -> Void) throws -> SourceCounts {
        var counts = SourceCounts()
        // One pass over the table counts unrated rows and finds the newest rating too: separate
        // `count(*)`/`max()` queries would each read the whole file again (the rating is the last
        // column, behind every row's overflow pages). Unrated rows bring no text along.
        let statement = try database.prepareScan("""
            SELECT id, session_id, created_at,
                   CASE WHEN feedback IS NULL THEN NULL ELSE query END,
                   CASE WHEN feedback IS NULL THEN NULL ELSE answer END,
                   CASE WHEN feedback IS NULL THEN NULL ELSE chunks END,
                   feedback
            FROM \(SQLIdentifier.quote(table)) ORDER BY id
            """)
        var decoder = InteractionDecoder(table: table, interner: interner)
        var latest: String?
        try PrefetchingScan(statement, columns: RatedRowColumn.count).forEachRow { row in
            if row.isNull(RatedRowColumn.feedback) {
                counts.unratedRecords += 1
                return
            }
            counts.ratedRecords += 1
            if let createdAt = row.text(RatedRowColumn.createdAt), latest.map({ createdAt > $0 }) ?? true { latest = createdAt }
            switch try decoder.decode(row) {
            case let .failure(rejected):
                try reject(rejected)
            case let .success(signal):
                if excludedConversations.contains(signal.provenance.conversation) {
                    counts.skipped.add(.deletedByRequest)
                } else if signal.chunks.isEmpty {
                    counts.skipped.add(.noChunks)
                } else {
                    try accept(signal)
                }
            }
        }
        counts.tableRows[table] = counts.ratedRecords + counts.unratedRecords
        counts.latestRatedAt = latest
        return counts
    }
}

/// Positions of the rated-rows query's result columns: its `SELECT` list, in order.
enum RatedRowColumn {
    static let id: Int32 = 0
    static let sessionID: Int32 = 1
    static let createdAt: Int32 = 2
    static let query: Int32 = 3
    static let answer: Int32 = 4
    static let chunks: Int32 = 5
    static let feedback: Int32 = 6
    static let count = 7
}

/// Turns one row of the rated-rows query into a signal, or says why it cannot.
struct InteractionDecoder {
    let table: String
    let interner: ChunkInterner
    private let scanner = ChunkScanner()

    init(table: String, interner: ChunkInterner) {
        self.table = table
        self.interner = interner
    }

    mutating func decode(_ row: RowView) throws -> Result<Signal, RejectedRow> {
        let id = row.storageClass(RatedRowColumn.id) == SQLITE_INTEGER ? String(row.int(RatedRowColumn.id)) : (row.text(RatedRowColumn.id) ?? "NULL")
        func rejected(_ reason: ReasonCode, _ detail: String) -> Result<Signal, RejectedRow> {
            .failure(RejectedRow(table: table, rowID: id, reason: reason, detail: detail))
        }

        guard row.storageClass(RatedRowColumn.feedback) == SQLITE_INTEGER, case let rating = row.int(RatedRowColumn.feedback), rating == 1 || rating == -1 else {
            return rejected(.invalidRating, "feedback must be the integer 1 or -1, found \(Self.describeValue(row, RatedRowColumn.feedback))")
        }
        let query: String
        switch row.validText(RatedRowColumn.query) {
        case .null: return rejected(.missingQuery, "query is NULL")
        case .invalid: return rejected(.invalidUTF8, "query is not valid UTF-8")
        case let .text(text):
            guard !TextNormalization.isBlank(text) else { return rejected(.missingQuery, "query is blank") }
            query = text
        }
        let cited: [Int]
        switch row.validText(RatedRowColumn.answer) {
        case .null: cited = []
        case .invalid: return rejected(.invalidUTF8, "answer is not valid UTF-8")
        case let .text(answer): cited = Citations.indexes(in: answer)
        }
        var chunks: [SignalChunk] = []
        if row.storageClass(RatedRowColumn.chunks) == SQLITE_INTEGER || row.storageClass(RatedRowColumn.chunks) == SQLITE_FLOAT {
            return rejected(.malformedChunksJSON, "chunks must be a JSON array, found \(Self.describeValue(row, RatedRowColumn.chunks))")
        }
        if let json = row.bytes(RatedRowColumn.chunks) {
            let interner = self.interner
            do {
                try scanner.scan(json) { index, fields in
                    guard let key = try interner.key(text: fields.text, contextualisedText: fields.contextualisedText, isLeaf: fields.kind == .leaf) else {
                        throw ChunkJSONError(offset: 0, reason: "chunk \(index + 1) has text that is not valid UTF-8", kind: .invalidUTF8)
                    }
                    chunks.append(SignalChunk(key: key, kind: fields.kind, score: fields.score))
                }
            } catch let error as ChunkJSONError {
                return rejected(error.kind.reason, "chunks: \(error)")
            }
        }
        for index in cited where index < chunks.count {
            chunks[index].cited = true
        }
        let provenance = Provenance(layout: "interactions", id: id, conversation: row.text(RatedRowColumn.sessionID) ?? "", createdAt: row.text(RatedRowColumn.createdAt) ?? "")
        return .success(Signal(provenance: provenance, query: query, chunks: chunks, verdict: rating == 1 ? .positive : .negative))
    }

    private static func describeValue(_ row: RowView, _ column: Int32) -> String {
        switch row.storageClass(column) {
        case SQLITE_NULL: return "NULL"
        case SQLITE_INTEGER: return "integer \(row.int(column))"
        case SQLITE_FLOAT: return "real \(row.double(column))"
        case SQLITE_TEXT: return "text of \(row.bytes(column)?.count ?? 0) bytes"
        default: return "a blob"
        }
    }
}
