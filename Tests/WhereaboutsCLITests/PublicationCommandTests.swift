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
}
