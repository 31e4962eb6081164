import Foundation
import HTTPTypes
import Testing
import WhereaboutsCore
import WhereaboutsSecurity
import WhereaboutsStore

@testable import WhereaboutsServer

/// Import and export in the browser (decision 0034).
@Suite("web interface: import and export")
struct TransferPageTests {
    static let header = "event_key,event_title,person_key,name,violation_type,source_title,source_type"

    static func upload(_ browser: WebBrowser, _ csv: String, csrf: String) async throws -> WebBrowser.Page {
        try await browser.postMultipart(
            "/transfers/import", [("csrf", csrf), ("compartment", "general")],
            file: (filename: "cases.csv", type: "text/csv", bytes: Array(csv.utf8)))
    }

    @Test("a case list with a bad row writes nothing and names the line and column; fixed, it imports, audited")
    func importCaseList() async throws {
        try await withAuditedServer { api, store, accounts, audit in
            let (browser, _, _) = try await signedInBrowser(api, accounts, username: "import.doc", role: .documenter)
            let page = try await browser.get("/transfers")
            #expect(page.status == .ok)
            #expect(!page.html.contains("/transfers/export.jsonl"))  // a documenter may not export
            let csrf = try #require(page.input("csrf"))
            let bad = [
                Self.header, "e1,Workers held at a logging camp,p1,Choi Min-ho,forced-labour,Returned worker,testimony",
                "e1,Workers held at a logging camp,p2,Han Song-il,no-such-type,Returned worker,testimony",
            ].joined(separator: "\n")
            let refused = try await Self.upload(browser, bad, csrf: csrf)
            #expect(refused.status == .unprocessableContent)
            let result = try #require(refused.element("import-result"))
            #expect(result.contains("<td>3</td><td>violation_type</td>"))
            #expect(try await store.counts(access: .operatorAccess).values.reduce(0, +) == 0)
            #expect(try await audit.entries(action: .import_).isEmpty)

            let imported = try await Self.upload(
                browser, bad.replacingOccurrences(of: "no-such-type", with: "forced-labour"), csrf: csrf)
            #expect(imported.status == .ok)
            #expect(try await store.counts(access: .operatorAccess)[.act] == 2)
            let entry = try #require(try await audit.entries(action: .import_).first)
            #expect(entry.event.actor == "import.doc" && entry.event.target == "cases.csv")
            #expect(entry.event.details["via"] == "web")

            let forged = try await Self.upload(browser, bad, csrf: "forged")
            #expect(forged.status == .forbidden)
            let (viewer, _, _) = try await signedInBrowser(api, accounts, username: "import.viewer", role: .viewer)
            #expect(try await viewer.get("/transfers").status == .forbidden)
            #expect(try await Self.upload(viewer, bad, csrf: "x").status == .forbidden)
        }
    }

    @Test("an export for a purpose leaves out sources whose consent does not cover it, and is audited")
    func export() async throws {
        try await withAuditedServer { api, store, accounts, audit in
            _ = try await api.json(
                .post, "/api/v1/sources",
                #"{"type": "testimony", "title": "Mother's account", "consent": {"scopes": ["internal-documentation"]}}"#
            )
            _ = try await api.json(.post, "/api/v1/events", #"{"title": "Taken at the border"}"#)
            let (analyst, _, _) = try await signedInBrowser(api, accounts, username: "export.analyst", role: .analyst)
            let page = try await analyst.get("/transfers")
            let csrf = try #require(page.input("csrf"))
            let inside = try await analyst.post("/transfers/export.jsonl", [("csrf", csrf), ("purpose", "internal")])
            #expect(inside.status == .ok)
            #expect(inside.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            #expect(inside.html.contains("Mother's account") && inside.html.contains("Taken at the border"))
            let un = try await analyst.post("/transfers/export.jsonl", [("csrf", csrf), ("purpose", "un")])
            #expect(un.status == .ok)
            #expect(!un.html.contains("Mother's account") && un.html.contains("Taken at the border"))
            let entries = try await audit.entries(action: .export)
            #expect(entries.count == 2)
            #expect(
                entries.first?.event.details["purpose"] == "un"
                    && entries.first?.event.details["withheldSources"] == "1")
            #expect(entries.first?.event.actor == "export.analyst")
            #expect(try await analyst.post("/transfers/export.jsonl", [("purpose", "internal")]).status == .forbidden)
            let (documenter, _, _) = try await signedInBrowser(api, accounts, username: "export.doc", role: .documenter)
            let own = try await documenter.get("/transfers")
            #expect(
                try await documenter.post("/transfers/export.csv", [("csrf", try #require(own.input("csrf")))]).status
                    == .forbidden)
            _ = store
        }
    }
}
