import ArgumentParser
import Foundation
import TripletForge

struct ReportCommand: Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report about a dataset.",
        discussion: """
        Reads a dataset directory written by `build` (manifest, shards, content index, \
        provenance.jsonl.gz) and writes one HTML page with inline CSS and SVG charts: counts, \
        rejects and drops by reason, the label mix, the top query groups, pairings per group, text \
        lengths, a sample of rows with their provenance (interaction ids, ranks, votes, scores, \
        categories) and every setting used. No script, nothing fetched: it opens offline, from a \
        CI artifact as well as from disk.

        EXAMPLES:
          tripletforge report --dataset dataset/ --out report.html
          tripletforge report --dataset dataset/ --out report.html --sample 20
          tripletforge build --db snap.sqlite --out dataset/ && tripletforge report --dataset dataset/ --out dataset-report.html
        """
    )

    @Option(help: "The dataset directory (written by `build`).")
    var dataset: String

    @Option(help: "The HTML file to write.")
    var out: String

    @Option(help: "Rows to show in the sample.")
    var sample = 8

    @OptionGroup var global: GlobalOptions

    /// The result as `--json` prints it.
    struct Summary: Encodable {
        var report: String
        var rows: Int
        var sections: [String]
    }

    func execute() throws {
        let data = try HTMLReport.write(dataset: URL(fileURLWithPath: dataset), to: out, sampleSize: sample)
        try global.printResult("wrote \(out): \(data.manifest.counts.totalRows) rows, \(data.sample.count) sampled",
                               json: Summary(report: out, rows: data.manifest.counts.totalRows, sections: HTMLReport.sectionIDs))
    }
}
