import Foundation

/// What to build from and where to put it.
public struct BuildOptions: Sendable {
    /// The SQLite file to read (never modified).
    public var database: URL
    /// A libpq connection string (`postgresql://…`, or "" for the `PG*` environment variables and
    /// service file): read PostgreSQL instead of `database`, see ``PostgresDatabase``.
    public var postgres: String?
    /// Where the dataset goes; `nil` for a dry run.
    public var output: URL?
    public var settings: BuildSettings
    /// Promise that nothing writes the database while it is read (a snapshot): no locks at all.
    public var immutable = false
    /// Hash the whole input file into the manifest (slow for large inputs).
    public var hashInput = false
    /// Conversations (session or thread ids) whose data must never reach the dataset.
    public var excludedConversations: Set<String> = []
    /// Told how far reading and writing got, every ``BuildProgress/interval`` rows (nil: nobody asks).
    public var progress: BuildProgress.Handler?
    /// Raised by another thread (the CLI's SIGINT/SIGTERM handler) to stop the build before it commits.
    public var cancellation: BuildCancellation?

    public init(database: URL, output: URL?, settings: BuildSettings = BuildSettings()) {
        self.database = database
        self.output = output
        self.settings = settings
    }
}

/// What a build did (or, in a dry run, would do).
public struct BuildReport: Sendable {
    /// Complete for a written dataset; in a dry run its shards carry rows but no checksums.
    public var manifest: Manifest
    public var rejectedRows: [RejectedRow]
    public var dryRun: Bool
    /// Query groups that had votes but gave no triplet — the query as training would show it and
    /// why — in group order, for `--verbose`; the manifest counts them by reason.
    public var lostGroups: [(query: String, reason: ReasonCode)] = []
}
