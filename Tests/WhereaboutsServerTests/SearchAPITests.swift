import Foundation
import HummingbirdTesting
import Testing
import WhereaboutsServer

@Suite("search and reference API")
struct SearchAPITests {
    @Test("one query box finds Korean, Japanese and English, with filters and cursors")
    func search() async throws {
        try await withServer { client, _ in
            for index in 0..<3 {
                _ = try await client.json(
                    .post, "/api/v1/events",
                    #"{"title":"Case \#(index)","description":"어선 납북 사건, 拉致の疑い","date":"19\#(70 + index)","places":[{"country":"KR"}]}"#
                )
            }
            _ = try await client.json(
                .post, "/api/v1/events", #"{"title":"Phishing of an NGO","date":"2024","places":[{"country":"JP"}]}"#)
            func ids(_ query: String) async throws -> Int {
                try await client.json(.get, "/api/v1/search?" + query).body?["items"]?.items.count ?? -1
            }
            #expect(try await ids("q=%EB%82%A9%EB%B6%81") == 3)  // 납북
            #expect(try await ids("q=%E6%8B%89%E8%87%B4") == 3)  // 拉致
            #expect(try await ids("q=phishing") == 1)
            #expect(try await ids("country=KR") == 3)
            #expect(try await ids("country=KR&country=JP") == 4)
            #expect(try await ids("from=1971-01-01&to=1971-12-31") == 1)
            let first = try await client.json(.get, "/api/v1/search?country=KR&limit=2")
            let cursor = try #require(first.body?["nextCursor"]?.string)
            let second = try await client.json(.get, "/api/v1/search?country=KR&limit=2&cursor=\(cursor)")
            #expect(second.body?["items"]?.items.count == 1)
            #expect(second.body?["nextCursor"] == nil)
            let bad = try await client.json(.get, "/api/v1/search?country=Korea&from=1978-02-30&kind=nothing")
            #expect(bad.status == .badRequest)
            #expect(
                Set(bad.body?["errors"]?.items.compactMap { $0["path"]?.string } ?? []) == [
                    "?country", "?from", "?kind",
                ])
        }
    }

    @Test("request logs name the path and status but never the search terms or the body")
    func logsKeepNamesOut() async throws {
        let logs = CapturedLogs()
        try await withServer(logger: logs.logger()) { client, _ in
            _ = try await client.json(.post, "/api/v1/persons", #"{"names":[{"full":"홍길순"}]}"#)
            _ = try await client.json(.get, "/api/v1/search?q=%ED%99%8D%EA%B8%B8%EC%88%9C")
            _ = try await client.json(.post, "/api/v1/persons", #"{"names":[{"full":"홍길순", "script": "nonsense"}]}"#)
        }
        #expect(logs.text.contains("/api/v1/search"))
        #expect(logs.text.contains("422"))
        #expect(!logs.text.contains("홍길순"))
        #expect(!logs.text.contains("%ED%99%8D"))
    }

    @Test("vocabularies list their schemes and terms; unknown schemes are 404")
    func vocabularies() async throws {
        try await withServer { client, _ in
            let schemes = try await client.json(.get, "/api/v1/vocabularies")
            let names = schemes.body?["schemes"]?.items.compactMap { $0["scheme"]?.string } ?? []
            #expect(names.contains("violation-types") && names.contains("huridocs-geographical-terms"))
            let terms = try await client.json(.get, "/api/v1/vocabularies/violation-types")
            let phishing = terms.body?["terms"]?.items.first { $0["code"]?.string == "phishing" }
            #expect(phishing?["labels"]?["ko"]?.string == "피싱")
            #expect(phishing?["parentCode"]?.string == "cyberattack-data-theft")
            #expect(try await client.json(.get, "/api/v1/vocabularies/nothing").status == .notFound)
        }
    }

    @Test("the date reader explains what it understood, or why not")
    func dates() async throws {
        try await withServer { client, _ in
            let read = try await client.json(.post, "/api/v1/dates/parse", #"{"text":"Juche 39"}"#)
            #expect(read.body?["from"]?.string == "1950-01-01")
            #expect(read.body?["calendar"]?.string == "juche")
            let refused = try await client.json(.post, "/api/v1/dates/parse", #"{"text":"30 February 1978"}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body?["errors"]?.items.first?["path"]?.string == "/text")
        }
    }

    @Test("health, readiness and metrics answer over real HTTP, with security headers")
    func operations() async throws {
        try await withServer(.live) { client, _ in
            let health = try await client.json(.get, "/healthz")
            #expect(health.status == .ok)
            #expect(health.headers[.xContentTypeOptions] == "nosniff")
            #expect(health.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            let ready = try await client.json(.get, "/readyz")
            #expect(ready.body?["status"]?.string == "ready")
            let metrics = try await client.execute(uri: "/metrics", method: .get) {
                ($0.status, String(buffer: $0.body))
            }
            #expect(metrics.0 == .ok)
            #expect(!metrics.1.contains("whereabouts_records"), "no record counts for anonymous scrapers")
        }
    }
}
