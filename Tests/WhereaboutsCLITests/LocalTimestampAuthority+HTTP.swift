import Foundation
import WhereaboutsTestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension LocalTimestampAuthority {
    /// Serves RFC 3161 over HTTP on a free local port while `body` runs.
    ///
    /// The server is plain blocking sockets on threads of its own, not an event loop or Swift tasks:
    /// under a full test run the few threads Swift's tasks run on are often all held by tests waiting
    /// for child processes, and a reply that needs one of them arrived after the command had given up.
    func serve(_ body: @escaping @Sendable (URL) async throws -> Void) async throws {
        let authority = self
        let server = try BlockingHTTPServer { query in try authority.reply(to: query) }
        server.start()
        defer { server.stop() }
        try await body(URL(string: "http://127.0.0.1:\(server.port)/")!)
    }
}

/// A minimal HTTP/1.1 server for tests: one POST per connection, answered by `handle` with
/// `application/timestamp-reply`, or 500 when it throws. Each connection has a thread of its own.
final class BlockingHTTPServer: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    private let handle: @Sendable (Data) throws -> Data

    struct SocketFailed: Error, CustomStringConvertible {
        let call: String
        var description: String { "\(call) failed: errno \(errno)" }
    }

    init(handle: @escaping @Sendable (Data) throws -> Data) throws {
        self.handle = handle
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw SocketFailed(call: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw SocketFailed(call: "bind/listen")
        }
        var named = sockaddr_in()
        var namedLength = length
        _ = withUnsafeMutablePointer(to: &named) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &namedLength) }
        }
        listener = descriptor
        port = UInt16(bigEndian: named.sin_port)
    }

    func start() {
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 {
                    if errno == EINTR { continue }
                    return  // the listener was shut down
                }
                Thread.detachNewThread { [self] in answer(client) }
            }
        }
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func answer(_ client: Int32) {
        defer { close(client) }
        guard let request = readRequest(client) else { return }
        let (status, reply): (String, Data)
        do {
            (status, reply) = ("200 OK", try handle(request))
        } catch {
            (status, reply) = ("500 Internal Server Error", Data("\(error)".utf8))
        }
        let head =
            "HTTP/1.1 \(status)\r\nContent-Type: application/timestamp-reply\r\n"
            + "Content-Length: \(reply.count)\r\nConnection: close\r\n\r\n"
        write(client, Data(head.utf8) + reply)
    }

    /// The request's body, read by its Content-Length; nil when the client goes away first.
    private func readRequest(_ client: Int32) -> Data? {
        var received = Data()
        var headerEnd: Range<Data.Index>?
        while headerEnd == nil {
            guard let chunk = readSome(client) else { return nil }
            received.append(chunk)
            headerEnd = received.range(of: Data("\r\n\r\n".utf8))
            if received.count > 1 << 16 { return nil }
        }
        let head = String(decoding: received[..<headerEnd!.lowerBound], as: UTF8.self).lowercased()
        let length =
            head.split(separator: "\r\n")
            .first { $0.hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        if head.contains("expect: 100-continue") {
            write(client, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        var body = Data(received[headerEnd!.upperBound...])
        while body.count < length {
            guard let chunk = readSome(client) else { return nil }
            body.append(chunk)
        }
        return body.prefix(length)
    }

    private func readSome(_ client: Int32) -> Data? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(client, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            return count > 0 ? Data(buffer[..<count]) : nil
        }
    }

    private func write(_ client: Int32, _ data: Data) {
        var offset = 0
        data.withUnsafeBytes { raw in
            while offset < raw.count {
                let sent = send(client, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0, errno == EINTR { continue }
                if sent <= 0 { return }
                offset += sent
            }
        }
    }
}
