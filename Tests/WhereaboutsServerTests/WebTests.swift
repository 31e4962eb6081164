import Foundation
import HTTPTypes
import Testing
import WhereaboutsCore
import WhereaboutsSecurity
import WhereaboutsServer
import WhereaboutsStore

/// Signs a new account in through the web: its set-up link, a password, and (for roles that need
/// one) a second factor. Returns the browser holding the session, the code that confirmed the second
/// factor (so a test can replay exactly that code) and the recovery codes.
func signedInBrowser(
    _ api: APIClient, _ accounts: AccountStore, username: String, role: Role, compartments: [String] = ["general"],
    language: String? = nil
) async throws -> (WebBrowser, confirmedCode: String?, recoveryCodes: [String]) {
    let (_, token) = try await accounts.createAccount(username: username, role: role, compartments: compartments)
    let browser = WebBrowser(api.client, language: language)
    let setup = try await browser.get("/setup/" + token)
    #expect(setup.status == .ok)
    let csrf = try #require(setup.input("csrf"))
    let done = try await browser.post(
        "/setup/" + token, [("csrf", csrf), ("password", WebTests.password), ("confirm", WebTests.password)])
    #expect(done.status == .seeOther)
    guard role.defaultPermissions.requiresSecondFactor else {
        #expect(done.location == "/")
        return (browser, nil, [])
    }
    #expect(done.location == "/account/second-factor")
    let enrol = try await browser.get("/account/second-factor")
    let key = try #require(enrol.element("totp-key"))
    let secret = String(decoding: WebTests.base32Decode(key), as: UTF8.self)
    let code = TwoFactor(secret: secret).code(at: Date())
    let confirmed = try await browser.post(
        "/account/second-factor",
        [("csrf", try #require(enrol.input("csrf"))), ("code", code)])
    #expect(confirmed.status == .ok, "second factor not accepted")
    let codes = confirmed.items("recovery-codes")
    #expect(codes.count == 10)
    return (browser, code, codes)
}

@Suite("web interface")
struct WebTests {
    static let password = "tidal orchard lantern 1977"

    static func base32Decode(_ text: String) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var buffer = 0
        var bits = 0
        var bytes: [UInt8] = []
        for character in text {
            guard let value = alphabet.firstIndex(of: character) else { continue }
            buffer = buffer << 5 | value
            bits += 5
            if bits >= 8 {
                bytes.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return bytes
    }

    @Test("pages need a session, and the sign-in page speaks the browser's language")
    func anonymous() async throws {
        try await withServer { api, _ in
            let browser = WebBrowser(api.client, language: "ko-KR,ko;q=0.9,en;q=0.5")
            let home = try await browser.get("/")
            #expect(home.status == .seeOther)
            #expect(home.location == "/sign-in")
            let signIn = try await browser.get("/sign-in")
            #expect(signIn.html.contains("<html lang=\"ko\">"))
            #expect(signIn.html.contains("로그인"))
            #expect(signIn.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(signIn.headers[.contentSecurityPolicy]?.contains("script-src") == false)
            #expect(browser.cookies["wh_pre"] != nil)
            let japanese = try await WebBrowser(api.client, language: "ja").get("/sign-in")
            #expect(japanese.html.contains("<html lang=\"ja\">"))
            #expect(try await WebBrowser(api.client).get("/search").location == "/sign-in")
        }
    }

    @Test("set-up, second factor, sign-out and sign-in again; a replayed code is refused, a recovery code works once")
    func signInWithSecondFactor() async throws {
        try await withServer { api, _, accounts in
            let (browser, confirmedCode, codes) = try await signedInBrowser(
                api, accounts, username: "kim.documenter", role: .documenter)
            let dashboard = try await browser.get("/")
            #expect(dashboard.status == .ok)
            #expect(dashboard.html.contains("kim.documenter"))
            _ = try await browser.post("/sign-out", [("csrf", try #require(dashboard.input("csrf")))])
            #expect(try await browser.get("/").location == "/sign-in")

            let form = try await browser.get("/sign-in")
            let wrong = try await browser.post(
                "/sign-in",
                [
                    ("csrf", try #require(form.input("csrf"))), ("username", "kim.documenter"),
                    ("password", "not it at all"),
                ])
            #expect(wrong.status == .unauthorized)
            let unknown = try await browser.post(
                "/sign-in",
                [
                    ("csrf", try #require(form.input("csrf"))), ("username", "nobody.here"),
                    ("password", "not it at all"),
                ])
            #expect(unknown.status == .unauthorized)
            #expect(wrong.element("main")?.contains("wrong") == unknown.element("main")?.contains("wrong"))

            let accepted = try await browser.post(
                "/sign-in",
                [
                    ("csrf", try #require(form.input("csrf"))), ("username", "kim.documenter"),
                    ("password", Self.password),
                ])
            #expect(accepted.location == "/sign-in/code")
            #expect(try await browser.get("/").location == "/sign-in", "no pages before the second factor")
            let codePage = try await browser.get("/sign-in/code")
            let csrf = try #require(codePage.input("csrf"))
            // The very code that confirmed the second factor must not work again (whatever step it is now).
            let replay = try await browser.post(
                "/sign-in/code", [("csrf", csrf), ("code", try #require(confirmedCode))])
            #expect(replay.status == .unauthorized)
            let recovered = try await browser.post("/sign-in/code", [("csrf", csrf), ("code", codes[0].uppercased())])
            #expect(recovered.location == "/")
            #expect(try await browser.get("/").status == .ok)
            // The recovery code is used up.
            let again = try await browser.get("/")
            _ = try await browser.post("/sign-out", [("csrf", try #require(again.input("csrf")))])
            let form2 = try await browser.get("/sign-in")
            _ = try await browser.post(
                "/sign-in",
                [
                    ("csrf", try #require(form2.input("csrf"))), ("username", "kim.documenter"),
                    ("password", Self.password),
                ])
            let code2 = try await browser.get("/sign-in/code")
            let reused = try await browser.post(
                "/sign-in/code", [("csrf", try #require(code2.input("csrf"))), ("code", codes[0])])
            #expect(reused.status == .unauthorized)
        }
    }

    @Test(
        "a documenter records an event with a victim in Hangul and romanisation, found by Korean and Japanese queries")
    func recordAndFind() async throws {
        try await withServer { api, _, accounts in
            let (browser, _, _) = try await signedInBrowser(
                api, accounts, username: "lee.documenter", role: .documenter)
            let form = try await browser.get("/events/new")
            #expect(form.status == .ok)
            let saved = try await browser.post(
                "/events/new",
                [
                    ("csrf", try #require(form.input("csrf"))), ("title", "新潟の海岸での拉致 (abduction on the Niigata coast)"),
                    ("description", "어선에서 납치되었다는 증언"), ("date", "昭和52年11月"), ("country", "jp"),
                    ("locality", "新潟"), ("compartment", "general"), ("victimName", "김영희"),
                    ("victimLatin", "Kim Young-hee"), ("romanisation", "revised-romanisation"),
                    ("violationType", "abduction"), ("fate", "missing"),
                ])
            #expect(saved.status == .seeOther, "\(saved.html.prefix(2000))")
            let eventPath = try #require(saved.location)
            let event = try await browser.get(eventPath)
            #expect(event.html.contains("김영희"))
            #expect(
                event.html.contains("昭和52年11月 (November 1977)"),
                "the Shōwa year is kept as stated, beside its Gregorian month")

            let korean = try await browser.get("/search?q=" + WebBrowser.encode("김영희"))
            #expect(korean.element("results")?.contains("김영희") == true)
            let japanese = try await browser.get("/search?q=" + WebBrowser.encode("拉致"))
            #expect(japanese.element("results")?.contains("新潟の海岸での拉致") == true)
            let shortKorean = try await browser.get("/search?q=" + WebBrowser.encode("납치"))
            #expect(shortKorean.element("results")?.contains("新潟") == true)
            let bySowa = try await browser.get(
                "/search?kind=event&from=" + WebBrowser.encode("昭和52年") + "&to=" + WebBrowser.encode("주체66년"))
            #expect(bySowa.element("results")?.contains("新潟") == true)
        }
    }

    @Test(
        "bad input: a missing or forged CSRF token, an unreadable date, over-long and script-bearing fields change nothing or stay inert"
    )
    func badInput() async throws {
        try await withServer { api, store, accounts in
            let (browser, _, _) = try await signedInBrowser(
                api, accounts, username: "park.documenter", role: .documenter)
            let form = try await browser.get("/events/new")
            let csrf = try #require(form.input("csrf"))
            let forged = try await browser.post(
                "/events/new", [("csrf", "forged"), ("title", "Forged"), ("compartment", "general")])
            #expect(forged.status == .forbidden)
            let missing = try await browser.post("/events/new", [("title", "No token"), ("compartment", "general")])
            #expect(missing.status == .forbidden)
            let undated = try await browser.post(
                "/events/new",
                [("csrf", csrf), ("title", "Dated oddly"), ("date", "the day after never"), ("compartment", "general")])
            #expect(undated.status == .unprocessableContent)
            #expect(undated.html.contains("aria-invalid=\"true\""))
            #expect(undated.element("date-error") != nil)
            let long = try await browser.post(
                "/events/new",
                [("csrf", csrf), ("title", String(repeating: "가", count: 600)), ("compartment", "general")])
            #expect(long.status == .unprocessableContent)
            #expect(try await store.counts(access: .operatorAccess).isEmpty, "nothing was written")

            let script = "<script>alert('x')</script><img src=x onerror=alert(1)>"
            let saved = try await browser.post(
                "/events/new",
                [
                    ("csrf", csrf), ("title", script), ("description", script), ("compartment", "general"),
                    ("victimName", script), ("violationType", "abduction"),
                ])
            #expect(saved.status == .seeOther)
            let page = try await browser.get(try #require(saved.location))
            #expect(!page.html.contains("<script>"))
            #expect(!page.html.contains("<img src=x"))
            #expect(page.html.contains("&lt;script&gt;"))
            let search = try await browser.get("/search?q=" + WebBrowser.encode(script))
            #expect(!search.html.contains("<script>alert"))
            #expect(try await browser.get("/events/not-an-id").status == .notFound)
            #expect(try await browser.get("/events/../admin/users").status != .ok)
        }
    }

    @Test("a viewer sees pseudonyms; a documenter outside the compartment finds nothing and is refused the page")
    func compartmentsAndPseudonyms() async throws {
        try await withServer { api, store, accounts in
            _ = try await accounts.createCompartment(id: "russia", name: "Overseas workers — Russia")
            let (writer, _, _) = try await signedInBrowser(
                api, accounts, username: "choi.documenter", role: .documenter)
            let form = try await writer.get("/events/new")
            let saved = try await writer.post(
                "/events/new",
                [
                    ("csrf", try #require(form.input("csrf"))), ("title", "Abduction in Chongjin"),
                    ("compartment", "general"),
                    ("victimName", "박정희"), ("violationType", "abduction"),
                ])
            let eventPath = try #require(saved.location)
            let event = try await writer.get(eventPath)
            let personPath = try #require(
                event.html.components(separatedBy: "href=\"/persons/").dropFirst().first.map {
                    "/persons/" + $0.prefix { $0 != "\"" }
                })

            let (viewer, _, _) = try await signedInBrowser(api, accounts, username: "viewer.one", role: .viewer)
            let seen = try await viewer.get(personPath)
            #expect(seen.status == .ok)
            #expect(!seen.html.contains("박정희"))
            #expect(seen.html.contains("P-"))
            #expect(!(try await viewer.get(eventPath).html.contains("박정희")))
            #expect(try await viewer.get("/events/new").status == .forbidden)
            #expect(try await viewer.get("/admin/users").status == .forbidden)

            let (outsider, _, _) = try await signedInBrowser(
                api, accounts, username: "outsider", role: .documenter, compartments: ["russia"])
            #expect(try await outsider.get(eventPath).status == .notFound)
            #expect(try await outsider.get(personPath).status == .notFound)
            let search = try await outsider.get("/search?q=" + WebBrowser.encode("Chongjin"))
            #expect(search.element("results") == nil)
            let dashboard = try await outsider.get("/")
            #expect(!dashboard.html.contains("Chongjin"))
            _ = store
        }
    }

    @Test("the language chosen is kept for the account")
    func language() async throws {
        try await withServer { api, _, accounts in
            let (browser, _, _) = try await signedInBrowser(api, accounts, username: "viewer.two", role: .viewer)
            let page = try await browser.get("/")
            let switched = try await browser.post(
                "/account/language",
                [("csrf", try #require(page.input("csrf"))), ("language", "ja"), ("back", "/search")])
            #expect(switched.location == "/search")
            let japanese = try await browser.get("/search")
            #expect(japanese.html.contains("<html lang=\"ja\">"))
            #expect(japanese.html.contains("検索"))
            #expect(try await accounts.account(username: "viewer.two")?.language == "ja")
        }
    }

    @Test("an administrator adds a user, who gets a one-time set-up link")
    func administration() async throws {
        try await withServer { api, _, accounts in
            let (admin, _, _) = try await signedInBrowser(api, accounts, username: "root.admin", role: .administrator)
            let page = try await admin.get("/admin/users")
            #expect(page.status == .ok)
            let added = try await admin.post(
                "/admin/users",
                [
                    ("csrf", try #require(page.input("csrf"))), ("username", "new.analyst"), ("role", "analyst"),
                    ("compartment", "general"),
                ])
            #expect(added.status == .created)
            let link = try #require(added.element("setup-link"))
            #expect(link.contains("/setup/"))
            let token = String(try #require(link.components(separatedBy: "/setup/").last))
            #expect(try await accounts.accountForSetupLink(token)?.username == "new.analyst")
            let compartments = try await admin.get("/admin/compartments")
            _ = try await admin.post(
                "/admin/compartments",
                [("csrf", try #require(compartments.input("csrf"))), ("id", "japan"), ("name", "Japan abductions")])
            #expect(try await accounts.compartments().map(\.id).contains("japan"))
        }
    }
}

@Suite("web interface: freshness")
struct WebFreshnessTests {
    @Test("a page seen before shows a change at once, whoever made it")
    func freshAfterChange() async throws {
        try await withServer { api, store, accounts in
            let (browser, _, _) = try await signedInBrowser(api, accounts, username: "fresh.doc", role: .documenter)
            let created = try await api.json(.post, "/api/v1/events", #"{"title": "First title"}"#)
            let id = try #require(created.body?["id"]?.string)
            #expect(try await browser.get("/events/" + id).html.contains("First title"))
            let before = try await store.generation()
            let updated = try await api.json(
                .put, "/api/v1/events/" + id, #"{"title": "Second title"}"#, headers: [.ifMatch: "\"1\""])
            #expect(updated.status == .ok)
            #expect(try await store.generation() > before)
            let page = try await browser.get("/events/" + id)
            #expect(page.html.contains("Second title"))
            #expect(!page.html.contains("First title"))
            // Moving it out of the reader's compartment hides it at once too.
            _ = try await accounts.createCompartment(id: "elsewhere", name: "Elsewhere")
            try await store.setHomeCompartments(RecordID(id)!, to: ["elsewhere"], access: .operatorAccess)
            #expect(try await browser.get("/events/" + id).status == .notFound)
        }
    }
}

@Suite("web interface: logs")
struct WebLogTests {
    @Test("refused sign-ins and forged forms are in the logs, and no password or token is")
    func logged() async throws {
        let logs = CapturedLogs()
        try await withServer(logger: logs.logger()) { api, _, accounts in
            let (browser, _, _) = try await signedInBrowser(api, accounts, username: "log.doc", role: .documenter)
            _ = try await browser.post("/events/new", [("csrf", "forged"), ("title", "x"), ("compartment", "general")])
            let anonymous = WebBrowser(api.client)
            let form = try await anonymous.get("/sign-in")
            _ = try await anonymous.post(
                "/sign-in",
                [
                    ("csrf", try #require(form.input("csrf"))), ("username", "log.doc"),
                    ("password", "wrong secret words"),
                ])
            let text = logs.text
            #expect(text.contains("missing or forged CSRF token"))
            #expect(text.contains("sign-in refused"))
            #expect(!text.contains("wrong secret words"))
            #expect(!text.contains(WebTests.password))
            #expect(!text.contains(try #require(browser.cookies["wh_session"])))
        }
    }
}

@Suite("web interface: account")
struct WebAccountTests {
    @Test("a token made on the account page works on the API until it is revoked; sign-out everywhere ends the session")
    func tokens() async throws {
        try await withServer { api, _, accounts in
            let (browser, _, _) = try await signedInBrowser(api, accounts, username: "token.doc", role: .documenter)
            let page = try await browser.get("/account")
            #expect(page.status == .ok)
            let made = try await browser.post(
                "/account/tokens",
                [
                    ("csrf", try #require(page.input("csrf"))), ("name", "nightly script"), ("days", "7"),
                    ("permission", "read-records"), ("password", WebTests.password),
                    ("code", try await freshCode(accounts, "token.doc")),
                ])
            #expect(made.status == .created)
            let token = try #require(made.element("new-token"))
            let reader = api.with(token: token)
            #expect(try await reader.json(.get, "/api/v1/events").status == .ok)
            #expect(try await reader.json(.post, "/api/v1/events", #"{"title": "x"}"#).status == .forbidden)
            let id = try #require(made.input("revoke"))
            _ = try await browser.post("/account/tokens", [("csrf", try #require(made.input("csrf"))), ("revoke", id)])
            #expect(try await reader.json(.get, "/api/v1/events").status == .unauthorized)
            let again = try await browser.get("/account")
            _ = try await browser.post("/sign-out/everywhere", [("csrf", try #require(again.input("csrf")))])
            #expect(try await browser.get("/account").location == "/sign-in")
        }
    }
}

@Suite("web interface: person form")
struct WebPersonFormTests {
    @Test("a documenter adds a name form and a fate entry; a bad date or a stale version changes nothing")
    func editPerson() async throws {
        try await withServer { api, store, accounts in
            let created = try await api.json(
                .post, "/api/v1/persons", #"{"names": [{"full": "이정숙"}], "roles": ["victim"]}"#)
            let id = try #require(created.body?["id"]?.string)
            let (browser, _, _) = try await signedInBrowser(api, accounts, username: "person.doc", role: .documenter)
            let form = try await browser.get("/persons/\(id)/edit")
            #expect(form.status == .ok)
            let csrf = try #require(form.input("csrf"))
            let bad = try await browser.post(
                "/persons/\(id)/edit",
                [("csrf", csrf), ("version", "1"), ("birthDate", "some day"), ("role", "victim")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.element("birthDate-error") != nil)
            let saved = try await browser.post(
                "/persons/\(id)/edit",
                [
                    ("csrf", csrf), ("version", "1"), ("newName", "李貞淑"), ("newNameLanguage", "ja"), ("sex", "female"),
                    ("birthDate", "음력 1950년 3월 5일"), ("nationalities", "kr, jp"), ("role", "victim"),
                    ("fateStatus", "detained-location-unknown"), ("fateDate", "주체66년"), ("fatePlace", "평양"),
                ])
            #expect(saved.status == .seeOther)
            let stored = try #require(try await store.get(RecordID(id)!, access: .operatorAccess).body(as: Person.self))
            #expect(stored.names.map(\.full) == ["이정숙", "李貞淑"])
            #expect(stored.names[1].script == .kanji || stored.names[1].script == .hanja)
            #expect(stored.nationalities == ["KR", "JP"])
            #expect(stored.fate.first?.date?.from.year == 1977)
            #expect(stored.birthDate?.calendar == .lunar)
            let page = try await browser.get("/persons/\(id)")
            #expect(page.html.contains("李貞淑"))
            let stale = try await browser.post(
                "/persons/\(id)/edit",
                [("csrf", csrf), ("version", "1"), ("newName", "Lee Jung-sook"), ("role", "victim")])
            #expect(stale.status == .conflict)
            #expect(try await store.get(RecordID(id)!, access: .operatorAccess).version == 2)
            let (viewer, _, _) = try await signedInBrowser(api, accounts, username: "person.viewer", role: .viewer)
            #expect(try await viewer.get("/persons/\(id)/edit").status == .forbidden)
        }
    }
}

@Suite("web interface: audit")
struct WebAuditTests {
    @Test("sign-ins (failed and successful), set-up, account changes and tokens are in the audit log, which verifies")
    func audited() async throws {
        try await withAuditedServer { api, _, accounts, audit in
            let (admin, _, _) = try await signedInBrowser(api, accounts, username: "audit.admin", role: .administrator)
            let anonymous = WebBrowser(api.client)
            let form = try await anonymous.get("/sign-in")
            _ = try await anonymous.post(
                "/sign-in",
                [("csrf", try #require(form.input("csrf"))), ("username", "audit.admin"), ("password", "no")])
            let users = try await admin.get("/admin/users")
            #expect(users.status == .ok)
            let added = try await admin.post(
                "/admin/users",
                [
                    ("csrf", try #require(users.input("csrf"))), ("username", "audited.new"), ("role", "viewer"),
                    ("compartment", "general"),
                ])
            #expect(added.status == .created, "\(added.html.prefix(3000))")
            let entries = try await audit.entries()
            let actions = entries.map { "\($0.event.action.rawValue):\($0.event.outcome.rawValue)" }
            #expect(actions.contains("account-set-up:success"))
            #expect(actions.contains("second-factor-set-up:success"))
            #expect(actions.contains("sign-in:failure"))
            #expect(actions.contains("account-created:success"))
            #expect(entries.first { $0.event.action == .accountCreated }?.event.target == "audited.new")
            #expect(entries.allSatisfy { !$0.event.details.values.contains(WebTests.password) })
            #expect(try await audit.verify().isIntact)
            let page = try await admin.get("/admin/audit?action=account-created")
            #expect(page.status == .ok)
            #expect(page.element("audit-entries")?.contains("audited.new") == true)
            #expect(page.element("audit-entries")?.contains("second factor set up") == false)
            let all = try await admin.get("/admin/audit")
            #expect(all.element("audit-entries")?.contains("second factor set up") == true)
        }
    }
}
