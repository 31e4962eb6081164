import Crypto
import Foundation

/// The audit signing keys an auditor trusts, from a file the auditor keeps (never from the data
/// folder or the database): one line per server node, `<node id> <base64 Ed25519 public key>`, as
/// `whereabouts audit trust export` prints it; blank lines and lines starting with `#` are ignored.
public struct TrustedKeys: Sendable {
    /// One node's public key; its id is derived from the key.
    public struct Node: Sendable, Equatable {
        public let publicKey: Curve25519.Signing.PublicKey

        public init(publicKey: Curve25519.Signing.PublicKey) { self.publicKey = publicKey }

        /// `node-` and the first 16 hex digits of the key's SHA-256.
        public var id: String {
            "node-"
                + SHA256.hash(data: publicKey.rawRepresentation).prefix(8).map { String(format: "%02x", $0) }
                .joined()
        }

        /// The trust file's line for this node.
        public var line: String { "\(id) \(publicKey.rawRepresentation.base64EncodedString())" }

        public func isValidSignature(_ signature: Data, for message: Data) -> Bool {
            publicKey.isValidSignature(signature, for: message)
        }

        public static func == (a: Node, b: Node) -> Bool {
            a.publicKey.rawRepresentation == b.publicKey.rawRepresentation
        }
    }

    /// The trusted nodes by id.
    public let nodes: [String: Node]

    public init(_ nodes: [Node]) {
        self.nodes = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Reads a trust file's text; a line that is not a node id and its key, or whose id does not match
    /// its key, is refused with its line number.
    public init(text: String) throws {
        var nodes: [Node] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, let raw = Data(base64Encoded: String(parts[1])),
                let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
            else { throw KeyError.malformed("line \(index + 1) of the trusted keys is not '<node id> <public key>'") }
            let node = Node(publicKey: key)
            guard node.id == parts[0] else {
                throw KeyError.malformed(
                    "line \(index + 1) of the trusted keys names \(parts[0]) but holds the key of \(node.id)")
            }
            nodes.append(node)
        }
        self.init(nodes)
    }
}
