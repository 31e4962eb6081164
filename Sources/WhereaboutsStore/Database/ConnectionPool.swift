/// A fixed-size pool of connections: `lease` waits while all are in use, in arrival order.
///
/// The pool hands each connection to one task at a time, which is what keeps a transaction's
/// statements on the connection that began it.
actor ConnectionPool<Connection: Sendable> {
    private var idle: [Connection]
    private var waiting: [CheckedContinuation<Connection, Never>] = []
    private let all: [Connection]

    init(_ connections: [Connection]) {
        precondition(!connections.isEmpty, "a pool needs at least one connection")
        idle = connections
        all = connections
    }

    func lease() async -> Connection {
        if let connection = idle.popLast() { return connection }
        return await withCheckedContinuation { waiting.append($0) }
    }

    func giveBack(_ connection: Connection) {
        if waiting.isEmpty {
            idle.append(connection)
        } else {
            waiting.removeFirst().resume(returning: connection)
        }
    }

    var connections: [Connection] { all }
}

extension ConnectionPool {
    /// Leases a connection for the duration of `body` and always gives it back.
    nonisolated func with<T: Sendable>(_ body: @Sendable (Connection) async throws -> T) async throws -> T {
        let connection = await lease()
        do {
            let result = try await body(connection)
            await giveBack(connection)
            return result
        } catch {
            await giveBack(connection)
            throw error
        }
    }
}
