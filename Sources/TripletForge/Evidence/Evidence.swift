import Foundation

/// Everything the ratings say, aggregated by query group and chunk.
///
/// Each rating is evidence about (query group, chunk) pairs: a thumbs-up votes *for* the chunks the
/// answer used, a thumbs-down votes *against* the chunks it surfaced. Votes from every interaction
/// of a group are added up here; ``TripletMiner`` then decides, under one ``MiningPolicy``, which
/// pairs are positives or hard negatives. Texts live in a `ChunkStore`; this holds only counts.
public struct EvidenceCell: Sendable, Equatable {
    /// Votes for: the chunk helped an answer rated up for this group.
    public var up: UInt32 = 0
    /// Votes against: the chunk was surfaced in an answer rated down for this group.
    public var down: UInt32 = 0
    /// Surfaced but not cited in an answer rated up for this group (weak evidence against).
    public var surfaced: UInt32 = 0
    /// Every event by kind and rank: what the evidence model reads.
    public var events = EventCounts()
    /// The evidence model's probability that the chunk is relevant to the group (NaN until mined).
    public var relevance: Double = .nan
    /// Best (lowest) rank at which it was surfaced for the group.
    public var bestRank: UInt16 = .max
    /// Highest production reranker score logged for it in this group (NaN: none logged).
    public var bestScore: Float = .nan
    /// The first signal that voted, for provenance.
    public var firstSignal: UInt32 = 0

    public init() {}
}

/// A query group: every query that normalises to the same key.
public struct QueryGroup: Sendable, Equatable {
    /// The query as first typed (lowest id): the form written to training data.
    public var query: String
    public var positiveSignals: UInt32 = 0
    public var negativeSignals: UInt32 = 0
}

/// The identity of a (query group, chunk) pair.
public struct PairKey: Hashable, Sendable {
    public var group: QueryGroupKey
    public var chunk: PassageKey
}

/// The evidence of a whole input: query groups, the votes cast (spilled by group, see `VoteLog`),
/// where each signal came from (`SignalLog`) and chunk texts.
///
/// ``EvidenceCollector/finish()`` makes it once reading has ended, with near-duplicate passages
/// joined and every scratch file flushed; from then on nothing changes it. Mining reads it and
/// returns what it decided (``KeptPairs``); the writers read it side by side.
public final class Evidence {
    public let groups: [QueryGroupKey: QueryGroup]
    let votes: VoteLog
    /// Where scratch files go: mining spills the votes of the pairs it keeps there too.
    let scratchDirectory: URL
    /// Where each signal came from (index = `EvidenceCell.firstSignal`, `Vote.signal`).
    let signals: SignalLog
    let chunks: ChunkStore
    /// What collecting counted: signals by verdict, what was set aside and why, what redaction
    /// replaced, passages folded into a near-duplicate.
    public let tally: Tally

    /// The counts the manifest reports from the evidence stage.
    public struct Tally: Sendable, Equatable {
        public var positiveSignals = 0
        public var negativeSignals = 0
        /// Votes or signals set aside, by reason.
        public var skipped = ReasonCounts()
        /// Replacements made by redaction in queries and passages, by kind.
        public var redactions = ReasonCounts()
        /// Passages folded into a near-duplicate (see ``MiningPolicy/nearDuplicateSimilarity``).
        public var nearDuplicatePassages = 0
    }

    init(groups: [QueryGroupKey: QueryGroup], votes: VoteLog, signals: SignalLog, chunks: ChunkStore, tally: Tally,
         scratchDirectory: URL) {
        self.groups = groups
        self.votes = votes
        self.signals = signals
        self.chunks = chunks
        self.tally = tally
        self.scratchDirectory = scratchDirectory
    }

    /// The provenance id of the signal at `index` (an interaction id, or `thread:sequence`).
    public func signalID(_ index: UInt32) -> String? { signals.id(of: index) }

    /// The text training shows for a chunk key.
    public func trainingText(ofChunk key: PassageKey) throws -> String { try chunks.trainingText(key) }

    /// The feedback categories of the signal at `index` (empty for a bare thumbs rating).
    public func categories(ofSignal index: UInt32) -> [FeedbackCategory] { signals.categories(of: index) }

    func formHash(ofChunk key: PassageKey) -> UInt64 { chunks.entry(key)?.formHash ?? key.rawValue }
}
