import Foundation
import Testing
@testable import TripletForge

/// `provenance.jsonl.gz` names every vote behind each passage's label, on real SQLite files.
@Suite("Provenance")
struct ProvenanceTests {
    let good = "RAG retrieves passages and gives them to the model."
    let badA = "A rag is a piece of cloth."
    let badB = "Ragtime is a music genre."

    /// The provenance lines of a dataset, in shard order, beside the shard rows they describe.
    func provenance(of dataset: URL) throws -> [(line: Substring, object: [String: Any], row: [String: String])] {
        let lines = try gunzip(dataset.appendingPathComponent("provenance.jsonl.gz")).split(separator: "\n")
        let rows = try allRows(in: dataset)
        #expect(lines.count == rows.count)
        return try zip(lines, rows).map { line, row in
            (line, try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any], row)
        }
    }

    /// The votes of passage `index` as (signal, vote, rank, score) for comparison.
    func votes(_ object: [String: Any], passage index: Int) -> [[String: AnyHashable]] {
        let all = object["votes"] as! [[[String: Any]]]
        return all[index].map { vote in
            ["signal": vote["signal"] as! String, "vote": vote["vote"] as! Int, "rank": vote["rank"] as! Int,
             "score": (vote["score"] as? Double).map(AnyHashable.init) ?? AnyHashable("null")]
        }
    }

    @Test func everyVoteBehindAPassageIsListedWithItsInteractionDirectionRankAndScore() throws {
        let db = try TestDatabase()
        try db.interaction(1, query: "q", answer: "[2]", chunks: chunks(leaf(badB), leaf(good, score: 0.8)), feedback: 1, session: "a")
        try db.interaction(2, query: "q", answer: "[1]", chunks: chunks(leaf(good, score: 0.9)), feedback: 1, session: "b")
        try db.interaction(3, query: "Q?", answer: "[1]", chunks: chunks(leaf(good)), feedback: 1, session: "c")
        try db.interaction(4, query: "q", chunks: chunks(leaf(badA, score: 0.3)), feedback: -1, session: "d")
        try db.interaction(5, query: "q", chunks: chunks(leaf(badB, score: 0.1), leaf(badA, score: 0.2)), feedback: -1, session: "e")
        let (dataset, _) = try build(db, into: try TemporaryDirectory())

        let lines = try provenance(of: dataset)
        let match = try #require(lines.first { $0.row["positive"] == good && $0.row["negative"] == badA })
        #expect(votes(match.object, passage: 0) == [
            ["signal": "1", "vote": 1, "rank": 1, "score": 0.8],
            ["signal": "2", "vote": 1, "rank": 0, "score": 0.9],
            ["signal": "3", "vote": 1, "rank": 0, "score": "null"],
        ])
        #expect(votes(match.object, passage: 1) == [
            ["signal": "4", "vote": -1, "rank": 0, "score": 0.3],
            ["signal": "5", "vote": -1, "rank": 1, "score": 0.2],
        ])
        #expect(match.object["votes_omitted"] as! [Int] == [0, 0])
        // The fields from before stay as they were: the first signal, the totals, the best rank.
        #expect(match.object["signals"] as! [String] == ["1", "4"])
        #expect(match.object["votes_up"] as! [Int] == [3, 0] && match.object["votes_down"] as! [Int] == [0, 2])
        #expect(match.object["ranks"] as! [Int] == [0, 0])
        #expect(match.line.contains(#""votes":[[{"signal":"1","vote":1,"rank":1,"score":0.8},{"signal":"2","#))
        #expect(match.line.hasSuffix(#""votes_omitted":[0,0]}"#))
    }

    @Test func aPassageWithMoreVotesThanTheCapListsTheEarliestAndCountsTheRest() throws {
        let db = try TestDatabase()
        let voters = KeptVotes.votesPerPair + 5
        for id in 1...voters {
            try db.interaction(id, query: "q", answer: "[1]", chunks: chunks(leaf(good)), feedback: 1, session: "user \(id)")
        }
        try db.interaction(voters + 1, query: "q", chunks: chunks(leaf(badA)), feedback: -1, session: "other")
        let (dataset, _) = try build(db, into: try TemporaryDirectory())

        let line = try #require(try provenance(of: dataset).first)
        let listed = votes(line.object, passage: 0)
        #expect(listed.count == KeptVotes.votesPerPair)
        #expect(listed.map { $0["signal"] as! String } == (1...KeptVotes.votesPerPair).map(String.init))
        #expect(line.object["votes_up"] as! [Int] == [voters, 0])
        #expect(line.object["votes_omitted"] as! [Int] == [5, 0])
        #expect(votes(line.object, passage: 1).map { $0["signal"] as! String } == ["\(voters + 1)"])
    }

    @Test func threadSignalIdsInVotesAreEscapedJSONStrings() throws {
        let db = try TestDatabase(schema: TestDatabase.threadsSchema)
        let awkward = #"th"read\1"#
        try db.exchange(awkward, query: "q", chunks: [(good, true)])
        try db.feedback("f1", awkward, 1, by: "u1", "positive")
        try db.exchange("plain", query: "q", chunks: [(badA, false)])
        try db.feedback("f2", "plain", 1, by: "u2", "negative")
        let (dataset, _) = try build(db, into: try TemporaryDirectory())

        let line = try #require(try provenance(of: dataset).first)
        #expect(votes(line.object, passage: 0).map { $0["signal"] as! String } == [awkward + ":1"])
        #expect(votes(line.object, passage: 1).map { $0["signal"] as! String } == ["plain:1"])
    }

    @Test func aThreadsVoteNamesTheFeedbackRecordsThatWonItsMessage() throws {
        let db = try TestDatabase(schema: TestDatabase.threadsSchema)
        try db.exchange("t-good", query: "What is RAG?", chunks: [(good, true)])
        try db.feedback("fb-9", "t-good", 1, by: "u1", "positive", #"["correct"]"#)
        try db.feedback("fb-2", "t-good", 1, by: "u2", "positive")
        try db.feedback("fb-5", "t-good", 1, by: "u3", "negative", #"["incorrect"]"#)  // outvoted
        try db.exchange("t-bad", query: "what is rag", chunks: [(badA, false)])
        try db.feedback("fb-7", "t-bad", 1, by: "u4", "negative", #"["incorrect"]"#)
        let (dataset, _) = try build(db, into: try TemporaryDirectory())

        let line = try #require(try provenance(of: dataset).first)
        let all = line.object["votes"] as! [[[String: Any]]]
        #expect(all[0].map { $0["signal"] as! String } == ["t-good:1"])
        #expect(all[0].map { $0["records"] as! [String] } == [["fb-2", "fb-9"]])
        #expect(all[1].map { $0["records"] as! [String] } == [["fb-7"]])
    }

    @Test func anInteractionVoteIsItsOwnRecord() throws {
        let db = try TestDatabase()
        try db.interaction(1, query: "q", answer: "[1]", chunks: chunks(leaf(good)), feedback: 1)
        try db.interaction(2, query: "q", chunks: chunks(leaf(badA)), feedback: -1)
        let (dataset, _) = try build(db, into: try TemporaryDirectory())
        let line = try #require(try provenance(of: dataset).first)
        #expect(!line.line.contains("\"records\""))
    }

    @Test func onlyPairsThatMadeATripletKeepTheirVotesInEveryBucket() throws {
        let scratch = try TemporaryDirectory()
        let collector = try EvidenceCollector(policy: MiningPolicy(), redactor: nil, scratchDirectory: scratch.url)
        func signal(_ id: String, _ query: String, _ verdict: Verdict, _ keys: [PassageKey]) -> Signal {
            Signal(provenance: Provenance(layout: "interactions", id: id, conversation: id, createdAt: ""), query: query,
                   chunks: keys.map { SignalChunk(key: $0, cited: verdict == .positive) }, verdict: verdict)
        }
        // Enough groups to land in many of the vote buckets; in each, chunk 3 is a negative beyond
        // the cap of one negative per positive (so in no triplet), and chunk 4 an unlabelled
        // leftover of a group without a positive.
        let queries = (0..<40).map { "query \($0)" }
        for query in queries {
            try collector.add(signal("\(query) up", query, .positive, [1]))
            try collector.add(signal("\(query) down", query, .negative, [2, 3]))
            try collector.add(signal("\(query) again", query, .positive, [1]))
        }
        try collector.add(signal("lonely", "no positive here", .negative, [4]))
        let evidence = try collector.finish()
        var policy = MiningPolicy()
        policy.maxNegativesPerPositive = 1
        let kept = try #require(try TripletMiner.mine(evidence, policy: policy).kept)

        let buckets = Set(queries.map { VoteLog.bucket(of: collector.group(of: $0).key) })
        #expect(buckets.count > 4)
        for query in queries {
            let group = collector.group(of: query).key
            let ids = { (chunk: PassageKey) in try! kept.votes(group: group, chunk: chunk).map { evidence.signalID($0.signal)! } }
            #expect(ids(1) == ["\(query) up", "\(query) again"])
            #expect(ids(2) == ["\(query) down"])
            #expect(ids(3).isEmpty && kept.cell(group: group, chunk: 3) == nil)
        }
        #expect(try kept.votes(group: collector.group(of: "no positive here").key, chunk: 4).isEmpty)
    }
}
