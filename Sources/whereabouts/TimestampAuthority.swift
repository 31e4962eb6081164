import Foundation
import WhereaboutsEvidence

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An RFC 3161 timestamp authority, reached over HTTP, with `openssl ts` building the request and
/// reading and checking the reply (decision 0019): no ASN.1 is written by hand here.
struct TimestampAuthority {
    let url: URL

    /// What went wrong, for the operator.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Asks the authority to timestamp `digest` (SHA-256, hex) and returns its reply (DER) once it says
    /// the timestamp was granted, with the authority's time (ISO 8601 UTC).
    func timestamp(digest: String) async throws -> (reply: Data, time: String) {
        let stamped = try await exchange(digest: digest)
        return (stamped.reply, stamped.time)
    }

    /// A timestamp of `digest` as a court bundle keeps it: the request, the reply, and the
    /// certificates to check it with — `certificates` (PEM) when given, else those the reply carries.
    func token(digest: String, certificates: Data?) async throws -> TimestampToken {
        let stamped = try await exchange(digest: digest)
        let carried = try certificates ?? Self.certificates(in: stamped.reply)
        return TimestampToken(query: stamped.query, reply: stamped.reply, certificates: carried)
    }

    /// The authority as intake and the server's bundles use it (decision 0029): every reply is checked
    /// with `openssl ts -verify` against the certificates kept with it before it is handed on.
    func service(certificates: Data? = nil) -> TimestampService {
        let authority = self
        return TimestampService(authority: url.absoluteString) { digest in
            let stamped = try await authority.exchange(digest: digest)
            let carried = try certificates ?? Self.certificates(in: stamped.reply)
            if let problem = try Self.problem(reply: stamped.reply, digest: digest, certificates: carried) {
                throw Failure(description: "the timestamp authority's reply does not verify: \(problem)")
            }
            return (TimestampToken(query: stamped.query, reply: stamped.reply, certificates: carried), stamped.time)
        }
    }

    /// The authority named by `option` or `$WHEREABOUTS_TSA_URL`; nil when neither names one.
    static func configured(_ option: String?) throws -> TimestampAuthority? {
        guard let text = option ?? ProcessInfo.processInfo.environment["WHEREABOUTS_TSA_URL"], !text.isEmpty else {
            return nil
        }
        guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https" else {
            throw Failure(description: "the timestamp authority's URL must be http:// or https://, not \(text)")
        }
        return TimestampAuthority(url: url)
    }

    /// The certificates (PEM) inside a reply's token (the authority's, as `-cert` asked for).
    static func certificates(in reply: Data) throws -> Data {
        try withFile(reply) { file in
            let token = file.appendingPathExtension("token")
            defer { try? FileManager.default.removeItem(at: token) }
            _ = try openssl(["ts", "-reply", "-in", file.path, "-token_out", "-out", token.path])
            let certificates = try openssl(["pkcs7", "-inform", "DER", "-in", token.path, "-print_certs"]).output
            guard !certificates.isEmpty else {
                throw Failure(description: "the authority's reply carries no certificate")
            }
            return certificates
        }
    }

    /// Whether `reply` is a timestamp of `digest` under `certificates` (PEM, as a court bundle keeps them).
    static func problem(reply: Data, digest: String, certificates: Data) throws -> String? {
        try withFile(certificates) { file in try problem(reply: reply, digest: digest, certificate: file.path) }
    }

    private func exchange(digest: String) async throws -> (query: Data, reply: Data, time: String) {
        let query = try Self.openssl(["ts", "-query", "-digest", digest, "-sha256", "-cert"]).output
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/timestamp-query", forHTTPHeaderField: "Content-Type")
        request.httpBody = query
        // Authorities behind slow links (or a busy machine) may take a while; a minute is still an answer.
        request.timeoutInterval = 60
        let (reply, response) = try await URLSession.shared.data(for: request)
        guard let status = (response as? HTTPURLResponse)?.statusCode, status == 200 else {
            throw Failure(description: "the timestamp authority at \(url) answered \(response)")
        }
        return (query, reply, try Self.grantedTime(reply))
    }

    /// The time in a reply the authority granted; refuses any other reply.
    static func grantedTime(_ reply: Data) throws -> String {
        let text = try withFile(reply) { file in
            String(decoding: try openssl(["ts", "-reply", "-in", file.path, "-text"]).output, as: UTF8.self)
        }
        guard text.contains("Status: Granted") else {
            throw Failure(description: "the timestamp authority did not grant the timestamp:\n\(text.prefix(400))")
        }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Time stamp: ") }) else {
            throw Failure(description: "the timestamp authority's reply has no time")
        }
        let stamp = line.dropFirst("Time stamp: ".count).split(separator: " ").joined(separator: " ")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMM d HH:mm:ss yyyy 'GMT'"
        let withFraction = DateFormatter()
        withFraction.locale = formatter.locale
        withFraction.timeZone = formatter.timeZone
        withFraction.dateFormat = "MMM d HH:mm:ss.SSS yyyy 'GMT'"
        guard let date = formatter.date(from: stamp) ?? withFraction.date(from: stamp) else {
            throw Failure(description: "the timestamp authority's time '\(stamp)' cannot be read")
        }
        return ISO8601DateFormatter().string(from: date)
    }

    /// Whether `reply` is a timestamp of `digest` signed by the authority `certificate` (PEM) vouches
    /// for; nil when it is, else what openssl found.
    static func problem(reply: Data, digest: String, certificate: String) throws -> String? {
        try withFile(reply) { file in
            let outcome = try run(["ts", "-verify", "-digest", digest, "-in", file.path, "-CAfile", certificate])
            let said = String(decoding: outcome.output, as: UTF8.self) + outcome.errors
            if outcome.status == 0, said.contains("Verification: OK") { return nil }
            let reason = said.split(separator: "\n").first { $0.contains("error:") }.map {
                String($0.split(separator: ":").last ?? "")
            }
            return reason ?? "verification failed"
        }
    }

    private static func run(_ arguments: [String]) throws -> ExternalTool.Outcome {
        guard let openssl = ExternalTool.find("openssl") else {
            throw Failure(description: "openssl is not installed (apt-get install openssl)")
        }
        return try openssl.run(arguments)
    }

    private static func openssl(_ arguments: [String]) throws -> ExternalTool.Outcome {
        let outcome = try run(arguments)
        guard outcome.status == 0 else {
            throw Failure(
                description: "openssl \(arguments.prefix(2).joined(separator: " ")) failed: \(outcome.errors)")
        }
        return outcome
    }

    /// Runs `body` with `data` in a private temporary file, removed afterwards.
    private static func withFile<T>(_ data: Data, _ body: (URL) throws -> T) throws -> T {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("whereabouts-tsr-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: file.path, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw Failure(description: "cannot write \(file.path)") }
        defer { try? FileManager.default.removeItem(at: file) }
        return try body(file)
    }
}
