/// The Markdown a CI run shows for a threshold check (GitHub's `$GITHUB_STEP_SUMMARY`).
///
/// A pure function of the decision and the dataset's manifest, so it is tested without CI and the
/// CLI only appends it to a file. It says what was decided and why, and shows the numbers a
/// reviewer asks next: how much came in, what was thrown away and for what reason, and whether
/// the labels are balanced (a Mermaid pie chart, which GitHub renders in summaries).
///
/// ```swift
/// let markdown = CheckSummary.markdown(decision: decision, manifest: try Manifest.read(from: dataset))
/// ```
public enum CheckSummary {
    public static func markdown(decision: CheckDecision, manifest: Manifest, title: String = "TripletForge threshold check") -> String {
        let c = manifest.counts
        var out: [String] = []
        out.append("## \(title): \(decision.due ? "✅ retraining is due" : "⏸️ not due")")
        out.append("")
        for reason in decision.reasons { out.append("- \(escape(reason))") }
        out.append("")
        out.append("| | count |")
        out.append("| --- | ---: |")
        var rows: [(String, Int)] = [
            ("rated records read", c.ratedRecords),
            ("rejected records", c.rejectedRecords),
            ("positive signals", c.positiveSignals),
            ("negative signals", c.negativeSignals),
            ("query groups", c.queryGroups),
            ("positive pairs", c.positivePairs),
            ("hard-negative pairs", c.negativePairs),
        ]
        for split in DatasetSplit.allCases {
            rows.append(("\(split.rawValue) triplets (\(c.queryGroupsWithTriplets[split.rawValue] ?? 0) groups)", c.triplets[split.rawValue] ?? 0))
        }
        rows.append(("**triplets**", c.totalTriplets))
        rows.append(("**new triplets** (min \(decision.policy.minNewTriplets))", decision.newTriplets))
        rows.append(("**new query groups** (min \(decision.policy.minNewQueryGroups))", decision.newQueryGroups))
        for (label, value) in rows { out.append("| \(label) | \(value) |") }
        if let age = decision.ageDays {
            out.append("| days since the last training's newest rating (max \(decision.policy.maxAgeDays)) | \(age) |")
        }
        out.append("")
        out.append(contentsOf: reasonTable("Rejected records by reason", manifest.rejects))
        out.append(contentsOf: reasonTable("Dropped by reason", manifest.dropped))
        out.append(contentsOf: reasonTable("Skipped by reason", manifest.skipped))
        out.append(contentsOf: pie("Label mix", [("positive pairs", c.positivePairs), ("hard-negative pairs", c.negativePairs)]))
        out.append(contentsOf: pie("Triplets by split", DatasetSplit.allCases.map { ($0.rawValue, c.triplets[$0.rawValue] ?? 0) }))
        out.append("<sub>\(manifest.tool.name) \(escape(manifest.tool.version)) · \(escape(manifest.layout)) layout · input \(escape(manifest.input.fileName)), newest rating \(escape(manifest.input.latestRatedAt ?? "unknown"))</sub>")
        out.append("")
        return out.joined(separator: "\n")
    }

    static func reasonTable(_ title: String, _ reasons: ReasonCounts) -> [String] {
        var lines = ["### \(title)", ""]
        guard reasons.total > 0 else { return lines + ["None.", ""] }
        lines += ["| reason | count |", "| --- | ---: |"]
        lines += reasons.sorted.map { "| `\(escape($0.reason))` | \($0.count) |" }
        lines += ["| **total** | \(reasons.total) |", ""]
        return lines
    }

    /// A Mermaid pie; none when every slice is empty (Mermaid draws nothing useful then).
    static func pie(_ title: String, _ slices: [(String, Int)]) -> [String] {
        guard slices.contains(where: { $0.1 > 0 }) else { return ["### \(title)", "", "Nothing to chart.", ""] }
        var lines = ["### \(title)", "", "```mermaid", "pie showData title \(mermaidText(title))"]
        lines += slices.map { "    \"\(mermaidText($0.0))\" : \($0.1)" }
        lines += ["```", ""]
        return lines
    }

    /// Table cells must not break the row: pipes are escaped, newlines flattened.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    static func mermaidText(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "'").replacingOccurrences(of: "\n", with: " ")
    }
}
