import Crypto
import Foundation
import HTTPTypes
import NIOCore
import Testing
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsSecurity
import WhereaboutsServer
import WhereaboutsStore

@Suite("evidence in the browser")
struct EvidenceWebTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array("IHDR fake image\r\n--".utf8)

    /// A documenter's browser in `compartment`, and a new source (made by the administrator, in `general`).
    static func documenterAndSource(
        _ api: APIClient, _ accounts: AccountStore, username: String = "kim.documenter",
        compartment: String = "general"
    ) async throws -> (WebBrowser, source: String) {
        let browser = try await signedInBrowser(
            api, accounts, username: username, role: .documenter, compartments: [compartment]
        ).0
        return (browser, try await EvidenceAPITests.source(api))
    }

    /// Uploads `bytes` through the source page's form as a browser would; the answer.
    static func upload(
        _ browser: WebBrowser, source: String, bytes: [UInt8], filename: String = "letter.png",
        fields extra: [(String, String)] = [], csrf: String? = nil
    ) async throws -> WebBrowser.Page {
        let page = try await browser.get("/sources/\(source)")
        let token = try csrf ?? #require(page.input("csrf"))
        return try await browser.postMultipart(
            "/sources/\(source)/evidence", [("csrf", token)] + extra, file: (filename, "image/png", bytes))
    }

    static func items(_ api: APIClient, on source: String) async throws -> [JSONValue] {
        try await api.json(.get, "/api/v1/sources/\(source)/evidence").body?["items"]?.items ?? []
    }

    @Test(
        "a writer uploads a file on a source's page; its page shows the hashes, capture as stated, the record and the custody chain"
    )
    func uploadAndItemPage() async throws {
        try await withServer { api, _, accounts in
            let (browser, source) = try await Self.documenterAndSource(api, accounts)
            let page = try await browser.get("/sources/\(source)")
            #expect(page.html.contains("enctype=\"multipart/form-data\""))
            #expect(page.html.contains("action=\"/sources/\(source)/evidence\""))
            let bytes = Self.png + (0..<3_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            let answer = try await Self.upload(
                browser, source: source, bytes: bytes, filename: "편지 사진.png",
                fields: [
                    ("note", "Handed over by the family in Seoul"), ("capture-captured-at", "2024-03-01 14:20 KST"),
                    ("capture-device", "Pixel 7"), ("capture-place", ""),
                ])
            #expect(answer.status == .seeOther)
            let location = try #require(answer.location)
            #expect(location.hasPrefix("/evidence/ev"))

            let item = try await browser.get(location)
            #expect(item.status == .ok)
            #expect(item.element("sha256") == SHA256.hash(data: bytes).hex)
            #expect(item.element("sha512") == SHA512.hash(data: bytes).hex)
            // This server has no timestamp authority: the page says the item waits for one.
            #expect(item.element("timestamp")?.hasPrefix("Not timestamped yet") == true)
            #expect(item.html.contains("편지 사진.png"))
            #expect(item.html.contains("image/png"))
            #expect(item.html.contains("<dt>When it was captured</dt><dd>2024-03-01 14:20 KST</dd>"))
            #expect(item.html.contains("<dt>Device</dt><dd>Pixel 7</dd>"))
            #expect(!item.html.contains("<dt>Where</dt>"), "a blank capture field is not kept")
            #expect(item.html.contains("href=\"/sources/\(source)\">Statement</a>"))
            #expect(item.html.contains("<img src=\"\(location)/preview\""))
            #expect(item.html.contains("href=\"\(location)/download\""))
            let chain = try #require(item.element("custody-chain"))
            #expect(chain.contains("taken in") && chain.contains("viewed") && chain.contains("kim.documenter"))
            #expect(chain.contains("Handed over by the family in Seoul"))

            // The API sees the same item, and the page view in its custody.
            let id = String(location.dropFirst("/evidence/".count))
            let custody = try await api.json(.get, "/api/v1/evidence/\(id)/custody")
            #expect(custody.body?["entries"]?.items.map { $0["event"]?.string } == ["intake", "view"])
            #expect(custody.body?["item"]?["capture"]?["device"]?.string == "Pixel 7")
            // The source's page lists it, linked to its page.
            #expect(try await browser.get("/sources/\(source)").html.contains("href=\"\(location)\""))
        }
    }

    @Test("over a real connection, a file of several frames streams in through the form whole")
    func liveUpload() async throws {
        try await withServer(.live) { api, _, accounts in
            let (browser, source) = try await Self.documenterAndSource(api, accounts)
            let bytes = (0..<(3 << 20) + 4_321).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
            let answer = try await Self.upload(browser, source: source, bytes: bytes, filename: "recording.bin")
            #expect(answer.status == .seeOther)
            let items = try await Self.items(api, on: source)
            #expect(items.first?["sha256"]?.string == SHA256.hash(data: bytes).hex)
            #expect(items.first?["size"]?.int == bytes.count)
        }
    }

    @Test(
        "a viewer is refused, another desk gets the page a missing record gets, a post without the session's token is refused; nothing is kept"
    )
    func refusedUploads() async throws {
        try await withServer { api, _, accounts in
            _ = try await accounts.createCompartment(id: "other", name: "Another desk")
            let (writer, source) = try await Self.documenterAndSource(api, accounts)
            let viewer = try await signedInBrowser(api, accounts, username: "viewer", role: .viewer).0
            let viewerPage = try await viewer.get("/sources/\(source)")
            #expect(!viewerPage.html.contains("multipart/form-data"), "the viewer is offered no form")
            let refused = try await Self.upload(
                viewer, source: source, bytes: Self.png, csrf: try #require(viewerPage.input("csrf")))
            #expect(refused.status == .forbidden)

            let outsider = try await signedInBrowser(
                api, accounts, username: "desk.other", role: .documenter, compartments: ["other"]
            ).0
            let token = try #require(try await outsider.get("/").input("csrf"))
            let hidden = try await Self.upload(outsider, source: source, bytes: Self.png, csrf: token)
            let missing = try await outsider.postMultipart(
                "/sources/\(RecordID())/evidence", [("csrf", token)], file: ("a.png", "image/png", Self.png))
            #expect(hidden.status == .notFound)
            #expect(hidden.html == missing.html, "another desk can tell a hidden record from a missing one")

            let forged = try await Self.upload(writer, source: source, bytes: Self.png, csrf: "forged-token")
            #expect(forged.status == .forbidden)
            let without = try await writer.postMultipart(
                "/sources/\(source)/evidence", [("note", "no token")], file: ("a.png", "image/png", Self.png))
            #expect(without.status == .forbidden)
            #expect(try await Self.items(api, on: source).isEmpty)
        }
    }

    @Test(
        "an empty file, a file over the limit, a cut-off body and a body that is not a form come back as the form with an error summary"
    )
    func errorSummaries() async throws {
        try await withAuditedServer(evidenceLimit: 1_000) { api, store, accounts, _ in
            let (browser, source) = try await Self.documenterAndSource(api, accounts)
            let token = try #require(try await browser.get("/sources/\(source)").input("csrf"))
            let empty = try await Self.upload(
                browser, source: source, bytes: [], fields: [("note", "kept in the form")], csrf: token)
            #expect(empty.status == .unprocessableContent)
            #expect(empty.html.contains("error-summary"))
            #expect(empty.html.contains("href=\"#evidence-file\""))
            #expect(empty.html.contains(">kept in the form</textarea>"))

            let large = try await Self.upload(
                browser, source: source, bytes: [UInt8](repeating: 1, count: 1_001), csrf: token)
            #expect(large.status == .contentTooLarge)
            #expect(large.html.contains("error-summary"))

            var cut = WebBrowser.multipart(
                [("csrf", token)], file: ("a.png", "image/png", Self.png), boundary: "XyZ")
            cut.removeLast(12)
            let truncated = try await browser.send(
                .post, "/sources/\(source)/evidence", body: ByteBuffer(bytes: cut),
                contentType: "multipart/form-data; boundary=XyZ")
            #expect(truncated.status == .badRequest)
            #expect(truncated.html.contains("error-summary"))

            let urlencoded = try await browser.post("/sources/\(source)/evidence", [("csrf", token)])
            #expect(urlencoded.status == .badRequest)
            #expect(try await Self.items(api, on: source).isEmpty)
            // No frame of a refused upload stays behind.
            #expect(try await store.evidenceStrays().isEmpty)
        }
    }

    @Test("a derived copy is posted on the item's page naming its transformation; both pages and both chains show it")
    func derivedCopy() async throws {
        try await withServer { api, _, accounts in
            let (browser, source) = try await Self.documenterAndSource(api, accounts)
            let original = try #require(try await Self.upload(browser, source: source, bytes: Self.png).location)
            let page = try await browser.get(original)
            #expect(page.html.contains("action=\"\(original)/derived\""))
            let csrf = try #require(page.input("csrf"))
            let unnamed = try await browser.postMultipart(
                original + "/derived", [("csrf", csrf), ("transformation", " ")],
                file: ("redacted.png", "image/png", Self.png + [1]))
            #expect(unnamed.status == .unprocessableContent)
            #expect(unnamed.html.contains("href=\"#evidence-transformation\""))
            #expect(unnamed.html.contains("href=\"\(original)\">Back to the item</a>"))

            let redacted = Self.png + [0, 0, 0]
            let copy = try await browser.postMultipart(
                original + "/derived", [("csrf", csrf), ("transformation", "redacted"), ("note", "faces blurred")],
                file: ("redacted.png", "image/png", redacted))
            #expect(copy.status == .seeOther)
            let copyPath = try #require(copy.location)
            let copyPage = try await browser.get(copyPath)
            #expect(copyPage.html.contains("href=\"\(original)\">letter.png</a> — redacted"))
            #expect(copyPage.element("custody-chain")?.contains("derived from") == true)
            let originalPage = try await browser.get(original)
            #expect(originalPage.element("derived")?.isEmpty == false)
            #expect(originalPage.html.contains("href=\"\(copyPath)\">redacted.png</a>"))
            #expect(originalPage.element("custody-chain")?.contains("copy derived") == true)
            #expect(originalPage.element("custody-chain")?.contains(SHA256.hash(data: redacted).hex) == true)
            #expect(try await Self.items(api, on: source).count == 2)
        }
    }

    @Test(
        "the preview serves PNG, JPEG, GIF and WebP as images, sandboxed; SVG, HTML and PDF have none and are not shown"
    )
    func previews() async throws {
        try await withServer { api, _, accounts in
            let (browser, source) = try await Self.documenterAndSource(api, accounts)
            let riffWebP = Array("RIFF".utf8) + [8, 0, 0, 0] + Array("WEBPVP8 ".utf8)
            let files: [(String, [UInt8], String?)] = [
                ("a.png", Self.png, "image/png"), ("b.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2], "image/jpeg"),
                ("c.gif", Array("GIF89a....".utf8), "image/gif"), ("d.webp", riffWebP, "image/webp"),
                ("e.png", Array(#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.utf8), nil),
                ("f.jpg", Array("<!doctype html><script>alert(1)</script>".utf8), nil),
                ("g.png", Array("<script>WEBPalert(1)</script>".utf8), nil), ("h.pdf", Array("%PDF-1.7\n".utf8), nil),
            ]
            for (name, bytes, served) in files {
                let location = try #require(
                    try await Self.upload(browser, source: source, bytes: bytes, filename: name).location)
                let page = try await browser.get(location)
                #expect(page.html.contains("<img src=") == (served != nil), "\(name)")
                let preview = try await browser.get(location + "/preview")
                guard let served else {
                    #expect(preview.status == .notFound, "\(name)")
                    #expect(preview.headers[.contentType]?.hasPrefix("text/html") == true)
                    #expect(!preview.html.contains("alert(1)"))
                    continue
                }
                #expect(preview.status == .ok, "\(name)")
                #expect(preview.headers[.contentType] == served)
                #expect(preview.headers[.xContentTypeOptions] == "nosniff")
                #expect(preview.headers[.contentSecurityPolicy] == "default-src 'none'; sandbox")
                #expect(preview.bytes == bytes)
                let id = String(location.dropFirst("/evidence/".count))
                let events = try await api.json(.get, "/api/v1/evidence/\(id)/custody").body?["entries"]?.items
                #expect(events?.map { $0["event"]?.string } == ["intake", "view", "view"], "page and preview")
            }
        }
    }

    @Test(
        "another desk, a viewer without identity access and a made-up id all get the same 'not found' for an item's page"
    )
    func itemPageNotFound() async throws {
        try await withServer { api, _, accounts in
            let (_, item) = try await EvidenceAPITests.itemOutOfReach(api, accounts)
            for (username, role, compartment) in [
                ("desk.other", Role.documenter, "other"), ("viewer", .viewer, "general"),
            ] {
                let browser = try await signedInBrowser(
                    api, accounts, username: username, role: role, compartments: [compartment]
                ).0
                for suffix in ["", "/preview", "/download"] {
                    let hidden = try await browser.get("/evidence/\(item)\(suffix)")
                    let missing = try await browser.get("/evidence/ev000000000000000000000000\(suffix)")
                    #expect(hidden.status == .notFound, "\(username) \(suffix)")
                    #expect(hidden.html == missing.html)
                    #expect(!hidden.html.contains("secret"))
                }
                let token = try #require(try await browser.get("/").input("csrf"))
                let derived = try await browser.postMultipart(
                    "/evidence/\(item)/derived", [("csrf", token), ("transformation", "redacted")],
                    file: ("x.txt", "text/plain", [1]))
                #expect(derived.status == (role == .viewer ? .forbidden : .notFound))
            }
            let custody = try await api.json(.get, "/api/v1/evidence/\(item)/custody")
            #expect(custody.body?["entries"]?.items.count == 1, "nothing they asked for reached the custody log")
        }
    }

    @Test("the upload form and the item's page speak Korean and Japanese")
    func languages() async throws {
        try await withServer { api, _, accounts in
            let source = try await EvidenceAPITests.source(api)
            for (language, title, custody) in [("ko", "증거 파일 추가", "보관 연속성 기록"), ("ja", "証拠ファイルの追加", "保管の連続性")] {
                let browser = try await signedInBrowser(
                    api, accounts, username: "writer.\(language)", role: .documenter, language: language
                ).0
                let page = try await browser.get("/sources/\(source)")
                #expect(page.html.contains(title), "\(language)")
                let location = try #require(
                    try await Self.upload(browser, source: source, bytes: Self.png).location)
                #expect(try await browser.get(location).html.contains(custody), "\(language)")
            }
        }
    }
}
