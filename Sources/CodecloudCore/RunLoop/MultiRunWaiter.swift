import CodecloudAPI
import Foundation

/// Receives what a multi-run wait sees, to draw a board of runs. Implemented by the CLI.
public protocol MultiRunObserver: Sendable {
    /// A run finished and was read in full (its tokens and PRs), just before the tick that
    /// shows it finished is reported.
    func read(_ run: RunDetail)
    /// A tick answered: the latest summary of every run being watched (finished ones included),
    /// in the order they were first watched.
    func observed(_ runs: [RunSummary], elapsed: Duration)
    /// A tick failed with a transient error; waiting goes on after `retryIn`.
    func pollFailed(_ error: any Error, retryIn: Duration)
    /// Waiting ended; clear any live board.
    func finished()
}

/// How a multi-run wait ended without being interrupted.
public struct MultiRunOutcome: Sendable {
    /// Runs that finished (`completed` or `failed`), by id, as `GET` of each returned them.
    public var finished: [String: RunDetail]
    /// Runs still unfinished when `--timeout` elapsed, with their last status.
    public var unfinished: [String: RunStatus]
    /// Runs that could not be read at all (404, or vanished from the list and then not found).
    public var unreadable: [String: String]
    /// Every run watched, in the order it was first watched.
    public var order: [String]
    /// Whether the timeout ended waiting.
    public var timedOut: Bool { !unfinished.isEmpty }
}

/// Waits for several runs at the cost of about one: each tick is one `GET /api/v1/agents`
/// (the list's summaries carry `status` and `completedAt`), and each run is fetched in full
/// (`GET /api/v1/agents/run/{id}`) once, when its summary says it finished.
///
/// The cadence is `PollingSchedule`'s, driven by the youngest status among the unfinished
/// runs: any run that just started or changed status keeps polling quick, so no run is
/// noticed later than a `RunWaiter` of its own would notice it.
///
/// A run the list does not show (more than a page of newer runs) is fetched by id on that
/// tick instead, so it is never waited on forever.
public struct MultiRunWaiter: Sendable {
    /// The newest runs (normally `CodecloudClient.runs(limit: 100)`).
    public var list: @Sendable () async throws -> [RunSummary]
    /// One run in full (normally `CodecloudClient.run(id:)`).
    public var fetch: @Sendable (String) async throws -> RunDetail
    public var schedule: PollingSchedule
    public var timing: WaitTiming
    /// How long ticks may keep failing in a row before waiting gives up.
    public var outageTolerance: Duration

    public init(
        list: @escaping @Sendable () async throws -> [RunSummary],
        fetch: @escaping @Sendable (String) async throws -> RunDetail,
        schedule: PollingSchedule = .standard,
        timing: WaitTiming = .live,
        outageTolerance: Duration = .seconds(120)
    ) {
        self.list = list
        self.fetch = fetch
        self.schedule = schedule
        self.timing = timing
        self.outageTolerance = outageTolerance
    }

    /// The waiter the CLI uses for `client`.
    public static func using(_ client: CodecloudClient) -> MultiRunWaiter {
        MultiRunWaiter(list: { try await client.runs(limit: 100) }, fetch: { try await client.run(id: $0) })
    }

    /// Waits until every run in `ids` (and every run `adopting` accepts while watching) has
    /// finished, calling `onFinish` with each as soon as it is fetched in full.
    ///
    /// - Parameters:
    ///   - adopting: summaries of unfinished runs to start watching when they appear in the
    ///     list (`watch`: this repository's active runs); nil watches `ids` only.
    ///   - timeout: stops after this long and reports what is still unfinished; the runs go on.
    /// - Throws: `CancellationError` when interrupted; the API error of a lasting outage or of
    ///   a non-transient list failure (401).
    public func wait(
        forRuns ids: [String],
        adopting: (@Sendable (RunSummary) -> Bool)? = nil,
        timeout: Duration? = nil,
        observer: (any MultiRunObserver)? = nil,
        onFinish: @Sendable (RunDetail) async -> Void = { _ in }
    ) async throws -> MultiRunOutcome {
        defer { observer?.finished() }
        let start = timing.now()
        var order: [String] = []
        for id in ids where !order.contains(id) { order.append(id) }
        var latest: [String: RunSummary] = [:]
        var statusSince: [String: Duration] = [:]
        var finished: [String: RunDetail] = [:]
        var unreadable: [String: String] = [:]
        var failingSince: Duration?

        func pending() -> [String] { order.filter { finished[$0] == nil && unreadable[$0] == nil } }

        while true {
            try Task.checkCancellation()
            if let timeout, timing.now() - start >= timeout, !pending().isEmpty || order.isEmpty {
                var unfinished: [String: RunStatus] = [:]
                for id in pending() { unfinished[id] = latest[id]?.status ?? .queued }
                return MultiRunOutcome(finished: finished, unfinished: unfinished, unreadable: unreadable, order: order)
            }

            var delay: Duration
            do {
                let summaries = try await list()
                failingSince = nil
                let now = timing.now()
                var byID: [String: RunSummary] = [:]
                for summary in summaries where byID[summary.id] == nil { byID[summary.id] = summary }
                if let adopting {
                    // Oldest first, so the board's order is the order the runs were made in.
                    for summary in summaries.reversed() where !order.contains(summary.id) && !summary.status.isFinished && adopting(summary) {
                        order.append(summary.id)
                    }
                }
                var newlyFinished: [String] = []
                for id in pending() {
                    var summary = byID[id]
                    if summary == nil {
                        // Beyond the list's first page: ask for this one directly.
                        do {
                            let detail = try await fetch(id)
                            summary = RunSummary(detail)
                            if detail.status.isFinished { finished[id] = detail; newlyFinished.append(id) }
                        } catch let error as APIError where !error.isTransient {
                            unreadable[id] = error.message
                            continue
                        }
                    }
                    guard let summary else { continue }
                    if summary.status != latest[id]?.status { statusSince[id] = now }
                    latest[id] = summary
                    if summary.status.isFinished, finished[id] == nil {
                        do {
                            let detail = try await fetch(id)
                            if detail.status.isFinished {
                                finished[id] = detail
                                latest[id] = RunSummary(detail)
                                newlyFinished.append(id)
                            }
                        } catch let error as APIError where !error.isTransient {
                            unreadable[id] = error.message
                        }
                    }
                }
                for id in newlyFinished { if let detail = finished[id] { observer?.read(detail) } }
                observer?.observed(order.compactMap { latest[$0] }, elapsed: timing.now() - start)
                for id in newlyFinished { if let detail = finished[id] { await onFinish(detail) } }
                let remaining = pending()
                if remaining.isEmpty {
                    return MultiRunOutcome(finished: finished, unfinished: [:], unreadable: unreadable, order: order)
                }
                // The youngest status decides: whichever run changed last is the likeliest to change next.
                let youngest = remaining.compactMap { statusSince[$0] }.max() ?? now
                delay = schedule.delay(statusAge: timing.now() - youngest)
            } catch let error as APIError where error.isTransient {
                let since = failingSince ?? timing.now()
                failingSince = since
                if timing.now() - since >= outageTolerance { throw error }
                delay = schedule.delay(
                    statusAge: timing.now() - since,
                    retryAfter: error.retryAfter.map { .milliseconds(Int($0 * 1000)) })
                observer?.pollFailed(error, retryIn: delay)
            }

            if let timeout {
                delay = max(.zero, min(delay, timeout - (timing.now() - start)))
            }
            try await timing.sleep(delay)
        }
    }
}
