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

        EXIT STATUS:
          0    the command ran (`check`: due or not)
          1    `check --exit-code`: retraining is not due
          2    usage error (unknown flag, missing argument)
          3    bad input: unreadable database, unknown layout,
               bad config, too many rejected rows
          4    output error: nothing written, earlier dataset intact
          5    `validate`: the dataset does not match its manifest
          130  `build` stopped by SIGINT (143: SIGTERM) before
               committing; the earlier dataset is intact
        """,
        version: TripletForgeVersion.current,
        subcommands: [BuildCommand.self, CheckCommand.self, SnapshotCommand.self, ValidateCommand.self, ReportCommand.self, InitCommand.self]
    )

    /// ArgumentParser exits with EX_USAGE (64) on usage errors; the documented, stable code is 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
