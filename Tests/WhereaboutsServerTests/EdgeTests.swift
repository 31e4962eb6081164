import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WhereaboutsCore
import WhereaboutsServer
import WhereaboutsStore

@Suite("the edge: paths, media types, logs, metrics and the audit actor")
struct EdgeTests {
    static let event = #"{"title":"Planted by another site's form"}"#

    @Test("a session cookie never authorizes an API call, at //api/v1/… or any other spelling: nothing is created")
    func cookieNeverAuthorizesTheAPI() async throws {
        try await withServer { api, store, accounts in
            let (browser, _, _) = try await signedInBrowser(api, accounts, username: "cookie.doc", role: .documenter)
            let cookie = "wh_session=" + (try #require(browser.cookies["wh_session"]))
            let refusals: [(String, HTTPResponse.Status)] = [
                ("//api/v1/events", .badRequest), ("/api//v1/events", .badRequest), ("/api/v1/events/", .badRequest),
                ("/api/v1/./events", .badRequest), ("/api/v1/x/../events", .badRequest),
                ("/%2Fapi/v1/events", .badRequest), ("/api%2Fv1/events", .badRequest),
                ("/api/v1/events", .unauthorized),
            ]
            for (path, expected) in refusals {
                let response = try await api.client.execute(
                    uri: path, method: .post, headers: [.cookie: cookie, .contentType: "application/json"],
                    body: ByteBuffer(string: Self.event)
                ) { ($0.status, $0.headers[.contentType]) }
                #expect(response.0 == expected, "\(path)")
                #expect(response.1 == "application/problem+json", "\(path)")
            }
            #expect((try await store.counts(access: .operatorAccess))[.event] ?? 0 == 0)
            // The pages still work with the cookie, and the API with a token.
            #expect(try await browser.get("/").status == .ok)
            #expect(try await api.json(.get, "/api/v1/events").status == .ok)
        }
    }

    @Test("a JSON body must be sent as application/json: text/plain or a form answers 415 and creates nothing")
    func jsonNeedsItsMediaType() async throws {
        try await withServer { api, store in
            for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
                let refused = try await api.json(.post, "/api/v1/events", Self.event, headers: [.contentType: type])
                #expect(refused.status == .unsupportedMediaType, "\(type)")
                #expect(refused.body?["type"]?.string?.hasSuffix("unsupported-media-type") == true)
            }
            let parsed = try await api.send(
                .post, "/api/v1/dates/parse", ByteBuffer(string: #"{"text":"1977"}"#),
                headers: [.contentType: "text/plain;charset=utf-8"])
            #expect(parsed.status == .unsupportedMediaType)
            #expect((try await store.counts(access: .operatorAccess))[.event] ?? 0 == 0)
            let accepted = try await api.json(
                .post, "/api/v1/events", Self.event, headers: [.contentType: "Application/JSON; charset=utf-8"])
            #expect(accepted.status == .created)
            // Anonymous callers learn nothing about media types: 401 first.
            let anonymous = try await api.anonymous.json(
                .post, "/api/v1/events", Self.event, headers: [.contentType: "text/plain"])
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test("a set-up link's token never reaches the logs, whatever the request did")
    func setupTokensStayOutOfLogs() async throws {
        let logs = CapturedLogs()
        try await withServer(logger: logs.logger()) { api, _, accounts in
            let (_, link) = try await accounts.createAccount(
                username: "linked", role: .viewer, compartments: ["general"])
            let browser = WebBrowser(api.client)
            #expect(try await browser.get("/setup/" + link).status == .ok)
            _ = try await browser.post("/setup/" + link, [("csrf", "forged"), ("password", "x"), ("confirm", "x")])
            #expect(try await browser.get("/setup/" + link + "x").status == .notFound)
            #expect(try await browser.get("//setup/" + link).status == .badRequest)
            let text = logs.text
            #expect(text.contains("/setup/[redacted]"))
            #expect(!text.contains(String(link.prefix(12))))
        }
    }

    @Test("/metrics tells an anonymous scraper nothing about the records")
    func metricsCountNoRecords() async throws {
        try await withServer { api, _ in
            #expect(try await api.json(.post, "/api/v1/events", Self.event).status == .created)
            let scraped = try await api.anonymous.execute(uri: "/metrics", method: .get) {
                ($0.status, String(buffer: $0.body))
            }
            #expect(scraped.0 == .ok)
            #expect(!scraped.1.contains("whereabouts_records"))
            #expect(!scraped.1.contains("kind=\"event\""))
        }
    }

    @Test("a refused sign-in records the account's name or '(unknown)', never the text typed as a name")
    func refusedSignInActor() async throws {
        try await withAuditedServer { api, _, accounts, audit in
            _ = try await signedInBrowser(api, accounts, username: "actor.doc", role: .viewer)
            let anonymous = WebBrowser(api.client)
            let form = try await anonymous.get("/sign-in")
            let csrf = try #require(form.input("csrf"))
            // A password typed into the name field, then a wrong password for a real account.
            let typedSecret = "tidal orchard lantern 1977!"
            _ = try await anonymous.post("/sign-in", [("csrf", csrf), ("username", typedSecret), ("password", "x")])
            _ = try await anonymous.post("/sign-in", [("csrf", csrf), ("username", "nobody.here"), ("password", "x")])
            _ = try await anonymous.post("/sign-in", [("csrf", csrf), ("username", "Actor.Doc"), ("password", "x")])
            let failures = try await audit.entries(action: .signIn).filter { $0.event.outcome != .success }
            #expect(failures.map(\.event.actor).sorted() == ["(unknown)", "(unknown)", "actor.doc"])
            let everything = try await audit.entries(limit: 1000)
            #expect(
                everything.allSatisfy { !"\($0.event)".contains(typedSecret) && !"\($0.event)".contains("nobody.here") }
            )
        }
    }
}
