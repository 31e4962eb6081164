import Crypto
import Foundation

/// A signed checkpoint of the audit chain (decision 0019). Checkpoints form a chain of their own:
/// each signs the hash of the one before it, the head it covers (sequence number and hash), when,
/// which node signed it and for which installation. Removing a checkpoint leaves a gap in the
/// numbering, rewriting one breaks every later `previous`, and none can be made without a node's key.
public struct AuditCheckpoint: Sendable, Equatable {
    /// 1, 2, 3…: the checkpoint's place in the checkpoint chain.
    public let number: Int
    /// The hash of checkpoint `number - 1` (``AuditChain/origin`` for the first).
    public let previous: String
    /// The newest audit entry it covers, and that entry's hash.
    public let headSeq: Int
    public let headHash: String
    /// When it was signed (ISO 8601 UTC).
    public let at: String
    /// The signing node's id (``AuditNodeKey/id``).
    public let node: String
    public let installation: String
    /// Ed25519 over ``message``.
    public let signature: Data

    public init(
        number: Int, previous: String, headSeq: Int, headHash: String, at: String, node: String,
        installation: String, signature: Data
    ) {
        self.number = number
        self.previous = previous
        self.headSeq = headSeq
        self.headHash = headHash
        self.at = at
        self.node = node
        self.installation = installation
        self.signature = signature
    }

    /// Signs a new checkpoint with `key`.
    public static func sign(
        number: Int, previous: String, headSeq: Int, headHash: String, at: String, installation: String,
        key: AuditNodeKey
    ) throws -> AuditCheckpoint {
        let unsigned = AuditCheckpoint(
            number: number, previous: previous, headSeq: headSeq, headHash: headHash, at: at, node: key.id,
            installation: installation, signature: Data())
        return AuditCheckpoint(
            number: number, previous: previous, headSeq: headSeq, headHash: headHash, at: at, node: key.id,
            installation: installation, signature: try key.signature(for: unsigned.message))
    }

    /// What the signature covers: every field but the signature, length-prefixed.
    public var message: Data {
        AuditChain.encode(
            label: "whereabouts-audit-checkpoint-v2",
            [String(number), previous, String(headSeq), headHash, at, node, installation])
    }

    /// SHA-256 (hex) of ``message``: what the next checkpoint signs as its `previous`, and what an
    /// anchor timestamps.
    public var hash: String { AuditChain.hex(SHA256.hash(data: message)) }

    /// What checking the signature against an auditor's trusted keys found.
    public enum SignatureCheck: Sendable, Equatable {
        case valid
        /// The node is not in the trusted keys.
        case untrustedNode
        /// The node is trusted but this signature is not its key's.
        case invalid
    }

    public func check(_ trusted: TrustedKeys) -> SignatureCheck {
        guard let key = trusted.nodes[node] else { return .untrustedNode }
        return key.isValidSignature(signature, for: message) ? .valid : .invalid
    }
}
