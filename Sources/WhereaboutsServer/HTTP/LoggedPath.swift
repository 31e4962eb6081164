/// The form of a request path that may be written to a log: a segment that is a secret (the token
/// of a set-up link, which signs in whoever holds it) is replaced by `[redacted]`. Every log line
/// that names a path uses it; query strings and bodies are never logged at all.
enum LoggedPath {
    /// First segments of paths whose next segment is a secret, taken from the routes themselves.
    static let secretAfter: Set<String> = [
        String(SiteURL.setup(token: "").path.split(separator: "/").first ?? "")
    ]

    /// `path` with every secret segment replaced.
    static func redacted(_ path: String) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        // Compared on non-empty segments, so that `//setup/…` is redacted as `/setup/…` is.
        guard let first = segments.first(where: { !$0.isEmpty }), secretAfter.contains(String(first)),
            let firstIndex = segments.firstIndex(where: { !$0.isEmpty })
        else { return path }
        var result = Array(segments[...firstIndex].map(String.init))
        if segments.index(after: firstIndex) < segments.endIndex { result.append("[redacted]") }
        return result.joined(separator: "/")
    }
}
