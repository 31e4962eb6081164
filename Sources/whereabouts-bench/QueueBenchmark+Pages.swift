import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension QueueBenchmark {
    /// The median and slowest of `repeats` requests for a page (after one to warm up), which must
    /// answer 200.
    static func time(_ url: String, cookie: String, repeats: Int) async throws -> (median: Double, max: Double) {
        var request = URLRequest(url: URL(string: url)!)
        request.setValue(cookie, forHTTPHeaderField: "Cookie")
        var samples: [Double] = []
        for attempt in 0...max(repeats, 1) {
            let ((_, response), seconds) = try await Measure.seconds { try await URLSession.shared.data(for: request) }
            guard (response as? HTTPURLResponse)?.statusCode == 200 else {
                throw BenchError("\(url) answered \((response as? HTTPURLResponse)?.statusCode ?? 0)")
            }
            if attempt > 0 { samples.append(seconds) }
        }
        return (Measure.percentile(samples, 0.5), samples.max() ?? .nan)
    }
}
