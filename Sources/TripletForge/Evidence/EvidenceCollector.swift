import Foundation

/// Turns signals into votes and adds them up, one signal at a time.
///
/// What a rating says, as events of the evidence model (see docs/evidence-model.md): how much
/// each kind is worth is not decided here but learnt from the whole input by ``EvidenceModel``.
/// - a thumbs-up: its cited leaf chunks are `cited`; when it cites nothing, its top-ranked leaf
///   is `topLeaf` (``MiningPolicy/UncitedPositiveRule``); every other leaf it surfaced is
///   `surfaced` — evidence too, and the only source of negatives for groups never rated down;
/// - a thumbs-down: every leaf chunk it surfaced from rank ``MiningPolicy/negativeRankSkip`` on
///   is `down`, unless its categories all blame delivery;
/// - summaries and question proxies are retrieval aids: they never get a vote;
/// - the same exchange replayed (same conversation, query, chunks and verdict) counts once.
public final class EvidenceCollector {
    public let policy: MiningPolicy
    public private(set) var evidence: Evidence
    /// Why votes or signals were set aside.
    public private(set) var skipped = ReasonCounts()
    public private(set) var positiveSignals = 0
    public private(set) var negativeSignals = 0
    private var seenSignals = Set<UInt64>()
    /// Each distinct spelling of a query: its group key and its (redacted) text.
    private var groupOfRawQuery: [UInt64: (key: QueryGroupKey, text: String)] = [:]
    private let redactor: Redactor?
    /// What redaction replaced in queries, by kind.
    private var queryRedactions = ReasonCounts()
    private let deliveryOnly: Set<String>
    /// Where sources turn chunk texts into keys; it shares the evidence's chunk store.
    public let chunks: ChunkInterner
    private let nearDuplicates: NearDuplicates?

    public init(policy: MiningPolicy, redactor: Redactor? = Redactor(), scratchDirectory: URL) throws {
        self.policy = policy
        self.deliveryOnly = Set(policy.deliveryOnlyCategories)
        self.redactor = redactor
        let store = try ChunkStore(directory: scratchDirectory)
        evidence = try Evidence(chunks: store, scratchDirectory: scratchDirectory)
        nearDuplicates = policy.nearDuplicateSimilarity > 0 ? NearDuplicates(threshold: policy.nearDuplicateSimilarity) : nil
        chunks = ChunkInterner(store: store, redactor: redactor, nearDuplicates: nearDuplicates)
    }

    /// Joins near-duplicate passages (see ``MiningPolicy/nearDuplicateSimilarity``): from here on
    /// their votes count for one passage. Call once, after the last signal; returns how many
    /// passages were folded into another.
    @discardableResult
    public func collapseNearDuplicates() -> Int {
        guard let nearDuplicates else { return 0 }
        let (aliases, merged) = nearDuplicates.aliases()
        evidence.votes.chunkAliases = aliases
        return merged
    }

    /// Replacements made by redaction in queries and chunk texts, by kind.
    public var redactions: ReasonCounts {
        var all = queryRedactions
        all.merge(chunks.redactions)
        return all
    }

    /// The query group of a query, and the query as training shows it (redacted); each distinct
    /// spelling is redacted and normalised once.
    func group(of query: String) -> (key: QueryGroupKey, text: String) {
        let raw = ContentHasher.hash(query.utf8)
        if let known = groupOfRawQuery[raw] { return known }
        let text = redactor?.redact(query, counts: &queryRedactions) ?? query
        let entry = (key: QueryGroupKey(rawValue: ContentHasher.hash(TextNormalization.queryKey(text).utf8)), text: text)
        groupOfRawQuery[raw] = entry
        return entry
    }

    public func add(_ signal: Signal) throws {
        let (groupKey, queryText) = group(of: signal.query)
        let chunkKeys = signal.chunks.map(\.key)

        var replay = ContentHasher()
        replay.combine(bytes: signal.provenance.conversation.utf8)
        replay.combine(groupKey.rawValue)
        replay.combine(bytes: signal.verdict.rawValue.utf8)
        for key in chunkKeys { replay.combine(key.rawValue) }
        guard seenSignals.insert(replay.finalize()).inserted else {
            skipped.add(.duplicateSignal)
            return
        }

        let voting = votingChunks(of: signal)
        guard !voting.isEmpty else { return }

        let signalIndex = UInt32(truncatingIfNeeded: try evidence.signalIDs.append(signal.provenance.id))
        if !signal.records.isEmpty || evidence.signalRecords.count > 0 {
            while evidence.signalRecords.count < Int(signalIndex) { try evidence.signalRecords.append("[]") }
            var records = JSONLineEncoder(reservingCapacity: 64)
            records.value(.strings(signal.records))
            try evidence.signalRecords.append(String(decoding: records.bytes, as: UTF8.self))
        }
        evidence.signalCategories.append(signal.categories.isEmpty ? 0 : FeedbackCategory.allCases.enumerated()
            .reduce(0) { signal.categories.contains($1.element) ? $0 | (1 << $1.offset) : $0 })
        if evidence.groups[groupKey] == nil { evidence.groups[groupKey] = QueryGroup(query: queryText) }
        switch signal.verdict {
        case .positive: evidence.groups[groupKey]!.positiveSignals += 1; positiveSignals += 1
        case .negative: evidence.groups[groupKey]!.negativeSignals += 1; negativeSignals += 1
        }

        let answer = Self.answerEvidence(of: signal, voting: voting)
        evidence.votes.answerScores.add(answer.score)
        for (index, kind) in voting {
            let chunk = signal.chunks[index]
            try evidence.votes.append(Vote(group: groupKey, chunk: chunkKeys[index], signal: signalIndex,
                                           score: chunk.score.map(Float.init) ?? .nan, rank: UInt16(clamping: index),
                                           kind: kind, answerScore: answer.score, citedAlone: kind == .cited && answer.citedLeaves == 1,
                                           citedBelowAnother: kind == .cited && voting.contains { $0.1 == .cited && $0.0 < index }))
        }
    }

    /// What the answer as a whole says about its votes (see ``EventKind``): its best logged
    /// production score (NaN: none logged) and how many leaf passages it cited.
    static func answerEvidence(of signal: Signal, voting: [(Int, VoteKind)]) -> (score: Float, citedLeaves: Int) {
        (signal.chunks.compactMap(\.score).max().map(Float.init) ?? .nan, voting.count { $0.1 == .cited })
    }

    /// The indexes of the chunks this signal votes on and how, with the reasons for the ones it
    /// does not.
    private func votingChunks(of signal: Signal) -> [(Int, VoteKind)] {
        let leaves = signal.chunks.indices.filter { signal.chunks[$0].kind == .leaf }
        let nonLeaves = signal.chunks.count - leaves.count
        switch signal.verdict {
        case .positive:
            let cited = signal.chunks.indices.filter { signal.chunks[$0].cited }
            let citedLeaves = cited.filter { signal.chunks[$0].kind == .leaf }
            skipped.add(.citedNonLeafChunk, cited.count - citedLeaves.count)
            if !cited.isEmpty {
                if citedLeaves.isEmpty { skipped.add(.positiveWithoutLeafCitation) }
                return leaves.map { ($0, signal.chunks[$0].cited ? .cited : .surfaced) }
            }
            if policy.uncitedPositive == .topLeaf, let top = leaves.first {
                return leaves.map { ($0, $0 == top ? .topLeaf : .surfaced) }
            }
            skipped.add(leaves.isEmpty ? .positiveWithoutLeafChunk : .positiveWithoutCitation)
            return []
        case .negative:
            let categories = signal.categories.map(\.rawValue)
            if !categories.isEmpty && categories.allSatisfy(deliveryOnly.contains) {
                skipped.add(.negativeBlamesDeliveryOnly)
                return []
            }
            skipped.add(.nonLeafChunk, nonLeaves)
            let window = leaves.filter { $0 >= policy.negativeRankSkip }
            skipped.add(.negativeInSkippedTopRanks, leaves.count - window.count)
            if window.isEmpty { skipped.add(.negativeWithoutLeafChunk) }
            return window.map { ($0, .down) }
        }
    }
}
