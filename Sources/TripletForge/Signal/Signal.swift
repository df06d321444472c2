/// One rated exchange, whatever layout it came from: the canonical unit every source yields.
///
/// A source turns a thumbs-up row, or a message with sentiment feedback, into a `Signal`; nothing
/// downstream knows which table it came from. User ids, admin triage and notes stop at the source:
/// they are counted there, never carried here.
public struct Signal: Sendable, Equatable {
    /// Where the signal came from, for rejects, audits and provenance files (never for shards).
    public var provenance: Provenance
    /// The user's question, as typed.
    public var query: String
    /// What the retriever surfaced, in rank order (rank 0 first), by content identity.
    public var chunks: [SignalChunk]
    public var verdict: Verdict
    /// Feedback categories (threads layout); empty for a bare thumbs rating.
    public var categories: Set<FeedbackCategory>
    /// How many ratings were combined into this signal (several users on one message).
    public var ratings: Int
    /// The ids of the feedback records combined into this signal (threads layout: the winning
    /// votes' `feedback_id`s); empty where the signal is one row, whose id is the provenance id.
    public var records: [String]

    public init(provenance: Provenance, query: String, chunks: [SignalChunk], verdict: Verdict,
                categories: Set<FeedbackCategory> = [], ratings: Int = 1, records: [String] = []) {
        self.provenance = provenance
        self.query = query
        self.chunks = chunks
        self.verdict = verdict
        self.categories = categories
        self.ratings = ratings
        self.records = records
    }
}

/// Whether a rating said the answer helped.
public enum Verdict: String, Sendable, Codable, Equatable {
    case positive, negative
}

/// Where a signal came from: enough to find the row again, nothing about who rated it.
public struct Provenance: Sendable, Equatable, Hashable {
    /// `interactions` or `threads`.
    public var layout: String
    /// The row id (interactions) or `thread:sequence` (threads).
    public var id: String
    /// The conversation, for deletion lists: `session_id` or `thread_id`.
    public var conversation: String
    /// ISO-8601 time of the exchange.
    public var createdAt: String

    public init(layout: String, id: String, conversation: String, createdAt: String) {
        self.layout = layout
        self.id = id
        self.conversation = conversation
        self.createdAt = createdAt
    }
}

/// A surfaced chunk as a signal carries it: its content key, not its text.
///
/// Texts are turned into keys (and their training form stored once) by a ``ChunkInterner`` as
/// the source reads them, so a signal stays small however long the chunks are.
public struct SignalChunk: Sendable, Equatable {
    /// The hash of the chunk's normalised `text` (see ``TextNormalization/chunkKey(_:)``).
    public var key: PassageKey
    public var kind: ChunkKind
    /// The production reranker's score, when logged.
    public var score: Double?
    /// Whether the answer cited this chunk.
    public var cited: Bool

    public init(key: PassageKey, kind: ChunkKind = .leaf, score: Double? = nil, cited: Bool = false) {
        self.key = key
        self.kind = kind
        self.score = score
        self.cited = cited
    }
}

/// A chunk as the retriever logged it, with its texts.
public struct RetrievedChunk: Sendable, Equatable {
    /// The passage text. Chunk identity is this text, normalised (see ``TextNormalization/chunkKey(_:)``).
    public var text: String
    /// Title/section prefix + text: what the production reranker scored, and so what training shows.
    public var contextualisedText: String?
    public var kind: ChunkKind
    /// The production reranker's score, when logged.
    public var score: Double?

    public init(text: String, contextualisedText: String? = nil, kind: ChunkKind = .leaf, score: Double? = nil) {
        self.text = text
        self.contextualisedText = contextualisedText
        self.kind = kind
        self.score = score
    }
}

/// Only leaf chunks are real content; summaries and question proxies are retrieval aids.
public enum ChunkKind: String, Sendable, Equatable {
    case leaf
    case raptorSummary = "raptor_summary"
    case questionProxy = "question_proxy"
    /// A `chunk_type` this version does not know: treated as not-content, and counted.
    case unknown
}
