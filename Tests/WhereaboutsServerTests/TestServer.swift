import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Prometheus
import Synchronization
import WhereaboutsServer
import WhereaboutsStore
import WhereaboutsTestSupport

/// Runs `body` against the real application (built by the same composition root as `serve`) on a
/// fresh store.
func withServer<T: Sendable>(
    _ mode: TestingSetup = .router, logger: Logger = TestDatabase.logger,
    _ body: @escaping @Sendable (any TestClientProtocol, SQLRecordStore) async throws -> T
) async throws -> T {
    try await TestDatabase.withStore { store in
        let app = buildApplication(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0), store: store,
            metrics: PrometheusCollectorRegistry(), logger: logger)
        return try await app.test(mode) { client in try await body(client, store) }
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
