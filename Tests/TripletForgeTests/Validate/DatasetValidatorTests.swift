import Foundation
import Testing
@testable import TripletForge

/// `validate` finds each kind of damage and says which file, which line and what.
@Suite("Dataset validator")
struct DatasetValidatorTests {
    static let train = "data/train-00000-of-00001.jsonl.gz"
    static let validation = "data/validation-00000-of-00001.jsonl.gz"

    /// Removed when the test ends (a suite instance lives for one test).
    let out: TemporaryDirectory

    init() throws { out = try TemporaryDirectory() }
    init(out: TemporaryDirectory) { self.out = out }

    /// A fresh dataset of the fixture.
    func dataset() throws -> URL {
        let dataset = out.url.appendingPathComponent("ds")
        _ = try BuildPipeline.run(BuildOptions(database: DatasetOutputTests.fixture, output: dataset))
        return dataset
    }

    func problems(_ dataset: URL) -> [String] { DatasetValidator.validate(dataset).problems.map(\.description) }

    /// Replaces a shard's lines, recompressing and updating the manifest's size and checksum (and
    /// rows when asked), so that only the damage under test remains.
    func rewrite(_ dataset: URL, _ path: String, updateRows: Bool = false, _ edit: (inout [String]) -> Void) throws {
        let file = dataset.appendingPathComponent(path)
        var lines = try gunzip(file).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        edit(&lines)
        try FileManager.default.removeItem(at: file)
        let writer = try GzipMemberWriter(url: file, level: 6)
        try writer.write(Array(lines.map { $0 + "\n" }.joined().utf8))
        let digest = try writer.finish()
        try editManifest(dataset) { manifest in
            let index = manifest.shards.firstIndex { $0.path == path }!
            manifest.shards[index].sha256 = digest
            manifest.shards[index].bytes = writer.compressedBytes
            manifest.shards[index].uncompressedBytes = writer.uncompressedBytes
            if updateRows {
                let delta = lines.count - manifest.shards[index].rows
                manifest.shards[index].rows = lines.count
                manifest.counts.triplets[manifest.shards[index].split.rawValue]! += delta
                manifest.counts.rows?[manifest.shards[index].split.rawValue]! += delta
            }
        }
    }

    func editManifest(_ dataset: URL, _ edit: (inout Manifest) -> Void) throws {
        var manifest = try Manifest.read(from: dataset)
        edit(&manifest)
        let url = dataset.appendingPathComponent(Manifest.fileName)
        try manifest.encoded().write(to: url)
    }

    @Test func anIntactDatasetIsValidAndTheCLISaysSo() throws {
        let dataset = try dataset()
        let report = DatasetValidator.validate(dataset)
        #expect(report.isValid, "\(report.problems)")
        let total = try Manifest.read(from: dataset).counts.totalTriplets
        #expect(report.shardsChecked == 2 && report.rowsChecked == total)
        let result = try runProcess(try tripletforgeExecutable(), ["validate", dataset.path])
        #expect(result.status == 0 && result.stdout.contains("ok:"))
    }

    @Test func aChangedShardFailsItsChecksumWithExitFive() throws {
        let dataset = try dataset()
        let file = dataset.appendingPathComponent(Self.train)
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: file)
        #expect(problems(dataset).contains { $0.hasPrefix(Self.train + ": SHA-256 is ") && $0.contains("the manifest says") })
        let result = try runProcess(try tripletforgeExecutable(), ["validate", dataset.path])
        #expect(result.status == 5)
        #expect(result.stderr.contains("\(dataset.path)/\(Self.train): SHA-256 is"))
    }

    @Test func aTruncatedShardIsReportedAsTruncatedGzip() throws {
        let dataset = try dataset()
        let file = dataset.appendingPathComponent(Self.train)
        let bytes = try Data(contentsOf: file).dropLast(100)
        try bytes.write(to: file)
        try editManifest(dataset) { manifest in
            manifest.shards[0].bytes = bytes.count
            manifest.shards[0].sha256 = sha256Hex(bytes)
        }
        #expect(problems(dataset) == ["\(Self.train): gzip: truncated: the file ends inside gzip member 1"])
    }

    @Test func aBadCRCOrTrailingGarbageIsAGzipError() throws {
        let dataset = try dataset()
        let file = dataset.appendingPathComponent(Self.train)
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count - 6] ^= 0x01  // inside the CRC-32 of the trailer
        bytes.append(contentsOf: [0x00, 0x01])
        try bytes.write(to: file)
        try editManifest(dataset) { manifest in
            manifest.shards[0].bytes = bytes.count
            manifest.shards[0].sha256 = sha256Hex(bytes)
        }
        #expect(problems(dataset) == ["\(Self.train): gzip: not valid gzip in member 1: incorrect data check"])
    }

    @Test func rowCountsAreCheckedPerShardAndPerSplit() throws {
        let dataset = try dataset()
        try rewrite(dataset, Self.train) { $0.removeLast() }
        let found = problems(dataset)
        #expect(found.contains { $0.hasPrefix(Self.train + ": has ") && $0.contains("rows, the manifest says") })
        try editManifest(dataset) { $0.counts.rows!["validation"]! += 1 }
        #expect(problems(dataset).contains { $0.hasPrefix("manifest.json: the validation shards list") && $0.hasSuffix("but counts.rows.validation is \(try! Manifest.read(from: dataset).counts.rows!["validation"]!)") })
    }

    @Test(arguments: [
        (#"{"query":"q","negative":"n","positive":"p"}"#, #"key 2 is "negative", expected "positive""#),
        (#"{"query":"q","positive":"p"}"#, "has 2 key(s), expected 3"),
        (#"{"query":"q","positive":"p","negative":"n","extra":"x"}"#, "has more keys than query, positive, negative"),
        (#"{"query":1,"positive":"p","negative":"n"}"#, #""query" is not a string"#),
        (#"{"query":"","positive":"p","negative":"n"}"#, #""query" is empty"#),
        (#"{"query":"q","positive":"p","negative":"n"} x"#, "unexpected bytes after the JSON object"),
        (#"{"query":"q\ud800","positive":"p","negative":"n"}"#, "not valid JSON: lone high surrogate"),
        (#"["query","positive","negative"]"#, "not valid JSON: not a JSON object"),
    ])
    func aLineOfTheWrongShapeIsReportedWithItsLineNumber(line: String, message: String) throws {
        let dataset = try dataset()
        try rewrite(dataset, Self.validation) { $0[2] = line }
        let found = problems(dataset)
        #expect(found.count == 1 && found[0].hasPrefix("\(Self.validation):3: ") && found[0].contains(message), "\(found)")
    }

    @Test func aQueryInBothSplitsIsALeakNamingBothLines() throws {
        let dataset = try dataset()
        let leaked = try gunzip(dataset.appendingPathComponent(Self.train)).split(separator: "\n")[3]
        // The same query, spelt differently: normalisation must still see one group.
        let object = try JSONSerialization.jsonObject(with: Data(leaked.utf8)) as! [String: String]
        var line = JSONLineEncoder()
        line.object([("query", .string("  " + object["query"]!.uppercased() + " ")), ("positive", .string("p")), ("negative", .string("n"))])
        try rewrite(dataset, Self.validation, updateRows: true) { $0.append(String(decoding: line.bytes.dropLast(), as: UTF8.self)) }
        let found = problems(dataset)
        #expect(found.count == 1 && found[0].contains("query is also in train (\(Self.train):4)"), "\(found)")
    }

    @Test func missingUnlistedAndEscapingFilesAreReported() throws {
        let dataset = try dataset()
        try Data().write(to: dataset.appendingPathComponent("data/train-00009-of-00010.jsonl.gz"))
        try FileManager.default.removeItem(at: dataset.appendingPathComponent(Self.validation))
        var found = problems(dataset)
        #expect(found.contains("\(Self.validation): missing (listed in the manifest)"))
        #expect(found.contains("data/train-00009-of-00010.jsonl.gz: not listed in the manifest (a stray or leftover file)"))
        try editManifest(dataset) { $0.shards[0].path = "../../etc/passwd" }
        found = problems(dataset)
        #expect(found.contains("../../etc/passwd: the manifest points outside the dataset directory"))
    }

    @Test func aChangedContentIndexOrRejectsFileIsReported() throws {
        let dataset = try dataset()
        let index = dataset.appendingPathComponent(ContentIndex.fileName)
        var bytes = try Data(contentsOf: index)
        bytes[bytes.count - 1] ^= 0x01
        try bytes.write(to: index)
        try Data("{}\n".utf8).write(to: dataset.appendingPathComponent("rejects.jsonl"))
        let found = problems(dataset)
        #expect(found.contains("content-index.bin: content-index.bin does not match the SHA-256 in the manifest"))
        #expect(found.contains { $0.hasPrefix("rejects.jsonl: has 1 lines, but counts.rejected_records is") })
    }

    @Test func anUnknownFormatOrAMissingManifestIsReported() throws {
        let dataset = try dataset()
        let url = dataset.appendingPathComponent(Manifest.fileName)
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        var settings = object["settings"] as! [String: Any], output = settings["output"] as! [String: Any]
        output["format"] = "quadruplet"
        settings["output"] = output
        object["settings"] = settings
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        #expect(problems(dataset).contains { $0.hasPrefix(#"manifest.json: format "quadruplet" is unknown"#) })
        try FileManager.default.removeItem(at: url)
        #expect(problems(dataset).count == 1 && problems(dataset)[0].hasPrefix("manifest.json: no manifest.json"))
    }

    @Test func multiMemberShardsAreReadToTheEnd() throws {
        let dataset = try dataset()
        // Rewrite the train shard as one gzip member per line: the rows are those of all members.
        let file = dataset.appendingPathComponent(Self.train)
        let lines = try gunzip(file).split(separator: "\n").map { String($0) + "\n" }
        var bytes = Data()
        for line in lines {
            let member = try TemporaryDirectory()
            let part = member.url.appendingPathComponent("m.gz")
            let writer = try GzipMemberWriter(url: part, level: 1)
            try writer.write(Array(line.utf8))
            _ = try writer.finish()
            bytes.append(try Data(contentsOf: part))
        }
        try bytes.write(to: file)
        try editManifest(dataset) { manifest in
            manifest.shards[0].bytes = bytes.count
            manifest.shards[0].sha256 = sha256Hex(bytes)
        }
        #expect(problems(dataset).isEmpty)
    }
}

/// `validate` holds every format to the columns its writer uses and to the manifest's row counts.
@Suite("Dataset validator formats")
struct DatasetValidatorFormatTests {
    @Test(arguments: ShardFormat.allCases)
    func everyFormatBuiltFromTheFixtureValidates(format: ShardFormat) throws {
        let out = try TemporaryDirectory()
        let dataset = out.url.appendingPathComponent(format.rawValue)
        var settings = BuildSettings()
        settings.output.format = format
        settings.output.negativesPerRow = 1  // so the fixture gives n-tuple rows to check
        _ = try BuildPipeline.run(BuildOptions(database: DatasetOutputTests.fixture, output: dataset, settings: settings))
        let manifest = try Manifest.read(from: dataset)
        #expect(manifest.counts.totalRows > 0)
        let report = DatasetValidator.validate(dataset)
        #expect(report.isValid, "\(report.problems)")
        #expect(report.rowsChecked == manifest.counts.totalRows)
        let result = try runProcess(try tripletforgeExecutable(), ["validate", dataset.path])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func aLineOfAnotherFormatIsCaughtInAGroupedShard() throws {
        let out = try TemporaryDirectory()
        let dataset = out.url.appendingPathComponent("grouped")
        var settings = BuildSettings()
        settings.output.format = .grouped
        _ = try BuildPipeline.run(BuildOptions(database: DatasetOutputTests.fixture, output: dataset, settings: settings))
        let tests = DatasetValidatorTests(out: out)
        try tests.rewrite(dataset, DatasetValidatorTests.train) { $0[0] = #"{"query":"q","positive":"p","negative":"n"}"# }
        #expect(tests.problems(dataset) == ["\(DatasetValidatorTests.train):1: key 2 is \"positive\", expected \"pos\" (keys must be exactly query, pos, neg, in that order)"])
    }
}
