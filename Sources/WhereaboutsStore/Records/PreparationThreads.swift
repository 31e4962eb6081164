import Foundation

/// Threads of their own that run one bulk create's preparation jobs, one per core, at a lower
/// priority than the rest of the process (nice 10, on Linux).
///
/// Off Swift's cooperative pool, because the writer's every statement resumes on that pool and
/// jobs of milliseconds there would hold each resumption up. At a lower priority, because the
/// writer alone can touch the database: it gets a core whenever it has work, and preparation takes
/// the rest. Threads of their own rather than the shared dispatch pool, so that no thread the rest
/// of the process uses is left at that priority (an unprivileged process cannot raise it back).
final class PreparationThreads: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs: [@Sendable () -> Void] = []
    private var next = 0
    private var closed = false

    init(count: Int = ProcessInfo.processInfo.activeProcessorCount) {
        for _ in 0..<max(1, count) {
            let thread = Thread { [self] in work() }
            thread.name = "whereabouts.prepare"
            thread.start()
        }
    }

    /// Runs `job` on one of the threads; throws `CancellationError` once they are closed.
    func run<T: Sendable>(_ job: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let taken = enqueue { continuation.resume(with: Result { try job() }) }
            if !taken { continuation.resume(throwing: CancellationError()) }
        }
    }

    /// Lets the threads finish the jobs already given and end; later jobs are refused.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    private func enqueue(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    private func work() {
        #if canImport(Glibc)
            setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
        while true {
            condition.lock()
            while next == jobs.count, !closed { condition.wait() }
            guard next < jobs.count else {
                condition.unlock()
                return
            }
            let job = jobs[next]
            next += 1
            if next > 1_024, next * 2 > jobs.count {
                jobs.removeFirst(next)
                next = 0
            }
            condition.unlock()
            job()
        }
    }
}
