/// How simulated users and the simulated retriever behave: the knobs of realism, in one place.
///
/// Kept separate from the composer so a ground-truth study (noisy users, known relevant sets) can
/// change behaviour without touching how rows are encoded.
struct UserModel {
    /// Share of rated rows that are thumbs-up (the rest thumbs-down).
    var upShare = 0.5
    /// Share of ratings whose recorded thumb is the opposite of what the answer deserved.
    var misclickRate = 0.0
    /// Share of good answers rated down for delivery (slow, badly formatted): the retrieval was right,
    /// the thumb says otherwise. The interactions layout has no categories to tell these apart.
    var complaintRate = 0.0
    /// Share of rated rows that are broken (bad rating value, blank query, malformed chunks JSON).
    var badShare = 0.0005
    /// Share of rated rows that replay the previous rated row of their session (double submit).
    var replayShare = 0.01
    /// Share of rows logged by the older app version that wrote JSON with `\uXXXX` escapes.
    var asciiEscapedShare = 0.3
    /// Thumbs-up answers that cite nothing (the pipeline then falls back to the top leaf).
    var uncitedUpShare = 0.1
    /// Thumbs-down retrievals that still surface one truly relevant chunk (below rank 3).
    var relevantInBadShare = 0.25
    var summaryShare = 0.35
    /// Share of cited good answers that also cite one surfaced leaf that is not relevant (a near miss
    /// near the top), sometimes instead of one of their relevant citations: citations are weak
    /// evidence, as in real answers that cite what they did not need. 0 draws nothing.
    var citationNoise = 0.0
    /// 1 = the production retriever never promotes a topic's sticky distractors; below 1, with
    /// probability 1 − quality per answer (good or bad) they take the top ranks and the top
    /// production scores — the reranker's own mistakes that retraining must fix. 1 draws nothing.
    var retrieverQuality = 1.0
    var questionProxyShare = 0.2
}
