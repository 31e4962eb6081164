import Foundation
import Logging
import Synchronization
import WhereaboutsStore

/// Records reads of identities and searches in the audit log without slowing the requests that
/// make them, and raises an alert when one account reads identities in bulk.
///
/// Requests only add to an in-memory batch; about once a second the batch is appended to the
/// chain in one transaction, identical entries (same account, action, target, address and
/// outcome) collapsed into one with a `count`. An alert is written, once per window, when an
/// account's weighted reads within `window` exceed `limit` (a record counts 1, a list or search
/// page counts its page size).
public final class ReadAuditor: Sendable {
    /// How many identity records one account may read within ``window`` before an alert.
    public let limit: Int
    public let window: TimeInterval
    private let audit: AuditLog
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private let state = Mutex(State())

    struct Key: Hashable {
        let actor: String
        let action: AuditEvent.Action
        let target: String
        let address: String
        let outcome: AuditEvent.Outcome
    }

    struct State {
        var pending: [Key: Int] = [:]
        var order: [Key] = []
        var alerts: [AuditEvent] = []
        var flushScheduled = false
        var readers: [String: (since: Date, weight: Int, alerted: Bool)] = [:]
        /// The latest flush; each flush waits for the one before, so a flush returns only once
        /// everything noted before it is in the log.
        var lastFlush: Task<Void, Never>?
    }

    public init(
        audit: AuditLog, limit: Int = 2_000, window: TimeInterval = 600,
        clock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger
    ) {
        self.audit = audit
        self.limit = max(1, limit)
        self.window = max(1, window)
        self.clock = clock
        self.logger = logger
    }

    /// Notes one request; it reaches the audit log with the next batch.
    func note(
        actor: String, action: AuditEvent.Action, target: String, address: String, outcome: AuditEvent.Outcome,
        weight: Int
    ) {
        let now = clock()
        let key = Key(actor: actor, action: action, target: target, address: address, outcome: outcome)
        let schedule = state.withLock { state -> Bool in
            if state.pending[key] == nil { state.order.append(key) }
            state.pending[key, default: 0] += 1
            if outcome == .success {
                var reader = state.readers[actor] ?? (now, 0, false)
                if now.timeIntervalSince(reader.since) > window { reader = (now, 0, false) }
                reader.weight += weight
                if reader.weight > limit, !reader.alerted {
                    reader.alerted = true
                    state.alerts.append(
                        AuditEvent(
                            actor: actor, action: .bulkReadAlert, target: actor, address: address,
                            details: [
                                "records": String(reader.weight), "limit": String(limit),
                                "windowSeconds": String(Int(window)),
                            ]))
                }
                state.readers[actor] = reader
            }
            defer { state.flushScheduled = true }
            return !state.flushScheduled
        }
        if schedule {
            Task {
                try? await Task.sleep(for: .seconds(1))
                await flush()
            }
        }
    }

    /// Writes what is pending now, after any flush already under way (also called when the server
    /// stops, and by tests).
    public func flush() async {
        let flush = state.withLock { state -> Task<Void, Never> in
            let previous = state.lastFlush
            let task = Task {
                await previous?.value
                await self.write()
            }
            state.lastFlush = task
            return task
        }
        await flush.value
    }

    private func write() async {
        let events = state.withLock { state -> [AuditEvent] in
            let reads = state.order.map { key in
                let count = state.pending[key] ?? 1
                return AuditEvent(
                    actor: key.actor, action: key.action, target: key.target, address: key.address,
                    outcome: key.outcome, details: count > 1 ? ["count": String(count)] : [:])
            }
            let events = reads + state.alerts
            state.pending = [:]
            state.order = []
            state.alerts = []
            state.flushScheduled = false
            return events
        }
        guard !events.isEmpty else { return }
        do {
            try await audit.record(events)
        } catch {
            logger.error(
                "audit entries could not be written",
                metadata: ["entries": .stringConvertible(events.count), "error": .string(String(describing: error))])
        }
    }
}
