import Foundation
import Testing
@testable import TripletForge

/// A full disk, a read-only destination and an output path that is a file: a clear error (exit 4
/// from the CLI), the previous dataset intact, nothing left behind.
@Suite("Output faults", .serialized)
struct OutputFaultTests {
    @Test func aFullDiskIsAClearErrorAndThePreviousDatasetSurvives() throws {
        guard let disk = ScratchMount.tmpfs(size: "600k") else {
            try Test.cancel("cannot mount a small tmpfs here (needs root with CAP_SYS_ADMIN)")
        }
        let dataset = disk.url.appendingPathComponent("ds")
        _ = try BuildPipeline.run(BuildOptions(database: DatasetOutputTests.fixture, output: dataset))
        let before = try fileDigests(dataset)
        // Incompressible chunk texts: far more than the disk holds.
        let big = try TestDatabase()
        var generator = SplitMix64(seed: 11)
        try big.execute("BEGIN")
        for id in 1...600 {
            let noise = (0..<8).map { _ in leaf((0..<150).map { _ in String(generator.next() % 1_000_000, radix: 36) }.joined(separator: " ")) }
            try big.interaction(id, query: "q\(id)", answer: "[1]", chunks: "[" + noise.joined(separator: ",") + "]", feedback: id % 2 == 0 ? 1 : -1)
        }
        try big.execute("COMMIT")
        big.close()
        let result = try runProcess(try tripletforgeExecutable(), ["build", "--db", big.url.path, "--out", dataset.path, "--quiet"])
        #expect(result.status == 4)
        #expect(result.stderr.contains("No space left on device"), "\(result.stderr)")
        #expect(result.stderr.contains("Any earlier dataset there is untouched"))
        #expect(try fileDigests(dataset) == before)
        #expect(try leftovers(in: disk.url).isEmpty)
    }

    @Test func aReadOnlyDestinationIsAClearErrorAndThePreviousDatasetSurvives() throws {
        let out = try TemporaryDirectory()
        _ = try BuildPipeline.run(BuildOptions(database: DatasetOutputTests.fixture, output: out.url.appendingPathComponent("ds")))
        let before = try fileDigests(out.url.appendingPathComponent("ds"))
        // Root ignores permission bits, so a read-only bind mount stands for an unwritable directory.
        guard let readOnly = ScratchMount.readOnlyBind(of: out.url) else {
            try Test.cancel("cannot bind-mount read-only here (needs root with CAP_SYS_ADMIN)")
        }
        let result = try runProcess(try tripletforgeExecutable(), ["build", "--db", DatasetOutputTests.fixture.path,
                                                                   "--out", readOnly.url.appendingPathComponent("ds").path])
        #expect(result.status == 4)
        #expect(result.stderr.contains("Read-only file system"), "\(result.stderr)")
        #expect(try fileDigests(out.url.appendingPathComponent("ds")) == before)
        #expect(try leftovers(in: out.url).isEmpty)
    }

    @Test func anOutputPathThatIsAFileOrUnderAFileIsExitFourWithTheReason() throws {
        let out = try TemporaryDirectory()
        let file = out.url.appendingPathComponent("file")
        try Data("keep me".utf8).write(to: file)
        let executable = try tripletforgeExecutable()
        let onFile = try runProcess(executable, ["build", "--db", DatasetOutputTests.fixture.path, "--out", file.path])
        #expect(onFile.status == 4)
        #expect(onFile.stderr.contains("it exists and is not a directory"))
        let underFile = try runProcess(executable, ["build", "--db", DatasetOutputTests.fixture.path, "--out", file.appendingPathComponent("ds").path])
        #expect(underFile.status == 4)
        #expect(underFile.stderr.contains("does not exist"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "keep me")
        #expect(try leftovers(in: out.url).isEmpty)
    }

    @Test func theStagingDirectoryIsCreatedExclusivelySoALinkPlantedThereIsNeverFollowed() throws {
        let out = try TemporaryDirectory()
        let elsewhere = try TemporaryDirectory()
        let planted = out.url.appendingPathComponent("planted")
        try FileManager.default.createSymbolicLink(at: planted, withDestinationURL: elsewhere.url)
        #expect { try StagingDirectory.makeExclusiveDirectory(planted) } throws: { "\($0)".contains("File exists") }

        // A link planted under the very name a run will use is removed (not followed), and the
        // run writes into a real directory of its own.
        let name = ".tripletforge-staging-ds-\(ProcessInfo.processInfo.processIdentifier)-planted"
        try FileManager.default.createSymbolicLink(at: out.url.appendingPathComponent(name), withDestinationURL: elsewhere.url)
        let staging = try StagingDirectory(for: out.url.appendingPathComponent("ds"), nonce: "planted")
        let type = try FileManager.default.attributesOfItem(atPath: staging.url.path)[.type] as? FileAttributeType
        #expect(type == .typeDirectory)
        try Data("x".utf8).write(to: staging.url.appendingPathComponent("probe"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.url.path).isEmpty)
    }
}
