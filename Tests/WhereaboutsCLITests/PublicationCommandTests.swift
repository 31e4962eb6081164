import CSV
import Foundation
import Testing
import WhereaboutsCore

/// What leaves the installation for spreadsheets and publication, tried as an attacker would.
@Suite("publication outputs", .serialized)
struct PublicationCommandTests {
    /// JSON lines of one event and, for each of `types`, a victim named `names[i]` (or `P<i>`) and an act.
    static func caseLines(types: [String], names: [String] = []) -> (lines: [String], ids: [RecordID]) {
        let event = RecordID()
        var lines = [#"{"kind":"event","id":"\#(event)","data":{"title":"Abductions"}}"#]
        var ids = [event]
        for (index, type) in types.enumerated() {
            let person = RecordID(), act = RecordID()
            let name = index < names.count ? names[index] : "P\(index)"
            let encodedName = String(decoding: try! JSONEncoder().encode(name), as: UTF8.self)
            lines.append(#"{"kind":"person","id":"\#(person)","data":{"names":[{"full":\#(encodedName)}]}}"#)
            lines.append(
                #"{"kind":"act","id":"\#(act)","data":{"eventID":"\#(event)","victimID":"\#(person)","type":"\#(type)"}}"#
            )
            ids += [person, act]
        }
        return (lines, ids)
    }

    static func load(_ tool: CommandLineTool, _ lines: [String]) throws {
        let file = tool.dataDirectory.appendingPathComponent("records.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        let imported = try tool.run(["import", "jsonl", file.path, "--quiet"])
        #expect(imported.status == 0, "\(imported.errors)")
    }

    @Test("export csv neutralises victims named like formulas, and import csv reads them back unchanged")
    func formulaInjection() throws {
        let source = try CommandLineTool()
        let target = try CommandLineTool()
        defer {
            source.cleanUp()
            target.cleanUp()
        }
        let names = [#"=HYPERLINK("http://x","y")"#, "+1-2", "-3", "@SUM(1)", "\t=1"]
        try Self.load(
            source, Self.caseLines(types: Array(repeating: "abduction", count: names.count), names: names).lines)
        let csv = source.dataDirectory.appendingPathComponent("cases.csv")
        #expect(try source.run(["export", "csv", "-o", csv.path, "--quiet"]).status == 0)

        let reader = try CSVReader(string: try String(contentsOf: csv, encoding: .utf8), hasHeaderRow: false)
        var cells: [String] = []
        while let row = reader.next() { cells += row }
        for cell in cells {
            let first = cell.unicodeScalars.first
            #expect(!["=", "+", "-", "@", "\t", "\r"].contains(first), "\(cell.debugDescription) starts a formula")
        }
        for name in names { #expect(cells.contains("'" + name)) }

        let imported = try target.run(["import", "csv", csv.path, "--quiet"])
        #expect(imported.status == 0, "\(imported.errors)")
        let exported = try target.run(["export", "jsonl", "--kind", "person"]).output
        let decoded = exported.split(separator: "\n").compactMap { line -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let names = (object?["data"] as? [String: Any])?["names"] as? [[String: Any]]
            return names?.first?["full"] as? String
        }
        #expect(Set(decoded) == Set(names))
    }

    @Test("stats publishes categories that do not overlap: no suppressed count is a difference of published ones")
    func statisticsBySubtraction() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        // 7 abductions and 2 enforced disappearances (one top-level type), 12 + 1 acts of forced
        // labour abroad, 2 phishing attacks: 24 acts.
        let types =
            Array(repeating: "abduction", count: 7) + Array(repeating: "enforced-disappearance", count: 2)
            + Array(repeating: "forced-labour", count: 12) + ["passport-confiscation", "phishing", "phishing"]
        try Self.load(tool, Self.caseLines(types: types).lines)
        let outcome = try tool.run(["stats", "--by", "violation-type", "--csv"])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let reader = try CSVReader(string: outcome.output, hasHeaderRow: true)
        var rows: [(label: String, count: Int?)] = []
        while let row = reader.next() { rows.append((row[0], Int(row[1]))) }
        let cells = rows.filter { !["suppressed cells", "total"].contains($0.label) }
        // Every act once: the total is the number of acts (a parent beside its children would count
        // some twice, and parent minus children would give a suppressed child).
        let total = try #require(rows.first { $0.label == "total" }?.count)
        #expect(total == types.count)
        let remainder = try #require(rows.first { $0.label == "suppressed cells" }?.count)
        // The published cells and the suppressed remainder make the total.
        #expect(cells.compactMap(\.count).reduce(0, +) + remainder == total)
        #expect(
            !cells.contains { ["Abduction", "Enforced disappearance", "Forced labour", "Phishing"].contains($0.label) })
        // The attacker's subtraction: each suppressed cell lies anywhere from 1 to the threshold or more.
        let suppressed = cells.filter { $0.count == nil }
        #expect(suppressed.count >= 2)
        #expect(remainder - (suppressed.count - 1) >= 5)
        #expect(cells.first { $0.label == "Cyberattacks and data theft" }?.count == nil)
    }

    @Test("export jsonl --purpose publication carries no internal id or staff name, and imports whole")
    func publicationExport() throws {
        let source = try CommandLineTool()
        let target = try CommandLineTool()
        defer {
            source.cleanUp()
            target.cleanUp()
        }
        let (lines, ids) = Self.caseLines(types: ["abduction", "forced-labour"], names: ["김영희", "Kim Young-hee"])
        try Self.load(source, lines)
        let file = source.dataDirectory.appendingPathComponent("publication.jsonl")
        let exported = try source.run(["export", "jsonl", "--purpose", "publication", "-o", file.path, "--quiet"])
        #expect(exported.status == 0, "\(exported.errors)")
        let text = try String(contentsOf: file, encoding: .utf8)
        for id in ids { #expect(!text.contains(id.description), "internal id \(id)") }
        for word in ["cli:", "createdBy", "updatedBy", "createdAt", "김영희", "Kim Young-hee"] {
            #expect(!text.contains(word), "\(word)")
        }
        // A second export shares no id or pseudonym with the first.
        let again = try source.run(["export", "jsonl", "--purpose", "publication"]).output
        let firstIDs = Set(text.matches(of: /"id":"([0-9a-f-]{36})"/).map { String($0.1) })
        #expect(firstIDs.count == lines.count)
        #expect(firstIDs.allSatisfy { !again.contains($0) })

        let imported = try target.run(["import", "jsonl", file.path, "--quiet"])
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output.contains("Imported 5 records"), "\(imported.output)")
    }

    @Test("export jsonl --purpose un names the persons but carries no internal id, time, compartment or staff name")
    func unSubmission() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        let (lines, ids) = Self.caseLines(types: ["abduction"], names: ["김영희"])
        try Self.load(tool, lines)
        let exported = try tool.run(["export", "jsonl", "--purpose", "un"])
        #expect(exported.status == 0, "\(exported.errors)")
        for id in ids { #expect(!exported.output.contains(id.description), "internal id \(id)") }
        for word in ["cli:", "createdBy", "updatedBy", "createdAt", "homeCompartments", "general"] {
            #expect(!exported.output.contains(word), "\(word)")
        }
        #expect(exported.output.contains("김영희"), "the UN needs the victim's name")
        // The references inside the export still resolve to records of the export.
        let standIns = Set(exported.output.matches(of: /"id":"([0-9a-f-]{36})"/).map { String($0.1) })
        let victim = try #require(exported.output.firstMatch(of: /"victimID":"([0-9a-f-]{36})"/)).1
        #expect(standIns.contains(String(victim)))
    }
}
