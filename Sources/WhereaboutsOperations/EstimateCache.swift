import Synchronization
import WhereaboutsEstimation

/// Estimates already made, by their table's hash and the request: the same table and settings give
/// the same figures (seeded sampler), so a page asked for again need not fit again. Only a reader
/// who built the same table can find its entry (the hash covers every cell). Bounded: the oldest
/// entries go first.
public final class EstimateCache: Sendable {
    private struct Key: Hashable {
        let table: String
        let request: String
    }

    private let entries = Mutex<(order: [Key], estimates: [Key: Estimate])>(([], [:]))
    private let capacity: Int

    public init(capacity: Int = 256) { self.capacity = max(1, capacity) }

    /// The estimate of `table` under `request`, made once.
    func estimate(
        _ table: OverlapTable, _ request: EstimationRequest, make: () throws(EstimationError) -> Estimate
    ) throws(EstimationError) -> Estimate {
        let key = Key(table: table.hash, request: String(describing: request))
        if let known = entries.withLock({ $0.estimates[key] }) { return known }
        let estimate = try make()
        entries.withLock { state in
            guard state.estimates[key] == nil else { return }
            state.estimates[key] = estimate
            state.order.append(key)
            if state.order.count > capacity { state.estimates[state.order.removeFirst()] = nil }
        }
        return estimate
    }
}
