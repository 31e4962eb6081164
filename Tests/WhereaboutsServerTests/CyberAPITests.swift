import Foundation
import HTTPTypes
import NIOCore
import Testing
import WhereaboutsCore
import WhereaboutsSecurity
import WhereaboutsServer
import WhereaboutsStore

/// Cyber incidents over the API and in the pages (issue 20): a lure in, its attachment served only
/// as a download, hostile messages taken without a 500, nothing of it for another desk.
@Suite("cyber API and pages")
struct CyberAPITests {
    static let phishing: [UInt8] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("WhereaboutsCyberTests/Fixtures/phishing.eml")
        return Array((try? Data(contentsOf: url)) ?? Data())
    }()

    static func ingest(_ client: APIClient, _ bytes: [UInt8], query: String = "") async throws -> (
        status: HTTPResponse.Status, headers: HTTPFields, body: JSONValue?
    ) {
        try await client.send(
            .post, "/api/v1/cyber/lures?name=lure.eml" + query, ByteBuffer(bytes: bytes),
            headers: [.contentType: "message/rfc822"])
    }

    @Test(
        "a lure posted is read: links defanged, twelve indicators; its attachment downloads only as an attachment, and has no preview"
    )
    func ingest() async throws {
        try await withServer { client, _ in
            #expect(!Self.phishing.isEmpty)
            let answer = try await Self.ingest(client, Self.phishing)
            #expect(answer.status == .created, "\(String(describing: answer.body))")
            let body = try #require(answer.body)
            #expect(body["indicators"]?.items.count == 12)
            let links = body["links"]?.items.compactMap(\.string) ?? []
            #expect(links.contains("hxxps[://]login[.]nk-resettle-support[.]example/verify?user=77&t=1"))
            #expect(!String(decoding: try body.data(), as: UTF8.self).contains("https://"))
            let incident = try #require(body["incidentID"]?.string)
            let items =
                try await client.json(.get, "/api/v1/cyber-incidents/\(incident)/evidence").body?["items"]?.items ?? []
            #expect(items.count == 2)
            let attachment = try #require(items.first { $0["parentID"]?.string != nil }?["id"]?.string)
            let download = try await client.send(.get, "/api/v1/evidence/\(attachment)/content", nil)
            #expect(download.status == .ok)
            #expect(download.headers[.contentType] == "application/octet-stream")
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            #expect(download.headers[.xContentTypeOptions] == "nosniff")
            // Into the same incident again: the same indicators, now known.
            let again = try await Self.ingest(client, Self.phishing, query: "&incident=\(incident)")
            #expect(again.status == .created)
            #expect(again.body?["indicators"]?.items.allSatisfy { $0["new"] == .bool(false) } == true)
        }
    }

    @Test(
        "hostile messages — a script-laden HTML body, huge headers, a MIME bomb, injected headers, broken encodings, random bytes, nothing — never give a 500"
    )
    func hostile() async throws {
        try await withServer { client, _ in
            var bomb = "Content-Type: multipart/mixed; boundary=b0\r\n\r\n"
            for level in 1..<2_000 {
                bomb += "--b\(level - 1)\r\nContent-Type: multipart/mixed; boundary=b\(level)\r\n\r\n"
            }
            let messages: [String] = [
                "From: x@evil.example\r\nContent-Type: text/html\r\n\r\n<script>alert(document.cookie)</script><img src=https://evil.example/x onerror=alert(1)><iframe src=javascript:alert(1)>",
                "Subject: " + String(repeating: "=?UTF-8?B?QUFBQQ==?= ", count: 50_000) + "\r\n\r\nx",
                bomb,
                "From: =?UTF-8?B?eA0KQmNjOiBhbGxAZXZpbC5leGFtcGxl?= <a@evil.example>\r\nSubject: a\r\n\r\n",
                "Subject: =?utf-8?q?=ZZ=?=\r\nContent-Transfer-Encoding: base64\r\nContent-Type: application/pdf; name*=utf-8''%ZZ%\r\n\r\n@@@",
                String(decoding: (0..<5_000).map { UInt8(($0 * 37 + 11) % 256) }, as: UTF8.self),
            ]
            for message in messages {
                let answer = try await Self.ingest(client, Array(message.utf8))
                #expect(answer.status == .created, "\(message.prefix(60)) → \(answer.status)")
            }
            // An empty message is kept as what was received, and says so.
            let empty = try await Self.ingest(client, [])
            #expect(empty.status == .created && empty.body?["problems"]?.items.first == .string("the message is empty"))
            #expect(try await Self.ingest(client, Array("x".utf8), query: "&incident=nonsense").status == .notFound)
            #expect(try await Self.ingest(client, Array("x".utf8), query: "&target=robot").status == .badRequest)
            // The script-laden lure's page draws none of it.
            let pages = try await client.json(.get, "/api/v1/cyber-incidents").body?["items"]?.items ?? []
            #expect(pages.count == messages.count + 1)
        }
    }

    @Test(
        "another desk and its viewer get 'not found' for the incident, its indicators and sightings — in the API, the pages and the STIX export"
    )
    func outsiders() async throws {
        try await withServer { client, _, accounts in
            _ = try await accounts.createCompartment(id: "other", name: "Another desk")
            let body = try #require(try await Self.ingest(client, Self.phishing).body)
            let incident = try #require(body["incidentID"]?.string)
            let indicator = try #require(body["indicators"]?.items.first?["indicatorID"]?.string)
            let sighting = try #require(body["indicators"]?.items.first?["sightingID"]?.string)
            let missing = try await client.json(.get, "/api/v1/cyber-incidents/\(UUID().uuidString.lowercased())")
            for role in Role.allCases {
                let outsider = client.with(
                    token: try await accounts.token(for: "out-\(role.rawValue)", role: role, compartments: ["other"]))
                for path in ["cyber-incidents/\(incident)", "indicators/\(indicator)", "sightings/\(sighting)"] {
                    let answer = try await outsider.json(.get, "/api/v1/" + path)
                    #expect(answer.status == .notFound, "\(role) \(path)")
                    #expect(answer.body?["detail"] == missing.body?["detail"])
                }
                for collection in ["cyber-incidents", "indicators", "sightings"] {
                    #expect(
                        try await outsider.json(.get, "/api/v1/" + collection).body?["items"]?.items.isEmpty == true)
                }
                #expect(
                    try await Self.ingest(outsider, Self.phishing, query: "&incident=\(incident)").status
                        == (role.defaultPermissions.contains(.writeRecords) ? .notFound : .forbidden))
                if role.defaultPermissions.contains(.export) {
                    let stix = try await outsider.json(.get, "/api/v1/cyber/stix?tlp=red")
                    #expect(stix.status == .ok)
                    let objects = stix.body?["objects"]?.items ?? []
                    #expect(!objects.isEmpty && !objects.contains { $0["type"]?.string == "indicator" })
                    #expect(!String(decoding: try (stix.body ?? .null).data(), as: UTF8.self).contains("nk-resettle"))
                }
            }
            // In the pages: another desk's documenter sees a 404 for the incident and an empty overview.
            let (browser, _, _) = try await signedInBrowser(
                client, accounts, username: "other.documenter", role: .documenter, compartments: ["other"])
            #expect(try await browser.get("/cyber-incidents/\(incident)").status == .notFound)
            #expect(try await browser.get("/indicators/\(indicator)").status == .notFound)
            let overview = try await browser.get("/cyber")
            #expect(overview.status == .ok && !overview.html.contains("nk-resettle-support"))
        }
    }

    @Test(
        "the incident's page in Japanese shows the lure's headers and links defanged and nothing live; the lure form takes an .eml"
    )
    func pages() async throws {
        try await withServer { client, _, accounts in
            let (browser, _, _) = try await signedInBrowser(
                client, accounts, username: "kim.documenter", role: .documenter, language: "ja")
            let form = try await browser.get("/cyber")
            #expect(form.status == .ok && form.html.contains("lang=\"ja\""))
            let token = try #require(form.input("csrf"))
            let posted = try await browser.postMultipart(
                "/cyber/lures", [("csrf", token), ("target", "ngo")],
                file: ("lure.eml", "message/rfc822", Self.phishing))
            #expect(posted.status == .seeOther)
            let location = try #require(posted.location)
            #expect(location.hasPrefix("/cyber-incidents/"))
            let page = try await browser.get(location)
            #expect(page.status == .ok)
            for expected in [
                "<h1>スピアフィッシングメール · NGO</h1>", "定着支援金のご案内", "support[@]nk-resettle-support[.]example",
                "hxxps[://]login[.]nk-resettle-support[.]example/verify?user=77&amp;t=1", "NGO",
                "ed5fbfd0d158abe640e53550ae66c967bd28fd31639a2bc69a0613f08fec4b29",
            ] {
                #expect(page.html.contains(expected), "\(expected)")
            }
            for forbidden in ["<script", "<img", "<iframe", "https://", "http://"] {
                #expect(!page.html.contains(forbidden), "\(forbidden)")
            }
            // A form without its token takes nothing in.
            let forged = try await browser.postMultipart(
                "/cyber/lures", [("csrf", "wrong")], file: ("lure.eml", "message/rfc822", Self.phishing))
            #expect(forged.status == .forbidden)
            let overview = try await browser.get("/cyber")
            #expect(overview.html.contains("login[.]nk-resettle-support[.]example"))
            #expect(overview.html.components(separatedBy: "<svg class=\"chart\"").count == 3)
        }
    }
}
