import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Prometheus
import Synchronization
import WhereaboutsEvidence
import WhereaboutsSecurity
import WhereaboutsServer
import WhereaboutsStore
import WhereaboutsTestSupport

/// Runs `body` against the real application (built by the same composition root as `serve`) on a
/// fresh store. The client sends an administrator's API token (the administrator is in the
/// `general` compartment) unless a test asks for another caller.
func withServer<T: Sendable>(
    _ mode: TestingSetup = .router, logger: Logger = TestDatabase.logger,
    _ body: @escaping @Sendable (APIClient, SQLRecordStore) async throws -> T
) async throws -> T {
    try await withServer(mode, logger: logger) { client, store, _ in try await body(client, store) }
}

/// As above, also handing over the account store (to make accounts and tokens for other callers).
func withServer<T: Sendable>(
    _ mode: TestingSetup = .router, logger: Logger = TestDatabase.logger,
    _ body: @escaping @Sendable (APIClient, SQLRecordStore, AccountStore) async throws -> T
) async throws -> T {
    try await withAuditedServer(mode, logger: logger) { client, store, accounts, _ in
        try await body(client, store, accounts)
    }
}

/// As above, also handing over the audit log (its checkpoints signed with a throwaway node key).
func withAuditedServer<T: Sendable>(
    _ mode: TestingSetup = .router, logger: Logger = TestDatabase.logger, evidenceLimit: Int = defaultEvidenceLimit,
    pdfPreviewer: PDFPreviewer? = nil,
    _ body: @escaping @Sendable (APIClient, SQLRecordStore, AccountStore, AuditLog) async throws -> T
) async throws -> T {
    try await TestDatabase.withStore { store in
        let accounts = AccountStore(store: store, clock: { Date() }, hasher: .testing)
        let audit = AuditLog(
            database: store.database, clock: { Date() },
            signer: .generate())
        // The reads noted in the test are written before the store closes: a flush scheduled for
        // later would otherwise meet a closed database.
        let auditor = ReadAuditor(audit: audit, logger: logger)
        let app = buildApplication(
            configuration: ServerConfiguration(
                host: "127.0.0.1", port: 0, evidenceLimit: evidenceLimit, pdfPreviewer: pdfPreviewer),
            store: store, accounts: accounts,
            audit: audit, readAuditor: auditor, metrics: PrometheusCollectorRegistry(), logger: logger)
        let token = try await accounts.token(for: "admin", role: .administrator, compartments: ["general"])
        do {
            let result = try await app.test(mode) { client in
                try await body(APIClient(client: client, token: token), store, accounts, audit)
            }
            await auditor.flush()
            return result
        } catch {
            await auditor.flush()
            throw error
        }
    }
}

extension AccountStore {
    /// A new account and an API token with all of its permissions.
    func token(for username: String, role: Role, compartments: [String]) async throws -> String {
        let (account, _) = try await createAccount(username: username, role: role, compartments: compartments)
        return try await createToken(
            userID: account.id, name: "test", permissions: account.permissions, lifetime: 3600)
    }
}

/// A test client that sends a bearer token (or none, for an anonymous caller).
struct APIClient: Sendable {
    let client: any TestClientProtocol
    let token: String?

    /// The same server, called without credentials.
    var anonymous: APIClient { APIClient(client: client, token: nil) }

    /// The same server, called with another token.
    func with(token: String) -> APIClient { APIClient(client: client, token: token) }

    func json(
        _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, headers: HTTPFields = [:]
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: JSONValue?) {
        try await client.json(method, uri, body, headers: authorised(headers))
    }

    func send(
        _ method: HTTPRequest.Method, _ uri: String, _ body: ByteBuffer?, headers: HTTPFields = [:]
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: JSONValue?) {
        try await client.send(method, uri, body, headers: authorised(headers))
    }

    func execute<Return>(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
        testCallback: @escaping (TestResponse) async throws -> Return
    ) async throws -> Return {
        try await client.execute(
            uri: uri, method: method, headers: authorised(headers), body: body, testCallback: testCallback)
    }

    private func authorised(_ headers: HTTPFields) -> HTTPFields {
        var headers = headers
        if let token, headers[.authorization] == nil { headers[.authorization] = "Bearer " + token }
        return headers
    }
}

extension TestClientProtocol {
    /// Sends JSON (a string, sent byte for byte) and returns the status, headers and parsed body.
    func json(
        _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, headers: HTTPFields = [:]
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: JSONValue?) {
        try await send(method, uri, body.map { ByteBuffer(string: $0) }, headers: headers)
    }

    func send(
        _ method: HTTPRequest.Method, _ uri: String, _ body: ByteBuffer?, headers: HTTPFields = [:]
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: JSONValue?) {
        var headers = headers
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: body) { response in
            let data = Data(buffer: response.body)
            return (response.status, response.headers, data.isEmpty ? nil : try? JSONValue.parse(data))
        }
    }
}

extension JSONValue {
    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var int: Int? {
        if case .number(let value) = self { return Int(value) }
        return nil
    }

    var items: [JSONValue] {
        if case .array(let value) = self { return value }
        return []
    }
}

/// Keeps every log line in memory, so tests can check what the server writes to its logs.
final class CapturedLogs: Sendable {
    private let lines = Synchronization.Mutex<[String]>([])

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    func logger() -> Logger {
        Logger(label: "captured") { _ in CapturingHandler(sink: self) }
    }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    struct CapturingHandler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
            sink.append("\(event.level) \(event.message) \(all)")
        }
    }
}
