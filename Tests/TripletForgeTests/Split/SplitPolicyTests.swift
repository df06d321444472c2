import Foundation
import Testing
@testable import TripletForge

@Suite("Train/validation split")
struct SplitPolicyTests {
    @Test func noQueryGroupIsInBothSplits() throws {
        let db = try TestDatabase()
        for topic in 0..<200 {
            try db.interaction(topic * 10, query: "How to do \(topic)?", answer: "[1]", chunks: chunks(leaf("answer \(topic)")), feedback: 1)
            try db.interaction(topic * 10 + 1, query: "how to do \(topic)", chunks: chunks(leaf("wrong \(topic)"), leaf("other \(topic)")), feedback: -1)
        }
        var settings = BuildSettings()
        settings.split.validationFraction = 0.2
        let (dataset, report) = try build(db, settings: settings, into: try TemporaryDirectory())
        let train = Set(try rows(in: dataset, split: .train).map { TextNormalization.queryKey($0["query"] as! String) })
        let validation = Set(try rows(in: dataset, split: .validation).map { TextNormalization.queryKey($0["query"] as! String) })
        #expect(train.isDisjoint(with: validation))
        #expect(train.count + validation.count == 200)
        #expect((20...60).contains(validation.count), "about 20% held out, got \(validation.count)")
        #expect(report.manifest.counts.queryGroupsWithTriplets["validation"] == validation.count)
    }

    @Test func theSplitOfAGroupIsStableAndSeeded() {
        let policy = SplitPolicy()
        var reseeded = SplitPolicy()
        reseeded.seed = "another"
        let keys = (0..<1_000).map { QueryGroupKey(rawValue: ContentHasher.hash("query \($0)".utf8)) }
        #expect(keys.map(policy.split(ofGroup:)) == keys.map(policy.split(ofGroup:)))
        #expect(keys.map(policy.split(ofGroup:)) != keys.map(reseeded.split(ofGroup:)))
        let held = keys.filter { policy.split(ofGroup: $0) == .validation }.count
        #expect((25...80).contains(held))
    }
}
