import Foundation
import SQLKit
import Testing

/// Moving an installation (SQLite to PostgreSQL, or one machine to another) through `export jsonl` and
/// `import jsonl` keeps who sees what (issue 22, item 4).
@Suite("placement survives export and import")
struct PlacementTransferTests {
    /// Every live record's compartments, as `record-id compartment` lines, sorted.
    static func placements(_ path: String) async throws -> [String] {
        try await CommandLineTests.withDatabase(path) { db in
            try await db.raw(
                """
                SELECT c.record_id, c.compartment_id FROM record_compartments c
                JOIN records r ON r.id = c.record_id AND r.deleted = 0
                ORDER BY c.record_id, c.compartment_id
                """
            ).all().map {
                try $0.decode(column: "record_id", as: String.self) + " "
                    + $0.decode(column: "compartment_id", as: String.self)
            }
        }
    }

    @Test("records of two desks arrive in the same compartments; an unknown compartment is refused unless mapped")
    func placementTravels() async throws {
        let source = try CommandLineTool()
        let target = try CommandLineTool()
        let mapped = try CommandLineTool()
        defer {
            for tool in [source, target, mapped] { tool.cleanUp() }
        }
        #expect(try source.run(["demo", "--events", "6", "--quiet"]).status == 0)
        #expect(try source.run(["compartments", "add", "russia", "Overseas workers"]).status == 0)
        let csv = source.dataDirectory.appendingPathComponent("russia.csv")
        try """
        event_title,name,violation_type,event_country
        Logging camp near Tynda,최광철,forced-labour,RU
        Construction site in Vladivostok,Ri Chol-su,forced-labour,RU
        """.write(to: csv, atomically: true, encoding: .utf8)
        #expect(try source.run(["import", "csv", csv.path, "--compartment", "russia", "--quiet"]).status == 0)
        let exported = source.dataDirectory.appendingPathComponent("all.jsonl").path
        #expect(try source.run(["export", "jsonl", "-o", exported, "--quiet"]).status == 0)
        let before = try await Self.placements(source.databasePath)
        #expect(before.contains { $0.hasSuffix(" russia") } && before.contains { $0.hasSuffix(" general") })

        // The target has no Russia desk: nothing is imported, and nothing lands in a desk by default.
        let refused = try target.run(["import", "jsonl", exported, "--quiet"])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("russia"))
        #expect(try await CommandLineTests.count(target.databasePath) == 0)

        #expect(try target.run(["compartments", "add", "russia", "Overseas workers"]).status == 0)
        #expect(try target.run(["import", "jsonl", exported, "--quiet"]).status == 0)
        #expect(try await Self.placements(target.databasePath) == before)

        // Mapped to another name, the same records, the same split.
        #expect(try mapped.run(["compartments", "add", "east", "Eastern desk"]).status == 0)
        let moved = try mapped.run(["import", "jsonl", exported, "--map-compartment", "russia=east", "--quiet"])
        #expect(moved.status == 0, "\(moved.errors)")
        #expect(
            try await Self.placements(mapped.databasePath)
                == before.map { $0.hasSuffix(" russia") ? String($0.dropLast("russia".count)) + "east" : $0 })
    }
}
