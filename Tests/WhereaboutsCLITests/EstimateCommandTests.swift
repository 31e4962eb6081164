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
}
