import Foundation

extension HTMLReport {
    /// What the evidence model learnt from this input — one row per kind of event, with how often a
    /// relevant and an irrelevant pair get it and what one such event weighs — and how many query
    /// groups were lost, by reason. A reviewer sees here why a citation counted for less in a noisy
    /// log, or why a group vanished.
    var evidenceModel: String {
        guard let model = data.manifest.evidenceModel else {
            return "<p class=\"empty\">This dataset was built before the evidence model (no <code>evidence_model</code> in its manifest).</p>"
        }
        var html = "<p class=\"note\">Fitted to this input by expectation–maximisation over a hidden relevance per (query group, passage) pair: "
            + "an estimated <b>\(String(format: "%.1f", model.prior * 100)) %</b> of the \(model.pairs) pairs are relevant; "
            + "\(model.iterations) iterations (\(model.converged ? "converged" : "stopped at the cap")), log-likelihood \(String(format: "%.1f", model.logLikelihood)). "
            + "Weight: the log-likelihood ratio of one event; positive speaks for relevance. "
            + "\(model.rerankerMistakes) triplets keep a negative the production reranker scored near or above the positive.</p>"
        html += "<table><thead><tr><th>event</th><th>rank</th><th>answer score</th><th class=\"num\">seen</th><th class=\"num\">P(event | relevant)</th><th class=\"num\">P(event | irrelevant)</th><th class=\"num\">weight</th></tr></thead><tbody>"
        // Kinds this input never held keep the prior's rates; their weight would only mislead.
        let seen = model.events.filter { $0.observed != 0 }
        for event in seen {
            html += "<tr><td>\(HTML.escape(event.event.replacingOccurrences(of: "_", with: " ")))</td><td>\(HTML.escape(event.ranks))</td><td>\(HTML.escape((event.answerScore ?? "").replacingOccurrences(of: "_", with: " ")))</td>"
                + "<td class=\"num\">\(event.observed.map(String.init) ?? "")</td>"
                + "<td class=\"num\">\(String(format: "%.4f", event.relevant))</td><td class=\"num\">\(String(format: "%.4f", event.irrelevant))</td>"
                + "<td class=\"num\">\(String(format: "%+.2f", event.weight))</td></tr>"
        }
        html += "</tbody></table>"
        if seen.count < model.events.count {
            html += "<p class=\"note\">\(model.events.count - seen.count) kinds of event never occurred in this input and are left out (some cannot occur, such as a citation below another at rank 0).</p>"
        }
        html += "<h3>Query groups lost <small>(\(model.lostGroups.total))</small></h3>"
        html += model.lostGroups.total == 0
            ? "<p class=\"empty\">Every query group with votes gave at least one pairing.</p>"
            : SVGChart.bars(model.lostGroups.sorted.map { ($0.reason, $0.count) }, title: "Query groups lost")
                + "<p class=\"note\">Groups that had votes but no pairing; a verbose build names them.</p>"
        return html
    }
}
