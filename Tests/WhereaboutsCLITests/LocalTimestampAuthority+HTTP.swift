import Foundation
import Hummingbird
import HummingbirdTesting
import WhereaboutsTestSupport

extension LocalTimestampAuthority {
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
