import Foundation
import WhereaboutsDocuments
import WhereaboutsStore

/// A UN document as read: its paragraphs under their headings, each with its stable citation, its
/// lettered sub-paragraphs and footnote references; the footnotes; the recommendations it makes.
enum UNDocumentView {
    static func render(_ document: UNDocument, text: Localizer) -> HTML {
        var lastHeadings: [String] = []
        var paragraphs: [HTML] = []
        for paragraph in document.paragraphs {
            // A heading is shown where it begins.
            for (level, heading) in paragraph.headings.enumerated()
            where lastHeadings.count <= level || lastHeadings[level] != heading {
                let tag = min(level + 3, 6)
                paragraphs.append("<h\(tag)>\(heading)</h\(tag)>" as HTML)
            }
            lastHeadings = paragraph.headings
            let subparagraphs = paragraph.subparagraphs.map {
                "<li><span class=\"label\">(\($0.label))</span> \($0.text)</li>" as HTML
            }
            let notes = paragraph.footnotes.map { "<a href=\"#fn-\($0)\">\($0)</a>" as HTML }
            paragraphs.append(
                """
                <div class="paragraph" id="para-\(paragraph.number)"><p><span class="label">\(paragraph.number).</span> \(paragraph.lead)
                \(notes.isEmpty ? HTML.empty : "<sup>\(HTML(notes, separator: ", "))</sup>")</p>
                \(subparagraphs.isEmpty ? HTML.empty : "<ul class=\"subparagraphs\">\(subparagraphs)</ul>")
                <p class="hint">\(text[.unCiteAs]) <cite>\(paragraph.citation(in: document.symbol))</cite></p></div>
                """)
        }
        let footnotes = document.footnotes.map {
            "<li id=\"fn-\($0.number)\" value=\"\($0.number)\">\($0.text)</li>" as HTML
        }
        let recommendations = document.recommendations.map { recommendation -> HTML in
            """
            <li><a href="\(SiteURL.unRecommendation(document.symbol, recommendation.number).path)">\(recommendation.number)</a>
            \(recommendation.text)\(recommendation.recommendingStates.isEmpty ? "" : " (" + recommendation.recommendingStates.joined(separator: ", ") + ")")</li>
            """
        }
        return """
            <p class="kind">\(text.value("un-kind", document.kind.rawValue))</p>
            <h1>\(document.symbol.description)</h1>
            <dl class="fields">
            <dt>\(text[.title])</dt><dd>\(document.title)</dd>
            <dt>\(text[.unIssued])</dt><dd>\(document.issued)</dd>
            \(document.stateUnderReview.map { "<dt>\(text[.unStateUnderReview])</dt><dd>\($0)</dd>" as HTML } ?? .empty)
            \(document.aliases.isEmpty ? HTML.empty : "<dt>\(text[.unAliases])</dt><dd>\(document.aliases.map(\.description).joined(separator: ", "))</dd>")
            <dt>\(text[.unParagraphs])</dt><dd>\(document.paragraphs.count)</dd>
            <dt>\(text[.unRecommendations])</dt><dd>\(document.recommendations.count)</dd>
            </dl>
            <p><a href="\(SiteURL.unTracker.path)?symbol=\(SiteURL.query(document.symbol.description))#un-tracker">\(text[.unTracker])</a></p>
            \(recommendations.isEmpty ? HTML.empty : "<section aria-labelledby=\"recs\"><h2 id=\"recs\">\(text[.unRecommendations])</h2><ul class=\"plain\">\(recommendations)</ul></section>")
            <section aria-labelledby="paras"><h2 id="paras">\(text[.unParagraphs])</h2>\(paragraphs)</section>
            \(footnotes.isEmpty ? HTML.empty : "<section aria-labelledby=\"notes\"><h2 id=\"notes\">\(text[.unFootnotes])</h2><ol>\(footnotes)</ol></section>")
            """
    }
}
