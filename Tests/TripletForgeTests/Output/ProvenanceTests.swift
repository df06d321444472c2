import Foundation
import Testing
@testable import TripletForge

/// Provenance names every vote behind each passage's label.
@Suite("Provenance")
struct ProvenanceTests {
    @Test func onlyPairsThatMadeATripletKeepTheirVotesInEveryBucket() throws {
        let scratch = try TemporaryDirectory()
        let collector = try EvidenceCollector(policy: MiningPolicy(), redactor: nil, scratchDirectory: scratch.url)
        func signal(_ id: String, _ query: String, _ verdict: Verdict, _ keys: [UInt64]) -> Signal {
            Signal(provenance: Provenance(layout: "interactions", id: id, conversation: id, createdAt: ""), query: query,
                   chunks: keys.map { SignalChunk(key: $0, cited: verdict == .positive) }, verdict: verdict)
        }
        // Enough groups to land in many of the vote buckets; in each, chunk 3 gets one vote each
        // way (no label, so no triplet) and chunk 4 is an unlabelled leftover of a group without a positive.
        let queries = (0..<40).map { "query \($0)" }
        for query in queries {
            try collector.add(signal("\(query) up", query, .positive, [1]))
            try collector.add(signal("\(query) down", query, .negative, [2, 3]))
            try collector.add(signal("\(query) again", query, .positive, [1, 3]))
        }
        try collector.add(signal("lonely", "no positive here", .negative, [4]))
        let evidence = collector.evidence
        _ = try TripletMiner.mine(evidence, policy: MiningPolicy())

        let buckets = Set(queries.map { VoteLog.bucket(of: collector.group(of: $0).key) })
        #expect(buckets.count > 4)
        for query in queries {
            let group = collector.group(of: query).key
            let ids = { (chunk: UInt64) in evidence.votes(group: group, chunk: chunk).map { evidence.signalID($0.signal)! } }
            #expect(ids(1) == ["\(query) up", "\(query) again"])
            #expect(ids(2) == ["\(query) down"])
            #expect(ids(3).isEmpty && evidence.cell(group: group, chunk: 3) == nil)
        }
        #expect(evidence.votes(group: collector.group(of: "no positive here").key, chunk: 4).isEmpty)
    }
}
