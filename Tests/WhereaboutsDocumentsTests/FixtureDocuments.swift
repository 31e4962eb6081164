import Foundation
import Testing

@testable import WhereaboutsDocuments

/// The two UN documents of the shared fixtures, read as the importer reads them.
enum FixtureDocuments {
    static func text(_ name: String) throws -> String {
        let path = try #require(Bundle.module.path(forResource: "Fixtures/" + name, ofType: nil))
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    static func url(_ name: String) throws -> URL {
        URL(fileURLWithPath: try #require(Bundle.module.path(forResource: "Fixtures/" + name, ofType: nil)))
    }

    /// poppler's `pdftotext`, which `.ci/run` installs; where it is missing outside CI the PDF
    /// tests are not run (on CI they must run).
    static let pdftotext: URL? = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext", "/opt/homebrew/bin/pdftotext"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }.map(URL.init(fileURLWithPath:))
    static let pdfTestsRun = pdftotext != nil || ProcessInfo.processInfo.environment["CI"] != nil

    static let uprSymbol = UNSymbol("A/HRC/13/13")!
    static let rapporteurSymbol = UNSymbol("A/80/999")!

    static var uprText: UNDocument {
        get throws { UNDocumentReader.read(try text("upr-dprk-2010-working-group-report.txt"), symbol: uprSymbol) }
    }

    static var uprPDF: UNDocument {
        get throws {
            let tool = try #require(pdftotext, "pdftotext (poppler-utils) is needed to read PDFs")
            let process = Process()
            process.executableURL = tool
            process.arguments = UNDocumentPDF.pdftotextArguments(try url("upr-dprk-2010-working-group-report.pdf"))
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return UNDocumentReader.read(text, symbol: uprSymbol)
        }
    }

    static var rapporteur: UNDocument {
        get throws {
            UNDocumentReader.read(try text("special-rapporteur-dprk-2025-ga80.txt"), symbol: rapporteurSymbol)
        }
    }
}
