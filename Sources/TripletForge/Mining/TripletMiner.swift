import Foundation

/// Fits the evidence model to the votes, decides labels from it and pairs them into triplets,
/// under a ``MiningPolicy``.
///
/// The vote buckets are summed once, so memory holds one bucket at a time:
/// 1. every (query group, passage) pair's votes are summed into its ``EvidenceCell``; the table of
///    distinct ``EventCounts`` and their multiplicities is all ``EvidenceModel/fit(_:)`` needs,
///    and the cells are spilled group by group (`GroupedCells`);
/// 2. each pair gets its relevance from the fitted model, and each group is mined
///    (`GroupMiner`); the votes of the pairs kept are listed for provenance, which reads the
///    bucket's votes once more.
///
/// The result is a value: the evidence read is not changed.
public enum TripletMiner {
    public static func mine(_ evidence: Evidence, policy: MiningPolicy) throws -> MiningResult {
        var counted = HashedKeyTable<CountsKey, Int>(capacity: 1 << 12)
        let grouped = try GroupedCells(directory: evidence.scratchDirectory)
        let (merged, pairs, repeated) = try evidence.votes.forEachBucket { _, order, cells in
            cells.forEach { _, cell in counted[CountsKey(cell.events), default: 0] += 1 }
            try grouped.append(order: order, cells: cells)
        }
        var table: [EventCounts: Int] = [:]
        counted.forEach { table[$0.counts] = $1 }
        let model = EvidenceModel.fit(table)
        var relevanceOf = HashedKeyTable<CountsKey, Double>(capacity: table.count)
        for counts in table.keys { relevanceOf.set(CountsKey(counts), model.relevance(of: counts)) }
        table = [:]

        let keptVotes = try KeptVotes(directory: evidence.scratchDirectory)
        var kept = HashedKeyTable<PairKey, EvidenceCell>()
        var miner = GroupMiner(policy: policy, formHash: evidence.formHash(ofChunk:))
        for bucket in 0..<grouped.bucketCount {
            // A group lives in one bucket: listing votes looks pairs up among this bucket's only.
            var keptHere = HashedKeyTable<PairKey, Bool>(capacity: 1 << 10)
            try grouped.forEachGroup(inBucket: bucket) { group, cells in
                for index in cells.indices {
                    cells[index].cell.relevance = relevanceOf[CountsKey(cells[index].cell.events)] ?? model.relevance(of: cells[index].cell.events)
                }
                miner.mine(group: group, cells: cells) { chunk, cell in
                    kept.set(PairKey(group: group, chunk: chunk), cell)
                    keptHere.set(PairKey(group: group, chunk: chunk), true)
                }
            }
            if keptHere.count > 0 {
                try keptVotes.record(bucket: bucket, of: evidence.votes) { keptHere[$0] != nil }
            }
        }
        try keptVotes.finishWriting()
        miner.labels.sort { $0.group < $1.group }
        miner.triplets.sort()
        miner.lostGroups.sort { $0.group < $1.group }
        var result = MiningResult(labels: miner.labels, triplets: miner.triplets, dropped: miner.dropped, model: model)
        result.rerankerMistakes = miner.rerankerMistakes
        result.lostGroups = miner.lostGroups
        result.kept = KeptPairs(cells: kept, votes: keptVotes)
        result.mergedVotes = merged
        result.votedPairs = pairs
        result.repeatedVotes = repeated
        return result
    }

    static func scoredTooClose(negative: EvidenceCell, positive: EvidenceCell, margin: Double) -> Bool {
        guard margin > 0, !negative.bestScore.isNaN, !positive.bestScore.isNaN else { return false }
        let (n, p) = (Double(negative.bestScore), Double(positive.bestScore))
        return n >= p - margin * abs(p)
    }
}

/// The mining of one query group at a time, accumulating over groups.
///
/// - A pair is a positive or a negative only when its relevance clears ``MiningPolicy/confidence``
///   on its side; each pair has at most one label, so a chunk that helped a group is never also
///   its negative.
/// - Negatives go hardest first (highest production score, then best rank). One the production
///   reranker scored near or above the positive (``MiningPolicy/falseNegativeScoreMargin``) is kept
///   and counted as a reranker mistake when its evidence is strong
///   (``MiningPolicy/strongNegativeRelevance``), and dropped as a possible false negative otherwise.
/// - Two chunks whose training texts are identical never pair (positive == negative never happens).
/// - Fan-out is capped per positive and per group.
struct GroupMiner {
    let policy: MiningPolicy
    let formHash: (PassageKey) -> UInt64
    var labels: [GroupLabels] = []
    var triplets: [TripletKey] = []
    /// Why pairs and groups were left out.
    var dropped: ReasonCounts {
        var all = ReasonCounts()
        for drop in Drop.allCases { all.add(drop.reason, tally[drop.rawValue]) }
        return all
    }
    /// The reasons mining drops for, counted in ``tally``: a pairing can be dropped a million
    /// times on a large input, and a plain counter is far cheaper than a string-keyed update.
    private enum Drop: Int, CaseIterable {
        case conflictingVotes, tooFewVotes, groupWithoutPositive, groupWithoutNegative
        case positiveEqualsNegative, negativeScoredNearPositive, capNegativesPerPositive, capTripletsPerGroup
        var reason: ReasonCode {
            switch self {
            case .conflictingVotes: .conflictingVotes
            case .tooFewVotes: .tooFewVotes
            case .groupWithoutPositive: .groupWithoutPositive
            case .groupWithoutNegative: .groupWithoutNegative
            case .positiveEqualsNegative: .positiveEqualsNegative
            case .negativeScoredNearPositive: .negativeScoredNearPositive
            case .capNegativesPerPositive: .capNegativesPerPositive
            case .capTripletsPerGroup: .capTripletsPerGroup
            }
        }
    }
    private var tally = [Int](repeating: 0, count: Drop.allCases.count)

    private mutating func drop(_ drop: Drop) { tally[drop.rawValue] += 1 }
    var rerankerMistakes = 0
    var lostGroups: [LostGroup] = []

    init(policy: MiningPolicy, formHash: @escaping (PassageKey) -> UInt64) {
        self.policy = policy
        self.formHash = formHash
    }

    mutating func mine(group: QueryGroupKey, cells: [(chunk: PassageKey, cell: EvidenceCell)], keep: (PassageKey, EvidenceCell) -> Void) {
        var positives: [(PassageKey, EvidenceCell)] = []
        var negatives: [(PassageKey, EvidenceCell)] = []
        for (chunk, cell) in cells {
            switch policy.label(for: cell) {
            case .positive: positives.append((chunk, cell))
            case .negative: negatives.append((chunk, cell))
            case nil: drop(cell.up > 0 && cell.down + cell.surfaced > 0 ? .conflictingVotes : .tooFewVotes)
            }
        }
        positives = sortedByKey(positives, key: { (relevance: $1.relevance, rank: $1.bestRank, chunk: $0) }) { lhs, rhs in
            if lhs.relevance != rhs.relevance { return lhs.relevance > rhs.relevance }
            return lhs.rank != rhs.rank ? lhs.rank < rhs.rank : lhs.chunk < rhs.chunk
        }
        negatives = sortedByKey(negatives, key: { (score: $1.bestScore.isNaN ? -Float.infinity : $1.bestScore, rank: $1.bestRank, chunk: $0) }) { lhs, rhs in
            if lhs.score != rhs.score { return lhs.score > rhs.score }
            return lhs.rank != rhs.rank ? lhs.rank < rhs.rank : lhs.chunk < rhs.chunk
        }
        labels.append(GroupLabels(group: group, positives: positives.map(\.0), negatives: negatives.map(\.0)))
        if positives.isEmpty || negatives.isEmpty {
            let reason: ReasonCode = positives.isEmpty ? .groupWithoutPositive : .groupWithoutNegative
            drop(positives.isEmpty ? .groupWithoutPositive : .groupWithoutNegative)
            lostGroups.append(LostGroup(group: group, reason: reason))
            return
        }
        var groupTriplets: [TripletKey] = []
        var guardDrops = 0, sameText = 0
        // Looked up once per passage rather than once per pairing: groups pair every positive
        // with every negative.
        let negativeForms = negatives.map { formHash($0.0) }
        for (positive, positiveCell) in positives {
            var perPositive = 0
            let positiveForm = formHash(positive)
            for ((negative, negativeCell), negativeForm) in zip(negatives, negativeForms) {
                if positiveForm == negativeForm {
                    drop(.positiveEqualsNegative)
                    sameText += 1
                    continue
                }
                let mistake = TripletMiner.scoredTooClose(negative: negativeCell, positive: positiveCell, margin: policy.falseNegativeScoreMargin)
                if mistake, negativeCell.relevance > policy.strongNegativeRelevance {
                    drop(.negativeScoredNearPositive)
                    guardDrops += 1
                    continue
                }
                guard perPositive < policy.maxNegativesPerPositive else {
                    drop(.capNegativesPerPositive)
                    continue
                }
                guard groupTriplets.count < policy.maxTripletsPerGroup else {
                    drop(.capTripletsPerGroup)
                    continue
                }
                if mistake { rerankerMistakes += 1 }
                groupTriplets.append(TripletKey(group: group, positive: positive, negative: negative))
                keep(positive, positiveCell)
                keep(negative, negativeCell)
                perPositive += 1
            }
        }
        if groupTriplets.isEmpty {
            lostGroups.append(LostGroup(group: group, reason: guardDrops >= sameText ? .negativeScoredNearPositive : .positiveEqualsNegative))
        }
        triplets.append(contentsOf: groupTriplets.sorted())
    }
}
