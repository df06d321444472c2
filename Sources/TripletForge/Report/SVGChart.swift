/// Small inline SVG charts: no script, no fonts to fetch, readable in any browser offline.
///
/// ```swift
/// SVGChart.bars([("train", 290), ("validation", 14)], title: "Rows per split")
/// ```
enum SVGChart {
    static let palette = ["#2f6fde", "#e0663a", "#2a9d6f", "#8a5cd6", "#c9a227", "#d04f86", "#4f9fc0", "#7a7a7a"]

    /// Horizontal bars, one per item, labelled with their value.
    static func bars(_ items: [(label: String, value: Int)], title: String, width: Int = 560) -> String {
        guard !items.isEmpty else { return "<p class=\"empty\">Nothing to chart.</p>" }
        let rowHeight = 26, labelWidth = 220, top = 8
        let height = top + items.count * rowHeight + 8
        let maximum = max(1, items.map(\.value).max() ?? 1)
        let barSpace = width - labelWidth - 70
        var svg = "<svg role=\"img\" aria-label=\"\(HTML.escape(title))\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(HTML.escape(title))</title>"
        for (index, item) in items.enumerated() {
            let y = top + index * rowHeight
            let length = max(item.value > 0 ? 2 : 0, item.value * barSpace / maximum)
            let label = item.label.count > 32 ? String(item.label.prefix(31)) + "…" : item.label
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 17)\" text-anchor=\"end\" class=\"axis\">\(HTML.escape(label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(length)\" height=\"18\" rx=\"3\" fill=\"\(palette[index % palette.count])\"/>"
            svg += "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 17)\" class=\"value\">\(item.value)</text>"
        }
        return svg + "</svg>"
    }

    /// A histogram of `values` in up to `bins` equal-width bins, with the range under each bar.
    static func histogram(_ values: [Int], bins: Int = 12, title: String, unit: String, width: Int = 560, height: Int = 220) -> String {
        guard let low = values.min(), let high = values.max() else { return "<p class=\"empty\">Nothing to chart.</p>" }
        let binCount = max(1, min(bins, high - low + 1))
        let binWidth = max(1, Int((Double(high - low + 1) / Double(binCount)).rounded(.up)))
        var counts = [Int](repeating: 0, count: binCount)
        for value in values { counts[min(binCount - 1, (value - low) / binWidth)] += 1 }
        let left = 40, bottom = 40, top = 16
        let plotWidth = width - left - 10, plotHeight = height - bottom - top
        let maximum = max(1, counts.max() ?? 1)
        let slot = plotWidth / binCount
        var svg = "<svg role=\"img\" aria-label=\"\(HTML.escape(title))\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(HTML.escape(title))</title>"
        svg += "<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(width - 10)\" y2=\"\(top + plotHeight)\" class=\"rule\"/>"
        svg += "<text x=\"\(left - 6)\" y=\"\(top + 10)\" text-anchor=\"end\" class=\"axis\">\(maximum)</text>"
        svg += "<text x=\"\(left - 6)\" y=\"\(top + plotHeight)\" text-anchor=\"end\" class=\"axis\">0</text>"
        for (index, count) in counts.enumerated() {
            let barHeight = count * plotHeight / maximum
            let x = left + index * slot
            svg += "<rect x=\"\(x + 2)\" y=\"\(top + plotHeight - barHeight)\" width=\"\(max(1, slot - 4))\" height=\"\(barHeight)\" rx=\"2\" fill=\"\(palette[0])\"><title>\(count)</title></rect>"
            // Bin starts under a few bars only, so labels never overlap.
            if index % max(1, (binCount + 3) / 4) == 0 {
                let anchor = binWidth == 1 ? "middle" : "start"
                svg += "<text x=\"\(binWidth == 1 ? x + slot / 2 : x + 2)\" y=\"\(top + plotHeight + 16)\" text-anchor=\"\(anchor)\" class=\"axis\">\(low + index * binWidth)</text>"
            }
        }
        if binWidth > 1 {
            svg += "<text x=\"\(left + binCount * slot)\" y=\"\(top + plotHeight + 16)\" text-anchor=\"end\" class=\"axis\">\(low + binCount * binWidth - 1)</text>"
        }
        svg += "<text x=\"\(left + plotWidth / 2)\" y=\"\(height - 4)\" text-anchor=\"middle\" class=\"axis\">\(HTML.escape(unit))</text>"
        return svg + "</svg>"
    }
}

/// Escaping for text placed in HTML or SVG.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
