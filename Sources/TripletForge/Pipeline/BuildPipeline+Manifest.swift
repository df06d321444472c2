extension BuildPipeline {
    /// The manifest of a build, complete but for its shards and provenance entry, which only
    /// writing gives.
    static func makeManifest(layout: InputLayout, input: InputRead, collector: EvidenceCollector, mined: MiningResult,
                             dataset: LaidOutDataset, nearDuplicatePassages: Int, settings: BuildSettings) -> Manifest {
        var skipped = input.counts.skipped
        skipped.merge(collector.skipped)
        skipped.add(.mergedVote, mined.mergedVotes)
        skipped.add(.repeatedVote, mined.repeatedVotes)
        let counts = Manifest.Counts(
            ratedRecords: input.counts.ratedRecords, unratedRecords: input.counts.unratedRecords,
            rejectedRecords: input.rejected.count, positiveSignals: collector.positiveSignals,
            negativeSignals: collector.negativeSignals, queryGroups: collector.evidence.groups.count,
            positivePairs: mined.positivePairs, negativePairs: mined.negativePairs,
            triplets: dataset.perSplit { dataset.tripletsBySplit[$0]?.count ?? 0 },
            queryGroupsWithTriplets: dataset.perSplit { Set((dataset.tripletsBySplit[$0] ?? []).map(\.group)).count },
            rows: dataset.perSplit { dataset.rowsBySplit[$0]?.count ?? 0 },
            distinctPassages: collector.evidence.chunks.count, nearDuplicatePassages: nearDuplicatePassages)
        var manifest = Manifest(
            formatVersion: Manifest.currentFormatVersion,
            tool: .init(name: "tripletforge", version: TripletForgeVersion.current),
            layout: layout.rawValue, input: input.fingerprint, settings: settings, counts: counts,
            skipped: skipped, dropped: dataset.dropped, rejects: input.rejectReasons, observed: input.counts.observed,
            redactions: collector.redactions, shards: [],
            compression: .init(engine: .best, level: settings.output.compressionLevel, memberBytes: GzipMemberWriter.blockSize),
            contentIndex: .init(path: ContentIndex.fileName, triplets: dataset.index.count, sha256: sha256Hex(dataset.indexBytes)))
        manifest.evidenceModel = Manifest.EvidenceModelEntry(mined)
        return manifest
    }
}
