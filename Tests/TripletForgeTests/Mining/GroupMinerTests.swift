import Testing
@testable import TripletForge

/// The score guard, one group at a time: a negative the production reranker scored near or above
/// the positive is the reranker's mistake when the evidence against it is strong, and a possible
/// false negative when it is weak.
@Suite("Group miner")
struct GroupMinerTests {
    func cell(relevance: Double, score: Float, up: UInt32 = 0, down: UInt32 = 0) -> EvidenceCell {
        var cell = EvidenceCell()
        (cell.relevance, cell.bestScore, cell.up, cell.down, cell.bestRank) = (relevance, score, up, down, 0)
        return cell
    }

    @Test func aNegativeScoredAboveThePositiveIsKeptWhenItsEvidenceIsStrongAndDroppedWhenWeak() {
        let policy = MiningPolicy()
        var miner = GroupMiner(policy: policy, formHash: { $0.rawValue })
        let strong = policy.strongNegativeRelevance / 2, weak = (policy.strongNegativeRelevance + (1 - policy.confidence)) / 2
        var kept: [PassageKey] = []
        miner.mine(group: 7, cells: [(1, cell(relevance: 0.99, score: 0.6, up: 3)),
                                     (2, cell(relevance: strong, score: 0.9, down: 4)),
                                     (3, cell(relevance: weak, score: 0.9, down: 1)),
                                     (4, cell(relevance: weak, score: 0.2, down: 1))]) { chunk, _ in kept.append(chunk) }
        #expect(miner.triplets == [TripletKey(group: 7, positive: 1, negative: 2), TripletKey(group: 7, positive: 1, negative: 4)])
        #expect(miner.rerankerMistakes == 1)
        #expect(miner.dropped["negative_scored_near_positive"] == 1)
        #expect(Set(kept) == [1, 2, 4])
    }

    @Test func aGroupWhoseEveryNegativeIsAPossibleFalseNegativeIsLostAndSaysWhy() {
        var miner = GroupMiner(policy: MiningPolicy(), formHash: { $0.rawValue })
        miner.mine(group: 9, cells: [(1, cell(relevance: 0.99, score: 0.5, up: 2)), (2, cell(relevance: 0.05, score: 0.8, down: 1))]) { _, _ in }
        #expect(miner.triplets.isEmpty)
        #expect(miner.lostGroups == [LostGroup(group: 9, reason: .negativeScoredNearPositive)])
    }

    @Test func theConfidenceKnobDecidesWhatIsALabel() {
        var policy = MiningPolicy()
        var probable = EvidenceCell()
        (probable.relevance, probable.up) = (0.8, 1)
        #expect(policy.label(for: probable) == nil)
        policy.confidence = 0.75
        #expect(policy.label(for: probable) == .positive)
        var unlikely = EvidenceCell()
        (unlikely.relevance, unlikely.surfaced) = (0.2, 1)
        #expect(policy.label(for: unlikely) == .negative)
        // A pair with no vote for it is never a positive, however the model scores it.
        (unlikely.relevance, unlikely.surfaced) = (0.99, 1)
        #expect(policy.label(for: unlikely) == nil)
    }
}
