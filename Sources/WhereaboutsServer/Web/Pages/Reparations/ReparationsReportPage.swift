import Foundation
import WhereaboutsCore
import WhereaboutsStore

/// The reparations report page (decision 0032): the table as it may be published, the same figures
/// as a chart drawn without script, and for those who may export, the table as CSV and JSON.
enum ReparationsReportView {
    static func render(
        _ report: ReparationsReport, vocabulary: VocabularyIndex, mayExport: Bool, text: Localizer
    ) -> HTML {
        let by = report.breakdown
        let options = ReparationsReport.Breakdown.allCases.map { option -> HTML in
            "<option value=\"\(option.rawValue)\"\(option == by ? " selected" : "")>\(text.value("rep-by", option.rawValue))</option>"
        }
        let stages = ReparationsReport.Stage.allCases
        let header = stages.map { "<th scope=\"col\">\(text.value("rep-stage", $0.rawValue))</th>" as HTML }
        let rows =
            report.table.rows.map { row -> HTML in
                let cells = row.cells.map { "<td>\(shown($0, text))</td>" as HTML }
                return
                    "<tr><th scope=\"row\">\(label(row.label, by: by, vocabulary: vocabulary, text: text))</th>\(cells)</tr>"
            }
        let totals = report.table.totals.map { "<td>\(shown($0, text))</td>" as HTML }
        let downloads: HTML =
            mayExport
            ? """
            <p><a href="\(SiteURL.reparationsExport("csv", by).path)" download>\(text[.repDownloadCSV])</a>
            · <a href="\(SiteURL.reparationsExport("json", by).path)" download>\(text[.repDownloadJSON])</a></p>
            """ : .empty
        return """
            <h1>\(text[.repTitle])</h1>
            <p>\(text[.repIntro])</p>
            <form method="get" action="\(SiteURL.reparations(nil).path)" class="inline">
            <label for="rep-by">\(text[.repBy])</label>
            <select id="rep-by" name="by">\(options)</select>
            <button type="submit">\(text[.repShow])</button>
            </form>
            <table id="reparations-report">
            <caption>\(text[.repTitle]) — \(text.value("rep-by", by.rawValue))</caption>
            <thead><tr><th scope="col">\(text[.repBy])</th>\(header)</tr></thead>
            <tbody>\(rows)</tbody>
            <tfoot><tr><th scope="row">\(text[.repTotal])</th>\(totals)</tr></tfoot>
            </table>
            \(chart(report, vocabulary: vocabulary, text: text))
            \(downloads)
            """
    }

    /// A figure, or the word for a suppressed one (never a number).
    static func shown(_ count: Int?, _ text: Localizer) -> HTML {
        count.map { "\($0)" } ?? "<span class=\"suppressed\">\(text[.repSuppressed])</span>"
    }

    /// A row's label in the reader's language: violation types and forms by their labels.
    static func label(
        _ raw: String, by: ReparationsReport.Breakdown, vocabulary: VocabularyIndex, text: Localizer
    ) -> String {
        guard raw != ReparationsReport.notStated, raw != ReparationsReport.noMeasure else { return "—" }
        switch by {
        case .year: return raw
        case .form: return raw.split(separator: "+").map { text.value("rep-form", String($0)) }.joined(separator: " + ")
        case .violation:
            return raw.split(separator: "+").map { code in
                text.label(vocabulary.term(.violationTypes, String(code)), code: String(code))
            }.joined(separator: " + ")
        }
    }

    /// The four stages of each row as horizontal bars, a suppressed one as an outline with no length
    /// of its own; the table above holds the same figures as text.
    static func chart(_ report: ReparationsReport, vocabulary: VocabularyIndex, text: Localizer) -> HTML {
        let stages: [ReparationsReport.Stage] = [.applications, .recognised, .granted, .delivered]
        let columns = stages.compactMap { ReparationsReport.Stage.allCases.firstIndex(of: $0) }
        guard !report.table.rows.isEmpty else { return .empty }
        let largest = max(1, report.table.rows.flatMap { row in columns.compactMap { row.cells[$0] } }.max() ?? 1)
        let labelWidth = 220
        let barWidth = 320
        let bar = 14
        let group = stages.count * bar + 14
        let height = report.table.rows.count * group + 40
        var marks: [HTML] = []
        for (index, row) in report.table.rows.enumerated() {
            let top = index * group + 4
            let name = String(label(row.label, by: report.breakdown, vocabulary: vocabulary, text: text).prefix(30))
            marks.append("<text x=\"\(labelWidth - 8)\" y=\"\(top + group / 2)\" text-anchor=\"end\">\(name)</text>")
            for (place, column) in columns.enumerated() {
                let y = top + place * bar
                if let count = row.cells[column] {
                    let width = max(1, count * barWidth / largest)
                    marks.append(
                        "<rect class=\"stage-\(place)\" x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(width)\" height=\"\(bar - 3)\"></rect><text x=\"\(labelWidth + width + 4)\" y=\"\(y + bar - 4)\">\(count)</text>"
                    )
                } else {
                    marks.append(
                        "<rect class=\"suppressed\" x=\"\(labelWidth)\" y=\"\(y)\" width=\"24\" height=\"\(bar - 3)\"></rect><text x=\"\(labelWidth + 28)\" y=\"\(y + bar - 4)\">*</text>"
                    )
                }
            }
        }
        let legendTop = report.table.rows.count * group + 16
        for (place, stage) in stages.enumerated() {
            let x = place * 150
            marks.append(
                "<rect class=\"stage-\(place)\" x=\"\(x)\" y=\"\(legendTop)\" width=\"12\" height=\"12\"></rect><text x=\"\(x + 16)\" y=\"\(legendTop + 11)\">\(text.value("rep-stage", stage.rawValue))</text>"
            )
        }
        let title = text[.repChartAlt]
        return """
            <svg class="chart reparations" role="img" aria-label="\(title)" viewBox="0 0 \(labelWidth + barWidth + 60) \(height)" xmlns="http://www.w3.org/2000/svg">
            <title>\(title)</title>
            \(marks)
            </svg>
            """
    }
}
