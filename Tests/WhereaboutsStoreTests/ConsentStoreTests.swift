import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsStore
import WhereaboutsTestSupport

@Suite("consent in the store")
struct ConsentStoreTests {
    @Test("withdrawn consent withholds a testimony's text from every reader and version, and from search")
    func withdrawal() async throws {
        try await TestDatabase.withStore { store in
            var testimony = Source(
                type: .testimony, title: "Testimony of a fisherman's wife", text: "They took him to Chongjin.",
                consent: Consent(scopes: [.internalDocumentation, .shareWithUN], givenOn: try FuzzyDate.parse("2020")))
            let created = try await store.create(testimony, by: .operatorWriter())
            #expect(try await store.search(SearchQuery(text: "chongjin"), access: .operatorAccess).items.count == 1)
            testimony.consent?.withdrawnOn = try FuzzyDate.parse("2024-03-01")
            let updated = try await store.update(created.id, with: testimony, expectedVersion: 1, by: .operatorWriter())
            #expect(updated.body(as: Source.self)?.text == nil)
            #expect(updated.body(as: Source.self)?.consent?.withdrawnOn != nil)
            #expect(try await store.search(SearchQuery(text: "chongjin"), access: .operatorAccess).items.isEmpty)
            let (_, first) = try await store.version(created.id, 1, access: .operatorAccess)
            #expect((first as? Source)?.text == nil)
            // Restoring the version from before the withdrawal does not bring the consent back.
            let restored = try await store.restore(
                created.id, version: 1, expectedVersion: 2, by: .operatorWriter())
            #expect(restored.body(as: Source.self)?.consent?.withdrawnOn != nil)
            #expect(restored.body(as: Source.self)?.text == nil)
            let history = try await store.history(created.id, access: .operatorAccess)
            #expect(history.map(\.action) == [.restore, .update, .create])
            #expect(history[1].changedFields.contains("/consent"))
        }
    }
}
