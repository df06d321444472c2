/// Why a record, signal, vote or pair did not become training data — or a fact worth counting.
///
/// Every such code TripletForge can emit is a case here, with its sentence in ``meaning``: the
/// dataset card, the HTML report and `build --help` read the sentence from this one place, and a
/// switch without a `default` means a new case cannot compile without one (GRDB's `ResultCode` is
/// the model). The raw value is the stable snake_case code written to `manifest.json`,
/// `rejects.jsonl` and `--verbose` output; renaming one breaks readers of old manifests.
///
/// The cases are grouped by what happens to the thing counted:
/// - *rejected* records are unusable input: listed by id in `rejects.jsonl`, and the build fails
///   when too many are (`input.max_reject_ratio`);
/// - *skipped* signals and votes are set aside on purpose by the source or the evidence stage;
/// - *dropped* pairs and rows fail a mining rule, a guard or a cap;
/// - *observed* facts are counted and never carried.
public enum ReasonCode: String, CaseIterable, Sendable, Codable, Comparable, CustomStringConvertible {
    // Rejected records (any layout).
    /// The rating is not a value the layout allows (interactions: the integer 1 or -1).
    case invalidRating = "invalid_rating"
    /// The question is NULL or blank.
    case missingQuery = "missing_query"
    /// A text column holds bytes that are not UTF-8.
    case invalidUTF8 = "invalid_utf8"
    /// The `chunks` column is not the JSON the layout describes.
    case malformedChunksJSON = "malformed_chunks_json"
    /// A retrieved chunk has no text.
    case chunkWithoutText = "chunk_without_text"
    /// More chunks in one row than ``ChunkScanner/defaultMaxChunks``.
    case tooManyChunks = "too_many_chunks"
    /// The chunks JSON nests deeper than ``ChunkScanner/maxDepth``.
    case chunksJSONTooDeep = "chunks_json_too_deep"

    // Rejected records (threads layout).
    /// Forks of forks do not end within `ThreadsSource.maxForkDepth` (64).
    case forkCycle = "fork_cycle"
    /// The sentiment is not `positive` or `negative`.
    case unknownSentiment = "unknown_sentiment"
    /// The categories are not a JSON array of strings.
    case malformedCategories = "malformed_categories"
    /// A category outside ``FeedbackCategory``.
    case unknownCategory = "unknown_category"
    /// A category that does not fit the sentiment (`correct` on a negative).
    case invalidCategoryForSentiment = "invalid_category_for_sentiment"
    /// `other` with NULL or blank notes.
    case otherWithoutNotes = "other_without_notes"
    /// The rated message is not in `messages`.
    case messageNotFound = "message_not_found"
    /// The rated message is not the assistant's.
    case ratedNonAssistantMessage = "rated_non_assistant_message"
    /// No earlier user message to take as the query.
    case noUserMessage = "no_user_message"

    // Skipped by a source.
    /// On the exclusion (deletion) list.
    case deletedByRequest = "deleted_by_request"
    /// Nothing retrieved.
    case noChunks = "no_chunks"
    /// Triaged with an excluded admin label; counted as `admin_excluded:<label>`.
    case adminExcluded = "admin_excluded"
    /// A vote on a fork's copy of a message, moved to the original.
    case mergedForkCopy = "merged_fork_copy"
    /// A user's earlier vote on a message, replaced by their later one.
    case supersededRating = "superseded_rating"
    /// The rated answer's status is not `completed`.
    case messageNotCompleted = "message_not_completed"
    /// A message's votes have no winner.
    case conflictingFeedback = "conflicting_feedback"
    /// A vote on the losing side of a message.
    case outvotedRating = "outvoted_rating"

    // Skipped by the evidence stage.
    /// The same exchange logged twice.
    case duplicateSignal = "duplicate_signal"
    /// A further vote on a pair already voted on.
    case mergedVote = "merged_vote"
    /// A second vote of one rating on one passage.
    case repeatedVote = "repeated_vote"
    /// A summary or question-proxy chunk.
    case nonLeafChunk = "non_leaf_chunk"
    /// A citation of a non-leaf chunk.
    case citedNonLeafChunk = "cited_non_leaf_chunk"
    /// A thumbs-up citing only non-leaf chunks.
    case positiveWithoutLeafCitation = "positive_without_leaf_citation"
    /// A thumbs-up citing nothing, under a policy that takes no uncited positives.
    case positiveWithoutCitation = "positive_without_citation"
    /// A thumbs-up with no leaf chunk.
    case positiveWithoutLeafChunk = "positive_without_leaf_chunk"
    /// A thumbs-down blaming only delivery.
    case negativeBlamesDeliveryOnly = "negative_blames_delivery_only"
    /// A thumbs-down's chunk within the skipped top ranks.
    case negativeInSkippedTopRanks = "negative_in_skipped_top_ranks"
    /// A thumbs-down with no leaf chunk to blame.
    case negativeWithoutLeafChunk = "negative_without_leaf_chunk"

    // Dropped by mining and by the row layouts.
    /// Evidence both ways, the evidence model confident neither way (``MiningPolicy/confidence``).
    case conflictingVotes = "conflicting_votes"
    /// Evidence too thin for the evidence model to reach ``MiningPolicy/confidence`` either way.
    case tooFewVotes = "too_few_votes"
    /// Hard negatives but no positive.
    case groupWithoutPositive = "group_without_positive"
    /// Positives but no hard negative.
    case groupWithoutNegative = "group_without_negative"
    /// Positive and negative of the same normalised text.
    case positiveEqualsNegative = "positive_equals_negative"
    /// The false-negative guard: scored near or above the positive, with weak evidence against it.
    case negativeScoredNearPositive = "negative_scored_near_positive"
    /// The cap of negatives per positive.
    case capNegativesPerPositive = "cap_negatives_per_positive"
    /// The cap of triplets per query group.
    case capTripletsPerGroup = "cap_triplets_per_group"
    /// Fewer than k negatives for an n-tuple row.
    case nTupleTooFewNegatives = "n_tuple_too_few_negatives"

    // Observed.
    /// A record with an admin label that is not excluded.
    case adminLabelKept = "admin_label_kept"

    /// What the code means, in one sentence, for people reading a card, a report or `--help`.
    public var meaning: String {
        switch self {
        case .invalidRating: return "the rating was not one of the values the layout allows"
        case .missingQuery: return "the question was empty"
        case .invalidUTF8: return "a text column held bytes that are not valid UTF-8"
        case .malformedChunksJSON: return "the logged retrieval results were not valid JSON"
        case .chunkWithoutText: return "a retrieved passage had no text"
        case .tooManyChunks: return "a row listed more retrieved passages than the parser accepts (a log gone wrong)"
        case .chunksJSONTooDeep: return "the retrieval results nested deeper than the parser accepts (broken or hostile input)"
        case .forkCycle: return "following the thread's fork parents did not end: a cycle in the data"
        case .unknownSentiment: return "the feedback's sentiment was not 'positive' or 'negative'"
        case .malformedCategories: return "the feedback's categories were not a JSON array of strings"
        case .unknownCategory: return "a feedback category is not in the taxonomy"
        case .invalidCategoryForSentiment: return "a feedback category does not fit its sentiment (e.g. 'correct' on a thumbs-down)"
        case .otherWithoutNotes: return "the category 'other' came without notes explaining it"
        case .messageNotFound: return "the feedback names a message that is not in the messages table"
        case .ratedNonAssistantMessage: return "the feedback rates a message that is not the assistant's"
        case .noUserMessage: return "no earlier user message in the thread to take as the question"
        case .deletedByRequest: return "the conversation is on the exclusion (deletion) list"
        case .noChunks: return "nothing was retrieved for the exchange"
        case .adminExcluded: return "an admin triaged the feedback with a label on the exclusion list (the label follows the colon)"
        case .mergedForkCopy: return "a vote on a forked copy of a message, counted toward the original message"
        case .supersededRating: return "a user's earlier vote on a message, replaced by their later one"
        case .messageNotCompleted: return "the rated answer did not complete (its status is not 'completed')"
        case .conflictingFeedback: return "a message's votes were split with no winner"
        case .outvotedRating: return "a vote on the losing side of a message's votes"
        case .duplicateSignal: return "the same exchange was logged twice"
        case .mergedVote: return "a further vote or event on a pair already voted on (added up, not lost)"
        case .repeatedVote: return "a second vote of one rating on one passage (surfaced twice, or in two near-duplicate versions): counted once"
        case .nonLeafChunk: return "a summary or question proxy, which is a retrieval aid, not content"
        case .citedNonLeafChunk: return "an answer cited a summary or question proxy"
        case .positiveWithoutLeafCitation: return "a thumbs-up cited only non-leaf passages"
        case .positiveWithoutCitation: return "a thumbs-up cited nothing and the policy takes no uncited positives"
        case .positiveWithoutLeafChunk: return "a thumbs-up surfaced no leaf passage"
        case .negativeBlamesDeliveryOnly: return "a thumbs-down blamed only delivery (formatting, speed…)"
        case .negativeInSkippedTopRanks: return "a thumbs-down's passage sat in the skipped top ranks"
        case .negativeWithoutLeafChunk: return "a thumbs-down surfaced no leaf passage to blame"
        case .conflictingVotes: return "a pair got evidence both ways and the evidence model was not confident either way (mining.confidence)"
        case .tooFewVotes: return "a pair's evidence left the evidence model short of mining.confidence either way"
        case .groupWithoutPositive: return "a query group had hard negatives but no positive"
        case .groupWithoutNegative: return "a query group had positives but no hard negative"
        case .positiveEqualsNegative: return "positive and negative had the same normalised text"
        case .negativeScoredNearPositive: return "the negative scored within the false-negative margin of the positive (or above it) and its evidence was too weak to call it the reranker's mistake: a possible false negative"
        case .capNegativesPerPositive: return "beyond the cap of negatives per positive"
        case .capTripletsPerGroup: return "beyond the cap of triplets per query group"
        case .nTupleTooFewNegatives: return "a positive had fewer than k negatives for an n-tuple row (never padded)"
        case .adminLabelKept: return "a record carried an admin label that is not excluded: kept, and counted"
        }
    }

    /// The code of a count key: the code itself, or `code:detail` (`admin_excluded:spam`).
    public init?(key: String) {
        self.init(rawValue: String(key.prefix { $0 != ":" }))
    }

    /// The meaning of a count key (see ``init(key:)``); empty for a key no code knows, such as a
    /// code written by a newer version into a manifest read by this one.
    public static func meaning(ofKey key: String) -> String { ReasonCode(key: key)?.meaning ?? "" }

    public static func < (lhs: ReasonCode, rhs: ReasonCode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The code as written everywhere (`invalid_utf8`), so interpolating one prints the code.
    public var description: String { rawValue }
}
