import Foundation
import HTTPTypes
import Prometheus
import SQLKit
import Testing
import WhereaboutsCore
import WhereaboutsServer
import WhereaboutsStore
import WhereaboutsTestSupport

/// Issue 22, item 14: one request naming a compartment that cannot exist must not brick the installation.
@Suite("compartment parameters")
struct CompartmentParameterTests {
    @Test("a POST naming a malformed or unknown compartment answers 4xx, makes no key, and the server starts again")
    func badCompartmentBricksNothing() async throws {
        try await withServer { admin, store, accounts in
            let documenter = admin.with(
                token: try await accounts.token(for: "writer", role: .documenter, compartments: ["general"]))
            let keys: @Sendable () async throws -> Int = {
                try await store.database.read { db in
                    try await db.raw("SELECT COUNT(*) AS n FROM data_keys").first(decodingColumn: "n", as: Int.self)
                        ?? 0
                }
            }
            let before = try await keys()
            for compartment in [
                "ab%00cd", "nowhere", "general%2Fother", "%E2%80%AE", String(repeating: "x", count: 70),
            ] {
                for client in [admin, documenter] {
                    let response = try await client.json(
                        .post, "/api/v1/events?compartment=\(compartment)", #"{"title": "Probe"}"#)
                    #expect((400..<500).contains(response.status.code), "\(compartment): \(response.status)")
                }
            }
            #expect(try await keys() == before)
            #expect(try await store.counts(access: .operatorAccess)[.event] == nil)
            // A new process on the same data opens it and serves.
            let again = try await SQLRecordStore.open(
                store.database, clock: { Date() }, logger: TestDatabase.logger, protection: store.protection)
            _ = try await again.create(Event(title: "After the probe"), by: .operatorWriter())
        }
    }
}
