import Dispatch
import Foundation
import TripletForge

/// Turns SIGINT and SIGTERM into a cooperative stop of the running build.
///
/// The default action would kill the process mid-write: the dataset would still be safe (it is
/// exchanged atomically), but the staging directory would stay until the next run and nothing
/// would say why the run ended. Instead the first signal raises the build's
/// ``BuildCancellation``; the build stops at its next poll, removes its staging directory, and the
/// command exits with 128 + the signal number (130 for SIGINT, 143 for SIGTERM), as shells do.
/// A second signal exits at once (the next run removes what is left).
final class InterruptHandler: @unchecked Sendable {
    let cancellation = BuildCancellation()
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var received: Int32?

    static let signals: [(number: Int32, name: String)] = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")]

    /// Starts handling; keep the handler alive for as long as the build runs.
    init() {
        for (number, name) in Self.signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [unowned self] in self.handle(number, name) }
            source.resume()
            sources.append(source)
        }
    }

    private func handle(_ number: Int32, _ name: String) {
        lock.lock()
        let first = received == nil
        if first { received = number }
        lock.unlock()
        if first {
            printError("tripletforge: \(name) received, stopping (the partial output is removed; any earlier dataset stays as it was)")
            cancellation.cancel(reason: name)
        } else {
            printError("tripletforge: \(name) received again, exiting now (the next run removes the partial output)")
            _exit(128 + number)
        }
    }

    /// The exit status for a stop caused by a signal: 128 + its number.
    var exitCode: Int32 {
        lock.lock()
        defer { lock.unlock() }
        return 128 + (received ?? SIGINT)
    }

    /// The exit status for a build stopped by the signal named `name` (the reason a
    /// ``BuildInterrupted`` carries): 128 + its number, SIGINT's when the name is unknown.
    static func exitCode(forSignalNamed name: String) -> Int32 {
        128 + (signals.first { $0.name == name }?.number ?? SIGINT)
    }
}
