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

    /// Pinned from the generator before `--citation-noise` and `--retriever-quality` existed
    /// (commit 55cfe74): at their defaults every earlier database, and its truth, is unchanged.
    @Test func knobsAtTheirDefaultsLeaveEarlierDatabasesUnchanged() throws {
        let directory = try TemporaryDirectory()
        let truth = directory.url.appendingPathComponent("pin.truth")
        let database = try generate(["--rated", "200", "--seed", "5", "--misclick-rate", "0.1", "--complaint-rate", "0.05",
                                     "--boilerplate-rate", "0.2", "--truth-out", truth.path], into: directory, name: "pin.sqlite")
        #expect(try GeneratedWorld.fingerprint(of: database, table: "interactions", orderBy: "id") == 0x88EA_BE71_B4EA_C815)
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in try Data(contentsOf: truth) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        #expect(hash == 0x5604_2833_E2C4_8081)
    }

    /// Share of thumbs-up answers that cite at least one leaf that is not relevant to their query.
    func wrongCitationShare(_ arguments: [String], _ directory: TemporaryDirectory, _ name: String) throws -> Double {
        let truth = directory.url.appendingPathComponent(name + ".truth")
        let database = try generate(["--rated", "1500", "--unrated-share", "0", "--bad-share", "0", "--truth-out", truth.path] + arguments,
                                    into: directory, name: name)
        let world = try GeneratedWorld(truth: truth)
        let up = try GeneratedWorld.interactions(in: database).filter { $0.positive && !$0.cited.isEmpty }
        let wrong = up.filter { answer in
            answer.cited.contains { $0 < answer.chunks.count && answer.chunks[$0].isLeaf && !world.isRelevant(answer.chunks[$0].key, to: answer.query) }
        }
        return Double(wrong.count) / Double(up.count)
    }

    @Test func citationNoiseMakesGoodAnswersCiteAChunkThatIsNotRelevant() throws {
        let directory = try TemporaryDirectory()
        let clean = try wrongCitationShare([], directory, "clean.sqlite")
        let noisy = try wrongCitationShare(["--citation-noise", "0.5"], directory, "noisy.sqlite")
        #expect(clean < 0.05, "without citation noise, thumbs-up answers cite relevant chunks (\(clean))")
        #expect((0.4...0.6).contains(noisy - clean), "about half of the good answers gain a wrong citation (\(clean) → \(noisy))")
    }

    @Test func aWeakerRetrieverPutsEachTopicsStickyDistractorsAboveTheRelevantChunks() throws {
        let directory = try TemporaryDirectory()
        func promoted(_ quality: String) throws -> (share: Double, repeats: Double) {
            let truth = directory.url.appendingPathComponent(quality + ".truth")
            let database = try generate(["--rated", "1500", "--unrated-share", "0", "--bad-share", "0", "--topics", "30", "--retriever-quality", quality,
                                         "--truth-out", truth.path], into: directory, name: quality + ".sqlite")
            let world = try GeneratedWorld(truth: truth)
            // Good answers (no misclicks here) whose top-scored leaf is not relevant although a relevant leaf is listed below it.
            var promoted = 0, good = 0
            var tops = Set<String>()
            for answer in try GeneratedWorld.interactions(in: database) where answer.positive {
                let leaves = answer.chunks.filter(\.isLeaf)
                guard let top = leaves.first, leaves.contains(where: { world.isRelevant($0.key, to: answer.query) }) else { continue }
                good += 1
                if !world.isRelevant(top.key, to: answer.query) {
                    promoted += 1
                    tops.insert(TextNormalization.queryKey(answer.query) + "\u{1F}" + top.key)
                }
            }
            return (Double(promoted) / Double(good), Double(promoted) / Double(tops.count))
        }
        let perfect = try promoted("1"), weak = try promoted("0.5")
        #expect(weak.share - perfect.share > 0.25, "half of the answers promote a distractor (\(perfect.share) → \(weak.share))")
        // Sticky: the same wrong chunk tops a query's answers again and again, more than a random near miss does.
        #expect(weak.repeats > perfect.repeats * 1.5, "answers per (query, wrong top chunk): \(perfect.repeats) → \(weak.repeats)")
    }
}
