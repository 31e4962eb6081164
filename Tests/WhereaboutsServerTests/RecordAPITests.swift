import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WhereaboutsCore
import WhereaboutsServer
import WhereaboutsStore

@Suite("record API")
struct RecordAPITests {
    static let event =
        #"{"title":"Disappearance near the coast","date":"昭和52年","places":[{"country":"JP","locality":"新潟"}]}"#

    @Test("create answers 201 with Location and ETag; read, update with If-Match, history and restore work")
    func lifecycle() async throws {
        try await withServer { client, _ in
            let created = try await client.json(.post, "/api/v1/events", Self.event)
            #expect(created.status == .created)
            #expect(created.headers[.eTag] == "\"1\"")
            let location = try #require(created.headers[.location])
            #expect(created.body?["data"]?["date"]?["from"]?.string == "1977-01-01")

            let read = try await client.json(.get, location)
            #expect(read.status == .ok)
            #expect(read.body?["data"]?["title"]?.string == "Disappearance near the coast")

            let edit = #"{"title":"Disappearance near the coast of Niigata","date":"昭和52年11月"}"#
            let missingVersion = try await client.json(.put, location, edit)
            #expect(missingVersion.status == .preconditionRequired)
            let updated = try await client.json(.put, location, edit, headers: [.ifMatch: "\"1\""])
            #expect(updated.status == .ok)
            #expect(updated.headers[.eTag] == "\"2\"")

            let stale = try await client.json(.put, location, #"{"title":"Lost edit"}"#, headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .conflict)
            #expect(stale.headers[.contentType] == "application/problem+json")
            #expect(stale.body?["currentVersion"]?.int == 2)

            let history = try await client.json(.get, location + "/versions")
            #expect(history.body?["versions"]?.items.count == 2)
            #expect(
                history.body?["versions"]?.items.first?["changedFields"]?.items.map(\.string) == [
                    "/date", "/places", "/title",
                ])
            let old = try await client.json(.get, location + "/versions/1")
            #expect(old.body?["data"]?["title"]?.string == "Disappearance near the coast")

            let restored = try await client.json(.post, location + "/versions/1/restore", headers: [.ifMatch: "\"2\""])
            #expect(restored.status == .ok)
            #expect(restored.body?["version"]?.int == 3)
            #expect(restored.body?["data"]?["places"]?.items.count == 1)
            #expect(try await client.json(.get, location + "/versions/9").status == .notFound)
        }
    }

    @Test("bad input gets a problem with the field path and writes nothing")
    func badInput() async throws {
        try await withServer { client, store in
            let cases: [(String, HTTPResponse.Status, String?)] = [
                ("{not json", .badRequest, nil),
                (#"{"title": 5}"#, .unprocessableContent, "/title"),
                (#"{"description": "no title"}"#, .unprocessableContent, "/title"),
                (#"{"title": "x", "date": "1978-02-30"}"#, .unprocessableContent, "/date"),
                (#"{"title": "x", "date": "1979/1977"}"#, .unprocessableContent, "/date"),
                (#"{"title": "x", "violationStatus": "not-a-code"}"#, .unprocessableContent, "/violationStatus"),
                (#"{"title": "x", "places": [{"country": "ZZ"}]}"#, .unprocessableContent, "/places/0/country"),
                (
                    #"{"title": "x", "sourceIDs": ["0b7c5a56-3f0e-4b8e-9a59-5d1f0c6a7e99"]}"#, .unprocessableContent,
                    "/sourceIDs/0"
                ),
                (#"{"title": "x", "sourceIDs": ["'; DROP TABLE records;--"]}"#, .unprocessableContent, "/sourceIDs/0"),
            ]
            for (body, status, path) in cases {
                let response = try await client.json(.post, "/api/v1/events", body)
                #expect(response.status == status, "\(body)")
                #expect(response.headers[.contentType] == "application/problem+json")
                if let path {
                    #expect(
                        response.body?["errors"]?.items.compactMap { $0["path"]?.string }.contains(path) == true,
                        "\(body)")
                }
            }
            var invalidUTF8 = ByteBuffer(string: #"{"title": ""#)
            invalidUTF8.writeBytes([0xFF, 0xFE, 0x80])
            invalidUTF8.writeString(#""}"#)
            #expect(try await client.send(.post, "/api/v1/events", invalidUTF8).status == .badRequest)
            let huge = #"{"title": ""# + String(repeating: "a", count: 1 << 20) + #""}"#
            #expect(try await client.json(.post, "/api/v1/events", huge).status == .contentTooLarge)
            let act =
                #"{"eventID":"0b7c5a56-3f0e-4b8e-9a59-5d1f0c6a7e01","victimID":"0b7c5a56-3f0e-4b8e-9a59-5d1f0c6a7e02","type":"nonsense"}"#
            let refused = try await client.json(.post, "/api/v1/acts", act)
            #expect(
                Set(refused.body?["errors"]?.items.compactMap { $0["path"]?.string } ?? []) == [
                    "/eventID", "/victimID", "/type",
                ])
            #expect(try await store.counts(access: .operatorAccess).isEmpty)
        }
    }

    @Test("HTML and SQL in text come back verbatim as JSON strings and change nothing else")
    func inertText() async throws {
        try await withServer { client, store in
            let nasty = #"<script>alert('x')</script>'; DROP TABLE records;--"#
            let body = String(decoding: try JSONEncoder().encode(["title": nasty]), as: UTF8.self)
            let created = try await client.json(.post, "/api/v1/events", body)
            #expect(created.status == .created)
            #expect(created.body?["data"]?["title"]?.string == nasty)
            #expect(try await store.counts(access: .operatorAccess) == [.event: 1])
        }
    }

    @Test("records are found under their own collection only; unknown ids are 404")
    func collections() async throws {
        try await withServer { client, _ in
            let created = try await client.json(.post, "/api/v1/events", Self.event)
            let id = try #require(created.body?["id"]?.string)
            #expect(try await client.json(.get, "/api/v1/persons/\(id)").status == .notFound)
            #expect(try await client.json(.get, "/api/v1/events/not-a-uuid").status == .notFound)
            #expect(try await client.json(.get, "/api/v1/events/\(UUID())").status == .notFound)
            let list = try await client.json(.get, "/api/v1/events?limit=1")
            #expect(list.body?["items"]?.items.count == 1)
            #expect(try await client.json(.get, "/api/v1/events?limit=0").status == .badRequest)
            #expect(try await client.json(.get, "/api/v1/events?cursor=bogus").status == .badRequest)
        }
    }

    @Test("deleting needs If-Match and is refused while other records refer to the record")
    func deletion() async throws {
        try await withServer { client, _ in
            let event = try await client.json(.post, "/api/v1/events", Self.event)
            let person = try await client.json(.post, "/api/v1/persons", #"{"names":[{"full":"홍길순"}]}"#)
            let eventID = try #require(event.body?["id"]?.string)
            let personID = try #require(person.body?["id"]?.string)
            let act = try await client.json(
                .post, "/api/v1/acts", #"{"eventID":"\#(eventID)","victimID":"\#(personID)","type":"abduction"}"#)
            #expect(act.status == .created)
            #expect(try await client.json(.delete, "/api/v1/events/\(eventID)").status == .preconditionRequired)
            let refused = try await client.json(.delete, "/api/v1/events/\(eventID)", headers: [.ifMatch: "\"1\""])
            #expect(refused.status == .conflict)
            let actID = try #require(act.body?["id"]?.string)
            #expect(try await client.json(.delete, "/api/v1/acts/\(actID)", headers: [.ifMatch: "\"1\""]).status == .ok)
            #expect(
                try await client.json(.delete, "/api/v1/events/\(eventID)", headers: [.ifMatch: "\"1\""]).status == .ok)
            #expect(try await client.json(.get, "/api/v1/events/\(eventID)").status == .notFound)
            #expect(
                try await client.json(.get, "/api/v1/events/\(eventID)/versions").body?["versions"]?.items.count == 2)
        }
    }
}
