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

    /// Prints a library error as one clear line on stderr and maps it to its exit code.
    static func fail(_ error: Error) -> ExitCode {
        printError("error: \(error)")
        if let error = error as? TripletForgeError {
            switch error {
            case .outputFailed, .snapshotFailed: return outputFailed
            default: return badInput
            }
        }
        return outputFailed
    }
}

/// Writes one line to stderr; an `error:` prefix is red on a terminal that accepts colour.
func printError(_ message: String) {
    var line = message
    if line.hasPrefix("error: "), Console.useColor() { line = "\u{1B}[31;1merror:\u{1B}[0m " + line.dropFirst(7) }
    Console.writeLine(line)
}
