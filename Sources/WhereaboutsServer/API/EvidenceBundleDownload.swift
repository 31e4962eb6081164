import Foundation
import Hummingbird
import NIOCore
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsStore

/// A record's court bundle over the API: written to a private temporary file (a ZIP's local headers
/// are completed by seeking back), unlinked as soon as it is open again, and streamed from there, so
/// it never sits in memory and leaves nothing behind.
enum EvidenceBundleDownload {
    static func response(
        _ record: RecordID, access: RecordAccess, actor: String, _ operations: EvidenceOperations,
        origin: OperationOrigin
    ) async throws -> Response {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("whereabouts-bundle-\(UUID()).zip")
        let summary: EvidenceOperations.BundleSummary
        do {
            summary = try await operations.bundle(
                records: [record], to: file, access: access, actor: actor, from: origin)
        } catch let refusal as EvidenceOperations.BundleRefusal {
            // A source's consent holds the bundle back, as it holds back a download.
            throw Problem(status: .forbidden, type: "withheld", title: "Withheld", detail: refusal.description)
        }
        let handle: FileHandle
        let size: UInt64
        do {
            handle = try FileHandle(forReadingFrom: file)
            size = try handle.seekToEnd()
            try handle.seek(toOffset: 0)
        } catch {
            try? FileManager.default.removeItem(at: file)
            throw error
        }
        try? FileManager.default.removeItem(at: file)
        let body = ResponseBody(contentLength: Int(size)) { writer in
            defer { try? handle.close() }
            while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
                try await writer.write(ByteBuffer(bytes: data))
            }
            try await writer.finish(nil)
        }
        var headers = EvidenceController.attachmentHeaders(name: "\(summary.id).zip")
        headers[.contentType] = "application/zip"
        return Response(status: .ok, headers: headers, body: body)
    }
}
