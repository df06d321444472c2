import Foundation

extension BuildPipeline {
    /// Writes the dataset into `staging` — shards and provenance side by side, then the content
    /// index, rejects, manifest and card — and puts it in place whole. Returns the manifest
    /// written: `draft` completed with the shards and the provenance entry that only writing gives.
    static func write(_ dataset: LaidOutDataset, draft: Manifest, rejected: [RejectedRow], with writer: ShardWriter,
                      evidence: Evidence, kept: KeptPairs, into staging: StagingDirectory, options: BuildOptions) throws -> Manifest {
        var manifest = draft
        do {
            try options.cancellation?.check()
            // Shards and the provenance file are written side by side: each is one thread of JSON
            // work (compression already runs on every core), and neither changes the evidence.
            let provenance = ProvenanceWriter(evidence: evidence, kept: kept, level: options.settings.output.compressionLevel)
            var shards: [Manifest.Shard] = []
            manifest.provenance = try inBackground({ try provenance.write(dataset.rowsBySplit, into: staging.url) }, while: {
                shards = try writer.write(dataset.rowsBySplit, into: staging.url)
            })
            manifest.shards = shards
            try DurableFile.write(dataset.indexBytes, to: staging.url.appendingPathComponent(ContentIndex.fileName))
            try writeRejects(rejected, to: staging.url.appendingPathComponent("rejects.jsonl"))
            try DurableFile.write(try manifest.encoded(), to: staging.url.appendingPathComponent(Manifest.fileName))
            try DurableFile.write(Array(DatasetCard(manifest: manifest).markdown.utf8), to: staging.url.appendingPathComponent("README.md"))
            // The last point to stop: past here the new dataset goes in place whole.
            try options.cancellation?.check()
            try staging.commit()
            return manifest
        } catch let error as TripletForgeError {
            throw error
        } catch let error as BuildInterrupted {
            throw error
        } catch {
            // Foundation's file errors: say what the system said, about the destination.
            throw TripletForgeError.outputFailed(path: staging.destination.path, reason: ioReason(error))
        }
    }
}
