import Foundation

/// What reading the input gave besides the evidence: counts, the fingerprint, the rejects.
struct InputRead {
    var counts: SourceCounts
    var fingerprint: InputFingerprint
    var rejected: [RejectedRow] = []
    var rejectReasons = ReasonCounts()

    /// Fails the build when too large a share of the rated records was unusable: then the input,
    /// or the mapping that reads it, is more likely wrong than the records.
    func checkRejectRatio(max maxRatio: Double) throws {
        guard counts.ratedRecords > 0, Double(rejected.count) / Double(counts.ratedRecords) > maxRatio else { return }
        let top = rejectReasons.sorted.prefix(3).map { "\($0.reason) ×\($0.count)" }.joined(separator: ", ")
        throw TripletForgeError.tooManyRejects(rejected: rejected.count, read: counts.ratedRecords, maxRatio: maxRatio, topReasons: top)
    }
}

extension BuildPipeline {
    /// Reads every rated record of the input into `collector`, in one read transaction (one
    /// consistent snapshot of a live database), reporting progress.
    static func read<Database: SourceDatabase>(_ layout: InputLayout, from database: Database, into collector: EvidenceCollector,
                     _ options: BuildOptions) throws -> InputRead {
        let source = makeSource(layout, database, options)
        return try database.withSnapshot {
            var input = InputRead(counts: SourceCounts(), fingerprint: try database.inputFingerprint(fullHash: options.hashInput))
            let progress = ReadProgress(handler: options.progress, cancellation: options.cancellation, total: nil)
            input.counts = try source.readSignals(chunks: collector.chunks, accept: progress.wrap(collector.add), reject: { row in
                input.rejected.append(row)
                input.rejectReasons.add(row.reason)
                try progress.tick()
            })
            progress.finish()
            input.fingerprint.tableRows = input.counts.tableRows
            input.fingerprint.latestRatedAt = input.counts.latestRatedAt
            return input
        }
    }
}
