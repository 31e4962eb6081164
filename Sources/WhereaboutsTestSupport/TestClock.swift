import Foundation
import Synchronization

/// A clock tests move by hand (sessions' lifetimes, second-factor codes of different time steps,
/// throttling's waits). Test code only.
public final class TestClock: Sendable {
    private let now = Mutex(Date(timeIntervalSince1970: 1_800_000_000))

    public init() {}

    public var date: Date { now.withLock { $0 } }
    public func advance(_ seconds: TimeInterval) { now.withLock { $0 = $0.addingTimeInterval(seconds) } }
    public var function: @Sendable () -> Date { { [self] in self.date } }
}
