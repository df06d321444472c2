/// The dataset's `README.md`: a Hugging Face dataset card generated from the manifest.
///
/// The YAML front matter maps each split that has rows to its shard glob, so
/// `load_dataset("path/to/dir")` finds them; the body says what the data is, its columns, how it
/// was mined (every setting, read from the manifest so none can be forgotten), the counts, what was
/// set aside and why, and what it cannot promise. Same manifest, same bytes.
///
/// ```swift
/// let card = DatasetCard(manifest: try Manifest.read(from: dataset)).markdown
/// ```
public struct DatasetCard {
    public let manifest: Manifest

    public init(manifest: Manifest) { self.manifest = manifest }

    var format: ShardFormat { manifest.settings.output.format }
    var k: Int { manifest.settings.output.negativesPerRow }

    public var markdown: String {
        (frontMatter + body).joined(separator: "\n") + "\n"
    }

    /// The splits with at least one row: `configs` must not point at globs that match nothing.
    var splitsWithRows: [DatasetSplit] { DatasetSplit.allCases.filter { manifest.counts.rows(in: $0) > 0 } }

    var frontMatter: [String] {
        var lines = ["---", "# Set the license of your source documents before publishing.", "license: other",
                     "pretty_name: Reranker training data mined from user feedback (\(format.rawValue))",
                     "task_categories:", "- text-ranking", "tags:", "- reranker", "- hard-negatives", "- sentence-transformers",
                     "- \(format.rawValue)", "- tripletforge", "size_categories:", "- \(Self.sizeCategory(manifest.counts.totalRows))"]
        if !splitsWithRows.isEmpty {
            lines += ["configs:", "- config_name: default", "  data_files:"]
            for split in splitsWithRows { lines += ["  - split: \(split.rawValue)", "    path: data/\(split.rawValue)-*.jsonl.gz"] }
        }
        return lines + ["---", ""]
    }

    var body: [String] {
        let c = manifest.counts
        var lines = ["# Reranker training data mined from user feedback", ""]
        lines += ["This dataset teaches a reranker (or an embedding model) which passages actually answer a question.",
                  "It was mined from the thumbs-up and thumbs-down that users gave a RAG assistant's answers, read from",
                  "`\(manifest.input.fileName)` (\(manifest.layout) layout) by tripletforge \(manifest.tool.version).",
                  "A **positive** is a passage that answers rated helpful relied on; a **hard negative** is a passage the",
                  "retriever surfaced for the same question in answers rated unhelpful: one the production system found",
                  "plausible, which is what makes it worth learning from.", "",
                  "It holds \(c.totalRows) rows in the `\(format.rawValue)` format (\(c.totalTriplets) query–positive–negative pairings",
                  "from \(c.queryGroupsWithTriplets.values.reduce(0, +)) query groups).", ""]
        lines += structure + loading + counts + howItWasMade + parameters + setAside + files + limitations
        return lines
    }

    var structure: [String] {
        var lines = ["## Dataset structure", "", "Each row is one JSON object with exactly these columns, in this order (sentence-transformers",
                     "reads columns by position, `datasets` by name):", "", "| column | type | content |", "|---|---|---|"]
        let soft = manifest.settings.output.softLabels
        for column in format.columns(negatives: k, softLabels: soft) {
            lines.append("| `\(column)` | \(Self.type(of: column, soft: soft)) | \(Self.meaning(of: column, soft: soft)) |")
        }
        lines += ["", "How the `\(format.rawValue)` format uses the mined labels: \(formatPolicy)", "",
                  "Made for: \(format.usedFor).", ""]
        return lines
    }

    var formatPolicy: String {
        switch format {
        case .triplet:
            return "one row per mined (positive, hard negative) pairing; a positive appears once per negative it was paired with."
        case .nTuple:
            return "one row per positive with its \(k) hardest mined negatives. A positive paired with fewer than \(k) negatives is dropped (counted as `n_tuple_too_few_negatives`), never padded with repeats, which would give in-batch losses free easy columns."
        case .labeledPair:
            return "one row per passage kept for a query group: label 1 for each positive (strongest first), 0 for each hard negative (hardest first). Only passages that appear in at least one mined pairing are kept, so the caps and the false-negative guard apply."
        case .labeledList:
            return "one row per query group: its kept positives (strongest first) then its hard negatives (hardest first) in `docs`, with 1/0 in `labels` at the same positions."
        case .grouped:
            return "one row per query group: its kept positives in `pos` (strongest first) and hard negatives in `neg` (hardest first), as FlagEmbedding expects."
        }
    }

    static func type(of column: String, soft: Bool = false) -> String {
        switch column {
        case "label" where soft: return "float (0 to 1)"
        case "labels" where soft, "pos_scores", "neg_scores": return "list of float (0 to 1)"
        case "docs", "pos", "neg": return "list of string"
        case "labels": return "list of int (1/0)"
        case "label": return "int (1/0)"
        default: return "string"
        }
    }

    static func meaning(of column: String, soft: Bool = false) -> String {
        switch column {
        case "label" where soft: return "the passage's relevance: the evidence model's probability that it answers the query (positives are at or above the confidence, hard negatives at or below one minus it)"
        case "labels" where soft: return "the relevance of each entry of `docs` (the evidence model's probability)"
        case "pos_scores": return "the relevance of each entry of `pos` (the evidence model's probability)"
        case "neg_scores": return "the relevance of each entry of `neg` (the evidence model's probability)"
        case "query": return "the question as first typed in its query group"
        case "positive": return "a passage that helped answer it"
        case "negative": return "a passage surfaced for it in an answer rated unhelpful"
        case "passage": return "a passage of the query group"
        case "label": return "1 if the passage is a positive, 0 if a hard negative"
        case "docs": return "the group's passages, positives first"
        case "labels": return "1/0 for each entry of `docs`"
        case "pos": return "the group's positives, strongest first"
        case "neg": return "the group's hard negatives, hardest first"
        default: return "hard negative \(column.dropFirst("negative_".count)), hardest first"
        }
    }

    var loading: [String] {
        var lines = ["## Loading", "", "```python", "from datasets import load_dataset", "", "ds = load_dataset(\"path/to/this/directory\")  # the splits below, from this card's `configs`"]
        let files = splitsWithRows.map { "\"\($0.rawValue)\": \"data/\($0.rawValue)-*.jsonl.gz\"" }.joined(separator: ", ")
        lines += ["# or, without the card:", "ds = load_dataset(\"json\", data_files={\(files)})", "```", ""]
        return lines
    }

    var counts: [String] {
        let c = manifest.counts
        var lines = ["## Counts", "", "| | count |", "|---|---:|"]
        lines += [("rated records read", c.ratedRecords), ("unrated records (not read)", c.unratedRecords),
                  ("rejected records", c.rejectedRecords), ("positive signals (thumbs-up)", c.positiveSignals),
                  ("negative signals (thumbs-down)", c.negativeSignals), ("query groups", c.queryGroups),
                  ("positive (query, passage) pairs", c.positivePairs), ("hard-negative (query, passage) pairs", c.negativePairs)]
            .map { "| \($0.0) | \($0.1) |" }
        for split in DatasetSplit.allCases {
            lines.append("| \(split.rawValue): rows / pairings / query groups | \(c.rows(in: split)) / \(c.triplets[split.rawValue] ?? 0) / \(c.queryGroupsWithTriplets[split.rawValue] ?? 0) |")
        }
        return lines + [""]
    }

    var howItWasMade: [String] {
        let m = manifest.settings.mining, s = manifest.settings.split
        return ["## How it was made", "",
                "1. **Read.** The database was opened read-only inside one transaction, so the data is one consistent snapshot" + (manifest.input.latestRatedAt.map { " (newest rating: \($0))" } ?? "") + ".",
                "   Records that could not be used were quarantined, not guessed at (see *What was set aside*).",
                "2. **Group.** Questions were grouped after Unicode NFKC, case folding, whitespace collapsing and trailing-punctuation",
                "   removal; the first-typed form of each group is the `query`. Passages are identified by their normalised text (not",
                "   their ids) and shown as their contextualised text (title/section prefix + text) when it was logged." + nearDuplicates,
                "3. **Events.** Every rating is evidence about the (query group, passage) pairs it surfaced: a thumbs-up *cited* its",
                "   answer's leaf passages (uncited answers: `\(m.uncitedPositive.rawValue)`) and *surfaced without citing* the others; a thumbs-down",
                "   *surfaced* every leaf passage from rank \(m.negativeRankSkip) on, unless its categories only blame delivery. Each event also",
                "   records the rank it happened at. Summaries and question proxies are never evidence.",
                "4. **Label.** An evidence model (latent relevance, EM in the manner of Dawid–Skene) learnt from this very input how",
                "   much each kind of event is worth" + modelSummary + "; a pair is a positive when its probability",
                "   of relevance is at least \(m.confidence), a hard negative when at most \(Self.decimal(1 - m.confidence)); so a passage is never both for the same query.",
                "5. **Pair.** Each positive is paired with its group's hard negatives, hardest first (production reranker score, then",
                "   rank): at most \(m.maxNegativesPerPositive) per positive and \(m.maxTripletsPerGroup) per group. A negative scoring within \(m.falseNegativeScoreMargin) (relative) of the",
                "   positive, or above it, is kept as the reranker's mistake when its probability of relevance is at most",
                "   \(Self.decimal(m.strongNegativeRelevance))" + mistakes + ", else dropped as a possible unlabelled positive; identical texts never pair.",
                "6. **Split.** By query group, with a stable hash (seed `\(s.seed)`, about \(s.validationFraction) held out): no question is in",
                "   both splits, and a group keeps its split as the data grows.",
                "7. **Write.** Rows in the `\(format.rawValue)` format, gzipped JSON Lines of at most \(manifest.settings.output.rowsPerShard) rows per shard.",
                "   Rebuilding from the same database gives byte-identical files.", ""]
    }

    /// The fitted model in a few words, for step 4 (the manifest has every number).
    private var modelSummary: String {
        guard let model = manifest.evidenceModel else { return "" }
        return " (an estimated \(Self.decimal(model.prior * 100))% of surfaced pairs are relevant; \(model.iterations) iterations;" +
            " every reliability is in `manifest.json` under `evidence_model`)"
    }

    /// How many reranker mistakes were kept, for step 5.
    private var mistakes: String {
        guard let model = manifest.evidenceModel else { return "" }
        return " (\(model.rerankerMistakes) triplets here)"
    }

    static func decimal(_ value: Double) -> String { String(format: "%.4g", value) }

    /// How near-duplicate versions were joined, as the sentence closing step 2.
    private var nearDuplicates: String {
        let similarity = manifest.settings.mining.nearDuplicateSimilarity
        guard similarity > 0 else { return "" }
        let joined = manifest.counts.nearDuplicatePassages.map { " (\($0) of \(manifest.counts.distinctPassages ?? 0) passages)" } ?? ""
        return "\n   Versions of a passage whose word trigrams are at least \(similarity) similar (a changed footer or header) are one passage\(joined)."
    }

    var parameters: [String] {
        var lines = ["## Mining parameters", "", "Every setting this build used (`tripletforge init` writes them as a config file):", "",
                     "| setting | value | meaning |", "|---|---|---|"]
        for (entry, value) in SettingDocs.values(of: manifest.settings) {
            lines.append("| `\(entry.section).\(entry.key)` | `\(value)` | \(entry.doc.replacingOccurrences(of: "|", with: "\\|")) |")
        }
        return lines + [""]
    }

    var setAside: [String] {
        var lines = ["## What was set aside", "", "Nothing is dropped silently. *Rejected* records were unusable, *dropped* pairs failed a",
                     "mining rule or cap, *skipped* votes were duplicates or retrieval aids.", ""]
        let all = [("rejected", manifest.rejects), ("dropped", manifest.dropped), ("skipped", manifest.skipped)]
        guard all.contains(where: { $0.1.total > 0 }) else { return lines + ["Nothing was set aside.", ""] }
        lines += ["| kind | reason | count | meaning |", "|---|---|---:|---|"]
        for (kind, reasons) in all {
            lines += reasons.sorted.map { "| \(kind) | `\($0.reason)` | \($0.count) | \(ReasonCode.meaning(ofKey: $0.reason)) |" }
        }
        return lines + [""]
    }

    var files: [String] {
        var lines = ["## Files", "", "- `data/{split}-NNNNN-of-NNNNN.jsonl.gz`: the rows.",
                     "- `manifest.json`: counts, settings, shard checksums and the input's fingerprint (no clock time, no absolute paths).",
                     "- `content-index.bin`: content ids of the pairings, for `tripletforge check` to count what is new since the last training."]
        if manifest.provenance != nil {
            lines.append("- `provenance.jsonl.gz`: per row, every vote behind each passage (interaction id, direction, rank and score), and its totals.")
        }
        lines += ["- `rejects.jsonl`: ids and reasons of rejected records, never their content.", ""]
        return lines
    }

    var limitations: [String] {
        var lines = ["## Limitations", "",
                     "- Users rate answers, not passages: labels are inferred, and noisy where few ratings agree.",
                     "- Negatives are hard for the *production* retriever; they may be easy for a different one.",
                     "- Questions nobody rated are absent, so the data leans towards what users bother to rate.",
                     "- The text is what users typed and what the knowledge base held: review it for personal data before sharing."]
        switch format {
        case .nTuple: lines.append("- Positives with fewer than \(k) negatives are left out, so groups with few ratings are under-represented.")
        case .labeledPair, .labeledList: lines.append("- Labels are binary; there are usually more negatives than positives, so weight or sample accordingly.")
        case .grouped: lines.append("- Lists hold at most the pairing caps; FlagEmbedding samples from `neg`, so short lists repeat negatives across epochs.")
        case .triplet: lines.append("- A positive repeats once per negative; deduplicate positives if your loss assumes unique anchors.")
        }
        return lines + [""]
    }

    static func sizeCategory(_ count: Int) -> String {
        switch count {
        case ..<1_000: return "n<1K"
        case ..<10_000: return "1K<n<10K"
        case ..<100_000: return "10K<n<100K"
        case ..<1_000_000: return "100K<n<1M"
        default: return "1M<n<10M"
        }
    }
}
