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
///
/// It is the builder of ``Evidence``: sources feed it signals (and chunk texts through
/// ``chunks``), and ``finish()`` hands over the evidence, which nothing changes after that.
///
/// ```swift
/// let collector = try EvidenceCollector(policy: settings.mining, redactor: settings.privacy.redactor, scratchDirectory: scratch)
/// try source.readSignals(chunks: collector.chunks, accept: collector.add, reject: { _ in })
/// let evidence = try collector.finish()
/// ```
public final class EvidenceCollector {
    public let policy: MiningPolicy
    /// What collecting counts (signals by verdict, what was set aside and why): handed over with
    /// the evidence, completed by ``finish()``.
    private var tally = Evidence.Tally()
    private var groups: [QueryGroupKey: QueryGroup] = [:]
    private let votes: VoteLog
    private let signals: SignalLog
    private let store: ChunkStore
    private let scratchDirectory: URL
    private var seenSignals = Set<UInt64>()
    /// Each distinct spelling of a query: its group key and its (redacted) text.
    private var groupOfRawQuery: [UInt64: (key: QueryGroupKey, text: String)] = [:]
    /// Queries and passages are redacted here and in ``chunks``, through this one object.
    private let redaction: Redaction
    private let deliveryOnly: Set<String>
    /// Where sources turn chunk texts into keys; it shares the evidence's chunk store.
    public let chunks: ChunkInterner
    private let nearDuplicates: NearDuplicates?

    public init(policy: MiningPolicy, redactor: Redactor? = Redactor(), scratchDirectory: URL) throws {
        self.policy = policy
        self.deliveryOnly = Set(policy.deliveryOnlyCategories)
        self.scratchDirectory = scratchDirectory
        redaction = Redaction(redactor)
        store = try ChunkStore(directory: scratchDirectory)
        votes = try VoteLog(directory: scratchDirectory)
        signals = try SignalLog(directory: scratchDirectory)
        nearDuplicates = policy.nearDuplicateSimilarity > 0 ? NearDuplicates(threshold: policy.nearDuplicateSimilarity) : nil
        chunks = ChunkInterner(store: store, redaction: redaction, nearDuplicates: nearDuplicates)
    }

    /// Ends collection and hands over the evidence: near-duplicate passages are joined (from here
    /// on their votes count for one passage, see ``MiningPolicy/nearDuplicateSimilarity``) and
    /// every scratch file is flushed, so mining and the writers only read. Call once, after the
    /// last signal.
    public func finish() throws -> Evidence {
        var merged = 0
        if let nearDuplicates {
            let (aliases, count) = nearDuplicates.aliases()
            votes.chunkAliases = aliases
            merged = count
        }
        try votes.finishWriting()
        try signals.finishWriting()
        try store.finishWriting()
        tally.redactions = redaction.counts
        tally.nearDuplicatePassages = merged
        return Evidence(groups: groups, votes: votes, signals: signals, chunks: store, tally: tally,
                        scratchDirectory: scratchDirectory)
    }

    /// The query group of a query, and the query as training shows it (redacted); each distinct
    /// spelling is redacted and normalised once.
    func group(of query: String) -> (key: QueryGroupKey, text: String) {
        let raw = ContentHasher.hash(query.utf8)
        if let known = groupOfRawQuery[raw] { return known }
        let text = redaction.query(query)
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
            tally.skipped.add(.duplicateSignal)
            return
        }

        let voting = votingChunks(of: signal)
        guard !voting.isEmpty else { return }

        let signalIndex = try signals.append(signal)
        if groups[groupKey] == nil { groups[groupKey] = QueryGroup(query: queryText) }
        switch signal.verdict {
        case .positive: groups[groupKey]!.positiveSignals += 1; tally.positiveSignals += 1
        case .negative: groups[groupKey]!.negativeSignals += 1; tally.negativeSignals += 1
        }

        let answer = Self.answerEvidence(of: signal, voting: voting)
        votes.answerScores.add(answer.score)
        for (index, kind) in voting {
            let chunk = signal.chunks[index]
            try votes.append(Vote(group: groupKey, chunk: chunkKeys[index], signal: signalIndex,
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
            tally.skipped.add(.citedNonLeafChunk, cited.count - citedLeaves.count)
            if !cited.isEmpty {
                if citedLeaves.isEmpty { tally.skipped.add(.positiveWithoutLeafCitation) }
                return leaves.map { ($0, signal.chunks[$0].cited ? .cited : .surfaced) }
            }
            if policy.uncitedPositive == .topLeaf, let top = leaves.first {
                return leaves.map { ($0, $0 == top ? .topLeaf : .surfaced) }
            }
            tally.skipped.add(leaves.isEmpty ? .positiveWithoutLeafChunk : .positiveWithoutCitation)
            return []
        case .negative:
            let categories = signal.categories.map(\.rawValue)
            if !categories.isEmpty && categories.allSatisfy(deliveryOnly.contains) {
                tally.skipped.add(.negativeBlamesDeliveryOnly)
                return []
            }
            tally.skipped.add(.nonLeafChunk, nonLeaves)
            let window = leaves.filter { $0 >= policy.negativeRankSkip }
            tally.skipped.add(.negativeInSkippedTopRanks, leaves.count - window.count)
            if window.isEmpty { tally.skipped.add(.negativeWithoutLeafChunk) }
            return window.map { ($0, .down) }
        }
    }
}
