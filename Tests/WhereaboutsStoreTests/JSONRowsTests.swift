import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsDemo

@testable import WhereaboutsStore

@Suite("JSON rows")
struct JSONRowsTests {
    @Test("text cells are escaped so that any JSON reader gets them back exactly")
    func escapes() throws {
        let awkward = "a\"b\\c\nd\re\tf\u{1}g\u{1F} 납치 拉致 🙂 \u{2028} {\"x\": [1]}"
        let row = JSONRows.row([.text(awkward), .integer(-3), .null, .optional(nil), .optional("x")])
        #expect(row.hasPrefix("[\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001f"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(row.utf8)) as? [Any])
        #expect(parsed[0] as? String == awkward)
        #expect(parsed[1] as? Int == -3)
        #expect(parsed[2] is NSNull && parsed[3] is NSNull)
        #expect(parsed[4] as? String == "x")
        #expect(JSONRows.array(["[1]", "", "[2]"]) == "[[1],[2]]")
        #expect(JSONRows.array([]) == "[]")
    }

    @Test("seq-keyed values go behind their record's seq; empty lists give no row, empty text does")
    func keyedBySeq() {
        let keyed = PreparedRecord.BulkRows.keyed(["[\"a\",\"b\"]", "[]", "\"\"", "\"[]\""], seqs: [3, 4, 5, 6])
        #expect(keyed == #"[[3,["a","b"]],[5,""],[6,"[]"]]"#)
        #expect(PreparedRecord.BulkRows.keyed(["[]"], seqs: [1]) == "[]")
    }

    @Test("every demonstration record , of every kind, encodes to the bytes JSONEncoder.canonical gives")
    func recordsEncodeCanonically() throws {
        let records = DemoDataSet(events: 60, personsPerEvent: 3, seed: 5).records()
        #expect(Set(records.map { type(of: $0.body).kind }).count == RecordKind.allCases.count)
        for (_, body) in records {
            let bytes = [UInt8](try JSONEncoder.canonical.encode(body))
            #expect(try CanonicalJSON.encode(body) == bytes, "\(type(of: body).kind)")
        }
    }
}
