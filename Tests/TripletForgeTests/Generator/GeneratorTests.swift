import Foundation
import Testing
@testable import TripletForge

/// `tripletforge-gen`, which the speed and quality benchmarks stand on: its databases must be
/// reproducible byte for byte, and its knobs must put in the data what they say.
@Suite("Benchmark generator")
struct GeneratorTests {
    func generate(_ arguments: [String], into directory: TemporaryDirectory, name: String) throws -> URL {
        let out = directory.url.appendingPathComponent(name)
        let result = try runProcess(try builtExecutable("tripletforge-gen"), arguments + ["--out", out.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        return out
    }

    @Test func theSameArgumentsGiveTheSameBytes() throws {
        let directory = try TemporaryDirectory()
        let arguments = ["--rated", "300", "--seed", "7", "--misclick-rate", "0.1", "--boilerplate-rate", "0.2"]
        let first = try generate(arguments, into: directory, name: "a.sqlite")
        let second = try generate(arguments, into: directory, name: "b.sqlite")
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
        let otherSeed = try generate(["--rated", "300", "--seed", "8"], into: directory, name: "c.sqlite")
        #expect(try Data(contentsOf: first) != Data(contentsOf: otherSeed))
    }

    @Test func boilerplateVersionsAreLoggedAndJoinedByNearDuplicateCollapse() throws {
        let directory = try TemporaryDirectory()
        let plain = try generate(["--rated", "400", "--unrated-share", "0"], into: directory, name: "plain.sqlite")
        let versioned = try generate(["--rated", "400", "--unrated-share", "0", "--boilerplate-rate", "0.3"], into: directory, name: "v.sqlite")
        let versions = "SELECT count(*) FROM interactions WHERE chunks LIKE '%-2025\"%'"
        #expect(try SQLiteDatabase(readingAt: plain.path).scalarInt(versions) == 0)
        #expect(try SQLiteDatabase(readingAt: versioned.path).scalarInt(versions) > 0)

        func joined(_ database: URL, similarity: Double) throws -> Int {
            var settings = BuildSettings()
            settings.mining.nearDuplicateSimilarity = similarity
            return try BuildPipeline.run(BuildOptions(database: database, output: nil, settings: settings)).manifest.counts.nearDuplicatePassages ?? -1
        }
        #expect(try joined(plain, similarity: 0.8) == 0)
        #expect(try joined(versioned, similarity: 0.8) > 0)
        #expect(try joined(versioned, similarity: 0) == 0)
    }
}
