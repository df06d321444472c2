/// A mined triplet, by content keys: texts are fetched only when it is written.
public struct TripletKey: Sendable, Hashable, Comparable {
    public var group: UInt64
    public var positive: UInt64
    public var negative: UInt64

    /// The content id that tells this triplet apart across builds (ids of rows never enter it).
    public var id: UInt64 {
        var hasher = ContentHasher()
        hasher.combine(group)
        hasher.combine(positive)
        hasher.combine(negative)
        return hasher.finalize()
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.group, lhs.positive, lhs.negative) < (rhs.group, rhs.positive, rhs.negative)
    }
}

/// The labels of one query group, strongest first.
public struct GroupLabels: Sendable, Equatable {
    public var group: UInt64
    /// Positive chunk keys, most agreed-upon first.
    public var positives: [UInt64]
    /// Hard-negative chunk keys, hardest first.
    public var negatives: [UInt64]
}

/// What mining produced: labels per group, the triplets, and why anything was left out.
public struct MiningResult: Sendable {
    public var labels: [GroupLabels]
    /// Sorted by (group, positive, negative): a stable order for shards.
    public var triplets: [TripletKey]
    public var dropped: ReasonCounts
    /// Votes that were added to a pair that already had one (repeat evidence, merged).
    public var mergedVotes = 0
    /// Distinct (query group, chunk) pairs that got votes.
    public var votedPairs = 0
    /// Second votes of one signal on one passage (surfaced twice, or in two near-duplicate
    /// versions), not counted again.
    public var repeatedVotes = 0
    public var positivePairs: Int { labels.reduce(0) { $0 + $1.positives.count } }
    public var negativePairs: Int { labels.reduce(0) { $0 + $1.negatives.count } }
}

/// Decides labels from aggregated votes and pairs them into triplets, under a ``MiningPolicy``.
///
/// - A pair is a positive or a negative only when its votes clear the policy's bar; each pair
///   has at most one label, so a chunk that helped a group is never also its negative.
/// - A negative whose production score is within ``MiningPolicy/falseNegativeScoreMargin`` of the
///   positive's is dropped from that pairing (likely an unlabelled positive).
/// - Two chunks whose training texts are identical never pair (positive == negative never happens).
/// - Fan-out is capped per positive and per group.
public enum TripletMiner {
    /// Mines every query group, one vote bucket at a time; keeps the summed votes of the pairs used
    /// in triplets, and the votes themselves, on `evidence` (for provenance).
    public static func mine(_ evidence: Evidence, policy: MiningPolicy) throws -> MiningResult {
        var dropped = ReasonCounts()
        var labels: [GroupLabels] = []
        var triplets: [TripletKey] = []
        let (merged, pairs, repeated) = try evidence.votes.forEachBucket { bucket, byGroup in
            let keptBefore = evidence.keptCells.count
            mine(byGroup, evidence: evidence, policy: policy, labels: &labels, triplets: &triplets, dropped: &dropped)
            // A group lives in one bucket, so the pairs kept just now are all this bucket's.
            if evidence.keptCells.count > keptBefore {
                try evidence.keptVotes.record(bucket: bucket, of: evidence.votes) { evidence.keptCells[$0] != nil }
            }
        }
        labels.sort { $0.group < $1.group }
        triplets.sort()
        var result = MiningResult(labels: labels, triplets: triplets, dropped: dropped)
        result.mergedVotes = merged
        result.votedPairs = pairs
        result.repeatedVotes = repeated
        return result
    }

    private static func mine(_ byGroup: [UInt64: [(chunk: UInt64, cell: EvidenceCell)]], evidence: Evidence, policy: MiningPolicy,
                             labels: inout [GroupLabels], triplets: inout [TripletKey], dropped: inout ReasonCounts) {
        for group in byGroup.keys.sorted() {
            let cells = byGroup[group]!
            var positives: [(UInt64, EvidenceCell)] = []
            var negatives: [(UInt64, EvidenceCell)] = []
            for (chunk, cell) in cells {
                switch policy.label(for: cell) {
                case .positive: positives.append((chunk, cell))
                case .negative: negatives.append((chunk, cell))
                case nil: dropped.add(cell.up > 0 && cell.down > 0 ? "conflicting_votes" : "too_few_votes")
                }
            }
            positives.sort { lhs, rhs in
                let (l, r) = (Int(lhs.1.up) - Int(lhs.1.down), Int(rhs.1.up) - Int(rhs.1.down))
                return l != r ? l > r : (lhs.1.bestRank != rhs.1.bestRank ? lhs.1.bestRank < rhs.1.bestRank : lhs.0 < rhs.0)
            }
            negatives.sort { lhs, rhs in
                let (l, r) = (lhs.1.bestScore.isNaN ? -Float.infinity : lhs.1.bestScore, rhs.1.bestScore.isNaN ? -Float.infinity : rhs.1.bestScore)
                if l != r { return l > r }
                return lhs.1.bestRank != rhs.1.bestRank ? lhs.1.bestRank < rhs.1.bestRank : lhs.0 < rhs.0
            }
            labels.append(GroupLabels(group: group, positives: positives.map(\.0), negatives: negatives.map(\.0)))
            if positives.isEmpty || negatives.isEmpty {
                dropped.add(positives.isEmpty ? "group_without_positive" : "group_without_negative")
                continue
            }
            var groupTriplets: [TripletKey] = []
            for (positive, positiveCell) in positives {
                var perPositive = 0
                for (negative, negativeCell) in negatives {
                    if evidence.formHash(ofChunk: positive) == evidence.formHash(ofChunk: negative) {
                        dropped.add("positive_equals_negative")
                        continue
                    }
                    if scoredTooClose(negative: negativeCell, positive: positiveCell, margin: policy.falseNegativeScoreMargin) {
                        dropped.add("negative_scored_near_positive")
                        continue
                    }
                    guard perPositive < policy.maxNegativesPerPositive else {
                        dropped.add("cap_negatives_per_positive")
                        continue
                    }
                    guard groupTriplets.count < policy.maxTripletsPerGroup else {
                        dropped.add("cap_triplets_per_group")
                        continue
                    }
                    groupTriplets.append(TripletKey(group: group, positive: positive, negative: negative))
                    evidence.keptCells.set(PairKey(group: group, chunk: positive), positiveCell)
                    evidence.keptCells.set(PairKey(group: group, chunk: negative), negativeCell)
                    perPositive += 1
                }
            }
            triplets.append(contentsOf: groupTriplets.sorted())
        }
    }

    static func scoredTooClose(negative: EvidenceCell, positive: EvidenceCell, margin: Double) -> Bool {
        guard margin > 0, !negative.bestScore.isNaN, !positive.bestScore.isNaN else { return false }
        let (n, p) = (Double(negative.bestScore), Double(positive.bestScore))
        return n >= p - margin * abs(p)
    }
}
