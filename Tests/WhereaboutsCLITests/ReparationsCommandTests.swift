import Foundation
import Testing

/// `whereabouts reparations report`, run as the real binary on the demonstration data (decision 0032).
@Suite("reparations command")
struct ReparationsCommandTests {
    @Test("report --json prints every row and the total, each figure a count of 0 or at least 5, or marked suppressed")
    func reportJSON() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        let demo = try tool.run(["demo", "--events", "120"])
        #expect(demo.status == 0, "\(demo.errors)")
        for by in ["form", "violation", "year"] {
            let result = try tool.run(["reparations", "report", "--by", by, "--json"])
            #expect(result.status == 0, "\(result.errors)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
            #expect(object["by"] as? String == by)
            let stages = try #require(object["stages"] as? [String])
            #expect(stages.first == "applications" && stages.count == 6)
            let rows = try #require(object["rows"] as? [[String: Any]])
            #expect(rows.last?["label"] as? String == "total")
            if by == "year" {
                // Many years, each small: hidden, but their sum can be given.
                #expect((rows.last?["applications"] as? Int ?? 0) >= 5, "\(by): the demonstration has claims")
            }
            for row in rows {
                for stage in stages {
                    if let count = row[stage] as? Int {
                        #expect(count == 0 || count >= 5, "\(by) \(row["label"] ?? "") \(stage) shows \(count)")
                    } else {
                        #expect(row[stage] as? String == "suppressed", "\(by) \(stage)")
                    }
                }
            }
        }
        let csv = try tool.run(["reparations", "report", "--by", "violation"])
        #expect(
            csv.output.hasPrefix(
                "violation,applications,direct-victims,indirect-victims,recognised,granted,delivered\n"))
        let refused = try tool.run(["reparations", "report", "--by", "person"])
        #expect(refused.status != 0)
    }
}
