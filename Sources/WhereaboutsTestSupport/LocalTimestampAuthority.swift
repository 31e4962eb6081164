import Foundation
import WhereaboutsEvidence

/// A timestamp authority made with `openssl ts` in a temporary folder: a self-signed signing
/// certificate for time-stamping and the configuration `openssl ts -reply` needs. A real authority
/// (openssl signs every reply), reached without HTTP by ``service()`` or over HTTP by the command
/// line's tests.
public struct LocalTimestampAuthority: Sendable {
    public let folder: URL
    public var certificate: URL { folder.appendingPathComponent("tsa.crt") }

    public init() throws {
        folder = try TestDatabase.temporaryFolder()
        try Self.openssl([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", folder.appendingPathComponent("tsa.key").path,
            "-out", certificate.path, "-days", "2", "-subj", "/CN=Whereabouts test TSA",
            "-addext", "extendedKeyUsage=critical,timeStamping", "-addext", "basicConstraints=CA:FALSE",
        ])
        try Data("01\n".utf8).write(to: folder.appendingPathComponent("serial"))
        let configuration = """
            [ tsa ]
            default_tsa = local
            [ local ]
            dir = \(folder.path)
            serial = $dir/serial
            signer_cert = $dir/tsa.crt
            signer_key = $dir/tsa.key
            signer_digest = sha256
            default_policy = 1.2.3.4.1
            digests = sha256
            accuracy = secs:1
            ess_cert_id_alg = sha256
            """
        try Data(configuration.utf8).write(to: folder.appendingPathComponent("tsa.cnf"))
    }

    /// The authority's reply to a DER TimeStampReq.
    public func reply(to query: Data) throws -> Data {
        let name = UUID().uuidString
        let request = folder.appendingPathComponent("\(name).tsq")
        let response = folder.appendingPathComponent("\(name).tsr")
        try query.write(to: request)
        try Self.openssl([
            "ts", "-reply", "-config", folder.appendingPathComponent("tsa.cnf").path, "-queryfile", request.path,
            "-out", response.path,
        ])
        return try Data(contentsOf: response)
    }

    /// A DER TimeStampReq for a SHA-256 digest (hex).
    public static func query(digest: String) throws -> Data {
        let file = try TestDatabase.temporaryFolder().appendingPathComponent("q.tsq")
        try openssl(["ts", "-query", "-digest", digest, "-sha256", "-cert", "-out", file.path])
        return try Data(contentsOf: file)
    }

    public static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw OpenSSLFailed(arguments: arguments) }
    }

    public struct OpenSSLFailed: Error { let arguments: [String] }

    /// The authority as intake and bundles use one, asked directly (openssl on a thread of its own, so
    /// the test's few cooperative threads never wait on it); the token's certificates are the
    /// authority's own and its time is the moment of asking. `failing` makes every request fail, as
    /// an unreachable authority's do.
    public func service(named name: String = "http://tsa.test/", failing: Bool = false) -> TimestampService {
        let authority = self
        return TimestampService(authority: name) { digest in
            guard !failing else { throw OpenSSLFailed(arguments: ["the authority is unreachable"]) }
            return try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread {
                    continuation.resume(
                        with: Result {
                            let query = try Self.query(digest: digest)
                            let token = TimestampToken(
                                query: query, reply: try authority.reply(to: query),
                                certificates: try Data(contentsOf: authority.certificate))
                            return (token, ISO8601DateFormatter().string(from: Date()))
                        })
                }
            }
        }
    }

    /// What `openssl ts -verify` says of `reply` as a timestamp of `digest` (SHA-256 hex) under
    /// `certificates` (PEM): nil when it verifies. The check a bundle's recipient runs.
    public static func problem(reply: Data, digest: String, certificates: Data) throws -> String? {
        let folder = try TestDatabase.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let replyFile = folder.appendingPathComponent("reply.tsr")
        let certificatesFile = folder.appendingPathComponent("tsa.pem")
        try reply.write(to: replyFile)
        try certificates.write(to: certificatesFile)
        do {
            try openssl(["ts", "-verify", "-digest", digest, "-in", replyFile.path, "-CAfile", certificatesFile.path])
            return nil
        } catch { return "openssl ts -verify failed" }
    }
}
