/// Something that reads rated exchanges out of a database and hands them on as ``Signal``s.
///
/// There is one source per input layout (``InteractionsSource``, and the threads layout); the rest
/// of the pipeline sees only signals, rejects and counts.
public protocol SignalSource {
    /// The layout's name, as recorded in the manifest: `interactions` or `threads`.
    var layout: String { get }

    /// Reads every rated record in a stable order, calling `accept` for each signal and `reject`
    /// for each record that cannot become one. Chunk texts become keys through `chunks`.
    /// Returns what was read.
    func readSignals(chunks: ChunkInterner, accept: (Signal) throws -> Void, reject: (RejectedRow) throws -> Void) throws -> SourceCounts
}

/// A record quarantined instead of trained on: which row, and why. Never its content.
public struct RejectedRow: Error, Sendable, Equatable, Codable {
    public var table: String
    public var rowID: String
    /// A stable reason code, such as `malformed_chunks_json`.
    public var reason: String
    /// A human explanation (a byte offset, a value type): never text from the row.
    public var detail: String

    public init(table: String, rowID: String, reason: String, detail: String) {
        self.table = table
        self.rowID = rowID
        self.reason = reason
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case table, rowID = "row_id", reason, detail
    }
}

/// What a source read, besides the signals themselves.
public struct SourceCounts: Sendable, Equatable {
    /// Records with a rating (accepted or rejected).
    public var ratedRecords = 0
    /// Records with no rating (never read past the count).
    public var unratedRecords = 0
    /// Source-level skips that are not errors (for example a rating whose only category blames delivery).
    public var skipped = ReasonCounts()
    /// Values counted but never carried, such as how many records had admin labels.
    public var observed = ReasonCounts()
    /// Rows of each table the source read, for the manifest's input fingerprint.
    public var tableRows: [String: Int] = [:]
    /// The newest rating time (ISO-8601), for the fingerprint and `check`'s age rule.
    public var latestRatedAt: String?

    public init() {}
}
