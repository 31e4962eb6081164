import Foundation
import Hummingbird
import HummingbirdTesting
import WhereaboutsTestSupport

/// A timestamp authority made with `openssl ts` in a temporary folder: a self-signed signing
/// certificate for time-stamping and the configuration `openssl ts -reply` needs.
struct LocalTimestampAuthority {
    let folder: URL
    var certificate: URL { folder.appendingPathComponent("tsa.crt") }

    init() throws {
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
    func reply(to query: Data) throws -> Data {
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
    static func query(digest: String) throws -> Data {
        let file = try TestDatabase.temporaryFolder().appendingPathComponent("q.tsq")
        try openssl(["ts", "-query", "-digest", digest, "-sha256", "-cert", "-out", file.path])
        return try Data(contentsOf: file)
    }

    static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw OpenSSLFailed(arguments: arguments) }
    }

    struct OpenSSLFailed: Error { let arguments: [String] }

    /// Serves RFC 3161 over HTTP on a free local port while `body` runs.
    func serve(_ body: @escaping @Sendable (URL) async throws -> Void) async throws {
        let router = Router()
        let authority = self
        router.post("/") { request, _ -> Response in
            let query = try await request.body.collect(upTo: 1 << 16)
            // openssl runs on a thread of its own: a blocking wait on the test process's few
            // cooperative threads would stall every other test (and this request) under load.
            let bytes = Data(query.readableBytesView)
            let reply = try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread { continuation.resume(with: Result { try authority.reply(to: bytes) }) }
            }
            return Response(
                status: .ok, headers: [.contentType: "application/timestamp-reply"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(URL(string: "http://127.0.0.1:\(client.port ?? 0)/")!)
        }
    }
}
