import ArgumentParser
import Foundation
import TripletForge

struct BuildCommand: Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Mine triplets from a feedback database into a dataset directory.",
        discussion: """
        The database is opened read-only and read inside one transaction (one consistent snapshot, \
        even while the app keeps writing). The dataset is written aside and swapped into --out in \
        one step: a failed run leaves any earlier dataset there untouched.

        Output: data/{train,validation}-NNNNN-of-NNNNN.jsonl.gz, manifest.json, README.md (dataset \
        card), content-index.bin (for `check`), provenance.jsonl.gz (every vote behind each row's passages), \
        rejects.jsonl (ids and reasons of rejected rows).

        EXAMPLES:
          tripletforge build --db Fixtures/interactions.sqlite --out dataset/
          tripletforge build --db snapshot.sqlite --dry-run --verbose
          tripletforge build --db snap.sqlite --out dataset/ --config tf.toml --json
          tripletforge build --db snap.sqlite --out ds/ --format n-tuple --negatives 3
          tripletforge build --db snap.sqlite --out ds/ --format grouped
          tripletforge build --db snap.sqlite --out ds/ --format labeled-pair --soft-labels
          tripletforge build --db snap.sqlite --out ds/ --report ds-report.html
          PGSERVICE=feedback tripletforge build --db postgres: --out ds/   (PostgreSQL, read-only snapshot)

        FORMATS (--format; every format reads the same mined labels):
          triplet       {"query","positive","negative"}  (default)
          n-tuple       {"query","positive","negative_1",...,"negative_k"}
                        k = --negatives; positives with fewer are dropped
          labeled-pair  {"query","passage","label"}  label 1 or 0
          labeled-list  {"query","docs":[...],"labels":[...]}
          grouped       {"query","pos":[...],"neg":[...]}  (FlagEmbedding)
        --soft-labels: label/labels hold each passage's relevance (0–1) instead of 1/0;
                       grouped rows add "pos_scores","neg_scores"

        REASONS (counted in manifest.json, the card and --verbose; rejects.jsonl names the row):
        """ + ReasonCode.allCases.map { "  \($0.rawValue)\n      \($0.meaning)" }.joined(separator: "\n")
    )

    @Option(help: "The SQLite database to read (never modified), or postgresql://user@host/db (postgres: alone: the PG* environment).")
    var db: String

    @Option(help: "The dataset directory to write (replaced atomically).")
    var out: String?

    @Flag(help: "Do everything but write: print what would be produced, and why.")
    var dryRun = false

    @Option(help: "A TOML config file (`tripletforge init` writes one); flags override it.")
    var config: String?

    @Flag(help: "The database is a snapshot nobody writes to: read it without any locking.")
    var immutable = false

    @Flag(help: "Add a SHA-256 of the whole input file to the manifest (slow on large files).")
    var hashInput = false

    @Option(name: .customLong("exclude"), help: "A file of session/thread ids (one per line) whose data must never reach the dataset.")
    var excludeList: String?

    @Option(help: "Share of query groups held out for validation (default \(SplitPolicy().validationFraction)).")
    var validationFraction: Double?

    @Option(help: "Rows per shard (default \(OutputSettings().rowsPerShard)).")
    var rowsPerShard: Int?

    @Option(help: "gzip level 1–9 (default \(OutputSettings().compressionLevel)).")
    var compressionLevel: Int?

    @Option(help: "Negatives per positive, hardest first (default \(MiningPolicy().maxNegativesPerPositive)).")
    var maxNegativesPerPositive: Int?

    @Option(help: "Triplets per query group (default \(MiningPolicy().maxTripletsPerGroup)).")
    var maxTripletsPerGroup: Int?

    @Option(help: "What a thumbs-up without citations says (default \(MiningPolicy().uncitedPositive.rawValue)).")
    var uncitedPositive: MiningPolicy.UncitedPositiveRule?

    @Option(help: "Fail when more than this share of rated rows are rejected (default \(InputSettings().maxRejectRatio)).")
    var maxRejectRatio: Double?

    @Flag(help: "Keep e-mail addresses, phone/card numbers, IPs and API keys as they are (redacted by default).")
    var noRedact = false

    @Option(help: "The rows' format, see FORMATS above (default \(OutputSettings().format.rawValue)).")
    var format: ShardFormat?

    @Option(help: "k, negatives per n-tuple row; positives with fewer are dropped, not padded (default \(OutputSettings().negativesPerRow)).")
    var negatives: Int?

    @Flag(help: "Labels are each passage's relevance (0–1, the evidence model's probability) instead of 1/0: labeled-pair, labeled-list, grouped (pos_scores/neg_scores).")
    var softLabels = false

    @Option(help: "Also write the HTML report of the new dataset to this file (as `tripletforge report` does).")
    var report: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if out != nil && dryRun { throw ValidationError("--out and --dry-run exclude each other") }
        if out == nil && !dryRun { throw ValidationError("pass --out DIR to write a dataset, or --dry-run to only report") }
        if report != nil && out == nil { throw ValidationError("--report needs --out: the report reads the dataset written there") }
        if PostgresConnection.isConnectionString(db) && (immutable || hashInput) {
            throw ValidationError("--immutable and --hash-input are for SQLite files; a PostgreSQL build always reads one read-only snapshot")
        }
    }

    func execute() throws {
        let interrupts = InterruptHandler()
        let settings = try resolvedSettings()
        var options = BuildOptions(database: URL(fileURLWithPath: db), output: out.map { URL(fileURLWithPath: $0) }, settings: settings)
        if PostgresConnection.isConnectionString(db) { options.postgres = PostgresConnection.conninfo(db) }
        options.immutable = immutable
        options.hashInput = hashInput
        if let excludeList { options.excludedConversations = try readIdList(excludeList) }
        if !global.quiet { options.progress = ProgressReporter(live: Console.stderrIsTerminal).handler }
        options.cancellation = interrupts.cancellation
        let built = try BuildPipeline.run(options)
        for lost in built.lostGroups {
            Console.log.debug("query group lost all its pairs (\(lost.reason)): \(lost.query.debugDescription)")
        }
        if let report, let out {
            try HTMLReport.write(dataset: URL(fileURLWithPath: out), to: report)
            Console.log.info("wrote \(report)")
        }
        try global.printResult(BuildSummary.text(built, verbose: global.verbose || dryRun, destination: out), json: BuildSummary(built))
        if interrupts.cancellation.isCancelled {
            // The signal came after the dataset was committed: it is complete, but say so.
            printError("tripletforge: the signal arrived after the new dataset was put in place; it is complete")
            throw ExitCode(interrupts.exitCode)
        }
    }

    /// The config file's settings (or the defaults), with the flags given on top.
    private func resolvedSettings() throws -> BuildSettings {
        var settings = try config.map(Configuration.load(from:))?.build ?? BuildSettings()
        if let validationFraction { settings.split.validationFraction = validationFraction }
        if let rowsPerShard { settings.output.rowsPerShard = rowsPerShard }
        if let compressionLevel { settings.output.compressionLevel = compressionLevel }
        if let maxNegativesPerPositive { settings.mining.maxNegativesPerPositive = maxNegativesPerPositive }
        if let maxTripletsPerGroup { settings.mining.maxTripletsPerGroup = maxTripletsPerGroup }
        if let uncitedPositive { settings.mining.uncitedPositive = uncitedPositive }
        if let maxRejectRatio { settings.input.maxRejectRatio = maxRejectRatio }
        if noRedact { settings.privacy.redact = false }
        if let format { settings.output.format = format }
        if let negatives { settings.output.negativesPerRow = negatives }
        if softLabels { settings.output.softLabels = true }
        return settings
    }

    private func readIdList(_ path: String) throws -> Set<String> {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TripletForgeError.invalidConfiguration("cannot read the exclusion list '\(path)'")
        }
        return Set(String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }
}

extension MiningPolicy.UncitedPositiveRule: ExpressibleByArgument {}
extension ShardFormat: ExpressibleByArgument {}
