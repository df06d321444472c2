import ArgumentParser
import Foundation
import TripletForge

/// The documented, stable exit codes (see `tripletforge --help`).
enum ExitStatus {
    static let notDue = ExitCode(1)
    static let badInput = ExitCode(3)
    static let outputFailed = ExitCode(4)
    /// `validate`: the dataset does not match its manifest or its format.
    static let invalidDataset = ExitCode(5)

    /// Prints a library error as one clear line on stderr, with a hint naming the flag that
    /// helps when there is one, and maps it to its exit code.
    static func fail(_ error: Error) -> ExitCode {
        printError("error: \(error)")
        if let error = error as? TripletForgeError, let hint = hint(for: error) { printError("hint: \(hint)") }
        if let error = error as? TripletForgeError {
            switch error {
            case .outputFailed, .snapshotFailed, .writeFailed, .destinationExists: return outputFailed
            default: return badInput
            }
        }
        return outputFailed
    }
}

extension ExitStatus {
    /// The flags that answer a library error: the library names settings and files, only the CLI
    /// knows its flags.
    static func hint(for error: TripletForgeError) -> String? {
        switch error {
        case .tooManyRejects:
            return "`build --dry-run --verbose --max-reject-ratio 1` lists the rejected rows with their reasons; fix the input, or raise the limit with --max-reject-ratio (or [input] max_reject_ratio in --config)."
        case .destinationExists:
            return "pass --force to replace it."
        case .unreadableDatabase:
            return "--db takes the path of the assistant's SQLite file (or of a snapshot made with `tripletforge snapshot`)."
        default:
            return nil
        }
    }
}

/// Writes one line to stderr; an `error:` prefix is red on a terminal that accepts colour.
func printError(_ message: String) {
    var line = message
    if line.hasPrefix("error: "), Console.useColor() { line = "\u{1B}[31;1merror:\u{1B}[0m " + line.dropFirst(7) }
    Console.writeLine(line)
}
