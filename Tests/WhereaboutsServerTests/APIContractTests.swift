import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WhereaboutsCore
import WhereaboutsServer
import WhereaboutsStore

/// The answers a client generated from the OpenAPI description can count on, beyond the happy paths
/// (`Tests/API/run-schemathesis.sh` checks the same from outside, with generated requests).
@Suite("the API contract: methods, versions, cursors and bodies as described")
struct APIContractTests {
    @Test("a method a documented path does not take answers 405 with Allow, before any sign-in; unknown paths stay 404")
    func methodsNotTaken() async throws {
        try await withServer { api, _ in
            let id = "/api/v1/events/" + RecordID().description
            let cases: [(String, HTTPRequest.Method, String)] = [
                ("/api/v1/events", .patch, "GET, POST, HEAD"), ("/api/v1/events", .trace, "GET, POST, HEAD"),
                ("/api/v1/events", HTTPRequest.Method("QUERY")!, "GET, POST, HEAD"),
                (id, .post, "GET, PUT, DELETE, HEAD"), ("/api/v1/dates/parse", .get, "POST"),
            ]
            for (path, method, allow) in cases {
                for client in [api, api.with(token: "wh_not-a-token")] {
                    let response = try await client.send(method, path, nil)
                    #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                    let allowed = Set(
                        (response.headers[.allow] ?? "").split(separator: ",").map {
                            $0.trimmingCharacters(in: .whitespaces)
                        })
                    #expect(
                        allowed == Set(allow.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }))
                }
            }
            #expect(try await api.send(.patch, "/api/v1/nothing-here", nil).status == .notFound)
            // A declared method on a missing record is still "not found".
            #expect(try await api.json(.get, id).status == .notFound)
        }
    }

    @Test("If-Match takes exactly the forms its schema states: \"3\", W/\"3\" or 3")
    func versionForms() async throws {
        try await withServer { api, _ in
            let created = try await api.json(.post, "/api/v1/events", #"{"title":"An event"}"#)
            let path = "/api/v1/events/" + (try #require(created.body?["id"]?.string))
            for refused in ["*", "\"03\"", "\"0\"", "\"3", "W/3\"", "\"1\", \"2\"", "1e3", "W/W/\"1\""] {
                let response = try await api.json(.put, path, #"{"title":"Renamed"}"#, headers: [.ifMatch: refused])
                #expect(response.status == .badRequest, "If-Match: \(refused)")
            }
            var version = 1
            for accepted in ["\"%d\"", "W/\"%d\"", "%d"] {
                let header = String(format: accepted, version)
                let response = try await api.json(.put, path, #"{"title":"Renamed"}"#, headers: [.ifMatch: header])
                #expect(response.status == .ok, "If-Match: \(header)")
                version += 1
            }
            #expect(try await api.json(.put, path, #"{"title":"Renamed"}"#).status == .preconditionRequired)
        }
    }

    @Test("every cursor of the documented form is one: past the end it gives an empty page; any other text is 400")
    func cursors() async throws {
        try await withServer { api, _ in
            for index in 0..<3 { _ = try await api.json(.post, "/api/v1/events", #"{"title":"Event \#(index)"}"#) }
            let first = try await api.json(.get, "/api/v1/events?limit=2")
            let cursor = try #require(first.body?["nextCursor"]?.string)
            #expect(cursor.range(of: Cursor.pattern, options: .regularExpression) != nil)
            let second = try await api.json(.get, "/api/v1/events?limit=2&cursor=" + cursor)
            #expect(second.body?["items"]?.items.count == 1)
            let empty = try await api.json(.get, "/api/v1/events?cursor=p0")
            #expect(empty.status == .ok)
            #expect(empty.body?["items"]?.items.isEmpty == true)
            for bad in ["", "bogus", "p", "pG", "P1", "p1234567890abcdef", "s1"] {
                #expect(try await api.json(.get, "/api/v1/events?cursor=" + bad).status == .badRequest, "\(bad)")
                #expect(try await api.json(.get, "/api/v1/search?cursor=" + bad).status == .badRequest, "\(bad)")
            }
        }
    }

    @Test("search words with control characters in them (a NUL, a tab) are searched as words apart, never a 500")
    func controlCharactersInSearch() async throws {
        try await withServer { api, _ in
            _ = try await api.json(.post, "/api/v1/events", #"{"title":"Abduction at the harbour"}"#)
            for q in ["abc%00", ".%C3%AB%00x", "harbour%00", "%09harbour%7F", "%00"] {
                let response = try await api.json(.get, "/api/v1/search?q=" + q)
                #expect(response.status == .ok, "\(q)")
            }
            #expect(try await api.json(.get, "/api/v1/search?q=harbour%00").body?["items"]?.items.count == 1)
        }
    }

    @Test("a body with a field its schema does not declare is refused, naming the field")
    func undeclaredFields() async throws {
        try await withServer { api, _ in
            for (body, field) in [
                (#"{"": null}"#, "/"), (#"{"names":[{"full":"Kim","extra":1}]}"#, "/names/0/extra"),
                (#"{"names":[{"full":"Kim"}],"birthDate":{"text":"1950","shadow":true}}"#, "/birthDate/shadow"),
            ] {
                let created = try await api.json(.post, "/api/v1/persons", body)
                #expect(created.status == .unprocessableContent, "\(body)")
                #expect(created.body?["errors"]?.items.first?["path"]?.string == field, "\(body)")
            }
            #expect(try await api.json(.post, "/api/v1/persons", #"{"names":[{"full":"Kim"}]}"#).status == .created)
            let response = try await api.json(.post, "/api/v1/dates/parse", #"{"text":"1977","extra":1}"#)
            #expect(response.status == .unprocessableContent)
            #expect(response.body?["errors"]?.items.first?["path"]?.string == "/extra")
            #expect(try await api.json(.post, "/api/v1/dates/parse", #"{"text":"1977"}"#).status == .ok)
        }
    }

    @Test("the UN tracker's filters are checked as their schemas say: empty means not given, anything else must be one")
    func trackerFilters() async throws {
        try await withServer { api, _ in
            for accepted in ["", "?position=&format=csv", "?cycle=2&on=2020-01-01", "?implementation=none"] {
                #expect(
                    try await api.send(.get, "/api/v1/un/recommendations" + accepted, nil).status == .ok, "\(accepted)")
            }
            for refused in [
                "?position=null", "?position=null&position=null", "?cycle=0", "?on=2020-13-01", "?format=xml",
            ] {
                let response = try await api.json(.get, "/api/v1/un/recommendations" + refused)
                #expect(response.status == .badRequest, "\(refused)")
                #expect(response.body?["errors"]?.items.isEmpty == false, "\(refused)")
            }
        }
    }

    @Test("the description promises 400 for every operation and links each new record to what can be done with it")
    func describedAnswers() async throws {
        try await withServer { api, _ in
            let document = try #require(try await api.json(.get, "/api/v1/openapi.json").body)
            guard case .object(let paths)? = document["paths"] else {
                Issue.record("no paths")
                return
            }
            for (path, item) in paths {
                guard case .object(let methods) = item else { continue }
                for (method, operation) in methods {
                    #expect(operation["responses"]?["400"] != nil, "\(method) \(path)")
                }
            }
            let links = try #require(paths["/api/v1/persons"]?["post"]?["responses"]?["201"]?["links"])
            #expect(links["getPerson"]?["parameters"]?["path.id"]?.string == "$response.body#/id")
            #expect(links["updatePerson"]?["parameters"]?["header.If-Match"]?.string == "$response.header.ETag")
            #expect(links["restorePerson"]?["parameters"]?["path.version"]?.string == "$response.body#/version")
        }
    }
}
