import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A small HTTP client for load: no redirects followed (a sign-in's 303 is its answer), no cookie
/// store (each request carries the cookies it is given), and one latency sample per request.
final class LoadClient: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    struct Answer: Sendable {
        let status: Int
        let body: String
        let cookies: [String: String]
        let location: String
    }

    private var session: URLSession!

    init(connections: Int) {
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.httpMaximumConnectionsPerHost = connections
        configuration.timeoutIntervalForRequest = 120
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    /// Sends one request; a failure to connect or read is an answer with status 0.
    func send(
        _ method: String, _ url: String, form: [(String, String)]? = nil, json: String? = nil,
        cookies: [String: String] = [:], headers: [String: String] = [:]
    ) async -> Answer {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if !cookies.isEmpty {
            request.setValue(
                cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "), forHTTPHeaderField: "Cookie")
        }
        if let form {
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(
                form.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&").utf8)
        } else if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
        }
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else {
                return Answer(status: 0, body: "", cookies: [:], location: "")
            }
            var set: [String: String] = [:]
            for (name, value) in http.allHeaderFields {
                guard "\(name)".lowercased() == "set-cookie" else { continue }
                // Several Set-Cookie headers may arrive joined by commas.
                for part in "\(value)".split(separator: ",") {
                    let pair = part.split(separator: ";").first?.trimmingCharacters(in: .whitespaces) ?? ""
                    let halves = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    if halves.count == 2, halves[0].hasPrefix("wh_") { set[halves[0]] = halves[1] }
                }
            }
            return Answer(
                status: http.statusCode, body: String(decoding: data, as: UTF8.self), cookies: set,
                location: http.value(forHTTPHeaderField: "Location") ?? "")
        } catch {
            return Answer(status: 0, body: "\(error)", cookies: [:], location: "")
        }
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// The value of the form field `name` in a page.
    static func field(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}

/// What one kind of request got, across a phase: how many, with which statuses, how fast.
struct LoadTally: Sendable {
    var statuses: [Int: Int] = [:]
    var latencies: [Double] = []

    var count: Int { latencies.count }
    var serverErrors: Int { statuses.filter { $0.key >= 500 || $0.key == 0 }.values.reduce(0, +) }

    mutating func add(_ status: Int, seconds: Double) {
        statuses[status, default: 0] += 1
        latencies.append(seconds)
    }

    var statusSummary: String {
        statuses.sorted { $0.key < $1.key }.map { "\($0.key == 0 ? "no answer" : String($0.key)) × \($0.value)" }
            .joined(separator: ", ")
    }
}

/// Runs `jobs` with `clients` concurrent workers and tallies each job's answer under its label.
enum LoadRun {
    struct Job: Sendable {
        let label: String
        let work: @Sendable () async -> Int
    }

    /// The next job to take, and the answers so far, shared by the workers.
    private final class State: Sendable {
        let next = Atomic<Int>(0)
        let tallies = Mutex<[String: LoadTally]>([:])
    }

    static func run(_ jobs: [Job], clients: Int) async -> (tallies: [String: LoadTally], seconds: Double) {
        let state = State()
        let start = Date()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, clients) {
                group.addTask {
                    while true {
                        let index = state.next.add(1, ordering: .relaxed).oldValue
                        guard index < jobs.count else { return }
                        let job = jobs[index]
                        let began = Date()
                        let status = await job.work()
                        let seconds = Date().timeIntervalSince(began)
                        state.tallies.withLock { $0[job.label, default: LoadTally()].add(status, seconds: seconds) }
                    }
                }
            }
        }
        return (state.tallies.withLock { $0 }, Date().timeIntervalSince(start))
    }
}

/// Ids collected by concurrent jobs.
final class CollectedIDs: Sendable {
    private let ids = Mutex<[String]>([])

    func append(_ id: String) { ids.withLock { $0.append(id) } }
    var all: [String] { ids.withLock { $0 } }
}
