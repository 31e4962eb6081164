import Foundation
import HTTPTypes
import NIOCore
import Testing
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsSecurity
import WhereaboutsServer
import WhereaboutsStore
import WhereaboutsTestSupport

/// A PDF's pages on its item's page, drawn on the server as PNG (decision 0038), tried as the attacker.
@Suite(
    "PDF previews in the browser", .enabled(if: TestPDF.popplerRuns, "poppler-utils is not installed; CI requires it"))
struct EvidencePDFPreviewWebTests {
    static func previewer() throws -> PDFPreviewer {
        try #require(TestPDF.previewer, "install poppler-utils (pdftoppm, pdfinfo)")
    }

    static func upload(_ browser: WebBrowser, source: String, _ bytes: [UInt8], _ name: String) async throws -> String {
        try #require(
            try await EvidenceWebTests.upload(browser, source: source, bytes: bytes, filename: name).location)
    }

    static func events(_ api: APIClient, _ location: String) async throws -> [String?] {
        let id = String(location.dropFirst("/evidence/".count))
        return try await api.json(.get, "/api/v1/evidence/\(id)/custody").body?["entries"]?.items.map {
            $0["event"]?.string
        } ?? []
    }

    @Test(
        "a PDF's page is shown as a PNG drawn on the server, labelled, with its pages to step through; the PDF itself is never served inline; each page drawn is a view in its custody"
    )
    func pdfPages() async throws {
        let previewer = try Self.previewer()
        try await withAuditedServer(pdfPreviewer: previewer) { api, _, accounts, audit in
            let (browser, source) = try await EvidenceWebTests.documenterAndSource(api, accounts)
            let location = try await Self.upload(
                browser, source: source, TestPDF.document(pages: 3, javaScript: true), "letter.pdf")
            let page = try await browser.get(location)
            #expect(page.status == .ok)
            #expect(page.html.contains("<img src=\"\(location)/preview?page=1\" alt=\"Page 1 of 3 of letter.pdf"))
            #expect(page.html.contains("<nav class=\"pager\" aria-label=\"Pages of the PDF\">"))
            #expect(page.html.contains("href=\"\(location)?page=2#preview\" rel=\"next\""))
            #expect(!page.html.contains("rel=\"prev\""))
            #expect(!page.html.contains("<embed") && !page.html.contains("<iframe") && !page.html.contains("<object"))

            let second = try await browser.get(location + "?page=2")
            #expect(second.html.contains("<img src=\"\(location)/preview?page=2\""))
            #expect(second.html.contains("rel=\"prev\"") && second.html.contains("rel=\"next\""))
            let past = try await browser.get(location + "?page=9")
            #expect(past.element("no-preview")?.contains("no such page") == true)

            let image = try await browser.get(location + "/preview?page=2")
            #expect(image.status == .ok)
            #expect(image.headers[.contentType] == "image/png")
            #expect(image.headers[.xContentTypeOptions] == "nosniff")
            #expect(image.headers[.contentSecurityPolicy] == "default-src 'none'; sandbox")
            #expect(image.headers[.cacheControl] == "no-store")
            #expect(image.bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            #expect(!image.html.contains("app.alert"))
            // The file itself only ever leaves as an attachment.
            let download = try await browser.get(location + "/download")
            #expect(download.headers[.contentType] == "application/octet-stream")
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment") == true)

            for bad in ["?page=0", "?page=4", "?page=-1", "?page=abc", "?page=100000000000000000000000"] {
                let answer = try await browser.get(location + "/preview" + bad)
                #expect(answer.status == .notFound, "\(bad)")
                #expect(answer.headers[.contentType]?.hasPrefix("text/html") == true)
            }
            // The three page views, the page drawn, the download and the page past the end (read, then found
            // missing by poppler) are in the custody; the other refusals read nothing and are not.
            #expect(
                try await Self.events(api, location) == ["intake", "view", "view", "view", "view", "download", "view"])
            #expect(try await audit.verify().isIntact)
        }
    }

    @Test(
        "HTML named x.pdf, garbage named .pdf, audio and video have no preview, say why, and are offered only as attachments; nothing of them is rendered"
    )
    func noPreviews() async throws {
        let previewer = try Self.previewer()
        try await withAuditedServer(pdfPreviewer: previewer) { api, _, accounts, _ in
            let (browser, source) = try await EvidenceWebTests.documenterAndSource(api, accounts)
            let files: [(String, [UInt8], String)] = [
                ("x.pdf", Array("<!doctype html><script>alert(1)</script>".utf8), "only images"),
                (
                    "garbage.pdf", Array("%PDF-1.7\n".utf8) + (0..<4_000).map { UInt8(truncatingIfNeeded: $0 &* 97) },
                    "cannot be read as a PDF"
                ),
                ("voice.mp3", Array("ID3".utf8) + [UInt8](repeating: 7, count: 500), "only images"),
                ("clip.webm", [0x1A, 0x45, 0xDF, 0xA3] + [UInt8](repeating: 1, count: 500), "only images"),
            ]
            for (name, bytes, why) in files {
                let location = try await Self.upload(browser, source: source, bytes, name)
                let page = try await browser.get(location)
                #expect(page.status == .ok, "\(name)")
                #expect(!page.html.contains("<img src="), "\(name)")
                #expect(
                    page.element("no-preview")?.contains(why) == true, "\(name): \(page.element("no-preview") ?? "")")
                #expect(page.html.contains("href=\"\(location)/download\""), "\(name)")
                let preview = try await browser.get(location + "/preview")
                #expect(preview.status == .notFound, "\(name)")
                #expect(!preview.html.contains("alert(1)"))
                let download = try await browser.get(location + "/download")
                #expect(download.headers[.contentDisposition]?.hasPrefix("attachment") == true, "\(name)")
                #expect(download.headers[.contentType] == "application/octet-stream", "\(name)")
                #expect(download.bytes == bytes)
            }
        }
    }

    @Test(
        "another desk and a viewer get, for a PDF's preview, the page a missing id gets; no session, a forged one and a signed-out one get what they get for any page; nothing reaches the custody"
    )
    func outsiders() async throws {
        let previewer = try Self.previewer()
        try await withAuditedServer(pdfPreviewer: previewer) { api, _, accounts, _ in
            _ = try await accounts.createCompartment(id: "other", name: "Another desk")
            let (owner, source) = try await EvidenceWebTests.documenterAndSource(api, accounts)
            let location = try await Self.upload(owner, source: source, TestPDF.document(pages: 2), "secret.pdf")
            let missing = "/evidence/ev000000000000000000000000"
            for (username, role, compartment) in [
                ("desk.other", Role.documenter, "other"), ("viewer", .viewer, "general"),
            ] {
                let browser = try await signedInBrowser(
                    api, accounts, username: username, role: role, compartments: [compartment]
                ).0
                for suffix in ["", "?page=2", "/preview", "/preview?page=2", "/download"] {
                    let hidden = try await browser.get(location + suffix)
                    let absent = try await browser.get(missing + suffix)
                    #expect(hidden.status == .notFound, "\(username) \(suffix)")
                    #expect(hidden.headers[.contentType] == absent.headers[.contentType])
                    #expect(hidden.html == absent.html, "\(username) \(suffix)")
                    #expect(!hidden.html.contains("secret.pdf"))
                }
            }

            // No session, a made-up one and one signed out answer as they do for the source's own page.
            let signedOut = try await signedInBrowser(api, accounts, username: "leaver", role: .documenter).0
            let oldCookie = try #require(signedOut.cookies["wh_session"])
            let home = try await signedOut.get("/")
            _ = try await signedOut.post("/sign-out", [("csrf", try #require(home.input("csrf")))])
            for cookie in [nil, "wh_session=forged-\(UUID())", "wh_session=\(oldCookie)"] {
                let get = { (path: String) in
                    try await api.client.execute(
                        uri: path, method: .get, headers: cookie.map { [.cookie: $0] } ?? [:], body: nil
                    ) { ($0.status, $0.headers[.location], String(buffer: $0.body)) }
                }
                let reference = try await get("/sources/\(source)")
                #expect(reference.0 != .ok)
                for suffix in ["/preview", "/preview?page=1"] {
                    let answer = try await get(location + suffix)
                    #expect(answer.0 == reference.0, "\(cookie ?? "none") \(suffix)")
                    #expect(answer.1?.split(separator: "?").first == reference.1?.split(separator: "?").first)
                    #expect(!answer.2.contains("PNG"))
                }
            }
            #expect(try await Self.events(api, location) == ["intake"])
        }
    }

    @Test(
        "a stored PDF altered on disk: its page still shows the item and says the copy does not match; its preview fails as its download does, with nothing drawn"
    )
    func damagedCopy() async throws {
        let previewer = try Self.previewer()
        try await withAuditedServer(pdfPreviewer: previewer) { api, store, accounts, _ in
            let (browser, source) = try await EvidenceWebTests.documenterAndSource(api, accounts)
            let location = try await Self.upload(browser, source: source, TestPDF.document(pages: 1), "letter.pdf")
            try await EvidenceTampering.flipByte(
                of: String(location.dropFirst("/evidence/".count)), at: 60, mask: 0x20, in: store.database)
            let page = try await browser.get(location)
            #expect(page.status == .ok)
            #expect(page.element("no-preview")?.contains("does not match the hashes taken at intake") == true)
            #expect(!page.html.contains("<img src="))
            let preview = try await browser.get(location + "/preview?page=1")
            let download = try await browser.get(location + "/download")
            #expect(preview.status == download.status && preview.status == .internalServerError)
            #expect(!preview.bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        }
    }

    @Test("the PDF preview speaks Korean and Japanese")
    func languages() async throws {
        let previewer = try Self.previewer()
        try await withAuditedServer(pdfPreviewer: previewer) { api, _, accounts, _ in
            let source = try await EvidenceAPITests.source(api)
            for (language, alt, next) in [
                ("ko", "letter.pdf의 2쪽 중 1쪽", "다음 쪽"), ("ja", "letter.pdf の 2 ページ中 1 ページ目", "次のページ"),
            ] {
                let browser = try await signedInBrowser(
                    api, accounts, username: "writer.\(language)", role: .documenter, language: language
                ).0
                let location = try await Self.upload(browser, source: source, TestPDF.document(pages: 2), "letter.pdf")
                let page = try await browser.get(location)
                #expect(page.html.contains(alt), "\(language)")
                #expect(page.html.contains(next), "\(language)")
            }
        }
    }
}
