import Foundation
import Testing

/// `whereabouts estimate`, run as the real binary on the published tables.
@Suite("estimate command")
struct EstimateCommandTests {
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("WhereaboutsEstimationTests/Fixtures/\(name).csv").path
    }

    @Test("estimate --json prints observed, estimate, lower, upper, model and lists")
    func printsJSON() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        let result = try tool.run(
            ["estimate", "--table", Self.fixture("kosovo_4lists"), "--max-order", "3", "--json"], withStore: false)
        #expect(result.status == 0, "\(result.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["observed"] as? Int == 4400)
        let estimate = try #require(object["estimate"] as? Double)
        #expect(abs(estimate - 10_356.5) <= 0.5)
        let lower = try #require(object["lower"] as? Double)
        let upper = try #require(object["upper"] as? Double)
        #expect(lower < estimate && estimate < upper)
        #expect((object["model"] as? String)?.contains("[123,14,34]") == true)
        #expect(object["lists"] as? [String] == ["EXH", "ABA", "OSCE", "HRW"])
        #expect((object["tableHash"] as? String)?.count == 64)
    }

    @Test("without --json a table for people; two lists are not estimable; nonsense is refused")
    func textAndRefusals() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        let text = try tool.run(["estimate", "--table", Self.fixture("HIV_rome_4lists")], withStore: false)
        #expect(text.status == 0, "\(text.errors)")
        #expect(text.output.contains("estimate        11,124.6"))
        #expect(text.output.contains("chosen by BIC"))
        let folder = tool.dataDirectory
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let two = folder.appendingPathComponent("two.csv")
        try "a,b,n\n1,0,40\n0,1,30\n1,1,10\n".write(to: two, atomically: true, encoding: .utf8)
        let notEstimable = try tool.run(["estimate", "--table", two.path, "--json"], withStore: false)
        #expect(notEstimable.status == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(notEstimable.output.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "not estimable")
        #expect(object["estimate"] == nil)
        let bad = folder.appendingPathComponent("bad.csv")
        try "a,b,c,n\n1,0,2,40\n".write(to: bad, atomically: true, encoding: .utf8)
        let refused = try tool.run(["estimate", "--table", bad.path], withStore: false)
        #expect(refused.status != 0)
        #expect(refused.errors.contains("list columns hold 0 or 1"))
        let missing = try tool.run(
            ["estimate", "--table", folder.appendingPathComponent("none.csv").path], withStore: false)
        #expect(missing.status != 0)
        #expect(missing.errors.contains("cannot read"))
    }

    @Test("from the store: persons on the lists of their sources, per stratum, and the overlap table as CSV")
    func fromTheStore() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        let lists = ["Ministry list", "Families' association", "UN annex"]
        var rows = ["event_key,event_title,person_key,name,sex,violation_type,source_title,source_type"]
        var expected: [Set<String>] = []
        for person in 0..<60 {
            let on = lists.indices.filter { (person % 7 + 1) & (1 << $0) != 0 }.map { lists[$0] }
            expected.append(Set(on))
            for list in on {
                rows.append(
                    "e1,Disappearances,p\(person),Person \(person),\(person % 2 == 0 ? "female" : "male"),abduction,\(list),government-list"
                )
            }
        }
        try FileManager.default.createDirectory(at: tool.dataDirectory, withIntermediateDirectories: true)
        let file = tool.dataDirectory.appendingPathComponent("cases.csv")
        try (rows.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let imported = try tool.run(["import", "csv", file.path])
        #expect(imported.status == 0, "\(imported.errors)")

        let result = try tool.run(["estimate", "--lists", "source", "--strata", "sex", "--json"])
        #expect(result.status == 0, "\(result.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["observed"] as? Int == 60)
        #expect(Set(object["lists"] as? [String] ?? []) == Set(lists))
        #expect(object["estimate"] is Double && object["lower"] is Double && object["model"] is String)
        let strata = try #require(object["strata"] as? [[String: Any]])
        #expect(strata.compactMap { $0["stratum"] as? String } == ["female", "male"])
        #expect(strata.compactMap { $0["observed"] as? Int }.reduce(0, +) == 60)
        #expect(object["grouping"] as? String == "source" && object["stratifiedBy"] as? String == "sex")

        let csv = try tool.run(["estimate", "--lists", "source", "--overlap-table"])
        #expect(csv.status == 0, "\(csv.errors)")
        #expect(csv.output.hasPrefix("Families' association,Ministry list,UN annex,count"))
        // The same table read back from the CSV gives the same hash as the store's estimate.
        let saved = tool.dataDirectory.appendingPathComponent("overlap.csv")
        try csv.output.write(to: saved, atomically: true, encoding: .utf8)
        let fromFile = try tool.run(["estimate", "--table", saved.path, "--json"], withStore: false)
        let fileObject = try #require(
            try JSONSerialization.jsonObject(with: Data(fromFile.output.utf8)) as? [String: Any])
        #expect(fileObject["tableHash"] as? String == object["tableHash"] as? String)
        #expect(fileObject["estimate"] as? Double == object["estimate"] as? Double)
    }
}
