import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsStore

/// An RFC 9457 problem: what went wrong, for people and programs, with field paths where they apply.
public struct Problem: Error, Codable, Sendable, Equatable {
    public var type: String
    public var title: String
    /// The HTTP status code (`status` in the JSON).
    public var statusCode: Int
    public var detail: String?
    /// Field-level issues, each addressed by a JSON Pointer into the request body.
    public var errors: [FieldIssue]?
    /// For a conflict: the version currently stored.
    public var currentVersion: Int?
    /// For a busy server: seconds to wait before trying again (sent as Retry-After, not in the body).
    public var retryAfter: Int?
    /// For a method a path does not take: the methods it does (sent as Allow, not in the body).
    public var allow: String?

    private enum CodingKeys: String, CodingKey {
        case type, title, detail, errors, currentVersion
        case statusCode = "status"
    }

    public init(
        status: HTTPResponse.Status, type: String, title: String, detail: String? = nil, errors: [FieldIssue]? = nil,
        currentVersion: Int? = nil
    ) {
        self.type = "https://whereabouts.invalid/problems/" + type
        self.title = title
        self.statusCode = status.code
        self.detail = detail
        self.errors = errors
        self.currentVersion = currentVersion
    }

    static func notFound(_ detail: String = "There is no such record.") -> Problem {
        Problem(status: .notFound, type: "not-found", title: "Not found", detail: detail)
    }

    /// No valid credentials: the same answer whatever was wrong with them.
    static var unauthorized: Problem {
        Problem(
            status: .unauthorized, type: "unauthorized", title: "Sign-in required",
            detail: "Send a valid API token as 'Authorization: Bearer …'.")
    }

    static var forbidden: Problem {
        Problem(
            status: .forbidden, type: "forbidden", title: "Not permitted",
            detail: "Your account does not have the permission this needs.")
    }

    /// A method the path does not take, naming those it does.
    static func methodNotAllowed(allow: [HTTPRequest.Method]) -> Problem {
        var problem = Problem(
            status: .methodNotAllowed, type: "method-not-allowed", title: "Method not allowed",
            detail: "This address takes " + allow.map(\.rawValue).joined(separator: ", ") + ".")
        problem.allow = allow.map(\.rawValue).joined(separator: ", ")
        return problem
    }

    static func badRequest(_ detail: String, errors: [FieldIssue]? = nil) -> Problem {
        Problem(status: .badRequest, type: "bad-request", title: "Bad request", detail: detail, errors: errors)
    }

    static func invalid(_ errors: [FieldIssue]) -> Problem {
        Problem(
            status: .unprocessableContent, type: "validation", title: "The record is not valid",
            detail: "Nothing was written. Correct the fields listed in errors and send it again.", errors: errors)
    }
}

extension Problem: HTTPResponseError {
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: statusCode) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder.canonical.encode(self)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if statusCode == 401 { headers[.wwwAuthenticate] = "Bearer realm=\"whereabouts\"" }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if let allow { headers[.allow] = allow }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Problem {
    /// The problem an error thrown anywhere below a route amounts to.
    static func from(_ error: any Error) -> Problem? {
        switch error {
        case let problem as Problem:
            return problem
        case let error as StoreError:
            return from(error)
        case let error as DecodingError:
            return from(error)
        case let error as EvidenceError:
            return from(error)
        case let error as FuzzyDateError:
            return .invalid([FieldIssue(path: "", message: error.description)])
        case is NIOTooManyBytesError:
            return tooLarge
        case let error as HTTPError where error.status == .contentTooLarge:
            return tooLarge
        default:
            return nil
        }
    }

    static var tooLarge: Problem {
        Problem(
            status: .contentTooLarge, type: "too-large", title: "The body is too large",
            detail: "Request bodies are limited to 1 MiB.")
    }

    static func from(_ error: StoreError) -> Problem {
        switch error {
        case .notFound, .wrongKind:
            return .notFound()
        case .noSuchEvidence:
            return .notFound("There is no such evidence item.")
        case .noSuchVersion(_, let version):
            return .notFound("The record has no version \(version).")
        case .conflict(_, let current):
            return Problem(
                status: .conflict, type: "conflict", title: "The record was changed by someone else",
                detail:
                    "It is now at version \(current). Read it again, apply your change, and send If-Match: \"\(current)\".",
                currentVersion: current)
        case .invalid(let issues):
            return .invalid(issues)
        case .stillReferenced(_, let referrers):
            return Problem(
                status: .conflict, type: "still-referenced", title: "Other records refer to this one",
                detail: referrers.isEmpty
                    ? "Records you cannot see refer to it: ask someone in their compartment."
                    : "Remove or change these first (records you cannot see may refer to it too): "
                        + referrers.map(\.description).joined(separator: ", "))
        case .identitiesRequired:
            return Problem(
                status: .forbidden, type: "identities-required", title: "Not permitted",
                detail: "Writing persons and sources needs the permission to see identities.")
        case .badCursor:
            return .badRequest("The cursor is not one this server gave out.")
        case .busy(let seconds):
            var problem = Problem(
                status: .serviceUnavailable, type: "busy", title: "Too many changes at once",
                detail: "Nothing was written: other changes kept colliding with this one. Send it again shortly.")
            problem.retryAfter = seconds
            return problem
        case .damaged:
            return Problem(
                status: .internalServerError, type: "internal", title: "Internal error",
                detail: "A stored record could not be read; nothing was changed. The server log has the details.")
        }
    }

    static func from(_ error: EvidenceError) -> Problem {
        switch error {
        case .tooLarge(let limit):
            return Problem(
                status: .contentTooLarge, type: "too-large", title: "The file is too large",
                detail: "Evidence files are limited to \(limit) bytes on this server; nothing was kept.")
        case .withheld:
            return Problem(
                status: .forbidden, type: "withheld", title: "Withheld",
                detail: "The source's consent no longer covers internal documentation, so its files are withheld.")
        case .damaged:
            return Problem(
                status: .internalServerError, type: "evidence-damaged", title: "The stored evidence is damaged",
                detail: "The file does not match what was taken in; no altered byte was sent. Run evidence verify.")
        }
    }

    static func from(_ error: DecodingError) -> Problem {
        guard let issue = error.fieldIssue else { return .badRequest("The body is not valid JSON in UTF-8.") }
        return .invalid([issue])
    }
}
