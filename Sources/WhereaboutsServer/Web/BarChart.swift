/// A horizontal bar chart drawn as inline SVG (no script, no external asset). The numbers are
/// also in the table the page shows beside it, so the chart is a picture for those who look and
/// the table is the text for those who read or use a screen reader.
enum BarChart {
    static func svg(_ items: [(label: String, value: Int)], title: String) -> HTML {
        guard !items.isEmpty else { return .empty }
        let maximum = max(items.map(\.value).max() ?? 1, 1)
        let rowHeight = 26
        let labelWidth = 230
        let barWidth = 300
        let height = items.count * rowHeight + 8
        let rows = items.enumerated().map { index, item -> HTML in
            let y = index * rowHeight + 4
            let width = max(2, item.value * barWidth / maximum)
            let label = item.label.count > 34 ? String(item.label.prefix(33)) + "…" : item.label
            return """
                <text x="\(labelWidth - 6)" y="\(y + 17)" text-anchor="end">\(label)</text>
                <rect x="\(labelWidth)" y="\(y + 4)" width="\(width)" height="\(rowHeight - 8)"></rect>
                <text x="\(labelWidth + width + 6)" y="\(y + 17)">\(item.value)</text>
                """
        }
        return """
            <svg class="chart" role="img" aria-label="\(title)" viewBox="0 0 \(labelWidth + barWidth + 60) \(height)" xmlns="http://www.w3.org/2000/svg">
            <title>\(title)</title>
            \(rows)
            </svg>
            """
    }
}
