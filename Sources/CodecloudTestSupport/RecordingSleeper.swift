import CodecloudAPI
import Foundation

/// Stands in for `Task.sleep` in retry policies: records each requested wait and returns at once,
/// so retry tests neither wait nor depend on timing.
public final class RecordingSleeper: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [TimeInterval] = []

    public init() {}

    /// Every wait requested so far, in seconds.
    public var waits: [TimeInterval] { lock.withLock { recorded } }

    /// A retry policy that sleeps through this recorder, without jitter, at a fixed `now`.
    public func policy(
        maxAttempts: Int = 4, baseDelay: TimeInterval = 0.5, maxDelay: TimeInterval = 8,
        totalBudget: TimeInterval = 20, jitter: Double = 0, random: @escaping @Sendable () -> Double = { 0.5 },
        now: Date = Date(timeIntervalSince1970: 1_700_000_000)
    ) -> RetryPolicy {
        RetryPolicy(
            maxAttempts: maxAttempts, baseDelay: baseDelay, maxDelay: maxDelay, totalBudget: totalBudget,
            jitter: jitter,
            sleep: { [self] seconds in lock.withLock { recorded.append(seconds) } },
            random: random, now: { now })
    }
}
