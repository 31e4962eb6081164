import Foundation
import NIOCore
import Testing
import WhereaboutsCore
import WhereaboutsDocuments
import WhereaboutsServer
import WhereaboutsStore

/// Record pages are kept rendered while the data is unchanged: whatever a page shows around its record
/// (evidence items, linked UN recommendations) must move the store's generation when it changes.
@Suite("record pages redrawn when what they show changes")
struct RecordPageCacheTests {
    @Test("an evidence item and a linked recommendation appear on an event's page already seen")
    func redrawn() async throws {
        try await withServer { api, store, accounts in
            let event = try #require(
                try await api.json(.post, "/api/v1/events", #"{"title": "Taken at sea"}"#).body?["id"]?.string)
            let (browser, _, _) = try await signedInBrowser(api, accounts, username: "documenter", role: .documenter)
            let before = try await browser.get("/events/\(event)")
            #expect(before.status == .ok && !before.html.contains("harbour-photo.jpg"))
            // Seen twice: the second answer comes from the kept page.
            #expect(try await browser.get("/events/\(event)").html == before.html)

            let added = try await api.send(
                .post, "/api/v1/events/\(event)/evidence?name=harbour-photo.jpg", ByteBuffer(string: "a photo"),
                headers: [.contentType: "image/jpeg"])
            #expect(added.status == .created)
            #expect(try await browser.get("/events/\(event)").html.contains("harbour-photo.jpg"))

            _ = try await store.saveUNDocument(UNPageTests.document(), contentSHA256: "test", by: "cli", at: Date())
            try await store.linkUNRecommendation(
                symbol: UNPageTests.symbol, number: "2.1", to: try #require(RecordID(event)), note: nil, by: "cli",
                access: .operatorAccess, at: Date())
            #expect(try await browser.get("/events/\(event)").html.contains("Return every abducted foreign national"))
        }
    }
}
