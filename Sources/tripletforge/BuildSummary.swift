import Foundation
import TripletForge

/// How a build report is shown: a short text for people, and this value as JSON for scripts
/// (`{"dry_run": …, "manifest": {…}}`).
struct BuildSummary: Encodable {
    var dryRun: Bool
    var manifest: Manifest

    enum CodingKeys: String, CodingKey { case dryRun = "dry_run", manifest }

    init(_ report: BuildReport) {
        dryRun = report.dryRun
        manifest = report.manifest
    }

    static func text(_ report: BuildReport, verbose: Bool, destination: String?) -> String {
        let m = report.manifest
        let c = m.counts
        var lines: [String] = []
        let verb = report.dryRun ? "would write" : "wrote"
        lines.append("\(m.layout) layout: read \(c.ratedRecords) rated records (\(c.unratedRecords) unrated not read), rejected \(c.rejectedRecords)")
        lines.append("signals: \(c.positiveSignals) positive, \(c.negativeSignals) negative, in \(c.queryGroups) query groups")
        lines.append("labels: \(c.positivePairs) positive pairs, \(c.negativePairs) hard-negative pairs")
        let splits = DatasetSplit.allCases.map { "\(c.triplets[$0.rawValue] ?? 0) \($0.rawValue) (\(c.queryGroupsWithTriplets[$0.rawValue] ?? 0) groups)" }
        lines.append("\(verb) \(c.totalTriplets) triplets: " + splits.joined(separator: ", ") + " in \(m.shards.count) shard(s)" + (destination.map { " to \($0)" } ?? ""))
        if m.settings.output.format != .triplet {
            lines.append("as \(c.totalRows) \(m.settings.output.format.rawValue) rows: " + DatasetSplit.allCases.map { "\(c.rows(in: $0)) \($0.rawValue)" }.joined(separator: ", "))
        }
        if verbose {
            for shard in m.shards { lines.append("  \(shard.path): \(shard.rows) rows") }
            for (title, reasons) in [("rejected", m.rejects), ("dropped", m.dropped), ("skipped", m.skipped)] where reasons.total > 0 {
                lines.append("\(title):")
                for entry in reasons.sorted { lines.append("  \(entry.reason): \(entry.count)") }
            }
            for row in report.rejectedRows.prefix(20) {
                lines.append("  reject \(row.table) row \(row.rowID): \(row.reason) — \(row.detail)")
            }
            if report.rejectedRows.count > 20 { lines.append("  … \(report.rejectedRows.count - 20) more rejects") }
        } else if m.rejects.total + m.dropped.total > 0 {
            lines.append("(--verbose lists reasons for \(m.rejects.total) rejects and \(m.dropped.total) drops)")
        }
        return lines.joined(separator: "\n")
    }
}
