import ArgumentParser
import Foundation
import TripletForge

struct BuildCommand: ParsableCommand {
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
          tripletforge build --db snap.sqlite --out ds/ --report ds-report.html

        FORMATS (--format; every format reads the same mined labels):
          triplet       {"query","positive","negative"}  (default)
          n-tuple       {"query","positive","negative_1",...,"negative_k"}
                        k = --negatives; positives with fewer are dropped
          labeled-pair  {"query","passage","label"}  label 1 or 0
          labeled-list  {"query","docs":[...],"labels":[...]}
          grouped       {"query","pos":[...],"neg":[...]}  (FlagEmbedding)
        """
    )

    @Option(help: "The SQLite database to read (never modified).")
    var db: String

    @Option(help: "The dataset directory to write (replaced atomically).")
    var out: String?

    @Flag(help: "Do everything but write: print what would be produced, and why.")
    var dryRun = false

    @Option(help: "A TOML config file (see the README); flags override it.")
    var config: String?

    @Flag(help: "The database is a snapshot nobody writes to: read it without any locking.")
    var immutable = false

    @Flag(help: "Add a SHA-256 of the whole input file to the manifest (slow on large files).")
    var hashInput = false

    @Option(name: .customLong("exclude"), help: "A file of session/thread ids (one per line) whose data must never reach the dataset.")
    var excludeList: String?

    @Option(help: "Share of query groups held out for validation (default 0.05).")
    var validationFraction: Double?

    @Option(help: "Rows per shard (default 100000).")
    var rowsPerShard: Int?

    @Option(help: "gzip level 1–9 (default 6).")
    var compressionLevel: Int?

    @Option(help: "Negatives per positive, hardest first (default 5).")
    var maxNegativesPerPositive: Int?

    @Option(help: "Triplets per query group (default 50).")
    var maxTripletsPerGroup: Int?

    @Option(help: "What a thumbs-up without citations says: top_leaf (default) or none.")
    var uncitedPositive: MiningPolicy.UncitedPositiveRule?

    @Option(help: "Fail when more than this share of rated rows are rejected (default 0.05).")
    var maxRejectRatio: Double?

    @Flag(help: "Keep e-mail addresses, phone/card numbers, IPs and API keys as they are (redacted by default).")
    var noRedact = false

    @Option(help: "Row layout: triplet (default), n-tuple, labeled-pair, labeled-list or grouped (see the card).")
    var format: ShardFormat?

    @Option(help: "k, negatives per n-tuple row; positives with fewer are dropped, not padded (default 4).")
    var negatives: Int?

    @Option(help: "Also write the HTML report of the new dataset to this file (as `tripletforge report` does).")
    var report: String?

    @Flag(help: "Print the summary as JSON on stdout.")
    var json = false

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Also print every skip, drop and reject reason.")
    var verbose = false

    func validate() throws {
        if out != nil && dryRun { throw ValidationError("--out and --dry-run exclude each other") }
        if out == nil && !dryRun { throw ValidationError("pass --out DIR to write a dataset, or --dry-run to only report") }
        if report != nil && out == nil { throw ValidationError("--report needs --out: the report reads the dataset written there") }
    }

    func run() throws {
        Console.configure(quiet: quiet, verbose: verbose)
        let interrupts = InterruptHandler()
        do {
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

            var options = BuildOptions(database: URL(fileURLWithPath: db), output: out.map { URL(fileURLWithPath: $0) }, settings: settings)
            options.immutable = immutable
            options.hashInput = hashInput
            if let excludeList { options.excludedConversations = try readIdList(excludeList) }
            if !quiet { options.progress = ProgressReporter(live: Console.stderrIsTerminal).handler }
            options.cancellation = interrupts.cancellation
            let built = try BuildPipeline.run(options)
            for lost in built.lostGroups {
                Console.log.debug("query group lost all its pairs (\(lost.reason)): \(lost.query.debugDescription)")
            }
            if let report, let out {
                try HTMLReport.write(dataset: URL(fileURLWithPath: out), to: report)
                Console.log.info("wrote \(report)")
            }
            if json {
                print(try BuildSummary.json(built))
            } else if !quiet {
                print(BuildSummary.text(built, verbose: verbose || dryRun, destination: out))
            }
        } catch let interrupted as BuildInterrupted {
            printError("error: \(interrupted)")
            throw ExitCode(interrupts.exitCode)
        } catch {
            throw ExitStatus.fail(error)
        }
        if interrupts.cancellation.isCancelled {
            // The signal came after the dataset was committed: it is complete, but say so.
            printError("tripletforge: the signal arrived after the new dataset was put in place; it is complete")
            throw ExitCode(interrupts.exitCode)
        }
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
