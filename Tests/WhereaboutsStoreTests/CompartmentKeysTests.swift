import Foundation
import Logging
import SQLKit
import Testing
import WhereaboutsCore
import WhereaboutsStore
import WhereaboutsTestSupport

/// Key material exists only for compartments that exist, and one bad key never locks the store.
@Suite("compartment keys")
struct CompartmentKeysTests {
    private static func keyCount(_ store: SQLRecordStore) async throws -> Int {
        try await store.database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM data_keys").first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    @Test("writing into a compartment that does not exist, or a malformed one, makes no key, and the store opens again")
    func noKeyForUnknownCompartments() async throws {
        let keyring = Keyring.ephemeral()
        try await TestDatabase.withDatabase { handle in
            let logger = Logger(label: "test")
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: logger, protection: .sealed(keyring))
            let before = try await Self.keyCount(store)
            for name in ["ab\u{0}cd", "nowhere", "x", "Upper", "a.b", String(repeating: "z", count: 65)] {
                let writer = Writer.operatorWriter(compartments: [name])
                await #expect(throws: StoreError.self, "\(name.debugDescription)") {
                    try await store.create(Sample.event(), by: writer)
                }
                await #expect(throws: StoreError.self, "\(name.debugDescription)") {
                    try await store.create(Sample.person(), by: writer)
                }
            }
            #expect(try await Self.keyCount(store) == before)
            // The installation still opens and works.
            let again = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: logger, protection: .sealed(keyring))
            let event = try await again.create(Sample.event(), by: .operatorWriter())
            _ = try await again.get(event.id, access: .operatorAccess)
        }
    }

    @Test("a damaged data key is reported, and everything sealed under the other keys still opens")
    func damagedKeyDoesNotLockTheStore() async throws {
        let keyring = Keyring.ephemeral()
        try await TestDatabase.withDatabase { handle in
            let logger = Logger(label: "test")
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: logger, protection: .sealed(keyring))
            let accounts = AccountStore(database: store.database, clock: { Date() }, hasher: .testing)
            _ = try await accounts.createCompartment(id: "russia", name: "Russia")
            let kept = try await store.create(Sample.person(), by: .operatorWriter(compartments: ["general"])).id
            _ = try await store.create(Sample.person(), by: .operatorWriter(compartments: ["russia"]))
            // Someone alters the wrapped sealing key of one compartment.
            let wrapped = try #require(
                try await store.database.read { db in
                    try await db.raw("SELECT wrapped FROM data_keys WHERE id = 'russia.1'")
                        .first(decodingColumn: "wrapped", as: String.self)
                })
            var bytes = Array(try #require(Data(base64Encoded: wrapped)))
            bytes[bytes.count / 2] ^= 0x01
            let altered = Data(bytes).base64EncodedString()
            try await store.database.write { db in
                try await db.raw("UPDATE data_keys SET wrapped = \(bind: altered) WHERE id = 'russia.1'").run()
            }
            let fresh = Keyring(kek: keyring.kek)
            let again = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: logger, protection: .sealed(fresh))
            #expect(fresh.unreadableKeys == ["russia.1"])
            let person = try await again.get(kept, access: .operatorAccess)
            #expect(person.metadata.title == Sample.person().title)
        }
    }
}
