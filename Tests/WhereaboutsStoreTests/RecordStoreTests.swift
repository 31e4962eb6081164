import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsStore
import WhereaboutsTestSupport

@Suite("record store")
struct RecordStoreTests {
    @Test("a created record reads back as it was written, with version 1")
    func createAndRead() async throws {
        try await TestDatabase.withStore { store in
            let created = try await store.create(Sample.person(), by: .operatorWriter(actor: "tester"))
            #expect(created.version == 1)
            let read = try await store.get(created.id, kind: .person, access: .operatorAccess)
            #expect(read.body(as: Person.self) == Sample.person())
            #expect(read.metadata.createdBy == "tester")
            #expect(read.metadata.title == "김영희")
        }
    }

    @Test("quotes, backslashes, escapes, line breaks and every script survive the bulk write path unchanged")
    func awkwardTextRoundTrips() async throws {
        try await TestDatabase.withStore { store in
            let awkward = "\"quoted\" \\back\\slash\\u0041 납치 拉致 🙂 ' OR 1=1 --"
            var event = Sample.event()
            event.title = awkward
            event.description = awkward + "\ttab\nline\r\n" + awkward
            let ids = [RecordID(), RecordID()]
            try await store.createAll(
                [(ids[0], event), (ids[1], Sample.person())], by: .operatorWriter(actor: "tester \"q\""))
            for id in ids {
                let read = try await store.get(id, access: .operatorAccess)
                #expect(read.metadata.createdBy == "tester \"q\"")
                if let body = read.body(as: Event.self) {
                    #expect(body.title == awkward)
                    #expect(body.description == awkward + "\ttab\nline\r\n" + awkward)
                }
            }
            let history = try await store.history(ids[0], access: .operatorAccess)
            #expect(history.first?.changedFields.contains("/title") == true)
        }
    }

    @Test("an update with the version read succeeds; a stale one is refused and changes nothing")
    func optimisticConcurrency() async throws {
        try await TestDatabase.withStore { store in
            let created = try await store.create(Sample.event(), by: .operatorWriter(actor: "a"))
            var edited = Sample.event()
            edited.title = "Abduction near Niigata (revised)"
            let updated = try await store.update(
                created.id, with: edited, expectedVersion: 1, by: .operatorWriter(actor: "b"))
            #expect(updated.version == 2)
            var stale = Sample.event()
            stale.title = "Someone else's edit"
            await #expect(throws: StoreError.conflict(created.id, current: 2)) {
                try await store.update(created.id, with: stale, expectedVersion: 1, by: .operatorWriter(actor: "c"))
            }
            let read = try await store.get(created.id, access: .operatorAccess)
            #expect(read.body(as: Event.self)?.title == "Abduction near Niigata (revised)")
        }
    }

    @Test("every change is a version with who, when and which fields; any version can be restored")
    func historyAndRestore() async throws {
        try await TestDatabase.withStore { store in
            let created = try await store.create(Sample.event(), by: .operatorWriter(actor: "a"))
            var edited = Sample.event()
            edited.title = "Changed title"
            _ = try await store.update(created.id, with: edited, expectedVersion: 1, by: .operatorWriter(actor: "b"))
            let history = try await store.history(created.id, access: .operatorAccess)
            #expect(history.map(\.version) == [2, 1])
            #expect(history[0].changedFields == ["/title"])
            #expect(history[0].changedBy == "b")
            let (_, old) = try await store.version(created.id, 1, access: .operatorAccess)
            #expect((old as? Event)?.title == Sample.event().title)
            let restored = try await store.restore(
                created.id, version: 1, expectedVersion: 2, by: .operatorWriter(actor: "c"))
            #expect(restored.version == 3)
            #expect(restored.body(as: Event.self)?.title == Sample.event().title)
            #expect(try await store.history(created.id, access: .operatorAccess).first?.action == .restore)
            for (version, title) in [(1, Sample.event().title), (2, "Changed title"), (3, Sample.event().title)] {
                let (entry, body) = try await store.version(created.id, version, access: .operatorAccess)
                #expect(entry.version == version)
                #expect((body as? Event)?.title == title, "version \(version)")
            }
        }
    }

    @Test("unknown vocabulary codes, missing references and bad fields are refused with their paths")
    func validation() async throws {
        try await TestDatabase.withStore { store in
            let event = try await store.create(Sample.event(), by: .operatorWriter(actor: "a"))
            let act = Act(eventID: event.id, victimID: RecordID(), type: "not-a-type", perpetratorState: "XX")
            do {
                _ = try await store.create(act, by: .operatorWriter(actor: "a"))
                Issue.record("an invalid act was written")
            } catch StoreError.invalid(let issues) {
                #expect(Set(issues.map(\.path)) == ["/type", "/victimID", "/perpetratorState"])
            }
            let wrongKind = Act(eventID: event.id, victimID: event.id, type: "abduction")
            await #expect(throws: StoreError.self) {
                try await store.create(wrongKind, by: .operatorWriter(actor: "a"))
            }
            #expect(try await store.counts(access: .operatorAccess)[.act] == nil)
        }
    }

    @Test("text crafted as SQL is stored and found verbatim, and breaks nothing")
    func sqlInjectionIsInert() async throws {
        try await TestDatabase.withStore { store in
            let nasty = "Robert'); DROP TABLE records;-- <script>alert(1)</script>"
            let created = try await store.create(Sample.event(nasty), by: .operatorWriter(actor: "a"))
            #expect(try await store.get(created.id, access: .operatorAccess).body(as: Event.self)?.title == nasty)
            let hits = try await store.search(SearchQuery(text: "drop table"), access: .operatorAccess)
            #expect(hits.items.map(\.id) == [created.id])
            #expect(try await store.search(SearchQuery(text: "'); DROP"), access: .operatorAccess).items.count == 1)
        }
    }

    @Test("a bulk create writes everything or, when one record is bad, nothing")
    func allOrNothing() async throws {
        try await TestDatabase.withStore { store in
            let event = RecordID()
            let person = RecordID()
            let good: [(id: RecordID, body: any RecordBody)] = [
                (event, Sample.event()), (person, Sample.person()),
                (RecordID(), Act(eventID: event, victimID: person, type: "abduction")),
            ]
            try await store.createAll(good, by: .operatorWriter(actor: "import"))
            #expect(try await store.counts(access: .operatorAccess) == [.event: 1, .person: 1, .act: 1])
            let bad: [(id: RecordID, body: any RecordBody)] = [
                (RecordID(), Sample.event("another")),
                (RecordID(), Act(eventID: RecordID(), victimID: person, type: "abduction")),
            ]
            await #expect(throws: StoreError.self) {
                try await store.createAll(bad, by: .operatorWriter(actor: "import"))
            }
            #expect(try await store.counts(access: .operatorAccess) == [.event: 1, .person: 1, .act: 1])
        }
    }

    @Test("a record that others refer to cannot be deleted; a deleted record can be restored")
    func deleteAndRestore() async throws {
        try await TestDatabase.withStore { store in
            let event = try await store.create(Sample.event(), by: .operatorWriter(actor: "a"))
            let person = try await store.create(Sample.person(), by: .operatorWriter(actor: "a"))
            let act = try await store.create(
                Act(eventID: event.id, victimID: person.id, type: "abduction"), by: .operatorWriter(actor: "a"))
            await #expect(throws: StoreError.stillReferenced(event.id, by: [act.id])) {
                try await store.delete(event.id, kind: .event, expectedVersion: 1, by: .operatorWriter(actor: "a"))
            }
            _ = try await store.delete(act.id, kind: .act, expectedVersion: 1, by: .operatorWriter(actor: "a"))
            await #expect(throws: StoreError.self) {
                try await store.delete(person.id, kind: .event, expectedVersion: 1, by: .operatorWriter(actor: "a"))
            }
            await #expect(throws: StoreError.notFound(act.id)) { try await store.get(act.id, access: .operatorAccess) }
            let back = try await store.restore(act.id, version: 1, expectedVersion: 2, by: .operatorWriter(actor: "a"))
            #expect(back.version == 3)
            #expect(try await store.get(act.id, access: .operatorAccess).body(as: Act.self)?.type == "abduction")
        }
    }

    @Test("listing pages through every record once with cursors")
    func cursorPagination() async throws {
        try await TestDatabase.withStore { store in
            var ids: [RecordID] = []
            for index in 0..<7 {
                ids.append(try await store.create(Sample.event("Event \(index)"), by: .operatorWriter(actor: "a")).id)
            }
            var seen: [RecordID] = []
            var cursor: String? = nil
            repeat {
                let page = try await store.list(.event, access: .operatorAccess, cursor: cursor, limit: 3)
                seen += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen == ids.reversed())
            await #expect(throws: StoreError.badCursor) {
                try await store.list(.event, access: .operatorAccess, cursor: "nonsense!")
            }
        }
    }
}
