import Foundation
import Testing

@testable import WhereaboutsStore

@Suite("splitting encoded records into fields")
struct JSONObjectFieldsTests {
    @Test("members are found whatever their values hold: nested objects, escaped quotes, braces in strings")
    func split() throws {
        let json = #"{"a":1,"b":"x\"}{[","c":{"d":[1,{"e":"]"}]},"f":[],"g":null,"h":true,"i":"납치"}"#
        let members = try #require(JSONObjectFields.split(Array(json.utf8)))
        #expect(members.map(\.key) == ["a", "b", "c", "f", "g", "h", "i"])
        #expect(
            members.map { String(decoding: $0.value, as: UTF8.self) } == [
                "1", #""x\"}{[""#, #"{"d":[1,{"e":"]"}]}"#, "[]", "null", "true", #""납치""#,
            ])
        let rejoined = String(decoding: JSONObjectFields.join(members), as: UTF8.self)
        #expect(rejoined == json)
        #expect(try JSONSerialization.jsonObject(with: Data(rejoined.utf8)) is [String: Any])
    }

    @Test("anything but an object is refused")
    func refuses() {
        for text in ["[1,2]", "\"text\"", "{\"a\":", "{\"a\" 1}", "", "{\"a\":\"unterminated}"] {
            #expect(JSONObjectFields.split(Array(text.utf8)) == nil, "\(text)")
        }
        #expect(JSONObjectFields.split(Array("{}".utf8))?.isEmpty == true)
    }
}
