import CodecloudAPI
import CodecloudCore
import Foundation
import Synchronization
import Testing

/// Records what the waiter tells the user about statuses it does not know.
final class UnknownStatusRecorder: RunProgressObserver {
    private let seen = Mutex<[(String, Duration?)]>([])
    func observed(_ run: RunDetail, elapsed: Duration) {}
    func pollFailed(_ error: any Error, retryIn: Duration) {}
    func finished() {}
    func unknownStatus(_ run: RunDetail, patience: Duration?) { seen.withLock { $0.append((run.status.rawValue, patience)) } }
    var reports: [(String, Duration?)] { seen.withLock { $0 } }
}

/// `wait` always ends, whatever the service answers.
@Suite struct RunWaiterHostileServiceTests {
    let id = "jd7x8k9m2n3p4q5r"

    @Test("a failed after a follow-up counts at once, even with completedAt unchanged")
    func failedFollowUpWithUnchangedCompletionCounts() async throws {
        let before = Date(timeIntervalSince1970: 1_700_000_100)
        let time = VirtualTime()
        let run = ScriptedRun(time: time, steps: [(.zero, .success(runDetail(.failed, completedAt: before)))])
        let waiter = RunWaiter(fetch: run.fetch, timing: time.timing)
        let finished = try await waiter.wait(forRun: id, previousCompletion: before)
        #expect(finished.status == .failed)
        #expect(run.pollCount == 1)
    }

    @Test("a stale completed after a follow-up is still not taken for the new result")
    func staleCompletedStillIgnored() async throws {
        let before = Date(timeIntervalSince1970: 1_700_000_100)
        let time = VirtualTime()
        let run = ScriptedRun(time: time, steps: [(.zero, .success(runDetail(.completed, completedAt: before)))])
        let waiter = RunWaiter(fetch: run.fetch, timing: time.timing)
        await #expect(throws: WorkflowError.self) {
            try await waiter.wait(forRun: id, previousCompletion: before, timeout: .seconds(10))
        }
        #expect(run.pollCount > 1)
    }

    @Test("an unknown status that lasts ends waiting after the patience, naming the status (exit 5)")
    func lastingUnknownStatusEnds() async throws {
        let time = VirtualTime()
        let run = ScriptedRun(time: time, steps: [(.zero, .success(runDetail(.unknown("paused"))))])
        let recorder = UnknownStatusRecorder()
        let waiter = RunWaiter(fetch: run.fetch, timing: time.timing, unknownStatusPatience: .seconds(600))
        let error = try await #require(throws: WorkflowError.self) {
            try await waiter.wait(forRun: id, observer: recorder)
        }
        #expect(error.exitCode == .timedOut)
        #expect(error.message.contains("'paused'"), "\(error.message)")
        #expect(error.hint?.contains("git codecloud show \(id)") == true)
        #expect(time.now >= .seconds(600) && time.now < .seconds(610))
        #expect(recorder.reports.count == 1)
        #expect(recorder.reports.first?.0 == "paused")
        #expect(recorder.reports.first?.1 == .seconds(600))
    }

    @Test("with --timeout, an unknown status is waited out until the timeout")
    func unknownStatusWithTimeoutWaitsUntilIt() async throws {
        let time = VirtualTime()
        let run = ScriptedRun(time: time, steps: [(.zero, .success(runDetail(.unknown("paused"))))])
        let recorder = UnknownStatusRecorder()
        let waiter = RunWaiter(fetch: run.fetch, timing: time.timing, unknownStatusPatience: .seconds(60))
        let error = try await #require(throws: WorkflowError.self) {
            try await waiter.wait(forRun: id, timeout: .seconds(300), observer: recorder)
        }
        #expect(error.message.contains("still paused after 5m00s"), "\(error.message)")
        #expect(time.now == .seconds(300))
        #expect(recorder.reports.first?.1 == nil)
    }

    @Test("an unknown status that turns into completed is waited through")
    func unknownThenCompleted() async throws {
        let time = VirtualTime()
        let run = ScriptedRun(time: time, steps: [
            (.zero, .success(runDetail(.unknown("provisioning")))),
            (.seconds(5), .success(runDetail(.completed, completedAt: Date()))),
        ])
        #expect(try await RunWaiter(fetch: run.fetch, timing: time.timing).wait(forRun: id).status == .completed)
    }

    @Test("--timeout takes one last poll: a run finishing at the deadline is reported, not timed out")
    func lastPollAtTheTimeout() async throws {
        let time = VirtualTime()
        let run = ScriptedRun(time: time, steps: [
            (.zero, .success(runDetail(.running))),
            (.seconds(30), .success(runDetail(.completed, completedAt: Date()))),
        ])
        let waiter = RunWaiter(fetch: run.fetch, schedule: PollingSchedule(minimum: .seconds(7), maximum: .seconds(7), growth: 0), timing: time.timing)
        let finished = try await waiter.wait(forRun: id, timeout: .seconds(30))
        #expect(finished.status == .completed)
        #expect(time.now == .seconds(30))
    }

    @Test("Retry-After on a failed poll never sleeps past the outage budget", arguments: [86400.0, .infinity, 1e300, .nan])
    func serverDelayBoundedByOutageBudget(retryAfter: Double) async throws {
        let time = VirtualTime()
        let outage = APIError(.http(status: 503, code: nil, message: nil), method: "GET", path: "/api/v1/agents/run/x", retryAfter: retryAfter)
        let run = ScriptedRun(time: time, steps: [(.zero, .failure(outage))])
        let waiter = RunWaiter(fetch: run.fetch, timing: time.timing, outageTolerance: .seconds(120))
        await #expect(throws: APIError.self) { try await waiter.wait(forRun: id) }
        #expect(time.recordedSleeps.allSatisfy { $0 <= .seconds(120) }, "\(time.recordedSleeps)")
        #expect(time.now <= .seconds(120), "gave up at the end of the budget, not after the server's delay")
    }

    @Test("Retry-After on a failed poll never sleeps past --timeout")
    func serverDelayBoundedByTimeout() async throws {
        let time = VirtualTime()
        let outage = APIError(.http(status: 503, code: nil, message: nil), method: "GET", path: "/api/v1/agents/run/x", retryAfter: 300)
        let run = ScriptedRun(time: time, steps: [
            (.zero, .failure(outage)),
            (.seconds(1), .success(runDetail(.completed, completedAt: Date()))),
        ])
        let waiter = RunWaiter(fetch: run.fetch, timing: time.timing)
        let finished = try await waiter.wait(forRun: id, timeout: .seconds(10))
        #expect(finished.status == .completed, "the last poll at the timeout found the run done")
        #expect(time.now == .seconds(10))
    }

    @Test func formatDurationNeverTraps() {
        #expect(formatDuration(.seconds(Int64.max)).hasSuffix("m"))
        #expect(formatDuration(.seconds(-5)) == "0s")
        #expect(elapsedSeconds(from: Date.distantPast, to: Date.distantFuture) > .zero)
        #expect(elapsedSeconds(from: Date(), to: Date.distantPast) == .zero)
    }
}
