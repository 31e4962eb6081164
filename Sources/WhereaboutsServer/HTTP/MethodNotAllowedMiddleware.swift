import HTTPTypes
import Hummingbird

/// Answers 405, naming the methods it takes in `Allow`, when a request reaches a documented API path
/// with a method the path does not take (`PATCH`, `TRACE`, `QUERY`…), instead of the 404 of an unknown
/// path. Added after every route, so it sees only requests no route took; the paths and their methods
/// are public in the API description, so nothing is told that the description does not say.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Each documented path's segments (`nil` for a parameter) and the methods it takes.
    private let paths: [(segments: [Substring?], methods: [HTTPRequest.Method])]

    init(operations: [APIOperation]) {
        paths = Dictionary(grouping: operations, by: \.path).map { path, operations in
            let segments = path.split(separator: "/").map { $0.hasPrefix("{") ? nil : $0 }
            var methods = operations.map(\.method)
            if methods.contains(.get) { methods.append(.head) }
            return (segments, methods)
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let segments = request.uri.path.split(separator: "/")
        guard
            let match = paths.first(where: { path in
                path.segments.count == segments.count
                    && zip(path.segments, segments).allSatisfy { expected, actual in
                        expected.map { $0 == actual } ?? true
                    }
            }), !match.methods.contains(request.method)
        else { return try await next(request, context) }
        throw Problem.methodNotAllowed(allow: match.methods)
    }
}
