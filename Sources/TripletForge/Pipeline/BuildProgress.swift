/// Where a build is, for a progress bar or log line: the library never prints, it reports here.
///
/// The pipeline calls the handler every ``interval`` records read or rows written (and once at the
/// end of each phase), so the hot path pays one counter increment per row; rendering, rates and
/// ETAs are the caller's business.
///
/// ```swift
/// var options = BuildOptions(database: db, output: out)
/// options.progress = { p in if p.phase == .writing { print("\(p.done)/\(p.total ?? 0) rows") } }
/// ```
public struct BuildProgress: Sendable, Equatable {
    public typealias Handler = @Sendable (BuildProgress) -> Void

    /// Records between two calls.
    public static let interval = 4096

    public enum Phase: String, Sendable {
        /// Rated records read from the database.
        case reading
        /// Rows written to shards.
        case writing
    }

    public var phase: Phase
    /// Records read, or rows written, so far.
    public var done: Int
    /// When known: rows to write; for reading, an upper bound (every row of the source tables).
    public var total: Int?

    public init(phase: Phase, done: Int, total: Int?) {
        self.phase = phase
        self.done = done
        self.total = total
    }
}

/// Counts records read and calls the handler every ``BuildProgress/interval`` of them.
final class ReadProgress {
    let handler: BuildProgress.Handler?
    /// Polled at the same interval, so a SIGINT stops reading within a few thousand records.
    let cancellation: BuildCancellation?
    /// Unknown for a single-pass read: how many rows are rated is known only at the end.
    let total: Int?
    private var done = 0

    init(handler: BuildProgress.Handler?, cancellation: BuildCancellation?, total: Int?) {
        self.handler = handler
        self.cancellation = cancellation
        self.total = total
    }

    /// `accept` itself when nobody listens or can cancel (no cost), else `accept` then a tick.
    func wrap(_ accept: @escaping (Signal) throws -> Void) -> (Signal) throws -> Void {
        guard handler != nil || cancellation != nil else { return accept }
        return { signal in
            try accept(signal)
            try self.tick()
        }
    }

    func tick() throws {
        done += 1
        guard done % BuildProgress.interval == 0 else { return }
        handler?(.init(phase: .reading, done: done, total: total))
        try cancellation?.check()
    }

    func finish() { handler?(.init(phase: .reading, done: done, total: done)) }
}
