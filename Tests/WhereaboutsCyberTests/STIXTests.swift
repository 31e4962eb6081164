import Foundation
import Testing
import WhereaboutsCore

@testable import WhereaboutsCyber

/// STIX patterns written and read back, and published bundles read.
@Suite("STIX")
struct STIXTests {
    @Test("every indicator type's pattern reads back as the same type and value, quotes escaped")
    func roundTrip() {
        let values: [(IndicatorType, String)] = [
            (.domain, "evil.example"), (.url, "https://evil.example/a'b\\c"), (.email, "x@evil.example"),
            (.ipv4, "203.0.113.45"), (.ipv6, "2001:db8::1"), (.sha256, String(repeating: "ab", count: 32)),
            (.sha1, String(repeating: "cd", count: 20)), (.md5, String(repeating: "ef", count: 16)),
        ]
        for (type, value) in values {
            let read = STIXPattern.comparisons(in: STIXPattern.pattern(type, value))
            #expect(read.count == 1 && read[0].0 == type && read[0].1 == value, "\(type)")
        }
    }

    @Test("an MVT-style bundle's indicators are read with the malware they indicate; process names are skipped")
    func publishedBundle() throws {
        let json = """
            {"type":"bundle","id":"bundle--1","objects":[
             {"type":"malware","id":"malware--m","name":"FictionalSpy","is_family":true},
             {"type":"indicator","id":"indicator--a","pattern":"[domain-name:value='Evil.Example']","pattern_type":"stix"},
             {"type":"indicator","id":"indicator--b","pattern":"[process:name='bh']","pattern_type":"stix"},
             {"type":"indicator","id":"indicator--c","pattern":"[ipv4-addr:value = '203.0.113.45/32'] OR [url:value = 'https://x.evil.example/p']"},
             {"type":"relationship","relationship_type":"indicates","source_ref":"indicator--a","target_ref":"malware--m"}]}
            """
        let file = try STIXIndicatorFile(Data(json.utf8))
        #expect(file.skipped == 1)
        #expect(
            Set(file.indicators.map { "\($0.type.rawValue) \($0.value) \($0.malware)" }) == [
                "domain evil.example [\"FictionalSpy\"]", "ipv4 203.0.113.45 []", "url https://x.evil.example/p []",
            ])
        for refused in ["[1,2]", #"{"type":"bundle","objects":[[null]]}"#, #"{"type":"bundle","id":7,"objects":[]}"#] {
            #expect(throws: STIXIndicatorFile.NotABundle.self) { try STIXIndicatorFile(Data(refused.utf8)) }
        }
    }
}
