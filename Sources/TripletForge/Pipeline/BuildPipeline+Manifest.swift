extension BuildPipeline {
    /// The manifest of a build, complete but for its shards and provenance entry, which only
    /// writing gives.
    static func makeManifest(layout: InputLayout, input: InputRead, evidence: Evidence, mined: MiningResult,
                             dataset: LaidOutDataset, settings: BuildSettings) -> Manifest {
        var skipped = input.counts.skipped
        skipped.merge(evidence.tally.skipped)
        skipped.add(.mergedVote, mined.mergedVotes)
        skipped.add(.repeatedVote, mined.repeatedVotes)
        let counts = Manifest.Counts(
            ratedRecords: input.counts.ratedRecords, unratedRecords: input.counts.unratedRecords,
            rejectedRecords: input.rejected.count, positiveSignals: evidence.tally.positiveSignals,
            negativeSignals: evidence.tally.negativeSignals, queryGroups: evidence.groups.count,
            positivePairs: mined.positivePairs, negativePairs: mined.negativePairs,
            triplets: dataset.perSplit { dataset.tripletsBySplit[$0]?.count ?? 0 },
            queryGroupsWithTriplets: dataset.perSplit { Set((dataset.tripletsBySplit[$0] ?? []).map(\.group)).count },
            rows: dataset.perSplit { dataset.rowsBySplit[$0]?.count ?? 0 },
            distinctPassages: evidence.chunks.count, nearDuplicatePassages: evidence.tally.nearDuplicatePassages)
        var manifest = Manifest(
            formatVersion: Manifest.currentFormatVersion,
            tool: .init(name: "tripletforge", version: TripletForgeVersion.current),
            layout: layout.rawValue, input: input.fingerprint, settings: settings, counts: counts,
            skipped: skipped, dropped: dataset.dropped, rejects: input.rejectReasons, observed: input.counts.observed,
            redactions: evidence.tally.redactions, shards: [],
            compression: .init(engine: .best, level: settings.output.compressionLevel, memberBytes: GzipMemberWriter.blockSize),
            contentIndex: .init(path: ContentIndex.fileName, triplets: dataset.index.count, sha256: sha256Hex(dataset.indexBytes)))
        manifest.evidenceModel = Manifest.EvidenceModelEntry(mined)
        return manifest
    }
}
