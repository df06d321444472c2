import Foundation

/// Everything the ratings say, aggregated by query group and chunk.
///
/// Each rating is evidence about (query group, chunk) pairs: a thumbs-up votes *for* the chunks the
/// answer used, a thumbs-down votes *against* the chunks it surfaced. Votes from every interaction
/// of a group are added up here; ``TripletMiner`` then decides, under one ``MiningPolicy``, which
/// pairs are positives or hard negatives. Texts live in a ``ChunkStore``; this holds only counts.
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

/// The evidence of a whole input: query groups, the votes cast (spilled by group, see ``VoteLog``),
/// signal provenance and chunk texts. Filled while reading; mining reads it and returns what it
/// decided (``KeptPairs``) without changing it.
public final class Evidence {
    public internal(set) var groups: [QueryGroupKey: QueryGroup] = [:]
    let votes: VoteLog
    /// Where scratch files go: mining spills the votes of the pairs it keeps there too.
    let scratchDirectory: URL
    /// Signal provenance ids in the order they were read (index = `EvidenceCell.firstSignal`).
    let signalIDs: StringLog
    /// The feedback record ids behind each signal, as a JSON array of strings, parallel to
    /// `signalIDs` — empty unless the layout combines records into signals (threads).
    let signalRecords: StringLog
    /// Each signal's feedback categories as bits of `FeedbackCategory.allCases` (parallel to `signalIDs`).
    public internal(set) var signalCategories: [UInt16] = []
    let chunks: ChunkStore

    init(chunks: ChunkStore, scratchDirectory: URL) throws {
        self.chunks = chunks
        votes = try VoteLog(directory: scratchDirectory)
        signalIDs = try StringLog(directory: scratchDirectory, prefix: "signals")
        signalRecords = try StringLog(directory: scratchDirectory, prefix: "signal-records")
        self.scratchDirectory = scratchDirectory
    }

    /// The provenance id of the signal at `index` (an interaction id, or `thread:sequence`).
    public func signalID(_ index: UInt32) -> String? { signalIDs[Int(index)] }

    /// The text training shows for a chunk key.
    public func trainingText(ofChunk key: PassageKey) throws -> String { try chunks.trainingText(key) }

    /// The feedback categories of the signal at `index` (empty for a bare thumbs rating).
    public func categories(ofSignal index: UInt32) -> [FeedbackCategory] {
        guard Int(index) < signalCategories.count else { return [] }
        let bits = signalCategories[Int(index)]
        return FeedbackCategory.allCases.enumerated().filter { bits & (1 << $0.offset) != 0 }.map(\.element)
    }

    func formHash(ofChunk key: PassageKey) -> UInt64 { chunks.entry(key)?.formHash ?? key.rawValue }

    /// Flushes what is still buffered to the scratch files. After this, reading texts and signal
    /// ids mutates nothing, so several writers may read at once.
    func finishWriting() throws {
        try chunks.finishWriting()
        try signalIDs.finishWriting()
        try signalRecords.finishWriting()
    }
}
