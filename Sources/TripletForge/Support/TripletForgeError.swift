/// Errors that stop a run. Each says what went wrong and where, in the library's terms (a file, a
/// setting such as `input.max_reject_ratio`); the CLI adds which flag to use, since the library
/// cannot know how it was called (a flag, a config file, another program).
///
/// Row-level problems are *not* errors: they are quarantined as rejects (see ``RejectedRow``) and
/// only become an error when they exceed the configured reject ratio.
public enum TripletForgeError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The input could not be opened or read as an SQLite database.
    case unreadableDatabase(path: String, reason: String)
    /// The database opened, but does not hold a layout TripletForge knows.
    case unsupportedLayout(path: String, found: [String], missing: String)
    /// A configuration file or flag has a value that cannot be used.
    case invalidConfiguration(String)
    /// Too many rated rows were rejected: the input is probably not what it seems.
    case tooManyRejects(rejected: Int, read: Int, maxRatio: Double, topReasons: String)
    /// The dataset could not be written; any earlier dataset at the destination is untouched.
    case outputFailed(path: String, reason: String)
    /// A file other than a dataset (a config file, a CI output file) could not be written.
    case writeFailed(path: String, reason: String)
    /// A file to be written exists already and was left as it is (nothing was told to replace it).
    case destinationExists(path: String)
    /// A dataset directory is missing, unreadable or inconsistent with its manifest.
    case invalidDataset(path: String, reason: String)
    /// A SQL statement failed while reading.
    case queryFailed(path: String, sql: String, reason: String)
    /// `tripletforge snapshot` could not write its copy; any earlier file at the destination is untouched.
    case snapshotFailed(path: String, reason: String)
    /// A PostgreSQL server could not be reached, or refused the connection (as libpq reports it).
    case serverUnavailable(server: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadableDatabase(path, reason):
            return "cannot read '\(path)' as an SQLite database: \(reason)"
        case let .unsupportedLayout(path, found, missing):
            let tables = found.isEmpty ? "no tables" : "tables " + found.joined(separator: ", ")
            return "'\(path)' has \(tables), but \(missing). TripletForge reads the `interactions` layout or the threads layout (`messages`, `retrieved_chunks`, `feedback`); for other schemas, map your tables in a config file (see `tripletforge init`)."
        case let .invalidConfiguration(message):
            return "invalid configuration: \(message)"
        case let .tooManyRejects(rejected, read, maxRatio, topReasons):
            let share = read == 0 ? 0 : Double(rejected) / Double(read)
            return "rejected \(rejected) of \(read) rated rows (\(percent(share))), more than the allowed \(percent(maxRatio)) (input.max_reject_ratio); reasons: \(topReasons). So many unusable rows usually mean the input, or its mapping, is not what it seems."
        case let .outputFailed(path, reason):
            return "cannot write the dataset to '\(path)': \(reason). Any earlier dataset there is untouched."
        case let .writeFailed(path, reason):
            return "cannot write '\(path)': \(reason)"
        case let .destinationExists(path):
            return "'\(path)' exists; it was left as it is"
        case let .invalidDataset(path, reason):
            return "'\(path)' is not a valid TripletForge dataset: \(reason)"
        case let .queryFailed(path, sql, reason):
            return "reading '\(path)' failed: \(reason) (while running: \(sql))"
        case let .snapshotFailed(path, reason):
            return "cannot write the snapshot '\(path)': \(reason). Any earlier file there is untouched."
        case let .serverUnavailable(server, reason):
            return "cannot connect to the PostgreSQL server '\(server)': \(reason). Check host, port, database and role; give the password through PGPASSWORD, ~/.pgpass or a service file, not on the command line."
        }
    }
}

func percent(_ value: Double) -> String {
    let scaled = (value * 1000).rounded() / 10
    return "\(scaled)%"
}
