import Foundation
import Testing
@testable import TripletForge

/// Kills and signals real `tripletforge build` processes at random points: the destination always
/// holds one complete dataset (the previous or the new), never a mix or nothing.
@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    /// The dataset at `dataset` is whole (validate finds nothing) and is exactly one of `expected`.
    func expectComplete(_ dataset: URL, oneOf expected: [Manifest], _ context: String) throws {
        let report = DatasetValidator.validate(dataset)
        #expect(report.isValid, "\(context): \(report.problems)")
        let manifest = try Manifest.read(from: dataset)
        #expect(expected.contains(manifest), "\(context): the manifest is neither the previous nor the new one")
    }

    @Test func aBuildKilledAtRandomPointsLeavesThePreviousOrTheNewDatasetWhole() throws {
        let executable = try tripletforgeExecutable()
        let big = try makeLargeDatabase(rows: 3_000)
        big.close()
        let out = try TemporaryDirectory()
        let dataset = out.url.appendingPathComponent("ds")
        let buildArguments = ["build", "--db", big.url.path, "--out", dataset.path, "--rows-per-shard", "500", "--quiet"]

        // The new dataset, built elsewhere (builds are deterministic), and how long one takes.
        let reference = out.url.appendingPathComponent("reference")
        let started = Date()
        let result = try runProcess(executable, ["build", "--db", big.url.path, "--out", reference.path, "--rows-per-shard", "500", "--quiet"])
        let duration = Date().timeIntervalSince(started)
        #expect(result.status == 0, "\(result.stderr)")
        let newManifest = try Manifest.read(from: reference)
        #expect(newManifest.shards.count >= 4)

        // The previous dataset: the small fixture.
        #expect(try runProcess(executable, ["build", "--db", DatasetOutputTests.fixture.path, "--out", dataset.path, "--quiet"]).status == 0)
        let oldManifest = try Manifest.read(from: dataset)

        var generator = SplitMix64(seed: UInt64(Date().timeIntervalSince1970))
        var outcomes: [String: Int] = [:]
        for round in 0..<12 {
            let build = try BackgroundProcess(executable, buildArguments)
            // Anywhere from the start to a bit past the expected end: before, during and after commit.
            usleep(UInt32(Double(generator.next() % 1000) / 1000 * duration * 1.2 * 1_000_000))
            build.signal(SIGKILL)
            let (_, reason, _) = build.wait()
            outcomes[reason == .uncaughtSignal ? "killed" : "finished", default: 0] += 1
            try expectComplete(dataset, oneOf: [oldManifest, newManifest], "round \(round)")
        }
        // What the kills left beside the destination goes with the next complete run.
        #expect(try runProcess(executable, buildArguments).status == 0)
        try expectComplete(dataset, oneOf: [newManifest], "after a complete run")
        #expect(try leftovers(in: out.url).isEmpty, "outcomes: \(outcomes)")
    }

    @Test(arguments: [(SIGINT, Int32(130), "SIGINT"), (SIGTERM, Int32(143), "SIGTERM")])
    func aSignalStopsTheBuildCleanlyWithAMessage(signal: Int32, status: Int32, name: String) throws {
        let executable = try tripletforgeExecutable()
        let big = try makeLargeDatabase(rows: 4_000, seed: 2)
        big.close()
        let out = try TemporaryDirectory()
        let dataset = out.url.appendingPathComponent("ds")
        #expect(try runProcess(executable, ["build", "--db", DatasetOutputTests.fixture.path, "--out", dataset.path, "--quiet"]).status == 0)
        let before = try fileDigests(dataset)

        let build = try BackgroundProcess(executable, ["build", "--db", big.url.path, "--out", dataset.path, "--quiet"])
        // Signal once the run has made its staging directory (it is then mid-build).
        var waited = 0
        while try leftovers(in: out.url).isEmpty && build.process.isRunning && waited < 5_000 { usleep(1_000); waited += 1 }
        build.signal(signal)
        let (exit, reason, stderr) = build.wait()
        #expect(reason == .exit)
        if stderr.contains("already in place") {
            // The signal landed after the commit: the new dataset is whole.
            #expect(DatasetValidator.validate(dataset).isValid)
        } else {
            #expect(exit == status)
            #expect(stderr.contains("\(name) received, stopping"))
            #expect(stderr.contains("interrupted by \(name)"))
            #expect(try fileDigests(dataset) == before)
        }
        #expect(try leftovers(in: out.url).isEmpty, "the staging directory must be removed")
    }

    @Test func aCancelledBuildThrowsAndRemovesItsStagingDirectory() throws {
        let out = try TemporaryDirectory()
        let dataset = out.url.appendingPathComponent("ds")
        _ = try BuildPipeline.run(BuildOptions(database: DatasetOutputTests.fixture, output: dataset))
        let before = try fileDigests(dataset)
        var options = BuildOptions(database: DatasetOutputTests.fixture, output: dataset)
        options.cancellation = BuildCancellation()
        options.cancellation?.cancel(reason: "test")
        #expect(throws: BuildInterrupted(reason: "test")) { _ = try BuildPipeline.run(options) }
        #expect(try fileDigests(dataset) == before)
        #expect(try leftovers(in: out.url).isEmpty)
    }

    @Test func anOldDatasetMovedAsideByAKilledNonAtomicCommitIsPutBack() throws {
        let out = try TemporaryDirectory()
        let dataset = out.url.appendingPathComponent("ds")
        _ = try BuildPipeline.run(BuildOptions(database: DatasetOutputTests.fixture, output: dataset))
        let before = try fileDigests(dataset)
        // The state between the two renames of the fallback commit, left by a dead run.
        let aside = out.url.appendingPathComponent(".tripletforge-staging-ds-99999999-deadbeef.previous")
        try FileManager.default.moveItem(at: dataset, to: aside)
        try FileManager.default.createDirectory(at: out.url.appendingPathComponent(".tripletforge-staging-ds-99999999-deadbeef"), withIntermediateDirectories: false)
        _ = try StagingDirectory(for: dataset)
        #expect(try fileDigests(dataset) == before)
        #expect(try leftovers(in: out.url).isEmpty)
    }
}
