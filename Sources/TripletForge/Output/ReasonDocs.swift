/// What each reject, drop or skip reason means, in a sentence: for the dataset card and the report.
public enum ReasonDocs {
    public static let meaning: [String: String] = [
        "malformed_chunks_json": "the logged retrieval results were not valid JSON",
        "invalid_rating": "the rating was not one of the values the layout allows",
        "missing_query": "the question was empty",
        "chunk_without_text": "a retrieved passage had no text",
        "conflicting_votes": "a pair got evidence both ways and the evidence model was not confident either way (mining.confidence)",
        "too_few_votes": "a pair's evidence left the evidence model short of mining.confidence either way",
        "group_without_positive": "a query group had hard negatives but no positive",
        "group_without_negative": "a query group had positives but no hard negative",
        "positive_equals_negative": "positive and negative had the same normalised text",
        "negative_scored_near_positive": "the negative scored within the false-negative margin of the positive (or above it) and its evidence was too weak to call it the reranker's mistake: a possible false negative",
        "cap_negatives_per_positive": "beyond the cap of negatives per positive",
        "cap_triplets_per_group": "beyond the cap of triplets per query group",
        "n_tuple_too_few_negatives": "a positive had fewer than k negatives for an n-tuple row (never padded)",
        "duplicate_signal": "the same exchange was logged twice",
        "merged_vote": "a further vote or event on a pair already voted on (added up, not lost)",
        "repeated_vote": "a second vote of one rating on one passage (surfaced twice, or in two near-duplicate versions): counted once",
        "non_leaf_chunk": "a summary or question proxy, which is a retrieval aid, not content",
        "cited_non_leaf_chunk": "an answer cited a summary or question proxy",
        "positive_without_leaf_citation": "a thumbs-up cited only non-leaf passages",
        "positive_without_citation": "a thumbs-up cited nothing and the policy takes no uncited positives",
        "positive_without_leaf_chunk": "a thumbs-up surfaced no leaf passage",
        "negative_blames_delivery_only": "a thumbs-down blamed only delivery (formatting, speed…)",
        "negative_in_skipped_top_ranks": "a thumbs-down's passage sat in the skipped top ranks",
        "negative_without_leaf_chunk": "a thumbs-down surfaced no leaf passage to blame",
        "deleted_by_request": "the conversation is on the exclusion (deletion) list",
        "no_chunks": "nothing was retrieved for the exchange",
    ]

    public static func describe(_ reason: String) -> String { meaning[reason] ?? "" }
}
