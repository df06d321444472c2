import ArgumentParser
import Foundation
import TripletForge

/// The documented, stable exit codes (see `tripletforge --help`), and the one place that maps an
/// error to its code.
enum ExitStatus {
    static let ran: Int32 = 0
    static let notDue = ExitCode(1)
    static let usage: Int32 = 2
    static let badInput: Int32 = 3
    static let outputFailed: Int32 = 4
    /// `validate`: the dataset does not match its manifest or its format.
    static let invalidDataset = ExitCode(5)

    /// The `EXIT STATUS` section of `tripletforge --help`; the README's table says the same.
    static let help = """
        EXIT STATUS:
          0    the command ran (`check`: due or not)
          1    `check --exit-code`: retraining is not due
          2    usage error (unknown flag, missing argument)
          3    bad input: unreadable database, unknown layout,
               bad config, not a dataset, too many rejected rows
          4    output error: nothing written, earlier dataset intact
          5    `validate`: the dataset does not match its manifest
          130  `build` stopped by SIGINT (143: SIGTERM) before
               committing; the earlier dataset is intact
        """

    /// Prints `error` as one clear line on stderr (unless it is a bare exit code, whose command
    /// has already said why) and returns the exit code it stands for.
    static func code(for error: Error) -> Int32 {
        switch error {
        case let code as ExitCode:
            return code.rawValue
        case let interrupted as BuildInterrupted:
            printError("error: \(interrupted)")
            return InterruptHandler.exitCode(forSignalNamed: interrupted.reason)
        case let error as TripletForgeError:
            printError("error: \(error)")
            if let hint = hint(for: error) { printError("hint: \(hint)") }
            switch error {
            case .outputFailed, .snapshotFailed, .writeFailed, .destinationExists: return outputFailed
            default: return badInput
            }
        default:
            // Foundation's file errors, from writing what a command produces.
            printError("error: \(error)")
            return outputFailed
        }
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
