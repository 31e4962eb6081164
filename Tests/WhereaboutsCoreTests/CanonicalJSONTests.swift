import Foundation
import PropertyBased
import Testing
import WhereaboutsCore

@Suite("canonical JSON")
struct CanonicalJSONTests {
    private struct Sample: Codable, Equatable {
        var text: String
        var number: Double
        var count: Int
        var flag: Bool
        var missing: String?
        var present: Int?
        var list: [String]
        var nested: [Inner]
        var map: [String: Int]
        var small: Float
        var big: UInt64
    }

    private struct Inner: Codable, Equatable {
        var b: String
        var B: Int
        var a_: [Double]
        var é: Bool
    }

    private func foundation<T: Encodable>(_ value: T) throws -> [UInt8] {
        [UInt8](try JSONEncoder.canonical.encode(value))
    }

    @Test("writes what JSONEncoder.canonical writes: keys in byte order, escapes, numbers, nulls left out")
    func sameAsFoundation() throws {
        var everyByte = ""
        for byte in 0..<0x80 { everyByte.unicodeScalars.append(Unicode.Scalar(UInt8(byte))) }
        let sample = Sample(
            text: everyByte + "\u{2028}\u{2029}é한国語/\\\"", number: -45.25, count: -7, flag: true, missing: nil,
            present: 3, list: ["", "a/b", "납치"],
            nested: [
                Inner(b: "x", B: 2, a_: [0, -0.0, 1, 1.5, 1e-7, 1e21, 1e16, 0.1, 126.978, 12345678901234567], é: false)
            ],
            map: ["z": 1, "A": 2, "é": 3, "a": 4], small: 1.1, big: .max)
        #expect(try CanonicalJSON.encode(sample) == foundation(sample))
        #expect(try CanonicalJSON.encode([Int]()) == foundation([Int]()))
        #expect(try CanonicalJSON.encode([String: Int]()) == foundation([String: Int]()))
    }

    @Test("any text and any finite number encode as JSONEncoder.canonical encodes them")
    func arbitraryValues() async {
        let characters = Gen.oneOf(
            Gen.character(in: "\u{0}"..."~"), Gen.character(in: "가"..."힣"), Gen.character(in: "一"..."龥"),
            Gen.element(of: Array("\"\\/\u{7f}\u{2028}😀")).compactMap { $0 })
        await propertyCheck(count: 1_000, input: characters.string(of: 0...40), Gen.double(in: -1e9...1e9)) {
            text, number in
            let inner = Inner(b: text, B: Int(number.rounded(.towardZero)), a_: [number, number / 7], é: true)
            let ours = try? CanonicalJSON.encode(inner)
            #expect(ours != nil && ours == (try? foundation(inner)), "\(text) \(number)")
        }
    }

    @Test("a number JSON cannot hold is refused, as by JSONEncoder")
    func refusesNonFiniteNumbers() {
        #expect(throws: EncodingError.self) { try CanonicalJSON.encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try CanonicalJSON.encode(["x": Double.infinity]) }
    }
}
