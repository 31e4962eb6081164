/// At most `count` runs at once; the others wait their turn (first come, first served). Keeps a burst
/// of preview requests from starting a tool per request on a small server.
public actor RunSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(_ count: Int) {
        free = max(1, count)
    }

    /// Runs `body` in a slot.
    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await take()
        defer { give() }
        return try await body()
    }

    private func take() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func give() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
