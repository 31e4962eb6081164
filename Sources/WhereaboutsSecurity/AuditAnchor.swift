import Foundation

/// An outside witness of a signed checkpoint (decision 0019): an RFC 3161 timestamp token, from a
/// timestamp authority the database's holder does not control, over the checkpoint's hash, and a line
/// that says which checkpoint it is, short enough to e-mail to a trusted partner. Whoever keeps the
/// anchor file can later show that the checkpoint, and every entry it covers, existed by then.
public struct AuditAnchor: Sendable, Equatable {
    public let installation: String
    /// The checkpoint's number, the newest entry it covers and its hash (what the token timestamps).
    public let checkpoint: Int
    public let headSeq: Int
    public let hash: String
    /// The authority's time (ISO 8601 UTC) and address.
    public let time: String
    public let tsa: String
    /// The authority's reply (DER TimeStampResp).
    public let token: Data

    public init(
        installation: String, checkpoint: Int, headSeq: Int, hash: String, time: String, tsa: String, token: Data
    ) {
        self.installation = installation
        self.checkpoint = checkpoint
        self.headSeq = headSeq
        self.hash = hash
        self.time = time
        self.tsa = tsa
        self.token = token
    }

    /// The printable line: which installation, which entries, which checkpoint, when, by whom.
    public var line: String {
        "whereabouts-anchor installation=\(installation) checkpoint=\(checkpoint) entries=1-\(headSeq) "
            + "hash=\(hash) time=\(time) tsa=\(tsa)"
    }

    static let begin = "-----BEGIN TIMESTAMP REPLY-----"
    static let end = "-----END TIMESTAMP REPLY-----"

    /// The anchor file: the line, then the token in base64 between markers.
    public var fileText: String {
        [
            line, Self.begin, token.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed]),
            Self.end,
        ]
        .joined(separator: "\n") + "\n"
    }

    /// Reads an anchor file back; says what is wrong with one that is not.
    public init(fileText: String) throws {
        let lines = fileText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = lines.first, first.hasPrefix("whereabouts-anchor ") else {
            throw KeyError.malformed("not an anchor file: its first line is not a whereabouts-anchor line")
        }
        var fields: [String: String] = [:]
        for part in first.split(separator: " ").dropFirst() {
            guard let equals = part.firstIndex(of: "=") else { continue }
            fields[String(part[..<equals])] = String(part[part.index(after: equals)...])
        }
        guard let installation = fields["installation"], let checkpoint = fields["checkpoint"].flatMap({ Int($0) }),
            let entries = fields["entries"], let headSeq = entries.split(separator: "-").last.flatMap({ Int($0) }),
            let hash = fields["hash"], let time = fields["time"], let tsa = fields["tsa"],
            let begin = lines.firstIndex(of: Self.begin), let end = lines.firstIndex(of: Self.end), begin < end,
            let token = Data(base64Encoded: lines[(begin + 1)..<end].joined())
        else { throw KeyError.malformed("the anchor file is incomplete: \(first.prefix(200))") }
        self.init(
            installation: installation, checkpoint: checkpoint, headSeq: headSeq, hash: hash, time: time, tsa: tsa,
            token: token)
    }
}
