import Foundation


/// The emulator's notion of "now": run timestamps, schedule firings and idempotency expiry all
/// read it, so tests (and `POST /_emulator/clock`) can move time forward without waiting.
///
/// Named `EmulatorClock` rather than `Clock` so it never shadows the standard library's `Clock`.
public protocol EmulatorClock: Sendable {
    /// The current time as the emulator sees it.
    func now() -> Date
    /// Moves the clock forward (or back, for a negative interval).
    func advance(by interval: TimeInterval)
    /// Jumps the clock to a given time.
    func set(to date: Date)
}

/// Wall-clock time plus an adjustable offset: the command line's clock, which still follows real
/// time between adjustments.
public final class SystemClock: EmulatorClock {
    private let offset = Locked<TimeInterval>(0)

    /// A clock that starts at real time.
    public init() {}

    public func now() -> Date { Date().addingTimeInterval(offset.withLock { $0 }) }
    public func advance(by interval: TimeInterval) { offset.withLock { $0 += interval } }
    public func set(to date: Date) { offset.withLock { $0 = date.timeIntervalSinceNow } }
}

/// A clock that stands still until told to move: tests use it to drive schedules deterministically.
public final class ManualClock: EmulatorClock {
    private let current: Locked<Date>

    /// A frozen clock reading `start`.
    public init(start: Date = Date()) { current = Locked(start) }

    public func now() -> Date { current.withLock { $0 } }
    public func advance(by interval: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(interval) } }
    public func set(to date: Date) { current.withLock { $0 = date } }
}
