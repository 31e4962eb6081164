import Dispatch

/// Runs two pieces of work at once, each on its own thread, and returns when both are done: how a
/// piece of a file (a frame, at most a few MiB) is hashed with SHA-256 and SHA-512 at the same time
/// on a machine's two cores (decision 0029). Blocks the caller for as long as the slower piece takes,
/// so it is given pieces of bounded size only; when no second thread is free, both run on the caller's.
enum TwoLanes {
    /// Pieces smaller than this run one after the other: starting a second thread costs more than
    /// it saves.
    static let threshold = 64 << 10

    static func run(_ first: () -> Void, _ second: () -> Void) {
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                let lanes = UnsafeLanes(first: first, second: second)
                DispatchQueue.concurrentPerform(iterations: 2) { lane in
                    if lane == 0 { lanes.first() } else { lanes.second() }
                }
            }
        }
    }
}

/// The two pieces of work, handed to the two threads. Each closure is run exactly once, by one
/// thread, and they touch disjoint state (each its own hash or cipher), which is why this may cross
/// threads although the closures are not `Sendable`.
private struct UnsafeLanes: @unchecked Sendable {
    let first: () -> Void
    let second: () -> Void
}
