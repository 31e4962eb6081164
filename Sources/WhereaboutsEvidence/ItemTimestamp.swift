import Crypto
import Foundation
import WhereaboutsSecurity

/// What an evidence item's trusted timestamp is over (decision 0029): a few lines naming the item,
/// its SHA-256, SHA-512 and size, and a random salt. The authority sees only the SHA-256 of these
/// lines, and the salt (kept sealed in the store, in the clear in a bundle) makes that digest say
/// nothing about the content to the authority or to anyone holding the database: no one can test
/// it against a file they know. `openssl ts -verify -data` checks a token against the statement's
/// file; the statement's hashes are compared with the item's.
public struct TimestampStatement: Sendable, Hashable {
    public let item: String
    public let sha256: String
    public let sha512: String
    public let size: Int
    public let salt: String

    public init(item: String, sha256: String, sha512: String, size: Int, salt: String) {
        self.item = item
        self.sha256 = sha256
        self.sha512 = sha512
        self.size = size
        self.salt = salt
    }

    /// A statement of an item's content with a new random salt.
    public init(item: String, sha256: String, sha512: String, size: Int) {
        self.init(item: item, sha256: sha256, sha512: sha512, size: size, salt: SecretToken.randomBytes(16).hex)
    }

    /// The statement as it is timestamped and kept, one `Field: value` a line.
    public var text: String {
        """
        Whereabouts evidence item: \(item)
        SHA-256: \(sha256)
        SHA-512: \(sha512)
        Size: \(size)
        Salt: \(salt)

        """
    }

    /// The SHA-256 (hex) the authority is asked to timestamp.
    public var digest: String { SHA256.hash(data: Array(text.utf8)).hex }

    /// Reads a statement back from its text; nil when it is not one (or not exactly as written).
    public init?(parsing text: String) {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            fields[String(line[..<colon])] = String(line[line.index(after: colon)...].dropFirst())
        }
        guard let item = fields["Whereabouts evidence item"], let sha256 = fields["SHA-256"],
            let sha512 = fields["SHA-512"], let size = fields["Size"].flatMap({ Int($0) }), let salt = fields["Salt"]
        else { return nil }
        self.init(item: item, sha256: sha256, sha512: sha512, size: size, salt: salt)
        guard self.text == text else { return nil }
    }
}

/// An item's trusted timestamp as kept: the authority, the time it granted, the statement and the
/// token (request, reply, the certificates to check the reply with).
public struct ItemTimestamp: Sendable {
    public let item: String
    public let authority: String
    /// The authority's time, ISO 8601 UTC.
    public let time: String
    public let statement: TimestampStatement
    public let token: TimestampToken

    public init(item: String, authority: String, time: String, statement: TimestampStatement, token: TimestampToken) {
        self.item = item
        self.authority = authority
        self.time = time
        self.statement = statement
        self.token = token
    }
}

/// A timestamp authority as evidence intake and the server's bundles reach it (`--tsa-url`,
/// `$WHEREABOUTS_TSA_URL`): `stamp` asks for a token over a SHA-256 (hex), checks the reply is a
/// granted timestamp of that digest under the certificates it returns, and gives the token and the
/// granted time; it throws when the authority cannot be reached or its reply does not check.
public struct TimestampService: Sendable {
    public let authority: String
    public let stamp: @Sendable (_ sha256: String) async throws -> (token: TimestampToken, time: String)

    public init(
        authority: String,
        stamp: @escaping @Sendable (_ sha256: String) async throws -> (token: TimestampToken, time: String)
    ) {
        self.authority = authority
        self.stamp = stamp
    }
}
