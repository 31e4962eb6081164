import Foundation
import Synchronization
import WhereaboutsStore

/// The latest estimate each reach of access asked for on the Estimates page, so the dashboard can
/// show it beside the counts without fitting anything itself (issue 17). Kept per ``RecordAccess``
/// (compartments and whether identities are seen): a reader is only ever shown an estimate made of
/// exactly what they may see, as published to them (small cells already suppressed). In memory, per
/// server, bounded; a restart forgets it, and the dashboard then shows none.
final class LatestEstimates: Sendable {
    struct Entry: Sendable {
        let model: EstimatesModel
        let madeAt: Date
    }

    private let entries = Mutex<(order: [RecordAccess], latest: [RecordAccess: Entry])>(([], [:]))
    private let capacity: Int

    init(capacity: Int = 64) { self.capacity = max(1, capacity) }

    /// Notes `model` as the latest estimate for `access`.
    func record(_ model: EstimatesModel, for access: RecordAccess, at time: Date = Date()) {
        entries.withLock { state in
            state.order.removeAll { $0 == access }
            state.order.append(access)
            state.latest[access] = Entry(model: model, madeAt: time)
            while state.order.count > capacity { state.latest[state.order.removeFirst()] = nil }
        }
    }

    /// The latest estimate made for exactly `access`, if any.
    func latest(for access: RecordAccess) -> Entry? { entries.withLock { $0.latest[access] } }
}
