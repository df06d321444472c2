import Foundation
import Testing
@testable import TripletForge

/// `[output] soft_labels`: each passage's relevance instead of 1/0, where a format has a label.
@Suite("Soft labels")
struct SoftLabelTests {
    func build(_ format: ShardFormat, soft: Bool, into out: TemporaryDirectory) throws -> (URL, [[String: Any]]) {
        var settings = BuildSettings()
        settings.output.format = format
        settings.output.softLabels = soft
        let dataset = out.url.appendingPathComponent("\(format.rawValue)-\(soft)")
        let report = try BuildPipeline.run(BuildOptions(database: DatasetOutputTests.fixture, output: dataset, settings: settings))
        let rows = try report.manifest.shards.flatMap { shard in
            try gunzip(dataset.appendingPathComponent(shard.path)).split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
            }
        }
        return (dataset, rows)
    }

    @Test func aLabeledPairsLabelIsItsRelevanceOnTheConfidentSideOfTheKnob() throws {
        let out = try TemporaryDirectory()
        let (_, hard) = try build(.labeledPair, soft: false, into: out)
        let (dataset, soft) = try build(.labeledPair, soft: true, into: out)
        let confidence = MiningPolicy().confidence
        #expect(hard.count == soft.count && !soft.isEmpty)
        for (plain, weighted) in zip(hard, soft) {
            #expect(plain["passage"] as? String == weighted["passage"] as? String, "the same rows in the same order")
            let relevance = try #require(weighted["label"] as? Double)
            if plain["label"] as? Int == 1 { #expect(relevance >= confidence) } else { #expect(relevance <= 1 - confidence) }
        }
        #expect(soft.contains { ($0["label"] as! Double) != 1 && ($0["label"] as! Double) != 0 }, "not 1/0 in disguise")
        #expect(DatasetValidator.validate(dataset).isValid)
    }

    @Test func groupedRowsAddScoresParallelToPosAndNeg() throws {
        let out = try TemporaryDirectory()
        let (dataset, rows) = try build(.grouped, soft: true, into: out)
        for row in rows {
            #expect(Array(row.keys).sorted() == ShardFormat.grouped.columns(negatives: 1, softLabels: true).sorted())
            #expect((row["pos_scores"] as! [Double]).count == (row["pos"] as! [String]).count)
            #expect((row["neg_scores"] as! [Double]).count == (row["neg"] as! [String]).count)
        }
        #expect(DatasetValidator.validate(dataset).isValid)
        let card = try String(contentsOf: dataset.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(card.contains("| `pos_scores` | list of float (0 to 1) |"))
    }

    @Test func aLabeledListsLabelsAreRelevances() throws {
        let out = try TemporaryDirectory()
        let (dataset, rows) = try build(.labeledList, soft: true, into: out)
        for row in rows { #expect((row["labels"] as! [Double]).count == (row["docs"] as! [String]).count) }
        #expect(DatasetValidator.validate(dataset).isValid)
    }

    @Test func aSoftLabelOutsideZeroToOneFailsValidation() throws {
        let out = try TemporaryDirectory()
        let (dataset, _) = try build(.labeledPair, soft: true, into: out)
        let tests = DatasetValidatorTests(out: out)
        let shard = try Manifest.read(from: dataset).shards[0].path
        try tests.rewrite(dataset, shard) { $0[0] = #"{"query":"q","passage":"p","label":1.5}"# }
        #expect(tests.problems(dataset) == ["\(shard):1: \"label\" is not a number from 0 to 1"])
    }

    @Test(arguments: [ShardFormat.triplet, .nTuple])
    func aFormatWithoutALabelColumnRefusesSoftLabels(format: ShardFormat) {
        var settings = OutputSettings()
        settings.format = format
        settings.softLabels = true
        #expect(throws: TripletForgeError.self) { try settings.validate() }
    }

    @Test func theCLIFlagWritesSoftLabelsAndExplainsARefusal() throws {
        let tool = try tripletforgeExecutable()
        let out = try TemporaryDirectory()
        let fixture = DatasetOutputTests.fixture.path
        let dataset = out.url.appendingPathComponent("soft")
        let built = try runProcess(tool, ["build", "--db", fixture, "--out", dataset.path, "--format", "labeled-pair", "--soft-labels", "-q"])
        #expect(built.status == 0, "\(built.stderr)")
        #expect(try Manifest.read(from: dataset).settings.output.softLabels)
        let refused = try runProcess(tool, ["build", "--db", fixture, "--dry-run", "--soft-labels"])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("output.soft_labels needs a format with a label column"))
    }

    @Test func fourDecimalsRoundAndClamp() {
        #expect(FormatRow.fourDecimals(0.98414) == "0.9841")
        #expect(FormatRow.fourDecimals(0.00005) == "0.0001")
        #expect(FormatRow.fourDecimals(0.99996) == "1.0000")
        #expect(FormatRow.fourDecimals(-0.2) == "0.0000" && FormatRow.fourDecimals(0.05) == "0.0500")
    }
}
