import Foundation

/// A flag another thread raises to stop a build early (the CLI raises it on SIGINT/SIGTERM).
///
/// A build polls it between phases, every few thousand rows while reading, and once per gzip
/// block while writing shards, and stops by throwing ``BuildInterrupted``. Stopping that way,
/// rather than exiting from the signal handler, lets the staging directory be removed by the code
/// that owns it, and never lets a half-written dataset be committed: the flag is polled one last
/// time just before the atomic exchange.
///
/// ```swift
/// let cancellation = BuildCancellation()
/// var options = BuildOptions(database: db, output: out)
/// options.cancellation = cancellation
/// // on another thread: cancellation.cancel(reason: "SIGTERM")
/// ```
public final class BuildCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var _reason: String?

    public init() {}

    /// Asks the build to stop; the first reason wins.
    public func cancel(reason: String) {
        lock.lock()
        if _reason == nil { _reason = reason }
        lock.unlock()
    }

    /// Why the build was asked to stop, or nil while it may go on.
    public var reason: String? {
        lock.lock()
        defer { lock.unlock() }
        return _reason
    }

    public var isCancelled: Bool { reason != nil }

    /// Throws ``BuildInterrupted`` when cancelled.
    public func check() throws(BuildInterrupted) {
        if let reason { throw BuildInterrupted(reason: reason) }
    }

    /// The cancellation of the build running on this thread, so code deep in the writers can
    /// poll it without every layer passing it along.
    @TaskLocal static var current: BuildCancellation?

    /// Polls the current build's cancellation, if any.
    static func checkCurrent() throws(BuildInterrupted) {
        try current?.check()
    }
}

/// A build stopped on request before it committed anything: no dataset was written, any earlier
/// dataset at the destination is untouched, and the staging directory is gone.
public struct BuildInterrupted: Error, CustomStringConvertible, Sendable, Equatable {
    /// What asked for the stop, e.g. `SIGINT`.
    public var reason: String

    public init(reason: String) { self.reason = reason }

    public var description: String {
        "interrupted by \(reason): stopped before writing the dataset; any earlier dataset is untouched and the partial output was removed"
    }
}
