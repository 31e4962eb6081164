import Crypto
import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsSecurity
import WhereaboutsTestSupport

@testable import WhereaboutsStore

@Suite("keyed pseudonyms")
struct PseudonymTests {
    /// The pseudonym readers without identity access see for `id`.
    static func shown(_ store: SQLRecordStore, _ id: RecordID) async throws -> String {
        try await store.get(id, access: RecordAccess(compartments: nil, seesIdentities: false)).metadata.title
    }

    @Test("two installations give the same person different pseudonyms, which the id alone does not give")
    func perInstallation() async throws {
        let id = RecordID()
        let person = Person(names: [NameForm(full: "김영희")])
        let first = try await TestDatabase.withStore { store in
            try await store.createAll([(id, person)], by: .operatorWriter())
            return try await Self.shown(store, id)
        }
        let second = try await TestDatabase.withStore { store in
            try await store.createAll([(id, person)], by: .operatorWriter())
            return try await Self.shown(store, id)
        }
        #expect(first != second)
        #expect(first.wholeMatch(of: /P-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}/) != nil)
        // What an attacker holding an export (with its ids) could compute: the unkeyed hash used before.
        #expect(first != Self.unkeyed(id) && second != Self.unkeyed(id))
        #expect(![first, second].contains(Pseudonym.ephemeral().of(recordID: id.description)))
    }

    @Test("the pseudonym stays the same across restarts and a rotation of the key-encryption key")
    func stable() async throws {
        try await TestDatabase.withDatabase { handle in
            let kek = KeyEncryptionKey.generate()
            let id = RecordID()
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(Keyring(kek: kek)))
            try await store.createAll([(id, Person(names: [NameForm(full: "김영희")]))], by: .operatorWriter())
            let before = try await Self.shown(store, id)
            #expect(try store.pseudonym(of: id) == before)
            let reopened = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(Keyring(kek: kek)))
            #expect(try await Self.shown(reopened, id) == before)
            let newKEK = KeyEncryptionKey.generate()
            try await reopened.rewrapKeys(under: newKEK)
            let rotated = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(Keyring(kek: newKEK)))
            #expect(try await Self.shown(rotated, id) == before)
        }
    }

    /// The pseudonym as it was computed before it was keyed: SHA-256 of a fixed label and the id.
    static func unkeyed(_ id: RecordID) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        let digest = Array(SHA256.hash(data: Array(("whereabouts-pseudonym:" + id.description).utf8)))
        var value: UInt64 = 0
        for byte in digest.prefix(8) { value = value << 8 | UInt64(byte) }
        let code = (0..<8).map { index in alphabet[Int((value >> (UInt64(index) * 5)) & 31)] }
        return "P-" + String(code[0..<4]) + "-" + String(code[4...])
    }
}
