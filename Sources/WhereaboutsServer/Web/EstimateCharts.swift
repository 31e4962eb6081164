import Foundation
import WhereaboutsEstimation
import WhereaboutsOperations

/// The Estimates page's pictures, as inline SVG (no script, no external asset). Each has a text
/// alternative and the page shows the same figures in a table beside it.
enum EstimateCharts {
    /// Observed and estimated persons per stratum: a bar for the observed count, a dot for the
    /// estimate and a line for its 95% interval (an arrow where the interval has no upper bound).
    /// Suppressed strata are labelled so and drawn empty; strata that are not estimable show the
    /// observed bar only.
    static func intervals(_ model: EstimatesModel, by strata: Stratification, text: Localizer) -> HTML {
        let parts = Array(zip(model.result.strata, model.strata.cells))
        guard !parts.isEmpty else { return .empty }
        let shown = parts.filter { !$0.1.suppressed }.map(\.0.estimate)
        // The scale runs to the largest upper bound, but no further than four times the largest observed
        // count: an estimate at the boundary of its model can be absurdly large, and would flatten the
        // others. What lies beyond is drawn to the edge with an arrow.
        let observed = Double(max(1, shown.map(\.observed).max() ?? 1))
        let scale = min(4 * observed, max(observed, shown.compactMap { $0.upper ?? $0.estimate }.max() ?? 1))
        let rowHeight = 30
        let labelWidth = 160
        let plotWidth = 380
        let height = parts.count * rowHeight + 40
        func x(_ value: Double) -> Int {
            labelWidth + Int((min(max(value, 0), scale) / scale * Double(plotWidth)).rounded())
        }
        let rows = parts.enumerated().map { index, item -> HTML in
            let (part, cell) = item
            let y = index * rowHeight + 8
            let label = EstimatesView.stratumLabel(part.stratum, strata, model: model, text: text)
            var marks: [HTML] = [
                "<text x=\"\(labelWidth - 6)\" y=\"\(y + 16)\" text-anchor=\"end\">\(String(label.prefix(24)))</text>"
            ]
            guard !cell.suppressed else {
                marks.append("<text x=\"\(labelWidth + 4)\" y=\"\(y + 16)\">\(text[.estimatesSuppressed])</text>")
                return HTML(marks)
            }
            let estimate = part.estimate
            marks.append(
                "<rect class=\"observed\" x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(max(1, x(Double(estimate.observed)) - labelWidth))\" height=\"\(rowHeight - 12)\"></rect>"
            )
            if estimate.status == .estimated, let value = estimate.estimate {
                let end = labelWidth + plotWidth
                if let lower = estimate.lower {
                    marks.append(
                        "<line class=\"interval\" x1=\"\(x(lower))\" x2=\"\(x(estimate.upper ?? .infinity))\" y1=\"\(y + 10)\" y2=\"\(y + 10)\"></line>"
                    )
                }
                if (estimate.upper ?? .infinity) > scale || value > scale {
                    marks.append(
                        "<path class=\"interval\" d=\"M\(end - 6) \(y + 5) L\(end) \(y + 10) L\(end - 6) \(y + 15)\"></path>"
                    )
                }
                marks.append("<circle class=\"estimate\" cx=\"\(x(value))\" cy=\"\(y + 10)\" r=\"4\"></circle>")
            } else {
                marks.append(
                    "<text x=\"\(x(Double(estimate.observed)) + 6)\" y=\"\(y + 16)\">\(Self.withoutColon(text[.estimatesNotEstimable]))</text>"
                )
            }
            return HTML(marks)
        }
        let axisY = parts.count * rowHeight + 14
        let ticks = (0...4).map { step -> HTML in
            let value = scale * Double(step) / 4
            return
                "<text x=\"\(x(value))\" y=\"\(axisY + 14)\" text-anchor=\"middle\">\(EstimatesView.number(value))</text>"
        }
        let title = text.format(.estimatesIntervalsAlt, text.value("estimate-strata", strata.rawValue))
        return """
            <svg class="chart estimates" role="img" aria-label="\(title)" viewBox="0 0 \(labelWidth + plotWidth + 40) \(height)" xmlns="http://www.w3.org/2000/svg">
            <title>\(title)</title>
            \(rows)
            <line class="axis" x1="\(labelWidth)" x2="\(labelWidth + plotWidth)" y1="\(axisY)" y2="\(axisY)"></line>
            \(ticks)
            </svg>
            <p class="hint">\(text[.estimatesLegend])</p>
            """
    }

    /// The overlap of the lists, UpSet-style: a column per capture pattern holding someone, its count
    /// as a bar (suppressed counts drawn as an outline with no height of their own), and under it a
    /// row per list with a dot where the pattern includes the list, dots joined by a line.
    static func upSet(_ model: EstimatesModel, text: Localizer) -> HTML {
        let patterns = model.patterns
        guard !patterns.isEmpty, let lists = model.result.whole.table?.lists else { return .empty }
        let largest = max(1, patterns.compactMap(\.shown.count).max() ?? 1)
        let column = 28
        let labelWidth = 170
        let barHeight = 140
        let row = 22
        let top = 20
        let width = labelWidth + patterns.count * column + 10
        let height = top + barHeight + 10 + lists.count * row + 10
        let matrixTop = top + barHeight + 10
        var marks: [HTML] = []
        for (index, list) in lists.enumerated() {
            let y = matrixTop + index * row + row / 2
            let label = String(EstimatesView.listLabel(list, model: model, text: text).prefix(26))
            marks.append("<text x=\"\(labelWidth - 8)\" y=\"\(y + 4)\" text-anchor=\"end\">\(label)</text>")
        }
        for (index, pattern) in patterns.enumerated() {
            let cx = labelWidth + index * column + column / 2
            if let count = pattern.shown.count {
                let h = max(1, count * barHeight / largest)
                marks.append(
                    "<rect x=\"\(cx - 9)\" y=\"\(top + barHeight - h)\" width=\"18\" height=\"\(h)\"></rect><text x=\"\(cx)\" y=\"\(top + barHeight - h - 4)\" text-anchor=\"middle\">\(count)</text>"
                )
            } else {
                marks.append(
                    "<rect class=\"suppressed\" x=\"\(cx - 9)\" y=\"\(top + barHeight - 12)\" width=\"18\" height=\"12\"></rect><text x=\"\(cx)\" y=\"\(top + barHeight - 16)\" text-anchor=\"middle\">*</text>"
                )
            }
            let rows = lists.indices.filter { pattern.lists.contains(lists[$0]) }
            if let first = rows.first, let last = rows.last, first != last {
                marks.append(
                    "<line class=\"link\" x1=\"\(cx)\" x2=\"\(cx)\" y1=\"\(matrixTop + first * row + row / 2)\" y2=\"\(matrixTop + last * row + row / 2)\"></line>"
                )
            }
            for list in lists.indices {
                let on: HTML = pattern.lists.contains(lists[list]) ? "on" : "off"
                marks.append(
                    "<circle class=\"\(on)\" cx=\"\(cx)\" cy=\"\(matrixTop + list * row + row / 2)\" r=\"6\"></circle>")
            }
        }
        let title = text[.estimatesUpSetAlt]
        return """
            <svg class="chart upset" role="img" aria-label="\(title)" viewBox="0 0 \(width) \(height)" xmlns="http://www.w3.org/2000/svg">
            <title>\(title)</title>
            \(marks)
            </svg>
            <p class="hint">\(text[.estimatesUpSetLegend])</p>
            """
    }

    /// A label written to introduce a reason ("Not estimable:"), standing alone in a chart.
    static func withoutColon(_ label: String) -> String {
        label.trimmingCharacters(in: CharacterSet(charactersIn: ":： "))
    }
}
