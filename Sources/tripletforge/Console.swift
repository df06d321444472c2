import Foundation
import Logging

/// How the CLI talks on stderr: swift-log messages, colour only for a terminal that wants it.
///
/// Results (summaries, `--json`) go to stdout; everything else goes through `log` to stderr, so
/// `tripletforge build --json > summary.json` stays clean. `--quiet` keeps errors only, `--verbose`
/// adds debug lines. Colour is used when stderr is a terminal, `NO_COLOR` is unset or empty
/// (https://no-color.org) and `TERM` is not `dumb`.
enum Console {
    nonisolated(unsafe) static var log = Logger(label: "tripletforge")
    private nonisolated(unsafe) static var bootstrapped = false

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    static func useColor(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard stderrIsTerminal else { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    /// Sets the log level once per process (commands call it first thing in `run()`).
    static func configure(quiet: Bool, verbose: Bool) {
        if !bootstrapped {
            let color = useColor()
            LoggingSystem.bootstrap { label in StderrLogHandler(label: label, color: color) }
            bootstrapped = true
        }
        log = Logger(label: "tripletforge")
        log.logLevel = quiet ? .error : (verbose ? .debug : .info)
    }
}

/// One line per message on stderr: `tripletforge: warning: …`, the level coloured on a terminal.
struct StderrLogHandler: LogHandler {
    let label: String
    let color: Bool
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let prefix: String
        switch event.level {
        case .error, .critical: prefix = paint("error: ", "31;1")
        case .warning: prefix = paint("warning: ", "33;1")
        case .debug, .trace: prefix = paint("debug: ", "2")
        default: prefix = ""
        }
        let merged = self.metadata.merging(event.metadata ?? [:]) { _, new in new }
        let suffix = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        Console.writeLine("\(prefix)\(event.message)\(suffix)")
    }

    private func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
}

extension Console {
    private static let lock = NSLock()
    /// Set while a progress line occupies the terminal's last line, so a message clears it first.
    nonisolated(unsafe) static var progressLineShown = false

    static func writeLine(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        var bytes = ""
        if progressLineShown { bytes += "\r\u{1B}[2K"; progressLineShown = false }
        bytes += text + "\n"
        FileHandle.standardError.write(Data(bytes.utf8))
    }

    /// Replaces the progress line in place (terminals only).
    static func writeProgress(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
        progressLineShown = true
    }

    static func endProgress() {
        lock.lock()
        defer { lock.unlock() }
        if progressLineShown { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)); progressLineShown = false }
    }
}
