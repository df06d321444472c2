import Foundation

/// The batch job: database → signals → evidence → triplets → split → shards, manifest and card.
///
/// ```swift
/// let report = try BuildPipeline.run(BuildOptions(database: snapshot, output: datasetDirectory))
/// print(report.manifest.counts.totalTriplets)
/// ```
public enum BuildPipeline {
    /// Throws ``TripletForgeError`` for bad input or a failed write, and ``BuildInterrupted`` when
    /// `options.cancellation` was raised before the dataset was committed.
    public static func run(_ options: BuildOptions) throws -> BuildReport {
        try BuildCancellation.$current.withValue(options.cancellation) { try runBound(options) }
    }

    /// The stages in order: read → evidence → mine → lay out and split → manifest → write.
    private static func runBound(_ options: BuildOptions) throws -> BuildReport {
        try options.settings.validate()
        if let connection = options.postgres {
            return try runBound(options, reading: try PostgresDatabase(connecting: connection))
        }
        return try runBound(options, reading: try SQLiteDatabase(readingAt: options.database.path, immutable: options.immutable))
    }

    /// The stages over one database, specialised per kind of database.
    private static func runBound<Database: SourceDatabase>(_ options: BuildOptions, reading database: Database) throws -> BuildReport {
        let layout = try options.settings.source.map(database.present) ?? InputLayout.detect(in: database)
        let staging = try options.output.map(StagingDirectory.init(for:))
        let collector = try EvidenceCollector(policy: options.settings.mining, redactor: options.settings.privacy.redactor,
                                              scratchDirectory: staging?.url ?? FileManager.default.temporaryDirectory)

        let input = try read(layout, from: database, into: collector, options)
        try input.checkRejectRatio(max: options.settings.input.maxRejectRatio)

        try options.cancellation?.check()
        let evidence = try collector.finish()
        let mined = try TripletMiner.mine(evidence, policy: options.settings.mining)
        let dataset = LaidOutDataset(mined, settings: options.settings)
        let draft = makeManifest(layout: layout, input: input, evidence: evidence, mined: mined, dataset: dataset,
                                 settings: options.settings)

        let lostGroups = mined.lostGroups.map { (query: evidence.groups[$0.group]?.query ?? $0.group.rawValue.hexDigits, reason: $0.reason) }
        let writer = ShardWriter(evidence: evidence, settings: options.settings.output, progress: options.progress)
        guard let staging else {
            var planned = draft
            planned.shards = writer.plan(dataset.rowsBySplit)
            return BuildReport(manifest: planned, rejectedRows: input.rejected, dryRun: true, lostGroups: lostGroups)
        }
        let manifest = try write(dataset, draft: draft, rejected: input.rejected, with: writer, evidence: evidence,
                                 kept: mined.kept!, into: staging, options: options)
        return BuildReport(manifest: manifest, rejectedRows: input.rejected, dryRun: false, lostGroups: lostGroups)
    }

    static func makeSource<Database: SourceDatabase>(_ layout: InputLayout, _ database: Database, _ options: BuildOptions) -> any SignalSource {
        switch layout {
        case .interactions:
            return InteractionsSource(database: database, excludedConversations: options.excludedConversations)
        case .threads:
            return ThreadsSource(database: database, excludedConversations: options.excludedConversations,
                                 excludedAdminLabels: Set(options.settings.input.excludedAdminLabels))
        }
    }

    /// One JSON object per rejected record: table, id, reason, detail. Never the record's content.
    public static func writeRejects(_ rows: [RejectedRow], to url: URL) throws {
        var encoder = JSONLineEncoder()
        for row in rows {
            encoder.object([("table", .string(row.table)), ("row_id", .string(row.rowID)),
                            ("reason", .string(row.reason.rawValue)), ("detail", .string(row.detail))])
        }
        try DurableFile.write(encoder.bytes, to: url)
    }
}
