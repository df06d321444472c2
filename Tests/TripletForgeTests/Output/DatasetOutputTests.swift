import Foundation
import Testing
@testable import TripletForge

@Suite("Dataset output")
struct DatasetOutputTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../Fixtures/interactions.sqlite").standardizedFileURL

    func buildFixture(into directory: URL, settings: BuildSettings = BuildSettings()) throws -> BuildReport {
        try BuildPipeline.run(BuildOptions(database: Self.fixture, output: directory, settings: settings))
    }

    @Test func twoRunsWriteByteIdenticalDatasetsWhereverTheyGo() throws {
        let out = try TemporaryDirectory()
        var settings = BuildSettings()
        settings.output.rowsPerShard = 100
        _ = try buildFixture(into: out.url.appendingPathComponent("a"), settings: settings)
        _ = try buildFixture(into: out.url.appendingPathComponent("elsewhere-b"), settings: settings)
        let a = try fileDigests(out.url.appendingPathComponent("a"))
        let b = try fileDigests(out.url.appendingPathComponent("elsewhere-b"))
        #expect(a.count >= 8)
        #expect(a == b)
    }

    @Test func shardsAreStandardGzipOfExactlyQueryPositiveNegativeLines() throws {
        let out = try TemporaryDirectory()
        let report = try buildFixture(into: out.url.appendingPathComponent("ds"))
        let dataset = out.url.appendingPathComponent("ds")
        for shard in report.manifest.shards {
            let file = dataset.appendingPathComponent(shard.path)
            #expect(try run("/bin/gzip", ["-t", file.path]) == 0)
            #expect(sha256Hex([UInt8](try Data(contentsOf: file))) == shard.sha256)
            let lines = try gunzip(file).split(separator: "\n")
            #expect(lines.count == shard.rows)
            for line in lines {
                #expect(line.hasPrefix(#"{"query":"#))
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: String]
                #expect(object.keys.sorted() == ["negative", "positive", "query"])
                let keyOrder = ["\"query\":", "\"positive\":", "\"negative\":"].map { line.range(of: $0)!.lowerBound }
                #expect(keyOrder == keyOrder.sorted())
            }
        }
        #expect(report.manifest.shards.map(\.path) == ["data/train-00000-of-00001.jsonl.gz", "data/validation-00000-of-00001.jsonl.gz"])
    }

    @Test func shardsRotateByRows() throws {
        let out = try TemporaryDirectory()
        var settings = BuildSettings()
        settings.output.rowsPerShard = 100
        let report = try buildFixture(into: out.url.appendingPathComponent("ds"), settings: settings)
        let train = report.manifest.shards.filter { $0.split == .train }
        let count = (report.manifest.counts.triplets["train"]! + 99) / 100
        #expect(count >= 3)
        #expect(train.map(\.path) == (0..<count).map { "data/train-0000\($0)-of-0000\(count).jsonl.gz" })
        #expect(train.map(\.rows) == Array(repeating: 100, count: count - 1) + [report.manifest.counts.triplets["train"]! - 100 * (count - 1)])
    }

    @Test func aNewDatasetReplacesTheOldOneWhole() throws {
        let out = try TemporaryDirectory()
        let dataset = out.url.appendingPathComponent("ds")
        var settings = BuildSettings()
        settings.output.rowsPerShard = 50
        _ = try buildFixture(into: dataset, settings: settings)
        try Data("stale".utf8).write(to: dataset.appendingPathComponent("data/stale-extra.jsonl.gz"))
        _ = try buildFixture(into: dataset)
        let files = try FileManager.default.contentsOfDirectory(atPath: dataset.appendingPathComponent("data").path).sorted()
        #expect(files == ["train-00000-of-00001.jsonl.gz", "validation-00000-of-00001.jsonl.gz"])
        #expect(try leftovers(in: out.url).isEmpty)
    }

    @Test func aFailedRunLeavesThePreviousDatasetUntouched() throws {
        let out = try TemporaryDirectory()
        let dataset = out.url.appendingPathComponent("ds")
        _ = try buildFixture(into: dataset)
        let before = try fileDigests(dataset)
        var strict = BuildSettings()
        strict.input.maxRejectRatio = 0.001
        #expect(throws: TripletForgeError.self) { _ = try buildFixture(into: dataset, settings: strict) }
        #expect(try fileDigests(dataset) == before)
        #expect(try leftovers(in: out.url).isEmpty)
    }

    @Test func anOutputPathThatIsAFileOrASymlinkIsRefused() throws {
        let out = try TemporaryDirectory()
        let file = out.url.appendingPathComponent("file")
        try Data("keep me".utf8).write(to: file)
        #expect { _ = try buildFixture(into: file) } throws: { "\($0)".contains("not a directory") }
        #expect(try String(contentsOf: file, encoding: .utf8) == "keep me")

        let real = out.url.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: false)
        let link = out.url.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        #expect { _ = try buildFixture(into: link) } throws: { "\($0)".contains("symbolic link") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: real.path).isEmpty)
    }

    @Test func stagingLeftByAKilledRunIsCleanedByTheNextRun() throws {
        let out = try TemporaryDirectory()
        // A pid that cannot be alive (above the kernel's pid_max).
        let abandoned = out.url.appendingPathComponent(".tripletforge-staging-ds-99999999-deadbeef")
        try FileManager.default.createDirectory(at: abandoned.appendingPathComponent("data"), withIntermediateDirectories: true)
        _ = try buildFixture(into: out.url.appendingPathComponent("ds"))
        #expect(!FileManager.default.fileExists(atPath: abandoned.path))
    }

    @Test func aDryRunWritesNothingButReportsTheSameCounts() throws {
        let out = try TemporaryDirectory()
        let written = try buildFixture(into: out.url.appendingPathComponent("ds"))
        let dry = try BuildPipeline.run(BuildOptions(database: Self.fixture, output: nil))
        #expect(dry.dryRun)
        #expect(dry.manifest.counts == written.manifest.counts)
        #expect(dry.manifest.shards.map(\.path) == written.manifest.shards.map(\.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.url.path) == ["ds"])
    }

    @Test func theManifestRecordsProvenanceSettingsCountsAndRejectIds() throws {
        let out = try TemporaryDirectory()
        let dataset = out.url.appendingPathComponent("ds")
        let report = try buildFixture(into: dataset)
        let manifest = try Manifest.read(from: dataset)
        #expect(manifest == report.manifest)
        #expect(manifest.tool.version == TripletForgeVersion.current)
        #expect(manifest.input.fileName == "interactions.sqlite")
        #expect(manifest.input.tableRows["interactions"] == 463)
        #expect(manifest.input.pageSize == 4096)
        #expect(manifest.settings == BuildSettings())
        #expect(manifest.rejects.counts == ["malformed_chunks_json": 1, "invalid_rating": 1, "missing_query": 1, "chunk_without_text": 1])
        let rejects = try String(contentsOf: dataset.appendingPathComponent("rejects.jsonl"), encoding: .utf8)
        #expect(rejects.split(separator: "\n").map { ($0.split(separator: ",")[1]) } == [#""row_id":"30""#, #""row_id":"31""#, #""row_id":"32""#, #""row_id":"33""#])
        let card = try String(contentsOf: dataset.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(card.hasPrefix("---\n"))
        #expect(card.contains("path: data/train-*.jsonl.gz"))
        #expect(card.contains("path: data/validation-*.jsonl.gz"))
    }
}

/// SHA-256 of every file under `directory`, by relative path.
func fileDigests(_ directory: URL) throws -> [String: String] {
    var digests: [String: String] = [:]
    let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])!
    for case let file as URL in enumerator where (try file.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
        let relative = String(file.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count + 1))
        digests[relative] = sha256Hex([UInt8](try Data(contentsOf: file)))
    }
    return digests
}

/// Staging directories or scratch files left beside a destination.
func leftovers(in parent: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: parent.path).filter { $0.hasPrefix(".") }
}

@discardableResult
func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

@Suite("Parallel gzip members")
struct GzipMemberWriterTests {
    /// Several megabytes of varied JSON Lines: more than one member, in more than one batch.
    func sample() -> [UInt8] {
        var generator = SplitMix64(seed: 3)
        var encoder = JSONLineEncoder()
        while encoder.bytes.count < 9 * GzipMemberWriter.blockSize + 12_345 {
            encoder.object([("query", .string(randomString(&generator))), ("positive", .string(String(repeating: "passage ", count: Int(generator.next() % 200)))),
                            ("negative", .string(randomString(&generator)))])
        }
        return encoder.bytes
    }

    @Test(arguments: DeflateEngine.allCases)
    func membersDecompressAsOneStreamWithTheRecordedChecksum(engine: DeflateEngine) throws {
        let directory = try TemporaryDirectory()
        let file = directory.url.appendingPathComponent("shard.jsonl.gz")
        let input = sample()
        let writer = try GzipMemberWriter(url: file, level: 6, engine: engine)
        for start in stride(from: 0, to: input.count, by: 777_777) {
            try writer.write(Array(input[start..<min(input.count, start + 777_777)]))
        }
        let digest = try writer.finish()
        let bytes = try Data(contentsOf: file)
        #expect(digest == sha256Hex([UInt8](bytes)))
        #expect(writer.compressedBytes == bytes.count && writer.uncompressedBytes == input.count)
        #expect(try run("/bin/gzip", ["-t", file.path]) == 0)
        #expect(Array(try gunzip(file).utf8) == input)
        // Every member starts with the gzip magic: the file is really several members.
        let magic = (0..<(bytes.count - 2)).filter { bytes[$0] == 0x1F && bytes[$0 + 1] == 0x8B && bytes[$0 + 2] == 0x08 }
        #expect(magic.count >= 10)
    }

    @Test func anEmptyShardIsAValidEmptyGzipFile() throws {
        let directory = try TemporaryDirectory()
        let file = directory.url.appendingPathComponent("empty.gz")
        let writer = try GzipMemberWriter(url: file, level: 1)
        _ = try writer.finish()
        #expect(try run("/bin/gzip", ["-t", file.path]) == 0)
        #expect(try gunzip(file).isEmpty)
    }
}
