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
    /// The run reports a status this version does not know (`run.status` is `.unknown`).
    /// Called once per such status when it is first seen; waiting goes on for up to `patience`
    /// (nil: until `--timeout`), then ends with exit 5.
    func unknownStatus(_ run: RunDetail, patience: Duration?)
}

extension RunProgressObserver {
    public func unknownStatus(_ run: RunDetail, patience: Duration?) {}
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
    /// A `Retry-After` never makes the waiter sleep past the end of it.
    public var outageTolerance: Duration
    /// How long a status this version does not know may last before waiting gives up (exit 5),
    /// when no `--timeout` was given; with one, waiting goes on until it.
    public var unknownStatusPatience: Duration

    public init(
        fetch: @escaping @Sendable (String) async throws -> RunDetail,
        schedule: PollingSchedule = .standard,
        timing: WaitTiming = .live,
        outageTolerance: Duration = .seconds(120),
        unknownStatusPatience: Duration = .seconds(15 * 60)
    ) {
        self.fetch = fetch
        self.schedule = schedule
        self.timing = timing
        self.outageTolerance = outageTolerance
        self.unknownStatusPatience = unknownStatusPatience
    }

    /// Waits until run `id` is `completed` or `failed` and returns it.
    ///
    /// Waiting always ends: with the finished run, at `timeout` (after one last poll), after an
    /// outage longer than `outageTolerance`, or after a status this version does not know has
    /// lasted `unknownStatusPatience` (only without a `timeout`).
    ///
    /// - Parameters:
    ///   - previousCompletion: after a follow-up, the `completedAt` the run had before it. A
    ///     `completed` only counts once the run has been seen unfinished, or carries a newer
    ///     `completedAt`: a stale `completed` from before the follow-up is never mistaken for
    ///     the new result. A `failed` always counts: follow-ups go only to completed runs, so a
    ///     failure is the follow-up's own, even when the service left `completedAt` unchanged.
    ///   - timeout: gives up with exit code `timedOut` after this long; the run goes on.
    /// - Throws: `CancellationError` when interrupted; `WorkflowError` on timeout, a lasting
    ///   unknown status, or a lasting outage; the API error itself when it is not transient (401, 404).
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
            var delay: Duration
            var failure: APIError?
            do {
                let run = try await fetch(id)
                failingSince = nil
                observer?.observed(run, elapsed: timing.now() - start)
                if run.status != lastStatus {
                    lastStatus = run.status
                    statusSince = timing.now()
                    if case .unknown = run.status {
                        observer?.unknownStatus(run, patience: timeout == nil ? unknownStatusPatience : nil)
                    }
                }
                switch run.status {
                case .failed:
                    return run
                case .completed:
                    if seenUnfinished || isNewer(run.completedAt, than: previousCompletion) { return run }
                case .unknown(let name):
                    seenUnfinished = true
                    let lasted = timing.now() - statusSince
                    if timeout == nil, lasted >= unknownStatusPatience {
                        throw WorkflowError(
                            "run \(id) has been '\(name)' for \(formatDuration(lasted)), a status this version of git-codecloud does not know; it keeps going on codecloud",
                            hint: "see it with 'git codecloud show \(id)'; keep waiting with 'git codecloud wait \(id) --timeout 2h'; a newer git-codecloud may know the status",
                            exitCode: .timedOut)
                    }
                case .queued, .running:
                    seenUnfinished = true
                }
                delay = schedule.delay(statusAge: timing.now() - statusSince)
            } catch let error as APIError where error.isTransient {
                let since = failingSince ?? timing.now()
                failingSince = since
                let outage = timing.now() - since
                if outage >= outageTolerance { throw error }
                delay = schedule.delay(statusAge: outage, retryAfter: error.retryAfter.map(Self.serverDelay))
                // The service's word never outlasts the outage budget: one more poll at its end.
                delay = min(delay, outageTolerance - outage)
                failure = error
            }

            if let timeout {
                let elapsed = timing.now() - start
                if elapsed >= timeout {
                    throw WorkflowError(
                        "run \(id) is still \(lastStatus.map { "\($0)" } ?? "pending") after \(formatDuration(timeout)); it keeps going on codecloud",
                        hint: "resume waiting with 'git codecloud wait \(id)'",
                        exitCode: .timedOut
                    )
                }
                // Sleep at most until the timeout; the poll then is the last one.
                delay = max(.zero, min(delay, timeout - elapsed))
            }
            if let failure { observer?.pollFailed(failure, retryIn: delay) }
            try await timing.sleep(delay)
        }
    }

    /// A `Retry-After` in seconds as a duration: at most `RetryPolicy.maximumServerDelay`,
    /// never negative, never a trap (NaN, infinity and 1e300 are all safe).
    static func serverDelay(_ seconds: TimeInterval) -> Duration {
        .milliseconds(Int64((RetryPolicy.clampedDelay(seconds) * 1000).rounded()))
    }

    private func isNewer(_ date: Date?, than baseline: Date?) -> Bool {
        guard let date else { return false }
        guard let baseline else { return true }
        return date > baseline
    }
}
