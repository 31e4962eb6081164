import Foundation

/// An RFC 3161 timestamp as the bundle keeps it: the request, the authority's reply, and the
/// certificates (PEM) `openssl ts -verify -CAfile` checks the reply against.
public struct TimestampToken: Sendable {
    public let query: Data
    public let reply: Data
    public let certificates: Data

    public init(query: Data, reply: Data, certificates: Data) {
        self.query = query
        self.reply = reply
        self.certificates = certificates
    }
}
