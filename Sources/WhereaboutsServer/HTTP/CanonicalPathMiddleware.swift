import Hummingbird
import Logging

/// The first middleware of every request: refuses (400, problem+json) a path that is not in
/// canonical form — empty segments (`//api/v1/…`, a trailing slash), dot segments (`/./`, `/../`),
/// percent-encoded slashes, backslashes, dots or control characters, or a raw backslash.
///
/// The router ignores empty segments, so `//api/v1/events` reaches the API route, while every
/// check that looks at the path as text (the `/api/` prefix that decides between a bearer token and
/// the session cookie, the read audit's classification, log redaction) sees something else. Refusing
/// such paths before anything else runs makes the text every later check reads the path the router
/// matches. Nothing Whereabouts links to has such a path.
struct CanonicalPathMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard Self.isCanonical(request.uri.path) else {
            // The path itself is not logged: it may hold a secret (a set-up link).
            context.logger.notice("refused non-canonical path", metadata: ["method": .string(request.method.rawValue)])
            return try Problem(
                status: .badRequest, type: "non-canonical-path", title: "Bad request",
                detail: "The path has empty or dot segments or encoded separators; send it in canonical form."
            ).response(from: request, context: context)
        }
        return try await next(request, context)
    }

    /// Whether `path` is `/` or `/`-separated non-empty segments with no dot segment, no backslash
    /// and no percent-encoded separator, dot or control character.
    static func isCanonical(_ path: String) -> Bool {
        guard path.hasPrefix("/") else { return false }
        if path == "/" { return true }
        let segments = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for segment in segments {
            if segment.isEmpty || segment == "." || segment == ".." || segment.contains("\\") { return false }
            if segment.contains("%"), !Self.percentEscapesAreHarmless(segment) { return false }
        }
        return true
    }

    /// Whether every `%XX` in `segment` is well formed and decodes to something other than a
    /// separator (`/`, `\`), a dot or a control character.
    private static func percentEscapesAreHarmless(_ segment: Substring) -> Bool {
        let bytes = Array(segment.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]),
                    let low = hexValue(bytes[index + 2])
                else { return false }
                let decoded = high << 4 | low
                if decoded < 0x20 || decoded == 0x7F || decoded == UInt8(ascii: "/") || decoded == UInt8(ascii: "\\")
                    || decoded == UInt8(ascii: ".")
                {
                    return false
                }
                index += 3
            } else {
                index += 1
            }
        }
        return true
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
