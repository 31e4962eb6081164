import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsServer
import WhereaboutsStore
import WhereaboutsTestSupport

@Suite("evidence bundle API")
struct EvidenceBundleAPITests {
    @Test(
        "a record's bundle downloads as a ZIP that verifies; another desk and a viewer get the 'not found' of a made-up id"
    )
    func bundleDownload() async throws {
        try await withServer { client, _, accounts in
            _ = try await accounts.createCompartment(id: "other", name: "Another desk")
            let (source, item) = try await EvidenceAPITests.sourceWithItem(client, text: "secret words of a witness")
            let folder = try TestDatabase.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("case.zip")
            try await client.execute(uri: "/api/v1/sources/\(source)/evidence/bundle", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/zip")
                #expect(response.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
                try Data(response.body.readableBytesView).write(to: file)
            }
            let report = BundleVerifier(url: file) { _, _, _ in "no timestamp was asked for" }.verify()
            #expect(report.isIntact && report.items == 1, "\(report.problems)")
            let custody = try await client.json(.get, "/api/v1/evidence/\(item)/custody")
            #expect(custody.body?["entries"]?.items.map { $0["event"]?.string } == ["intake", "export"])

            let callers = try await EvidenceAPITests.outsiders(client, accounts)
            for caller in callers {
                var answers: [String] = []
                for record in [source, RecordID().description] {
                    let response = try await caller.json(.get, "/api/v1/sources/\(record)/evidence/bundle")
                    #expect(response.status == .notFound)
                    answers.append(String(decoding: try (response.body ?? .null).data(), as: UTF8.self))
                }
                #expect(answers[0] == answers[1], "the answers tell the two apart")
                #expect(!answers.joined().contains("secret"))
            }
            let after = try await client.json(.get, "/api/v1/evidence/\(item)/custody")
            #expect(after.body?["entries"]?.items.count == 2)
        }
    }
}
