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

/// Why one record cannot be used: a reason code and a detail that quotes no text from the row.
///
/// The one shape of "this record is unusable" every decoder returns (a taxonomy check, a chunk
/// lookup, a row decoder); the source adds the table and id to make it a ``RejectedRow``.
public struct RowProblem: Error, Sendable, Equatable {
    public var reason: ReasonCode
    /// A human explanation (a byte offset, a value type): never text from the row.
    public var detail: String

    public init(_ reason: ReasonCode, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }
}

/// A record quarantined instead of trained on: which row, and why. Never its content.
public struct RejectedRow: Error, Sendable, Equatable, Codable {
    public var table: String
    public var rowID: String
    /// The stable reason code, such as `malformed_chunks_json`.
    public var reason: ReasonCode
    /// A human explanation (a byte offset, a value type): never text from the row.
    public var detail: String

    public init(table: String, rowID: String, reason: ReasonCode, detail: String) {
        self.table = table
        self.rowID = rowID
        self.reason = reason
        self.detail = detail
    }

    public init(table: String, rowID: String, _ problem: RowProblem) {
        self.init(table: table, rowID: rowID, reason: problem.reason, detail: problem.detail)
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
