import Foundation
import Testing
@testable import TripletForge

@Suite("Shard formats")
struct ShardFormatTests {
    func build(_ format: ShardFormat, negatives: Int = 2, into out: TemporaryDirectory) throws -> (URL, BuildReport) {
        var settings = BuildSettings()
        settings.output.format = format
        settings.output.negativesPerRow = negatives
        let dataset = out.url.appendingPathComponent(format.rawValue)
        return (dataset, try BuildPipeline.run(BuildOptions(database: DatasetOutputTests.fixture, output: dataset, settings: settings)))
    }

    /// The keys of a JSON object line, in the order they appear.
    func keyOrder(_ line: Substring, columns: [String]) -> [String] {
        columns.compactMap { column in line.range(of: "\"\(column)\":").map { (column, $0.lowerBound) } }.sorted { $0.1 < $1.1 }.map(\.0)
    }

    @Test(arguments: ShardFormat.allCases)
    func everyRowHoldsExactlyTheFormatsColumnsInOrder(format: ShardFormat) throws {
        let out = try TemporaryDirectory()
        let (dataset, report) = try build(format, into: out)
        let columns = format.columns(negatives: 2)
        var seen = 0
        for shard in report.manifest.shards {
            for line in try gunzip(dataset.appendingPathComponent(shard.path)).split(separator: "\n") {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                #expect(object.keys.sorted() == columns.sorted())
                #expect(keyOrder(line, columns: columns) == columns)
                seen += 1
            }
        }
        #expect(seen > 0 && seen == report.manifest.counts.totalRows)
        #expect(report.manifest.settings.output.format == format)
    }

    @Test func nTupleDropsPositivesWithTooFewNegativesInsteadOfPadding() throws {
        let out = try TemporaryDirectory()
        // Every fixture group has exactly three hard negatives (two rated down, one surfaced uncited).
        let (_, two) = try build(.nTuple, negatives: 3, into: out)
        #expect(two.manifest.counts.totalRows == two.manifest.counts.positivePairs)
        #expect(two.manifest.dropped["n_tuple_too_few_negatives"] == 0)
        let (dataset, three) = try build(.nTuple, negatives: 4, into: out)
        #expect(three.manifest.counts.totalRows == 0)
        #expect(three.manifest.dropped["n_tuple_too_few_negatives"] == two.manifest.counts.totalRows)
        #expect(three.manifest.contentIndex.triplets == 0)
        #expect(!(try String(contentsOf: dataset.appendingPathComponent("README.md"), encoding: .utf8)).contains("- split:"))
    }

    @Test func listFormatsCarryExactlyThePassagesOfTheMinedTriplets() throws {
        let out = try TemporaryDirectory()
        let (tripletDir, triplets) = try build(.triplet, into: out)
        var expected: [String: (pos: Set<String>, neg: Set<String>)] = [:]
        for row in try allRows(in: tripletDir) {
            expected[row["query"]!, default: ([], [])].pos.insert(row["positive"]!)
            expected[row["query"]!, default: ([], [])].neg.insert(row["negative"]!)
        }
        let (groupedDir, grouped) = try build(.grouped, into: out)
        var fromGrouped: [String: (pos: Set<String>, neg: Set<String>)] = [:]
        for split in DatasetSplit.allCases {
            for row in try rows(in: groupedDir, split: split) {
                fromGrouped[row["query"] as! String] = (Set(row["pos"] as! [String]), Set(row["neg"] as! [String]))
            }
        }
        #expect(fromGrouped.mapValues { [$0.pos, $0.neg] } == expected.mapValues { [$0.pos, $0.neg] })
        let (pairDir, pairs) = try build(.labeledPair, into: out)
        let labels = try DatasetSplit.allCases.flatMap { try rows(in: pairDir, split: $0) }.map { $0["label"] as! Int }
        #expect(labels.filter { $0 == 1 }.count == expected.values.reduce(0) { $0 + $1.pos.count })
        #expect(labels.filter { $0 == 0 }.count == expected.values.reduce(0) { $0 + $1.neg.count })
        // Every pair of the triplets is recoverable, so `check` sees the same content in each.
        #expect(grouped.manifest.contentIndex == triplets.manifest.contentIndex)
        #expect(pairs.manifest.contentIndex == triplets.manifest.contentIndex)
        #expect(grouped.manifest.counts.triplets == triplets.manifest.counts.triplets)
    }

    @Test func splitsStayByQueryGroupInEveryFormat() throws {
        let out = try TemporaryDirectory()
        let (dataset, _) = try build(.labeledPair, into: out)
        let train = Set(try rows(in: dataset, split: .train).map { $0["query"] as! String })
        let validation = Set(try rows(in: dataset, split: .validation).map { $0["query"] as! String })
        #expect(!validation.isEmpty && train.isDisjoint(with: validation))
    }

    @Test func provenanceHasOneLinePerRowWithLabelsParallelToPassages() throws {
        let out = try TemporaryDirectory()
        let (dataset, report) = try build(.labeledList, into: out)
        let lines = try gunzip(dataset.appendingPathComponent("provenance.jsonl.gz")).split(separator: "\n")
        #expect(lines.count == report.manifest.counts.totalRows)
        #expect(report.manifest.provenance?.rows == lines.count)
        let shardRows = try DatasetSplit.allCases.flatMap { try rows(in: dataset, split: $0) }
        for (line, row) in zip(lines, shardRows) {
            let provenance = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            #expect(provenance["labels"] as! [Int] == row["labels"] as! [Int])
            #expect((provenance["signals"] as! [String]).allSatisfy { !$0.isEmpty })
        }
    }

    @Test func theConfigFileChoosesTheFormatAndANTupleWiderThanTheCapIsRefused() throws {
        let configuration = try Configuration.parse("[output]\nformat = \"n-tuple\"\nnegatives_per_row = 3\n")
        #expect(configuration.build.output.format == .nTuple && configuration.build.output.negativesPerRow == 3)
        #expect { _ = try Configuration.parse("[output]\nformat = \"n-tuple\"\nnegatives_per_row = 9\n") } throws: {
            "\($0)".contains("exceeds mining.max_negatives_per_positive")
        }
        #expect { _ = try Configuration.parse("[output]\nformat = \"pairs\"\n") } throws: { "\($0)".contains("config") }
    }
}
