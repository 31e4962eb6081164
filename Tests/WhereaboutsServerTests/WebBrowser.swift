import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import WhereaboutsSecurity
import WhereaboutsServer

/// A minimal browser for page tests: keeps cookies, sends forms, reads pages.
final class WebBrowser: Sendable {
    let client: any TestClientProtocol
    private let jar = Mutex<[String: String]>([:])
    let language: String?

    init(_ client: any TestClientProtocol, language: String? = nil) {
        self.client = client
        self.language = language
    }

    struct Page: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let html: String
        /// The body as sent (a file's bytes; `html` is it read as UTF-8).
        let bytes: [UInt8]

        var location: String? { headers[.location] }

        /// The value of a hidden or text input by name (first match).
        func input(_ name: String) -> String? {
            guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
            let rest = html[range.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }.map(Self.unescape)
        }

        /// The markup inside the element with this id (up to its tag's first closing tag).
        func element(_ id: String) -> String? {
            guard let start = html.range(of: "id=\"\(id)\"") else { return nil }
            guard let open = html[..<start.lowerBound].lastIndex(of: "<") else { return nil }
            let tag = html[html.index(after: open)...].prefix { $0.isLetter || $0.isNumber }
            let afterTag = html[start.upperBound...].drop { $0 != ">" }.dropFirst()
            return afterTag.range(of: "</\(tag)>").map { String(afterTag[..<$0.lowerBound]) }.map(Self.unescape)
        }

        /// The texts of the list items inside the element with this id.
        func items(_ id: String) -> [String] {
            (element(id) ?? "").components(separatedBy: "<li>").dropFirst().map {
                String($0.prefix { $0 != "<" })
            }
        }

        static func unescape(_ text: String) -> String {
            text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
    }

    var cookies: [String: String] { jar.withLock { $0 } }

    func get(_ path: String) async throws -> Page { try await send(.get, path, body: nil) }

    func post(_ path: String, _ fields: [(String, String)]) async throws -> Page {
        let body = fields.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        return try await send(.post, path, body: body)
    }

    /// Posts a `multipart/form-data` body as a browser does: the fields in order, then the file.
    func postMultipart(
        _ path: String, _ fields: [(String, String)], file: (filename: String, type: String, bytes: [UInt8])?,
        boundary: String = "----WebKitFormBoundary7MA4YWxkTrZu0gW"
    ) async throws -> Page {
        try await send(
            .post, path, body: ByteBuffer(bytes: Self.multipart(fields, file: file, boundary: boundary)),
            contentType: "multipart/form-data; boundary=" + boundary)
    }

    /// The bytes of a form as a browser encodes it for `multipart/form-data`.
    static func multipart(
        _ fields: [(String, String)], file: (filename: String, type: String, bytes: [UInt8])?, boundary: String
    ) -> [UInt8] {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.filename)\"\r\nContent-Type: \(file.type)\r\n\r\n"
                    .utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        return body + Array("--\(boundary)--\r\n".utf8)
    }

    private func send(_ method: HTTPRequest.Method, _ path: String, body: String?) async throws -> Page {
        try await send(
            method, path, body: body.map { ByteBuffer(string: $0) },
            contentType: body == nil ? nil : "application/x-www-form-urlencoded")
    }

    func send(
        _ method: HTTPRequest.Method, _ path: String, body: ByteBuffer?, contentType: String?
    ) async throws -> Page {
        var headers: HTTPFields = [:]
        let cookies = jar.withLock { $0 }
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if let language { headers[.acceptLanguage] = language }
        if let contentType { headers[.contentType] = contentType }
        return try await client.execute(
            uri: path, method: method, headers: headers, body: body
        ) { response in
            for line in response.headers[values: .setCookie] {
                let pair = line.split(separator: ";").first.map(String.init) ?? ""
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                let expired = line.contains("Max-Age=0")
                self.jar.withLock { $0[parts[0]] = expired || parts[1].isEmpty ? nil : parts[1] }
            }
            return Page(
                status: response.status, headers: response.headers, html: String(buffer: response.body),
                bytes: Array(response.body.readableBytesView))
        }
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
