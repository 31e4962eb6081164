import HTTPTypes
import Hummingbird

/// Where a request came from, for throttling and the audit: the connection's peer, or — when the
/// peer is a proxy the operator named (`serve --trusted-proxy`) — the client the proxy says it
/// forwarded for (`X-Forwarded-For`). The header is never believed from anyone else: a client that
/// sends it directly would otherwise choose its own address and escape throttling.
public struct ClientAddress: Sendable {
    /// The addresses of the proxies in front of the servers.
    public let trustedProxies: Set<String>

    public init(trustedProxies: Set<String> = []) { self.trustedProxies = trustedProxies }

    /// The client's address: walking `X-Forwarded-For` from the right (the entry the nearest proxy
    /// added), the first address that is not one of the trusted proxies.
    public func resolve(peer: String?, forwardedFor: [String]) -> String {
        guard let peer else { return "unknown" }
        guard trustedProxies.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            guard Self.isAddress(hop) else { return peer }
            if !trustedProxies.contains(hop) { return hop }
        }
        return peer
    }

    /// An IPv4 or IPv6 literal (no port, no name): anything else in the header is not believed.
    public static func isAddress(_ text: String) -> Bool {
        guard (2...45).contains(text.count) else { return false }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4 {
            return parts.allSatisfy { part in
                (1...3).contains(part.count) && part.allSatisfy(\.isASCII) && (UInt8(part) != nil)
            }
        }
        return text.contains(":") && text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }
}

/// Sets ``AppRequestContext/clientAddress`` for every later middleware and route.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let addresses: ClientAddress

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        context.clientAddress = addresses.resolve(
            peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: .xForwardedFor])
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    /// The addresses a request was forwarded for, nearest proxy last.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
