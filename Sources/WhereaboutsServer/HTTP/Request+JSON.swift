import Foundation
import HTTPTypes
import Hummingbird
import WhereaboutsCore

extension Request {
    /// Reads the whole body (refused above the context's upload limit) as bytes.
    func bodyData(context: some RequestContext) async throws -> Data {
        var request = self
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        return Data(buffer: buffer)
    }

    /// Refuses (415) a body not declared as `application/json` (parameters such as `charset` may
    /// follow): a JSON body is never read out of a form post or `text/plain`, which any web page can
    /// make a browser send to another site.
    func requireJSONContentType() throws {
        let mediaType = headers[.contentType]?.split(separator: ";", maxSplits: 1).first?
            .trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            throw Problem(
                status: .unsupportedMediaType, type: "unsupported-media-type", title: "Unsupported media type",
                detail: "Send the body as JSON with 'Content-Type: application/json'.")
        }
    }

    /// The version named by `If-Match: "3"`; a write without it is refused with 428 so nobody
    /// overwrites a record they have not read.
    func expectedVersion() throws -> Int {
        guard let header = headers[.ifMatch] else {
            throw Problem(
                status: .preconditionRequired, type: "precondition-required", title: "If-Match is required",
                detail: "Send the version you read as If-Match: \"<version>\" (the ETag of the record).")
        }
        // Exactly what the API description's pattern says: `"3"`, `W/"3"` or `3`.
        var text = Substring(header.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = text.dropFirst().dropLast() }
        guard (1...18).contains(text.count), text.first != "0", text.allSatisfy({ ("0"..."9").contains($0) }),
            let version = Int(text)
        else {
            throw Problem.badRequest("If-Match must be a version such as \"3\".")
        }
        return version
    }

    /// A query parameter read as a whole number within bounds, or a 400 naming it.
    func integerQuery(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = uri.queryParameters.get(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw Problem.badRequest(
                "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound).",
                errors: [
                    FieldIssue(path: "?" + name, message: "must be from \(range.lowerBound) to \(range.upperBound)")
                ])
        }
        return number
    }
}

extension Response {
    /// A JSON response with sorted keys.
    static func json(
        _ value: some Encodable, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]
    ) throws -> Response {
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: status, headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONEncoder.canonical.encode(value))))
    }
}
