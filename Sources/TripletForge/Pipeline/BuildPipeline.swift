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

    private static func runBound(_ options: BuildOptions) throws -> BuildReport {
        let cancellation = options.cancellation
        try options.settings.validate()
        let database = try SQLiteDatabase(readingAt: options.database.path, immutable: options.immutable)
        let layout = try options.settings.source?.apply(to: database) ?? InputLayout.detect(in: database)
        let staging = try options.output.map(StagingDirectory.init(for:))
        let scratch = staging?.url ?? FileManager.default.temporaryDirectory
        let collector = try EvidenceCollector(policy: options.settings.mining, redactor: options.settings.privacy.redact ? Redactor() : nil,
                                              scratchDirectory: scratch)

        var rejected: [RejectedRow] = []
        var rejectReasons = ReasonCounts()
        let source = makeSource(layout, database, options)
        let (sourceCounts, fingerprint) = try database.withSnapshot {
            var fingerprint = try InputFingerprint.read(database, fullHash: options.hashInput)
            let progress = ReadProgress(handler: options.progress, cancellation: cancellation, total: nil)
            let counts = try source.readSignals(chunks: collector.chunks, accept: progress.wrap(collector.add), reject: { row in
                rejected.append(row)
                rejectReasons.add(row.reason)
                try progress.tick()
            })
            progress.finish()
            fingerprint.tableRows = counts.tableRows
            fingerprint.latestRatedAt = counts.latestRatedAt
            return (counts, fingerprint)
        }
        let maxRatio = options.settings.input.maxRejectRatio
        if sourceCounts.ratedRecords > 0, Double(rejected.count) / Double(sourceCounts.ratedRecords) > maxRatio {
            let top = rejectReasons.sorted.prefix(3).map { "\($0.reason) ×\($0.count)" }.joined(separator: ", ")
            throw TripletForgeError.tooManyRejects(rejected: rejected.count, read: sourceCounts.ratedRecords, maxRatio: maxRatio, topReasons: top)
        }

        try cancellation?.check()
        let nearDuplicatePassages = collector.collapseNearDuplicates()
        let mined = try TripletMiner.mine(collector.evidence, policy: options.settings.mining)
        var splitOf: [UInt64: DatasetSplit] = [:]
        for labels in mined.labels { splitOf[labels.group] = options.settings.split.split(ofGroup: labels.group) }
        var dropped = mined.dropped
        let rows = options.settings.output.format.layout(negatives: options.settings.output.negativesPerRow).rows(of: mined, dropped: &dropped)
        let rowsBySplit = Dictionary(grouping: rows, by: { splitOf[$0.group]! })
        let bySplit = rowsBySplit.mapValues { $0.flatMap(\.triplets) }

        var skipped = sourceCounts.skipped
        skipped.merge(collector.skipped)
        skipped.add("merged_vote", mined.mergedVotes)
        skipped.add("repeated_vote", mined.repeatedVotes)
        let index = ContentIndex(triplets: rows.flatMap(\.triplets))
        let indexBytes = index.encoded()
        var manifest = Manifest(
            formatVersion: Manifest.currentFormatVersion,
            tool: .init(name: "tripletforge", version: TripletForgeVersion.current),
            layout: layout.rawValue, input: fingerprint, settings: options.settings,
            counts: .init(
                ratedRecords: sourceCounts.ratedRecords, unratedRecords: sourceCounts.unratedRecords,
                rejectedRecords: rejected.count, positiveSignals: collector.positiveSignals,
                negativeSignals: collector.negativeSignals, queryGroups: collector.evidence.groups.count,
                positivePairs: mined.positivePairs, negativePairs: mined.negativePairs,
                triplets: Dictionary(uniqueKeysWithValues: DatasetSplit.allCases.map { ($0.rawValue, bySplit[$0]?.count ?? 0) }),
                queryGroupsWithTriplets: Dictionary(uniqueKeysWithValues: DatasetSplit.allCases.map {
                    ($0.rawValue, Set((bySplit[$0] ?? []).map(\.group)).count)
                }),
                rows: Dictionary(uniqueKeysWithValues: DatasetSplit.allCases.map { ($0.rawValue, rowsBySplit[$0]?.count ?? 0) }),
                distinctPassages: collector.evidence.chunks.count, nearDuplicatePassages: nearDuplicatePassages),
            skipped: skipped, dropped: dropped, rejects: rejectReasons, observed: sourceCounts.observed, redactions: collector.redactions, shards: [],
            compression: .init(engine: .best, level: options.settings.output.compressionLevel, memberBytes: GzipMemberWriter.blockSize),
            contentIndex: .init(path: ContentIndex.fileName, triplets: index.count, sha256: sha256Hex(indexBytes)))

        let writer = ShardWriter(evidence: collector.evidence, settings: options.settings.output, progress: options.progress)
        guard let staging else {
            manifest.shards = writer.plan(rowsBySplit)
            return BuildReport(manifest: manifest, rejectedRows: rejected, dryRun: true)
        }
        do {
            try cancellation?.check()
            // Shards and the provenance file are written side by side: each is one thread of JSON
            // work (compression already runs on every core), and neither changes the evidence.
            let provenance = ProvenanceWriter(evidence: collector.evidence, level: options.settings.output.compressionLevel)
            try collector.evidence.finishWriting()
            manifest.provenance = try inBackground({ try provenance.write(rowsBySplit, into: staging.url) }, while: {
                manifest.shards = try writer.write(rowsBySplit, into: staging.url)
            })
            try DurableFile.write(indexBytes, to: staging.url.appendingPathComponent(ContentIndex.fileName))
            try writeRejects(rejected, to: staging.url.appendingPathComponent("rejects.jsonl"))
            try DurableFile.write(try manifest.encoded(), to: staging.url.appendingPathComponent(Manifest.fileName))
            try DurableFile.write(Array(DatasetCard(manifest: manifest).markdown.utf8), to: staging.url.appendingPathComponent("README.md"))
            // The last point to stop: past here the new dataset goes in place whole.
            try cancellation?.check()
            try staging.commit()
        } catch let error as TripletForgeError {
            throw error
        } catch let error as BuildInterrupted {
            throw error
        } catch {
            // Foundation's file errors: say what the system said, about the destination.
            throw TripletForgeError.outputFailed(path: staging.destination.path, reason: ioReason(error))
        }
        return BuildReport(manifest: manifest, rejectedRows: rejected, dryRun: false)
    }

    static func makeSource(_ layout: InputLayout, _ database: SQLiteDatabase, _ options: BuildOptions) -> any SignalSource {
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
                            ("reason", .string(row.reason)), ("detail", .string(row.detail))])
        }
        try DurableFile.write(encoder.bytes, to: url)
    }
}
