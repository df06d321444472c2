import ArgumentParser
import Foundation
import TripletForge

struct CheckCommand: Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Decide whether enough new training data has accumulated to retrain.",
        discussion: """
        Compares the dataset's triplets with those of the dataset of the last training, by content \
        (normalised texts), so re-rated rows and rebuilt ids never inflate or hide the count. Reads \
        manifests and content indexes only, never the database.

        Due when at least --min-new-triplets new triplets come from at least --min-new-query-groups \
        query groups, or when the data is --max-age-days newer than the last training and anything \
        is new. Without --since, everything counts as new.

        When $GITHUB_OUTPUT is set, appends due=, new_triplets=, new_query_groups=, reason= to it. \
        When $GITHUB_STEP_SUMMARY is set, appends a Markdown report: the decision and its reasons, \
        a table of counts, rejects and drops by reason, and Mermaid charts of the label mix.

        EXAMPLES:
          tripletforge check --dataset dataset/
          tripletforge check --dataset dataset/ --since last-trained/ --exit-code
          tripletforge check --dataset dataset/ --since last-trained/ --json
        """
    )

    @Option(help: "The dataset to judge (a directory written by `build`).")
    var dataset: String

    @Option(help: "The dataset of the last training; absent, everything counts as new.")
    var since: String?

    @Option(help: "A TOML config file with a [check] section; flags override it.")
    var config: String?

    @Option(help: "New triplets needed (default \(CheckPolicy().minNewTriplets)).")
    var minNewTriplets: Int?

    @Option(help: "Distinct query groups the new triplets must come from (default \(CheckPolicy().minNewQueryGroups)).")
    var minNewQueryGroups: Int?

    @Option(help: "Retrain anyway when the data is this many days newer and anything is new; 0 disables (default \(CheckPolicy().maxAgeDays)).")
    var maxAgeDays: Int?

    @Flag(help: "Exit with status 1 when retraining is not due (for use as a CI gate).")
    var exitCode = false

    @OptionGroup var global: GlobalOptions

    func execute() throws {
        var policy = try config.map(Configuration.load(from:))?.check ?? CheckPolicy()
        if let minNewTriplets { policy.minNewTriplets = minNewTriplets }
        if let minNewQueryGroups { policy.minNewQueryGroups = minNewQueryGroups }
        if let maxAgeDays { policy.maxAgeDays = maxAgeDays }
        let decision = try ThresholdCheck.evaluate(dataset: URL(fileURLWithPath: dataset),
                                                   since: since.map { URL(fileURLWithPath: $0) }, policy: policy)
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["GITHUB_OUTPUT"], !path.isEmpty {
            try GitHubOutput.append(decision, to: path)
        }
        if let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
            let manifest = try Manifest.read(from: URL(fileURLWithPath: dataset))
            try GitHubOutput.append(text: CheckSummary.markdown(decision: decision, manifest: manifest), to: path, name: "$GITHUB_STEP_SUMMARY")
        }
        let text = (["\(decision.due ? "DUE" : "NOT DUE"): \(decision.newTriplets) new of \(decision.totalTriplets) triplets, \(decision.newQueryGroups) new query groups"]
                    + decision.reasons.map { "  \($0)" }).joined(separator: "\n")
        try global.printResult(text, json: decision)
        if exitCode && !decision.due { throw ExitStatus.notDue }
    }
}

/// Writes `key=value` lines to the file GitHub Actions names in `$GITHUB_OUTPUT`.
enum GitHubOutput {
    static func append(_ decision: CheckDecision, to path: String) throws {
        let reason = decision.reason.replacingOccurrences(of: "\n", with: " ")
        let text = "due=\(decision.due)\nnew_triplets=\(decision.newTriplets)\nnew_query_groups=\(decision.newQueryGroups)\nreason=\(reason)\n"
        try append(text: text, to: path, name: "$GITHUB_OUTPUT")
    }

    /// Appends to a file GitHub Actions created (creating it when run elsewhere, e.g. in a test).
    static func append(text: String, to path: String, name: String) throws {
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw TripletForgeError.writeFailed(path: path, reason: "cannot open \(name) for appending")
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }
}
