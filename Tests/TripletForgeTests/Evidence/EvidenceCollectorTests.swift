import Foundation
import Testing
@testable import TripletForge

@Suite("Collecting evidence")
struct EvidenceCollectorTests {
    func signal(_ id: String, _ query: String, _ verdict: Verdict, cited: [PassageKey], surfaced: [PassageKey] = [],
                categories: Set<FeedbackCategory> = [], records: [String] = []) -> Signal {
        Signal(provenance: Provenance(layout: "threads", id: id, conversation: id, createdAt: ""), query: query,
               chunks: cited.map { SignalChunk(key: $0, cited: verdict == .positive) } + surfaced.map { SignalChunk(key: $0) },
               verdict: verdict, categories: categories, records: records)
    }

    @Test func finishingHandsOverTheEvidenceWithWhatCollectingCounted() throws {
        let scratch = try TemporaryDirectory()
        let collector = try EvidenceCollector(policy: MiningPolicy(), redactor: nil, scratchDirectory: scratch.url)
        try collector.add(signal("1", "how do refunds work", .positive, cited: [1], surfaced: [2]))
        try collector.add(signal("1", "how do refunds work", .positive, cited: [1], surfaced: [2]))  // replayed
        try collector.add(signal("2", "How do refunds work?", .negative, cited: [], surfaced: [2, 3]))
        try collector.add(signal("3", "slow answer", .negative, cited: [], surfaced: [4], categories: [.slow]))

        let evidence = try collector.finish()
        #expect(evidence.tally.positiveSignals == 1)
        #expect(evidence.tally.negativeSignals == 1)
        #expect(evidence.tally.skipped[.duplicateSignal] == 1)
        #expect(evidence.tally.skipped[.negativeBlamesDeliveryOnly] == 1)
        #expect(evidence.groups.count == 1, "both spellings normalise to one group; the delivery complaint casts no vote")
        #expect(evidence.groups.values.first?.query == "how do refunds work")
        #expect(evidence.signalID(0) == "1" && evidence.signalID(1) == "2" && evidence.signalID(2) == nil)
    }

    @Test func theSignalLogKeepsIDsRecordsAndCategoriesByIndex() throws {
        let scratch = try TemporaryDirectory()
        let log = try SignalLog(directory: scratch.url)
        #expect(try log.append(signal("a", "q", .positive, cited: [1])) == 0)
        #expect(try log.append(signal("b", "q", .negative, cited: [], surfaced: [1], categories: [.incorrect, .incomplete],
                                      records: ["fb-1", "fb-\"2\""])) == 1)
        try log.finishWriting()

        #expect(log.id(of: 0) == "a" && log.id(of: 1) == "b")
        #expect(log.categories(of: 0).isEmpty)
        #expect(Set(log.categories(of: 1)) == [.incorrect, .incomplete])
        let records = try #require(try log.loadRecords())
        #expect(records[0] == "[]", "a signal logged before the first with records gets an empty list")
        #expect(records[1] == #"["fb-1","fb-\"2\""]"#)
    }

    @Test func aLayoutWithoutRecordsLogsNone() throws {
        let scratch = try TemporaryDirectory()
        let log = try SignalLog(directory: scratch.url)
        _ = try log.append(signal("a", "q", .positive, cited: [1]))
        try log.finishWriting()
        #expect(try log.loadRecords() == nil)
    }
}
