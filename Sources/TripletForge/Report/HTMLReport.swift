import Foundation

/// A self-contained HTML page about a dataset: inline CSS and inline SVG, no script, nothing
/// fetched, so it opens from a CI artifact or an e-mail attachment as well as from disk.
///
/// Sections (each an `<section id=…>`, which the Chromium test looks for): `summary`, `set-aside`,
/// `label-mix`, `evidence-model`, `top-groups`, `pairings-per-group`, `text-lengths`, `sample`, `settings`.
///
/// ```swift
/// let data = try HTMLReport.write(dataset: dir, to: "report.html")
/// ```
public struct HTMLReport {
    public static let sectionIDs = ["summary", "set-aside", "label-mix", "evidence-model", "top-groups", "pairings-per-group", "text-lengths", "sample", "settings"]

    public let data: ReportData

    public init(data: ReportData) { self.data = data }

    /// Reads `dataset`, writes its report to the file at `path`, and returns what it showed.
    ///
    /// Throws ``TripletForgeError``: `invalidDataset` when the dataset cannot be read, and
    /// `writeFailed` with the system's reason ("No such file or directory", "Permission denied")
    /// when the page cannot be written — not Foundation's wording about Cocoa files.
    @discardableResult
    public static func write(dataset: URL, to path: String, sampleSize: Int = 8) throws -> ReportData {
        let data = try ReportData(dataset: dataset, sampleSize: sampleSize)
        do {
            try HTMLReport(data: data).html.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw TripletForgeError.writeFailed(path: path, reason: ioReason(error))
        }
        return data
    }

    public var html: String {
        let m = data.manifest
        let format = m.settings.output.format
        var page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>TripletForge report — \(HTML.escape(m.input.fileName))</title>
        <style>\(Self.css)</style></head><body><main>
        <header><h1>Reranker training data</h1>
        <p class="lede">\(m.counts.totalRows) rows in the <code>\(format.rawValue)</code> format, mined from \(m.counts.ratedRecords) rated answers in <code>\(HTML.escape(m.input.fileName))</code> (\(HTML.escape(m.layout)) layout) by tripletforge \(HTML.escape(m.tool.version)).</p></header>

        """
        page += section("summary", "At a glance", summary)
        page += section("set-aside", "What was set aside, and why", setAside)
        page += section("label-mix", "Label mix", labelMix)
        page += section("evidence-model", "What each signal was worth", evidenceModel)
        page += section("top-groups", "Top query groups", topGroups)
        page += section("pairings-per-group", "Pairings per query group", SVGChart.histogram(data.pairingsPerGroup, title: "Pairings per query group", unit: "pairings (query, positive, negative) in a group")
            + "<p class=\"note\">A group's pairings are capped at \(m.settings.mining.maxTripletsPerGroup); a long tail means a few questions dominate.</p>")
        page += section("text-lengths", "Text lengths", "<div class=\"grid\"><figure>" + SVGChart.histogram(data.queryLengths, title: "Query length", unit: "characters per distinct query", width: 440)
            + "<figcaption>Queries (\(data.queryLengths.count) distinct)</figcaption></figure><figure>"
            + SVGChart.histogram(data.passageLengths, title: "Passage length", unit: "characters per distinct passage", width: 440)
            + "<figcaption>Passages (\(data.passageLengths.count) distinct)</figcaption></figure></div>")
        page += section("sample", "A sample of rows, with provenance", sample)
        page += section("settings", "Settings used", settings)
        page += "<footer>Generated from <code>manifest.json</code>, the shards, <code>content-index.bin</code> and <code>provenance.jsonl.gz</code>. Same dataset, same page.</footer>\n</main></body></html>\n"
        return page
    }

    func section(_ id: String, _ title: String, _ content: String) -> String {
        "<section id=\"\(id)\"><h2>\(HTML.escape(title))</h2>\n\(content)\n</section>\n"
    }

    var summary: String {
        let c = data.manifest.counts
        let tiles: [(String, Int)] = [("rows", c.totalRows), ("pairings", c.totalTriplets), ("query groups", c.queryGroups),
                                      ("rated records", c.ratedRecords), ("rejected", c.rejectedRecords),
                                      ("train rows", c.rows(in: .train)), ("validation rows", c.rows(in: .validation))]
        return "<div class=\"tiles\">" + tiles.map { "<div class=\"tile\"><b>\($0.1)</b><span>\($0.0)</span></div>" }.joined() + "</div>"
    }

    var setAside: String {
        let m = data.manifest
        var html = ""
        for (kind, reasons) in [("Rejected records", m.rejects), ("Dropped pairs", m.dropped), ("Skipped votes", m.skipped)] {
            html += "<h3>\(kind) <small>(\(reasons.total))</small></h3>"
            html += SVGChart.bars(reasons.sorted.map { ($0.reason, $0.count) }, title: kind)
        }
        let all = m.rejects.sorted.map { ("rejected", $0) } + m.dropped.sorted.map { ("dropped", $0) } + m.skipped.sorted.map { ("skipped", $0) }
        if !all.isEmpty {
            html += "<table><thead><tr><th>kind</th><th>reason</th><th class=\"num\">count</th><th>meaning</th></tr></thead><tbody>"
            for (kind, entry) in all {
                html += "<tr><td>\(kind)</td><td><code>\(HTML.escape(entry.reason))</code></td><td class=\"num\">\(entry.count)</td><td>\(HTML.escape(ReasonCode.meaning(ofKey: entry.reason)))</td></tr>"
            }
            html += "</tbody></table>"
        }
        return html
    }

    var labelMix: String {
        let c = data.manifest.counts, d = data.manifest.dropped
        let items = [("positive pairs", c.positivePairs), ("hard-negative pairs", c.negativePairs),
                     ("unlabelled: too few votes", d[ReasonCode.tooFewVotes]), ("unlabelled: conflicting votes", d[ReasonCode.conflictingVotes]),
                     ("thumbs-up signals", c.positiveSignals), ("thumbs-down signals", c.negativeSignals)]
        return SVGChart.bars(items, title: "Label mix") + "<p class=\"note\">Every rating is evidence about the (query group, passage) pairs it surfaced; a pair is labelled only when the evidence model is confident enough (see below and Settings).</p>"
    }

    var topGroups: String {
        guard !data.topGroups.isEmpty else { return "<p class=\"empty\">No query group produced pairings.</p>" }
        var html = "<table><thead><tr><th>query</th><th class=\"num\">pairings</th></tr></thead><tbody>"
        for group in data.topGroups { html += "<tr><td>\(HTML.escape(group.query))</td><td class=\"num\">\(group.pairings)</td></tr>" }
        return html + "</tbody></table>"
    }

    var sample: String {
        guard !data.sample.isEmpty else { return "<p class=\"empty\">The dataset has no rows.</p>" }
        var html = "<p class=\"note\">Evenly spaced rows. For each passage: its label, the rated interactions that voted on it for this query group (+ cited, − rated down, · surfaced uncited in a thumbs-up; the first five), the best rank it was surfaced at, its votes (for/against/·uncited, and p, the evidence model's probability that it is relevant), the production reranker's score and the rating's categories.</p>"
        for row in data.sample {
            html += "<article class=\"row\"><h3><span class=\"tag\">\(row.split.rawValue) #\(row.row)</span> \(HTML.escape(row.query))</h3><table><thead><tr><th>label</th><th>passage</th><th>votes by</th><th class=\"num\">rank</th><th class=\"num\">votes ↑/↓</th><th class=\"num\">score</th><th>categories</th></tr></thead><tbody>"
            for p in row.passages {
                let text = p.text.count > 240 ? String(p.text.prefix(239)) + "…" : p.text
                html += "<tr class=\"\(p.positive ? "pos" : "neg")\"><td><span class=\"label\">\(p.positive ? "positive" : "negative")</span></td><td>\(HTML.escape(text))</td><td>\(Self.voters(p))</td><td class=\"num\">\(p.rank)</td><td class=\"num\">\(p.votesUp)/\(p.votesDown)\(p.votesSurfaced > 0 ? "/·\(p.votesSurfaced)" : "")\(p.relevance.map { String(format: " <small>p=%.2f</small>", $0) } ?? "")</td><td class=\"num\">\(p.score.map { String(format: "%.2f", $0) } ?? "—")</td><td>\(p.categories.isEmpty ? "—" : HTML.escape(p.categories))</td></tr>"
            }
            html += "</tbody></table></article>"
        }
        return html
    }

    var settings: String {
        var html = "<table><thead><tr><th>setting</th><th>value</th><th>meaning</th></tr></thead><tbody>"
        for (entry, value) in SettingDocs.values(of: data.manifest.settings) {
            html += "<tr><td><code>\(entry.section).\(entry.key)</code></td><td><code>\(HTML.escape(value))</code></td><td>\(HTML.escape(entry.doc))</td></tr>"
        }
        return html + "</tbody></table>"
    }

    static let css = """
    :root{--fg:#1d2330;--muted:#5b6475;--bg:#f6f7fb;--card:#fff;--line:#e3e6ee;--pos:#2a9d6f;--neg:#e0663a}
    *{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
    main{max-width:1180px;margin:0 auto;padding:24px}h1{margin:0 0 4px;font-size:28px}h2{margin:0 0 12px;font-size:19px}h3{font-size:15px;margin:14px 0 6px}
    .lede{color:var(--muted);margin:0 0 18px}section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 16px}
    .tiles{display:flex;flex-wrap:wrap;gap:12px}.tile{flex:1 1 130px;border:1px solid var(--line);border-radius:8px;padding:10px 12px}
    .tile b{display:block;font-size:24px}.tile span{color:var(--muted);font-size:13px}
    table{border-collapse:collapse;width:100%;font-size:13.5px;margin-top:6px}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
    th{color:var(--muted);font-weight:600}.num{text-align:right;font-variant-numeric:tabular-nums}code{font:12.5px ui-monospace,Menlo,Consolas,monospace}
    svg{max-width:100%;height:auto}svg .axis{font:11px system-ui,sans-serif;fill:var(--muted)}svg .value{font:11px system-ui,sans-serif;fill:var(--fg)}svg .rule{stroke:var(--line)}
    .grid{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}figcaption{color:var(--muted);font-size:13px}
    .note,.empty,footer{color:var(--muted);font-size:13px}.tag{background:#eef1f8;border-radius:4px;padding:1px 6px;font-size:12px;color:var(--muted)}
    .label{font-size:12px;font-weight:600}tr.pos .label{color:var(--pos)}tr.neg .label{color:var(--neg)}article.row{margin-bottom:14px}
    """

    /// The first few voters of a passage as code spans, and how many more there are.
    static func voters(_ passage: ReportData.SamplePassage) -> String {
        let listed = passage.voters.isEmpty ? [passage.signal] : passage.voters
        let shown = listed.prefix(5).map { "<code>\(HTML.escape($0))</code>" }.joined(separator: " ")
        let more = passage.votesUp + passage.votesDown + passage.votesSurfaced - min(5, listed.count)
        return more > 0 ? shown + " <span class=\"note\">+\(more) more</span>" : shown
    }
}
