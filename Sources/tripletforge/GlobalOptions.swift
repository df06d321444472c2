import ArgumentParser
import Foundation

/// The options every command takes, declared once (`@OptionGroup var global: GlobalOptions`).
///
/// They mean the same everywhere: `--quiet` keeps errors only, `--verbose` adds detail on stderr,
/// and `--json` turns the command's result on stdout into one JSON object.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print only errors (and, with --json, the result).")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Also print details: every skip, drop and reject reason, debug messages.")
    var verbose = false

    @Flag(help: "Print the result on stdout as one JSON object.")
    var json = false

    /// Prints a command's result on stdout: one JSON object with `--json`, else the text unless
    /// `--quiet`. Messages and progress never come here: they go to stderr through `Console.log`.
    func printResult(_ text: @autoclosure () -> String, json value: @autoclosure () throws -> some Encodable) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(try value()), as: UTF8.self))
        } else if !quiet {
            print(text())
        }
    }
}

/// A subcommand of `tripletforge`: its options include ``GlobalOptions``, and `execute()` does the
/// work. Errors are not caught here: they reach ``TripletForgeCommand/main()``, the one place that
/// prints them and maps them to the documented exit codes (see ``ExitStatus``).
protocol Subcommand: ParsableCommand {
    var global: GlobalOptions { get }
    func execute() throws
}

extension Subcommand {
    func run() throws {
        Console.configure(quiet: global.quiet, verbose: global.verbose)
        try execute()
    }
}
