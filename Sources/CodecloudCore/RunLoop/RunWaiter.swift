import CodecloudAPI
import Foundation

/// Receives what the waiter sees, to show progress (a live line on a TTY, else one line per
/// status change). Implemented by the CLI; silent in tests that don't care.
public protocol RunProgressObserver: Sendable {
    /// A poll answered; `elapsed` counts from the start of waiting.
    func observed(_ run: RunDetail, elapsed: Duration)
    /// A poll failed with a transient error; waiting goes on after `retryIn`.
    func pollFailed(_ error: any Error, retryIn: Duration)
    /// Waiting ended (finished, failed, timed out or interrupted); clear any live line.
    func finished()
}

/// Time as the waiter sees it; tests substitute a virtual clock so no test sleeps for real.
public struct WaitTiming: Sendable {
    /// Time since an arbitrary fixed point.
    public var now: @Sendable () -> Duration
    /// Suspends for the given duration; throws `CancellationError` when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(now: @escaping @Sendable () -> Duration, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// Real time.
    public static var live: WaitTiming {
        let clock = ContinuousClock()
        let origin = clock.now
        return WaitTiming(now: { origin.duration(to: clock.now) }, sleep: { try await clock.sleep(for: $0) })
    }
}

/// Polls one run until it finishes, with `PollingSchedule`'s adaptive cadence.
public struct RunWaiter: Sendable {
    /// Fetches the run's current state (normally `CodecloudClient.run(id:)`).
    public var fetch: @Sendable (String) async throws -> RunDetail
    public var schedule: PollingSchedule
    public var timing: WaitTiming
    /// How long polls may keep failing in a row (network down, 5xx) before waiting gives up.
    public var outageTolerance: Duration

    public init(
        fetch: @escaping @Sendable (String) async throws -> RunDetail,
        schedule: PollingSchedule = .standard,
        timing: WaitTiming = .live,
        outageTolerance: Duration = .seconds(120)
    ) {
        self.fetch = fetch
        self.schedule = schedule
        self.timing = timing
        self.outageTolerance = outageTolerance
    }

    /// Waits until run `id` is `completed` or `failed` and returns it.
    ///
    /// - Parameters:
    ///   - previousCompletion: after a follow-up, the `completedAt` the run had before it. A
    ///     finished state only counts once the run has been seen unfinished, or carries a newer
    ///     `completedAt`: a stale `completed` from before the follow-up is never mistaken for
    ///     the new result.
    ///   - timeout: gives up with exit code `timedOut` after this long; the run goes on.
    /// - Throws: `CancellationError` when interrupted; `WorkflowError` on timeout or a lasting
    ///   outage; the API error itself when it is not transient (401, 404).
    public func wait(
        forRun id: String,
        previousCompletion: Date? = nil,
        timeout: Duration? = nil,
        observer: (any RunProgressObserver)? = nil
    ) async throws -> RunDetail {
        defer { observer?.finished() }
        let start = timing.now()
        var lastStatus: RunStatus?
        var statusSince = start
        var seenUnfinished = previousCompletion == nil
        var failingSince: Duration?

        while true {
            try Task.checkCancellation()
            let now = timing.now()
            if let timeout, now - start >= timeout {
                throw WorkflowError(
                    "run \(id) is still \(lastStatus.map { "\($0)" } ?? "pending") after \(formatDuration(timeout)); it keeps going on codecloud",
                    hint: "resume waiting with 'git codecloud wait \(id)'",
                    exitCode: .timedOut
                )
            }

            var delay: Duration
            do {
                let run = try await fetch(id)
                failingSince = nil
                observer?.observed(run, elapsed: timing.now() - start)
                if run.status != lastStatus {
                    lastStatus = run.status
                    statusSince = timing.now()
                }
                if run.status.isFinished {
                    let isFresh = seenUnfinished || isNewer(run.completedAt, than: previousCompletion)
                    if isFresh { return run }
                } else {
                    seenUnfinished = true
                }
                delay = schedule.delay(statusAge: timing.now() - statusSince)
            } catch let error as APIError where error.isTransient {
                let since = failingSince ?? timing.now()
                failingSince = since
                if timing.now() - since >= outageTolerance { throw error }
                delay = schedule.delay(
                    statusAge: timing.now() - since,
                    retryAfter: error.retryAfter.map { .milliseconds(Int($0 * 1000)) }
                )
                observer?.pollFailed(error, retryIn: delay)
            }

            if let timeout {
                let remaining = timeout - (timing.now() - start)
                delay = max(.zero, min(delay, remaining))
            }
            try await timing.sleep(delay)
        }
    }

    private func isNewer(_ date: Date?, than baseline: Date?) -> Bool {
        guard let date else { return false }
        guard let baseline else { return true }
        return date > baseline
    }
}

/// `1h02m`, `3m05s`, `42s`: short durations for people.
public func formatDuration(_ duration: Duration) -> String {
    let total = Int(duration.components.seconds)
    let hours = total / 3600, minutes = total % 3600 / 60, seconds = total % 60
    if hours > 0 { return String(format: "%dh%02dm", hours, minutes) }
    if minutes > 0 { return String(format: "%dm%02ds", minutes, seconds) }
    return "\(seconds)s"
}
