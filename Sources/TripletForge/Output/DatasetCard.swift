/// The dataset's `README.md`: a Hugging Face dataset card generated from the manifest.
///
/// The YAML front matter maps splits to shard globs, so `load_dataset(DIR)` finds them; the body
/// says what the data is, how it was mined (every setting), the counts, and what it cannot promise.
public struct DatasetCard {
    public let manifest: Manifest

    public init(manifest: Manifest) { self.manifest = manifest }

    public var markdown: String {
        let counts = manifest.counts
        let splits = DatasetSplit.allCases.filter { (counts.triplets[$0.rawValue] ?? 0) > 0 }
        let total = counts.totalTriplets
        var lines: [String] = []
        lines += ["---", "license: other  # set the license of your source documents", "task_categories:", "- text-ranking",
                  "tags:", "- reranker", "- hard-negatives", "- sentence-transformers", "- tripletforge",
                  "size_categories:", "- \(sizeCategory(total))", "configs:", "- config_name: default", "  data_files:"]
        for split in splits {
            lines += ["  - split: \(split.rawValue)", "    path: data/\(split.rawValue)-*.jsonl.gz"]
        }
        lines += ["---", "", "# Reranker triplets mined from user feedback", ""]
        lines += ["This dataset holds \(total) `(query, positive, negative)` triplets for training a reranker or an embedding model.",
                  "Each comes from ratings that users gave a RAG assistant's answers, read from `\(manifest.input.fileName)` (\(manifest.layout) layout)",
                  "by tripletforge \(manifest.tool.version). A positive is a passage that answers rated helpful relied on; a negative is a",
                  "passage surfaced for the same question in answers rated unhelpful: a *hard* negative, one the retriever found plausible.", ""]
        lines += ["## Loading", "", "```python", "from datasets import load_dataset", "ds = load_dataset(\"path/to/this/directory\")",
                  "# or: load_dataset(\"json\", data_files={\"train\": \"data/train-*.jsonl.gz\"})", "```", "",
                  "Each row is `{\"query\": str, \"positive\": str, \"negative\": str}`, in that column order, ready for",
                  "sentence-transformers' `MultipleNegativesRankingLoss` or `TripletLoss`.", ""]
        lines += ["## Counts", "", "| what | count |", "|---|---|"]
        lines += [("rated records read", counts.ratedRecords), ("unrated records (not read)", counts.unratedRecords),
                  ("rejected records", counts.rejectedRecords), ("positive signals", counts.positiveSignals),
                  ("negative signals", counts.negativeSignals), ("query groups", counts.queryGroups),
                  ("positive (query, passage) pairs", counts.positivePairs), ("hard-negative pairs", counts.negativePairs)]
            .map { "| \($0.0) | \($0.1) |" }
        for split in DatasetSplit.allCases {
            lines.append("| \(split.rawValue) triplets (query groups) | \(counts.triplets[split.rawValue] ?? 0) (\(counts.queryGroupsWithTriplets[split.rawValue] ?? 0)) |")
        }
        lines += ["", "## How it was made", ""]
        let mining = manifest.settings.mining
        lines += ["- Queries are grouped after Unicode NFKC, case folding, whitespace collapsing and trailing punctuation removal.",
                  "- Passages are identified by their normalised text (not their ids), and shown as their `contextualised_text` when logged.",
                  "- Only leaf passages are used; summaries and question proxies are retrieval aids.",
                  "- Every rating is a vote about (query group, passage) pairs; a pair is labelled only with at least \(mining.minVotes) vote(s),",
                  "  a margin of \(mining.minVoteMargin) and a share of \(mining.minVoteShare) on its side, so a passage is never both positive and negative for a query.",
                  "- Thumbs-up answers without citations: `\(mining.uncitedPositive.rawValue)`.",
                  "- Negatives scoring within \(mining.falseNegativeScoreMargin) (relative) of the positive in the production reranker are dropped as likely false negatives.",
                  "- At most \(mining.maxNegativesPerPositive) negatives per positive and \(mining.maxTripletsPerGroup) triplets per query group.",
                  "- Splits are by query group (stable hash, seed `\(manifest.settings.split.seed)`, about \(manifest.settings.split.validationFraction) held out): no query is in both.",
                  ""]
        lines += ["## What was set aside", "", "| reason | count |", "|---|---|"]
        for (kind, reasons) in [("rejected", manifest.rejects), ("dropped", manifest.dropped), ("skipped", manifest.skipped)] {
            lines += reasons.sorted.map { "| \(kind): \($0.reason) | \($0.count) |" }
        }
        lines += ["", "## Limitations", "",
                  "- Users rate answers, not passages: labels are inferred, and noisy where few ratings agree.",
                  "- Negatives are hard for the *production* retriever; they may be easy for a different one.",
                  "- The text is what users typed and what the knowledge base held: review it before sharing.", ""]
        return lines.joined(separator: "\n")
    }

    private func sizeCategory(_ count: Int) -> String {
        switch count {
        case ..<1_000: return "n<1K"
        case ..<10_000: return "1K<n<10K"
        case ..<100_000: return "10K<n<100K"
        case ..<1_000_000: return "100K<n<1M"
        default: return "1M<n<10M"
        }
    }
}
