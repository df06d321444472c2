import Foundation
import Testing
@testable import TripletForge

/// SQLite stores text as UTF-8 or UTF-16 (`PRAGMA encoding`), and a database of either kind is
/// read the same: the same rows build the same shards.
@Suite("Text encoding of the input")
struct TextEncodingTests {
    static let fixtures = packageRoot.appendingPathComponent("Fixtures")

    /// The shards, content index and rejects of a build, by file name.
    func outputFiles(_ dataset: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dataset.appendingPathComponent("data").path) {
            files["data/" + name] = try Data(contentsOf: dataset.appendingPathComponent("data/" + name))
        }
        for name in [ContentIndex.fileName, "rejects.jsonl"] {
            files[name] = try Data(contentsOf: dataset.appendingPathComponent(name))
        }
        return files
    }

    @Test(arguments: ["interactions.sqlite", "threads.sqlite"], ["UTF-16le", "UTF-16be"])
    func aUTF16CopyOfAFixtureBuildsByteIdenticalShards(fixture: String, encoding: String) throws {
        let directory = try TemporaryDirectory()
        let original = Self.fixtures.appendingPathComponent(fixture)
        let copy = directory.url.appendingPathComponent("utf16.sqlite")
        try copyDatabase(original, to: copy, encoding: encoding)
        #expect(try SQLiteDatabase(readingAt: copy.path).scalarText("PRAGMA encoding") == encoding)

        let expected = directory.url.appendingPathComponent("expected"), actual = directory.url.appendingPathComponent("actual")
        let expectedReport = try BuildPipeline.run(BuildOptions(database: original, output: expected))
        let actualReport = try BuildPipeline.run(BuildOptions(database: copy, output: actual))
        #expect(expectedReport.manifest.counts.totalTriplets > 0)
        #expect(actualReport.manifest.counts == expectedReport.manifest.counts)
        #expect(actualReport.manifest.rejects == expectedReport.manifest.rejects)
        #expect(actualReport.manifest.shards.map(\.sha256) == expectedReport.manifest.shards.map(\.sha256))
        #expect(try outputFiles(actual) == outputFiles(expected))
    }

    @Test func tableAndColumnNamesOfAUTF16DatabaseReadAsText() throws {
        let directory = try TemporaryDirectory()
        let copy = directory.url.appendingPathComponent("utf16.sqlite")
        try copyDatabase(Self.fixtures.appendingPathComponent("interactions.sqlite"), to: copy, encoding: "UTF-16le")
        let database = try SQLiteDatabase(readingAt: copy.path)
        #expect(try database.tableNames() == ["interactions"])
        #expect(try database.columns(of: "interactions").map(\.name).contains("chunks"))
    }

    @Test func invalidUTF8InAUTF8DatabaseIsStillRejected() throws {
        let database = try TestDatabase()
        try database.insert("INSERT INTO interactions VALUES (1, 's', 't', CAST(? AS TEXT), NULL, ?, 1)", [[0x71, 0xFF, 0x71] as [UInt8], chunks(leaf("a passage"))])
        database.close()
        let report = try BuildPipeline.run(BuildOptions(database: database.url, output: nil, settings: { var s = BuildSettings(); s.input.maxRejectRatio = 1; return s }()))
        #expect(report.rejectedRows.map(\.reason.rawValue) == ["invalid_utf8"])
    }
}
