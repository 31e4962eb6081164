import Foundation
import Testing

/// `whereabouts un …`, run as the real binary on the UN documents of the fixtures.
@Suite("un commands", .serialized)
struct UNCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("WhereaboutsDocumentsTests/Fixtures")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static let pdfTestsRun =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")
        || ProcessInfo.processInfo.environment["CI"] != nil

    @Test("un import reads the text, un recommendations writes one row per recommendation with its States")
    func importsAndLists() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        let imported = try tool.run(
            ["un", "import", Self.fixture("upr-dprk-2010-working-group-report.txt"), "--symbol", "A/HRC/13/13"])
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output.contains("recommendations: 167 (117 in para. 90, 50 in para. 91)"))
        #expect(imported.output.contains("paragraphs: 92 (1–92)"))

        let again = try tool.run(
            ["un", "import", Self.fixture("upr-dprk-2010-working-group-report.txt"), "--symbol", "A/HRC/13/13"])
        #expect(again.status == 0 && again.output.contains("already held, unchanged"))
        let other = try tool.run(
            ["un", "import", Self.fixture("special-rapporteur-dprk-2025-ga80.txt"), "--symbol", "A/HRC/13/13"])
        #expect(other.status != 0 && other.errors.contains("already held with another text"))
        #expect(!other.errors.contains("FieldIssue"))

        let csv = try tool.run(["un", "recommendations", "--symbol", "A/HRC/13/13", "--format", "csv"])
        #expect(csv.status == 0, "\(csv.errors)")
        let lines = csv.output.split(separator: "\n")
        #expect(lines.count == 168)
        #expect(lines[0].hasPrefix("symbol,number,paragraph,recommending_states,addressee,position"))
        #expect(lines[1].hasPrefix("A/HRC/13/13,90.1,90,Chile,"))
        #expect(lines.contains { $0.hasPrefix("A/HRC/13/13,91.50,91,Australia,") && $0.contains(",noted,") })

        let responded = try tool.run([
            "un", "respond", "--symbol", "A/HRC/13/13", "--number", "90.1", "--position", "supported", "--stage",
            "addendum", "--date", "2010-03-18", "--source", "A/HRC/13/13/Add.1, para. 5",
        ])
        #expect(responded.status == 0, "\(responded.errors)")
        let before = try tool.run(["un", "recommendations", "--symbol", "A/HRC/13/13", "--on", "2010-03-17"])
        let after = try tool.run(["un", "recommendations", "--symbol", "A/HRC/13/13", "--position", "supported"])
        #expect(before.output.split(separator: "\n")[1].contains(",pending,"))
        #expect(after.output.split(separator: "\n").count == 2)
        let missing = try tool.run([
            "un", "respond", "--symbol", "A/HRC/13/13", "--number", "90.999", "--position", "supported", "--stage",
            "addendum", "--date", "2010-03-18",
        ])
        #expect(missing.status != 0 && missing.errors.contains("has no recommendation 90.999"))

        let assessed = try tool.run([
            "un", "assess", "--symbol", "A/HRC/13/13", "--number", "90.1", "--implementation", "partial", "--date",
            "2012-06-01", "--by", "mid-term report",
        ])
        #expect(assessed.status == 0, "\(assessed.errors)")
        let unknownEvidence = try tool.run([
            "un", "assess", "--symbol", "A/HRC/13/13", "--number", "90.1", "--implementation", "full", "--date",
            "2012-06-01", "--by", "x", "--evidence", "ev0000",
        ])
        #expect(unknownEvidence.status != 0 && unknownEvidence.errors.contains("no record or evidence item ev0000"))
        let partial = try tool.run(["un", "recommendations", "--implementation", "partial", "--cycle", "1"])
        let partialLines = partial.output.split(separator: "\n")
        #expect(partialLines.count == 2 && partialLines[1].contains(",partial,2012-06-01,1,"))
        #expect(
            try tool.run(["un", "recommendations", "--cycle", "2"]).output.split(separator: "\n").count == 1)
        let json = try tool.run(["un", "recommendations", "--symbol", "A/HRC/13/13", "--format", "json"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(items.count == 167)
        #expect(items.first?["citation"] as? String == "A/HRC/13/13, para. 90.1")
        #expect(items.first?["recommendingStates"] as? [String] == ["Chile"])
        #expect(items.first?["implementation"] as? String == "partial" && items.first?["cycle"] as? Int == 1)

        let uhri = try tool.run(["un", "import-export", Self.fixture("uhri-export-sample.csv"), "--source", "uhri"])
        #expect(uhri.status == 0, "\(uhri.errors)")
        #expect(uhri.output.contains("4 rows from UHRI: 2 matched a recommendation held, 2 added"))
        let uhriAgain = try tool.run([
            "un", "import-export", Self.fixture("uhri-export-sample.csv"), "--source", "uhri",
        ])
        #expect(uhriAgain.output.contains("0 added, 4 imported before (unchanged)"))
        let unplaced = try tool.run([
            "un", "import-export", Self.fixture("upr-info-export-sample.csv"), "--source", "upr-info",
        ])
        #expect(unplaced.status != 0 && unplaced.errors.contains("names no document"))
        let placed = try tool.run([
            "un", "import-export", Self.fixture("upr-info-export-sample.csv"), "--source", "upr-info", "--symbol",
            "A/HRC/13/13",
        ])
        #expect(placed.status == 0 && placed.output.contains("2 matched a recommendation held, 0 added"))

        let audit = try tool.run(["audit", "verify"])
        #expect(audit.status == 0, "\(audit.output) \(audit.errors)")
    }

    @Test("un import reads the PDF as published, told apart by its bytes", .enabled(if: pdfTestsRun))
    func importsPDF() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        let imported = try tool.run(
            ["un", "import", Self.fixture("upr-dprk-2010-working-group-report.pdf"), "--symbol", "A/HRC/13/13"])
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output.contains("recommendations: 167 (117 in para. 90, 50 in para. 91)"))
        #expect(imported.output.contains("also issued as: A/HRC/WG.6/6/L.12"))
        let json = try tool.run(["un", "recommendations", "--format", "json", "--theme", "abductions"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(!items.isEmpty)
        #expect(items.allSatisfy { ($0["themes"] as? [String])?.contains("abductions") == true })
    }

    @Test("a symbol that breaks the grammar, or a file that is neither PDF nor text, is refused")
    func refusals() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        let badSymbol = try tool.run(
            ["un", "import", Self.fixture("upr-dprk-2010-working-group-report.txt"), "--symbol", "HRC-13-13"])
        #expect(badSymbol.status != 0 && badSymbol.errors.contains("not a UN document symbol"))
        let binary = tool.dataDirectory.appendingPathComponent("noise.bin")
        try FileManager.default.createDirectory(at: tool.dataDirectory, withIntermediateDirectories: true)
        try Data([0xff, 0xfe, 0x00, 0xc3, 0x28]).write(to: binary)
        let noise = try tool.run(["un", "import", binary.path, "--symbol", "A/HRC/13/13"])
        #expect(noise.status != 0 && noise.errors.contains("neither a PDF nor UTF-8 text"))
    }
}
