import Foundation
import Testing
import WhereaboutsSecurity

@Suite("pseudonyms")
struct PseudonymTests {
    @Test("a million random ids give a million different pseudonyms")
    func noCollisions() {
        let pseudonyms = Pseudonym(key: .generate(id: "@pseudonyms.1"))
        var seen = Set<String>(minimumCapacity: 1_000_000)
        for _ in 0..<1_000_000 { seen.insert(pseudonyms.of(recordID: UUID().uuidString.lowercased())) }
        #expect(seen.count == 1_000_000)
    }

    @Test("the same key gives the same pseudonym, another key another one")
    func keyed() throws {
        let key = DataKey.generate(id: "@pseudonyms.1")
        let copy = try DataKey(id: key.id, bytes: KeyEncryptionKey.generate().bytes)
        let id = UUID().uuidString.lowercased()
        #expect(Pseudonym(key: key).of(recordID: id) == Pseudonym(key: key).of(recordID: id))
        #expect(Pseudonym(key: key).of(recordID: id) != Pseudonym(key: copy).of(recordID: id))
        #expect(Pseudonym(key: key).of(recordID: id).count == "P-XXXXX-XXXXX-XXXXX".count)
    }
}
