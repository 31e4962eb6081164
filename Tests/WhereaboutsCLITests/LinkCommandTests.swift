import Foundation
import Testing

/// `whereabouts link-files` and `whereabouts link`, run as the real binary.
@Suite("link commands", .serialized)
struct LinkCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("WhereaboutsLinkageTests/Fixtures")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    @Test("link-files links FEBRL4, measures it against the truth, and explains every link it writes")
    func linksTwoFiles() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        let out = tool.dataDirectory.appendingPathComponent("links.csv").path
        try FileManager.default.createDirectory(at: tool.dataDirectory, withIntermediateDirectories: true)
        let result = try tool.run(
            [
                "link-files", Self.fixture("febrl4_a.csv"), Self.fixture("febrl4_b.csv"), "--preset", "febrl",
                "--truth", Self.fixture("febrl4_true_links.csv"), "--out", out, "--json",
            ], withStore: false)
        #expect(result.status == 0, "\(result.errors)")
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect((summary["f1"] as? Double ?? 0) >= 0.999)
        #expect(summary["records"] as? Int == 10_000)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "id_1,id_2,probability,weight,why")
        #expect(lines.count > 4_990)
        #expect(lines[1].contains("soc_sec_id=") && lines[1].contains("date_of_birth="))
    }

    @Test("link-files deduplicates the Korean and Japanese development set with a truth column")
    func deduplicatesNames() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        let result = try tool.run(
            [
                "link-files", Self.fixture("cjk_names_dev.csv"), "--id", "record_id", "--field",
                "name_recorded:person-name", "--field", "sex:exact", "--field", "dob_raw:date", "--field",
                "place_raw:place", "--truth-column", "person_id",
            ], withStore: false)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("persons"))
        #expect(result.output.contains("F1 0.9"))
    }

    @Test("link-files refuses what it cannot use, with a message that says why")
    func refusesBadInput() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        try FileManager.default.createDirectory(at: tool.dataDirectory, withIntermediateDirectories: true)
        func file(_ name: String, _ contents: Data) throws -> String {
            let path = tool.dataDirectory.appendingPathComponent(name).path
            try contents.write(to: URL(fileURLWithPath: path))
            return path
        }
        let good = try file("good.csv", Data("id,name\n1,Kim\n2,Lee\n".utf8))
        let cases: [([String], String)] = [
            (["link-files", "/no/such/file.csv", "--field", "name:name"], "cannot read"),
            (["link-files", good, "--field", "name:colour"], "not a kind of field"),
            (["link-files", good, "--field", "surname:name"], "no column 'surname'"),
            (["link-files", good, "--id", "id", "--field", "name:name", "--truth-column", "name"], "truth column"),
            (["link-files", good], "--field"),
            (["link-files", good, "--field", "name:name", "--threshold", "1.5"], "threshold"),
            (
                [
                    "link-files", try file("dup.csv", Data("id,name\n1,Kim\n1,Lee\n".utf8)), "--id", "id", "--field",
                    "name:name",
                ],
                "used twice"
            ),
            (
                ["link-files", try file("bad.csv", Data([0x69, 0x64, 0x0a, 0xff, 0xfe, 0x0a])), "--field", "id:name"],
                "UTF-8"
            ),
            (
                ["link-files", try file("short.csv", Data("id,name\n1,Kim,extra\n".utf8)), "--field", "name:name"],
                "fields"
            ),
            (
                ["link-files", try file("one.csv", Data("id,name\n1,Kim\n".utf8)), "--field", "name:name"],
                "at least two"
            ),
        ]
        for (arguments, message) in cases {
            let result = try tool.run(arguments, withStore: false)
            #expect(result.status != 0, "\(arguments) succeeded")
            #expect(result.errors.contains(message), "\(arguments): \(result.errors)")
        }
    }

    @Test("link proposes duplicates in the store for review, keeps decisions, and is audited")
    func linksTheStore() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        #expect(try tool.run(["demo", "--events", "30"]).status == 0)
        let first = try tool.run(["link", "--quiet"])
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("persons"))
        #expect(first.output.contains("added"))
        let second = try tool.run(["link", "--quiet"])
        #expect(second.status == 0)
        #expect(second.output.contains("0 added"))
        let audit = try tool.run(["audit", "list", "--action", "matches-proposed"])
        #expect(audit.output.components(separatedBy: "matches-proposed").count - 1 == 2)
    }
}
