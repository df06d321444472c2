import ArgumentParser
import Foundation
import TripletForge

@main
struct TripletForgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tripletforge",
        abstract: "Turn user feedback on RAG answers into reranker training data.",
        discussion: """
        Reads the SQLite database of a RAG assistant (read-only), turns thumbs and sentiment ratings \
        into (query, positive, hard negative) triplets, and writes them as gzipped JSON Lines shards \
        with a manifest and a Hugging Face dataset card.

        EXAMPLES:
          tripletforge build --db snapshot.sqlite --out dataset/
          tripletforge build --db snapshot.sqlite --dry-run
          tripletforge check --dataset dataset/ --since last-trained/ --exit-code
          tripletforge snapshot --db live.sqlite --to snapshot.sqlite
          tripletforge build --db snapshot.sqlite --out dataset/ --format grouped
          tripletforge report --dataset dataset/ --out report.html
          tripletforge init
          tripletforge validate dataset/

        OUTPUT:
          stdout  results; --json gives one machine-readable object
          stderr  messages and progress: a live line on a terminal,
                  plain log lines otherwise (CI logs)
          --quiet keeps errors only; --verbose adds detail
          colour  only on a terminal, and never when NO_COLOR is set

        \(ExitStatus.help)
        """,
        version: TripletForgeVersion.current,
        subcommands: [BuildCommand.self, CheckCommand.self, SnapshotCommand.self, ValidateCommand.self, ReportCommand.self, InitCommand.self]
    )

    /// The one place a command's errors become exit codes.
    ///
    /// ArgumentParser would exit with EX_USAGE (64) on usage errors; the documented, stable code is
    /// 2. Everything a command throws while running goes to ``ExitStatus/code(for:)``.
    static func main() {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)  // --help, --version, and ArgumentParser's own errors
        }
        do {
            try command.run()
        } catch {
            // `--help` and `tripletforge` alone end here as a clean exit that prints the help.
            if exitCode(for: error).isSuccess { exit(withError: error) }
            Foundation.exit(ExitStatus.code(for: error))
        }
    }
}
