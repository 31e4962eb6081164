import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsSecurity
import WhereaboutsServer
import WhereaboutsStore
import WhereaboutsTestSupport

@Suite("evidence API")
struct EvidenceAPITests {
    /// A source to attach files to, made by the administrator; its id.
    static func source(_ client: APIClient) async throws -> String {
        let created = try await client.json(.post, "/api/v1/sources", #"{"type": "testimony", "title": "Statement"}"#)
        return try #require(created.body?["id"]?.string)
    }

    /// Uploads `bytes` as `name` with a stated type; the response.
    static func upload(
        _ client: APIClient, to path: String, name: String, bytes: [UInt8], statedType: String = "image/jpeg"
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: JSONValue?) {
        try await client.send(
            .post, path + "?name=" + (name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
            ByteBuffer(bytes: bytes), headers: [.contentType: statedType])
    }

    /// A new source with one item holding `text`; the source's and the item's ids.
    static func sourceWithItem(_ client: APIClient, text: String) async throws -> (source: String, item: String) {
        let source = try await Self.source(client)
        let created = try await Self.upload(
            client, to: "/api/v1/sources/\(source)/evidence", name: "a.txt", bytes: Array(text.utf8))
        return (source, try #require(created.body?["id"]?.string))
    }

    /// Another desk (compartment `other`) and, in `general`, a source with one item holding "secret
    /// words": the setting of every "not found" test. The source's and the item's ids.
    static func itemOutOfReach(_ client: APIClient, _ accounts: AccountStore) async throws -> (
        source: String, item: String
    ) {
        _ = try await accounts.createCompartment(id: "other", name: "Another desk")
        return try await sourceWithItem(client, text: "secret words")
    }

    /// Callers who may not see an item of the general desk: every role of another desk (which the
    /// caller must have made, `other`), and a viewer of the general desk (no identity access).
    static func outsiders(_ client: APIClient, _ accounts: AccountStore) async throws -> [APIClient] {
        var callers: [APIClient] = []
        for role in Role.allCases {
            callers.append(
                client.with(token: try await accounts.token(for: "o-\(role)", role: role, compartments: ["other"])))
        }
        callers.append(
            client.with(token: try await accounts.token(for: "viewer", role: .viewer, compartments: ["general"])))
        return callers
    }

    @Test("an upload is hashed as sha256sum does, described, listed, and downloaded byte for byte as an attachment")
    func uploadAndDownload() async throws {
        try await withServer { client, _ in
            let source = try await Self.source(client)
            let bytes = (0..<(FrameCipher.frameSize + 77)).map { UInt8(truncatingIfNeeded: $0 * 7) }
            let created = try await Self.upload(
                client, to: "/api/v1/sources/\(source)/evidence", name: "letter.bin", bytes: bytes)
            #expect(created.status == .created)
            let id = try #require(created.body?["id"]?.string)
            #expect(created.body?["sha256"]?.string == SHA256.hash(data: bytes).hex)
            #expect(created.body?["size"]?.int == bytes.count)
            #expect(created.body?["statedType"]?.string == "image/jpeg")

            let list = try await client.json(.get, "/api/v1/sources/\(source)/evidence")
            #expect(list.body?["items"]?.items.map { $0["id"]?.string } == [id])
            try await client.execute(uri: "/api/v1/evidence/\(id)/content", method: .get) { response in
                #expect(response.status == .ok)
                #expect(Array(response.body.readableBytesView) == bytes)
                #expect(response.headers[.contentType] == "application/octet-stream")
                #expect(response.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            }
            let custody = try await client.json(.get, "/api/v1/evidence/\(id)/custody")
            #expect(custody.body?["entries"]?.items.map { $0["event"]?.string } == ["intake", "download"])
        }
    }

    @Test("over a real connection, a file of several frames streams in and out whole")
    func liveUploadAndDownload() async throws {
        try await withServer(.live) { client, _ in
            let source = try await Self.source(client)
            // Six frames: enough to cross every frame boundary, small enough for a loaded test machine.
            let bytes = (0..<(5 << 20) + 12_345).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
            let created = try await Self.upload(
                client, to: "/api/v1/sources/\(source)/evidence", name: "recording.wav", bytes: bytes)
            #expect(created.status == .created)
            #expect(created.body?["sha256"]?.string == SHA256.hash(data: bytes).hex)
            let id = try #require(created.body?["id"]?.string)
            try await client.execute(uri: "/api/v1/evidence/\(id)/content", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == bytes.count)
                #expect(SHA256.hash(data: Array(response.body.readableBytesView)).hex == SHA256.hash(data: bytes).hex)
            }
        }
    }

    @Test("an HTML or SVG file named .jpg is sniffed as what it is and only ever served as an attachment, never inline")
    func activeContentIsNeverRendered() async throws {
        try await withServer { client, _ in
            let source = try await Self.source(client)
            for (name, text, sniffed) in [
                ("photo.jpg", "<!DOCTYPE html><html><script>alert(document.cookie)</script></html>", "text/html"),
                ("map.png", #"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#, "image/svg+xml"),
            ] {
                let created = try await Self.upload(
                    client, to: "/api/v1/sources/\(source)/evidence", name: name, bytes: Array(text.utf8),
                    statedType: "image/jpeg")
                #expect(created.body?["mediaType"]?.string == sniffed)
                #expect(created.body?["name"]?.string == name)
                let id = try #require(created.body?["id"]?.string)
                try await client.execute(uri: "/api/v1/evidence/\(id)/content", method: .get) { response in
                    #expect(response.headers[.contentType] == "application/octet-stream")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
                    #expect(response.headers[.contentSecurityPolicy]?.contains("sandbox") == true)
                    #expect(String(buffer: response.body) == text)
                }
            }
        }
    }

    @Test(
        "outside the compartment, and without identity access, an item, its download and its custody are 'not found' as a made-up id is"
    )
    func outsidersGetNotFound() async throws {
        try await withServer { client, _, accounts in
            let (source, id) = try await Self.itemOutOfReach(client, accounts)
            let callers = try await Self.outsiders(client, accounts)
            for caller in callers {
                var answers: [String] = []
                for item in [id, "ev000000000000000000000000"] {
                    for suffix in ["", "/content", "/custody"] {
                        let response = try await caller.json(.get, "/api/v1/evidence/\(item)\(suffix)")
                        #expect(response.status == .notFound)
                        answers.append(String(decoding: try (response.body ?? .null).data(), as: UTF8.self))
                    }
                }
                #expect(Array(answers.prefix(3)) == Array(answers.suffix(3)), "the answers tell the two apart")
                #expect(!answers.joined().contains("secret"))
                let list = try await caller.json(.get, "/api/v1/sources/\(source)/evidence")
                #expect(list.status == .notFound || list.status == .forbidden)
            }
            // Nothing they asked for reached the custody log.
            let custody = try await client.json(.get, "/api/v1/evidence/\(id)/custody")
            #expect(custody.body?["entries"]?.items.count == 1)
        }
    }

    @Test("a download of a damaged item fails instead of sending altered bytes")
    func damagedDownloadFails() async throws {
        try await withServer { client, store in
            let (_, id) = try await Self.sourceWithItem(client, text: "original words")
            try await EvidenceTampering.flipByte(of: id, in: store.database)
            try await client.execute(uri: "/api/v1/evidence/\(id)/content", method: .get) { response in
                #expect(response.status == .internalServerError)
                #expect(!String(buffer: response.body).contains("words"))
            }
        }
    }

    @Test("a derived copy names its transformation and keeps the original")
    func derived() async throws {
        try await withServer { client, _ in
            let (source, id) = try await Self.sourceWithItem(client, text: "full text")
            let copy = try await client.send(
                .post, "/api/v1/evidence/\(id)/derived?transformation=redacted&name=a-redacted.txt",
                ByteBuffer(string: "f••• text"), headers: [.contentType: "text/plain"])
            #expect(copy.status == .created)
            #expect(copy.body?["parentID"]?.string == id && copy.body?["transformation"]?.string == "redacted")
            let list = try await client.json(.get, "/api/v1/sources/\(source)/evidence")
            #expect(list.body?["items"]?.items.count == 2)
        }
    }
}
