import Foundation
import HTTPTypes
import Testing
import WhereaboutsSecurity
import WhereaboutsServer
import WhereaboutsStore

/// A code from `username`'s authenticator that has not been used yet: the next time step's (within
/// the one-step drift every code is accepted with, and after the step the set-up used).
func freshCode(_ accounts: AccountStore, _ username: String) async throws -> String {
    let account = try #require(try await accounts.account(username: username))
    let secret = try #require(try await accounts.totpSecret(userID: account.id, confirmed: true))
    return TwoFactor(secret: secret).code(at: Date().addingTimeInterval(30))
}

@Suite("web interface: step-up")
struct StepUpWebTests {
    @Test("a viewer promoted to see identities while signed in loses that session and meets the second factor")
    func promotionEndsTheSession() async throws {
        try await withServer { api, _, accounts in
            let (viewer, _, _) = try await signedInBrowser(api, accounts, username: "promoted.viewer", role: .viewer)
            #expect(try await viewer.get("/").status == .ok)
            let (admin, _, _) = try await signedInBrowser(
                api, accounts, username: "promoting.admin", role: .administrator)
            let users = try await admin.get("/admin/users")
            let id = try #require(try await accounts.account(username: "promoted.viewer")).id
            let saved = try await admin.post(
                "/admin/users/" + id,
                [
                    ("csrf", try #require(users.input("csrf"))), ("role", "documenter"),
                    ("permission", "read-records"), ("permission", "write-records"),
                    ("permission", "see-identities"), ("compartment", "general"),
                ])
            #expect(saved.status == .seeOther)
            #expect(try await accounts.account(id: id)?.permissions.contains(.seeIdentities) == true)
            // The cookie signed in with a password alone must not now show names.
            #expect(try await viewer.get("/").location == "/sign-in")
            // Signing in again asks for the second factor the new access needs before any page.
            let form = try await viewer.get("/sign-in")
            let again = try await viewer.post(
                "/sign-in",
                [
                    ("csrf", try #require(form.input("csrf"))), ("username", "promoted.viewer"),
                    ("password", WebTests.password),
                ])
            #expect(again.location == "/account/second-factor")
            #expect(try await viewer.get("/").location == "/sign-in")
            // The administrator's own session is untouched.
            #expect(try await admin.get("/admin/users").status == .ok)
        }
    }

    @Test("sign-out everywhere revokes the account's API tokens too, and says so in every language")
    func signOutEverywhereRevokesTokens() async throws {
        try await withServer { api, _, accounts in
            let (browser, _, _) = try await signedInBrowser(
                api, accounts, username: "everywhere.doc", role: .documenter)
            let account = try #require(try await accounts.account(username: "everywhere.doc"))
            let token = try await accounts.createToken(
                userID: account.id, name: "laptop script", permissions: [.readRecords], lifetime: 3600)
            let script = api.with(token: token)
            #expect(try await script.json(.get, "/api/v1/events").status == .ok)
            let page = try await browser.get("/account")
            #expect(page.element("sign-out-everywhere-hint")?.contains("API tokens") == true)
            _ = try await browser.post("/sign-out/everywhere", [("csrf", try #require(page.input("csrf")))])
            #expect(try await browser.get("/account").location == "/sign-in")
            #expect(try await script.json(.get, "/api/v1/events").status == .unauthorized, "a copied token must stop")
            #expect(Localizer(.ko)[.signOutEverywhere].contains("토큰"))
            #expect(Localizer(.ja)[.signOutEverywhere].contains("トークン"))
            #expect(Localizer(.ko)[.signOutEverywhereHint].contains("토큰"))
            #expect(Localizer(.ja)[.signOutEverywhereHint].contains("トークン"))
        }
    }

    @Test("a session alone cannot mint a token: the password and a fresh code are asked again")
    func mintingNeedsStepUp() async throws {
        try await withServer { api, _, accounts in
            let (browser, confirmedCode, _) = try await signedInBrowser(
                api, accounts, username: "mint.doc", role: .documenter)
            let account = try #require(try await accounts.account(username: "mint.doc"))
            let page = try await browser.get("/account")
            #expect(page.html.contains("name=\"password\""))
            #expect(page.html.contains("name=\"code\""))
            let csrf = try #require(page.input("csrf"))
            let request: [(String, String)] = [
                ("csrf", csrf), ("name", "with a stolen cookie"), ("days", "366"), ("permission", "read-records"),
                ("permission", "see-identities"),
            ]
            let code = try await freshCode(accounts, "mint.doc")
            let bare = try await browser.post("/account/tokens", request)
            #expect(bare.status == .unauthorized)
            let wrongPassword = try await browser.post(
                "/account/tokens", request + [("password", "a guess"), ("code", code)])
            #expect(wrongPassword.status == .unauthorized)
            let replayed = try await browser.post(
                "/account/tokens", request + [("password", WebTests.password), ("code", try #require(confirmedCode))])
            #expect(replayed.status == .unauthorized)
            #expect(try await accounts.tokens(userID: account.id).isEmpty, "no token without step-up")

            let made = try await browser.post(
                "/account/tokens", request + [("password", WebTests.password), ("code", code)])
            #expect(made.status == .created)
            let token = try #require(made.element("new-token"))
            #expect(try await api.with(token: token).json(.get, "/api/v1/events").status == .ok)
            // The same code does not mint a second token.
            let again = try await browser.post(
                "/account/tokens", request + [("password", WebTests.password), ("code", code)])
            #expect(again.status == .unauthorized)
            #expect(try await accounts.tokens(userID: account.id).count == 1)
        }
    }

    @Test("an account without a second factor is told to set one up before making tokens")
    func mintingNeedsASecondFactor() async throws {
        try await withServer { api, _, accounts in
            let (viewer, _, _) = try await signedInBrowser(api, accounts, username: "mint.viewer", role: .viewer)
            let page = try await viewer.get("/account")
            #expect(!page.html.contains("name=\"code\""))
            #expect(page.html.contains("/account/second-factor"))
            let refused = try await viewer.post(
                "/account/tokens",
                [
                    ("csrf", try #require(page.input("csrf"))), ("name", "x"), ("permission", "read-records"),
                    ("password", WebTests.password), ("code", "123456"),
                ])
            #expect(refused.status == .forbidden)
            let account = try #require(try await accounts.account(username: "mint.viewer"))
            #expect(try await accounts.tokens(userID: account.id).isEmpty)
        }
    }
}
