import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsStore
import WhereaboutsTestSupport

@Suite("search")
struct SearchTests {
    @Test("finds Korean, Japanese and English substrings, including terms shorter than three characters")
    func scripts() async throws {
        try await TestDatabase.withStore { store in
            let event = try await store.create(Sample.event(), by: .operatorWriter(actor: "a"))
            let person = try await store.create(Sample.person(), by: .operatorWriter(actor: "a"))
            for (query, expected) in [
                ("납치", event.id), ("拉致", event.id), ("新潟", event.id), ("witnesses", event.id),
                ("WITNESS", event.id), ("김영희", person.id), ("영희", person.id), ("young-hee", person.id),
                ("ｗｉｔｎｅｓｓｅｓ", event.id), ("희", person.id), ("潟", event.id), ("영희 young", person.id),
            ] {
                let hits = try await store.search(SearchQuery(text: query), access: .operatorAccess)
                #expect(hits.items.map(\.id) == [expected], "query \(query)")
            }
            #expect(
                try await store.search(SearchQuery(text: "nothing-like-this"), access: .operatorAccess).items.isEmpty)
            #expect(
                try await store.search(SearchQuery(text: "납치 witnesses"), access: .operatorAccess).items.map(\.id) == [
                    event.id
                ])
            #expect(try await store.search(SearchQuery(text: "100%"), access: .operatorAccess).items.isEmpty)
        }
    }

    @Test("filters by violation type (broader terms too), country, dates, fate and organisation")
    func filters() async throws {
        try await TestDatabase.withStore { store in
            let niigata = try await store.create(Sample.event(), by: .operatorWriter(actor: "a"))
            let workers = try await store.create(
                Event(
                    title: "Workers on a construction site", date: try FuzzyDate.parse("2019-03/2019-09"),
                    places: [Place(country: "RU", locality: "Владивосток")]), by: .operatorWriter(actor: "a"))
            let victim = try await store.create(Sample.person(), by: .operatorWriter(actor: "a"))
            let worker = try await store.create(
                Person(names: [NameForm(full: "리철")], nationalities: ["KP"], fate: [FateEntry(status: .returned)]),
                by: .operatorWriter(actor: "a"))
            let company = try await store.create(
                Organisation(name: "A dispatching company", type: .dispatchingCompany, country: "KP"),
                by: .operatorWriter(actor: "a"))
            let abduction = try await store.create(
                Act(eventID: niigata.id, victimID: victim.id, type: "abduction"), by: .operatorWriter(actor: "a"))
            let labour = try await store.create(
                Act(eventID: workers.id, victimID: worker.id, type: "wage-confiscation", place: Place(country: "RU")),
                by: .operatorWriter(actor: "a"))
            _ = try await store.create(
                Involvement(actID: labour.id, perpetratorOrganisationID: company.id, attribution: .probable),
                by: .operatorWriter(actor: "a"))

            func ids(_ query: SearchQuery) async throws -> Set<RecordID> {
                Set(try await store.search(query, access: .operatorAccess).items.map(\.id))
            }
            #expect(try await ids(SearchQuery(kinds: [.event], violationTypes: ["abduction"])) == [niigata.id])
            #expect(
                try await ids(SearchQuery(kinds: [.event], violationTypes: ["forced-labour-abroad"])) == [workers.id])
            #expect(
                try await ids(SearchQuery(violationTypes: ["abduction-disappearance"])) == [
                    niigata.id, victim.id, abduction.id,
                ])
            #expect(try await ids(SearchQuery(kinds: [.event], countries: ["RU"])) == [workers.id])
            #expect(try await ids(SearchQuery(kinds: [.event], from: Day(iso: "2019-08-01"))) == [workers.id])
            #expect(
                try await ids(SearchQuery(kinds: [.event], from: Day(iso: "1970-01-01"), to: Day(iso: "1980-12-31")))
                    == [niigata.id])
            #expect(try await ids(SearchQuery(kinds: [.person], fates: [.missing])) == [victim.id])
            #expect(try await ids(SearchQuery(kinds: [.event], organisations: [company.id])) == [workers.id])
            #expect(try await ids(SearchQuery(kinds: [.person], organisations: [company.id])) == [worker.id])
            #expect(
                try await ids(SearchQuery(text: "construction", kinds: [.event], countries: ["JP"])).isEmpty)
        }
    }
}
