import Foundation
import Testing
import WhereaboutsTestSupport

/// `whereabouts cyber …` as scripts outside the project call it (issue 20): a lure in, a STIX bundle
/// out that the `stix2` library reads, a published bundle matched.
@Suite("cyber commands", .serialized)
struct CyberCommandTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("WhereaboutsCyberTests/Fixtures/phishing.eml")
    static let stix2Available = (try? EvidenceBundleCommandTests.run("python3", ["-c", "import stix2"]).0) == 0
    static let stix2Required = ProcessInfo.processInfo.environment["WHEREABOUTS_REQUIRE_STIX2"] != nil

    /// A tool that took the fictional phishing e-mail in; the incident's id.
    static func toolWithLure() throws -> (CommandLineTool, String, CommandLineTool.Outcome) {
        let tool = try CommandLineTool()
        let ingested = try tool.run(["cyber", "ingest-email", fixture.path])
        #expect(ingested.status == 0, "\(ingested.errors)")
        let first = ingested.output.split(separator: "\n").first ?? ""
        let incident = first.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        return (tool, incident, ingested)
    }

    @Test(
        "ingest-email prints the headers and the links defanged, the attachment's hash and the indicators; no live link"
    )
    func ingest() throws {
        let (tool, incident, ingested) = try Self.toolWithLure()
        defer { tool.cleanUp() }
        let output = ingested.output
        #expect(output.hasPrefix("incident \(incident) (created)"))
        #expect(output.contains("subject: 정착지원금 신청 안내 / 定着支援金のご案内"))
        #expect(output.contains("from: 정착지원센터 <support[@]nk-resettle-support[.]example>"))
        #expect(output.contains("reply-to: \"Support desk\" <reply-here[@]fake-ngo-relay[.]example>"))
        #expect(output.contains("link: hxxps[://]login[.]nk-resettle-support[.]example/verify?user=77&t=1"))
        #expect(output.contains("sha256 ed5fbfd0d158abe640e53550ae66c967bd28fd31639a2bc69a0613f08fec4b29\t1780 bytes"))
        #expect(output.contains("ipv4\t203[.]0[.]113[.]45\treceived\tnew"))
        #expect(
            !output.contains("http://") && !output.contains("https://")
                && !output.contains("nk-resettle-support.example"))
        // Again, into the same incident: the indicators are known now.
        let again = try tool.run(["cyber", "ingest-email", Self.fixture.path, "--incident", incident])
        #expect(again.output.hasPrefix("incident \(incident) (extended)") && again.output.contains("\tknown"))
        #expect(!again.output.contains("\tnew"))
        // An incident that does not exist is named as such.
        let missing = try tool.run(["cyber", "ingest-email", Self.fixture.path, "--incident", UUID().uuidString])
        #expect(missing.status != 0 && missing.errors.contains("no cyber incident"))
    }

    @Test(
        "the STIX export parses with the stix2 library (patterns checked), holds N indicators for N recorded with the chosen TLP, and an imported bundle creates sightings",
        .enabled(
            if: stix2Available || stix2Required,
            "stix2 is not installed (pip install stix2==3.0.2); CI sets WHEREABOUTS_REQUIRE_STIX2 so it never skips there"
        )
    )
    func exportParsesAndImportSights() throws {
        let (tool, incident, _) = try Self.toolWithLure()
        defer { tool.cleanUp() }
        let bundle = tool.dataDirectory.appendingPathComponent("share.json")
        let exported = try tool.run(["cyber", "export", "stix", "-o", bundle.path, "--tlp", "amber"])
        #expect(exported.status == 0, "\(exported.errors)")
        #expect(exported.output.hasPrefix("12 indicator(s), TLP:AMBER"))
        let check = """
            import json, sys, stix2
            bundle = stix2.parse(open(sys.argv[1]).read(), allow_custom=False)
            kinds = [o.type for o in bundle.objects]
            amber = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
            assert all(amber in o.get("object_marking_refs", []) for o in bundle.objects if o.type != "marking-definition")
            print(kinds.count("indicator"), kinds.count("sighting"), kinds.count("report"), kinds.count("identity"))
            """
        let (status, printed) = try EvidenceBundleCommandTests.run("python3", ["-c", check, bundle.path])
        #expect(status == 0, "\(printed)")
        #expect(printed.trimmingCharacters(in: .whitespacesAndNewlines) == "12 12 1 1")

        let published = tool.dataDirectory.appendingPathComponent("mvt.stix2")
        try Data(
            """
            {"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000001","objects":[
             {"type":"malware","spec_version":"2.1","id":"malware--00000000-0000-4000-8000-000000000002","name":"FictionalSpy","is_family":true},
             {"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000003","pattern":"[url:value='https://login.nk-resettle-support.example/verify?user=77']","pattern_type":"stix"},
             {"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000004","pattern":"[process:name='fictional']","pattern_type":"stix"},
             {"type":"relationship","spec_version":"2.1","id":"relationship--00000000-0000-4000-8000-000000000005","relationship_type":"indicates","source_ref":"indicator--00000000-0000-4000-8000-000000000003","target_ref":"malware--00000000-0000-4000-8000-000000000002"}]}
            """.utf8
        ).write(to: published)
        let imported = try tool.run(["cyber", "import", "stix", published.path])
        #expect(imported.status == 0, "\(imported.errors)")
        let lines = imported.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(
            lines[0].contains(
                "\t\(incident)\turl\thxxps[://]login[.]nk-resettle-support[.]example/verify?user=77\tFictionalSpy\t"))
        #expect(lines[1] == "1 sighting(s) created from 1 indicator value(s); 1 indicator(s) of other kinds skipped")
        // The import's sighting is in the next export: thirteen sightings of twelve indicators.
        let next = tool.dataDirectory.appendingPathComponent("share2.json")
        #expect(try tool.run(["cyber", "export", "stix", "-o", next.path, "--tlp", "red"]).status == 0)
        let (_, recount) = try EvidenceBundleCommandTests.run(
            "python3",
            [
                "-c",
                check.replacingOccurrences(
                    of: "55d920b0-5e8b-4f79-9ee9-91f868d9b421", with: "e828b379-4e03-4974-9ac4-e53a884c97c1"),
                next.path,
            ])
        #expect(recount.trimmingCharacters(in: .whitespacesAndNewlines) == "12 13 1 1")
    }
}
