import ArgumentParser
import Foundation
import TripletForge

struct ValidateCommand: Subcommand {
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

    @OptionGroup var global: GlobalOptions

    /// The result as `--json` prints it.
    struct Summary: Encodable {
        var dataset: String
        var valid: Bool
        var shardsChecked: Int
        var rowsChecked: Int
        var problems: [String]

        enum CodingKeys: String, CodingKey {
            case dataset, valid, shardsChecked = "shards_checked", rowsChecked = "rows_checked", problems
        }
    }

    /// Problems are diagnostics, one `FILE:LINE: what` per line on stderr (as a compiler's are),
    /// so they show with `--quiet` too; the verdict is the result.
    func execute() throws {
        let report = DatasetValidator.validate(URL(fileURLWithPath: dataset))
        for problem in report.problems { printError("\(dataset)/\(problem)") }
        if report.unlistedProblems > 0 { printError("… and \(report.unlistedProblems) more problem(s)") }
        let summary = Summary(dataset: dataset, valid: report.isValid, shardsChecked: report.shardsChecked,
                              rowsChecked: report.rowsChecked, problems: report.problems.map { "\($0)" })
        guard report.isValid else {
            if global.json { try global.printResult("", json: summary) }
            printError("error: '\(dataset)' is not a valid dataset: \(report.problems.count + report.unlistedProblems) problem(s)")
            throw ExitStatus.invalidDataset
        }
        try global.printResult("ok: \(dataset): \(report.shardsChecked) shard(s), \(report.rowsChecked) rows match the manifest; splits are disjoint",
                               json: summary)
    }
}
