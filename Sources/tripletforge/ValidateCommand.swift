import ArgumentParser
import Foundation
import TripletForge

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Re-read a dataset and check it against its manifest before uploading or training.",
        discussion: """
        Decompresses every shard to its end (every gzip member), checks its size, SHA-256, row \
        count and uncompressed size against manifest.json, holds every line to the format's keys \
        in order, checks the content index's checksum, the per-split counts, that no file in data/ \
        is unlisted, and that no normalised query is in both train and validation.

        Prints one line per problem, as FILE:LINE: what, and exits with status 5 when there is \
        any; prints a one-line summary and exits 0 when the dataset is intact.

        EXAMPLES:
          tripletforge validate dataset/
          tripletforge validate dataset/ --quiet && upload dataset/
        """
    )

    @Argument(help: "The dataset directory (written by `build --out`).")
    var dataset: String

    @Flag(name: .shortAndLong, help: "Print only problems.")
    var quiet = false

    func run() throws {
        let report = DatasetValidator.validate(URL(fileURLWithPath: dataset))
        guard report.isValid else {
            for problem in report.problems { printError("\(dataset)/\(problem)") }
            if report.unlistedProblems > 0 { printError("… and \(report.unlistedProblems) more problem(s)") }
            printError("error: '\(dataset)' is not a valid dataset: \(report.problems.count + report.unlistedProblems) problem(s)")
            throw ExitStatus.invalidDataset
        }
        if !quiet {
            print("ok: \(dataset): \(report.shardsChecked) shard(s), \(report.rowsChecked) rows match the manifest; splits are disjoint")
        }
    }
}
