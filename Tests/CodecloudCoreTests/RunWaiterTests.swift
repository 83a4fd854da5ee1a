@testable import CodecloudAPI
import CodecloudCore
import Foundation
import Synchronization
import Testing

/// A virtual clock: `sleep` advances time instantly, so waiting tests take no real time.
final class VirtualTime: Sendable {
    private let elapsed = Mutex(Duration.zero)
    private let sleeps = Mutex([Duration]())

    var timing: WaitTiming {
        WaitTiming(
            now: { self.elapsed.withLock { $0 } },
            sleep: { delay in
                try Task.checkCancellation()
                self.sleeps.withLock { $0.append(delay) }
                self.elapsed.withLock { $0 += delay }
            }
        )
    }
    var now: Duration { elapsed.withLock { $0 } }
    var recordedSleeps: [Duration] { sleeps.withLock { $0 } }
}

/// Answers polls from a script of (from-time, state) steps against the virtual clock.
final class ScriptedRun: Sendable {
    private let time: VirtualTime
    private let steps: [(at: Duration, answer: Result<RunDetail, APIError>)]
    private let polls = Mutex(0)

    init(time: VirtualTime, steps: [(at: Duration, answer: Result<RunDetail, APIError>)]) {
        self.time = time
        self.steps = steps
    }

    var pollCount: Int { polls.withLock { $0 } }

    func fetch(_ id: String) async throws -> RunDetail {
        polls.withLock { $0 += 1 }
        let now = time.now
        let current = steps.last { $0.at <= now } ?? steps[0]
        return try current.answer.get()
    }
}

func runDetail(_ status: RunStatus, completedAt: Date? = nil) -> RunDetail {
    RunDetail(
        id: "jd7x8k9m2n3p4q5r", title: nil, status: status, mode: .execute, model: nil, provider: nil,
        result: nil, plan: nil, error: nil, repo: "acme/widgets", prompt: "Add JWT auth",
        prURL: nil, prNumber: nil, prs: [], inputTokens: nil, outputTokens: nil, scheduleID: nil,
        createdAt: Date(timeIntervalSince1970: 1_700_000_000), startedAt: nil, completedAt: completedAt
    )
}

@Suite struct RunWaiterTests {
    @Test func returnsOnceTheRunCompletesAndDetectsItQuickly() async throws {
        let time = VirtualTime()
        let run = ScriptedRun(time: time, steps: [
            (.zero, .success(runDetail(.queued))),
            (.seconds(1), .success(runDetail(.running))),
            (.seconds(3), .success(runDetail(.completed, completedAt: Date()))),
        ])
        let waiter = RunWaiter(fetch: run.fetch, timing: time.timing)
        let finished = try await waiter.wait(forRun: "jd7x8k9m2n3p4q5r")
        #expect(finished.status == .completed)
        // Short runs are noticed within the minimum delay of finishing.
        #expect(time.now - .seconds(3) <= PollingSchedule.standard.minimum)
    }

    @Test func ignoresAStaleCompletionAfterAFollowUp() async throws {
        let before = Date(timeIntervalSince1970: 1_700_000_100)
        let after = Date(timeIntervalSince1970: 1_700_000_200)
        let time = VirtualTime()
        let run = ScriptedRun(time: time, steps: [
            // The service has not yet flipped the run back to running: still the old completion.
            (.zero, .success(runDetail(.completed, completedAt: before))),
            (.seconds(2), .success(runDetail(.completed, completedAt: after))),
        ])
        let waiter = RunWaiter(fetch: run.fetch, timing: time.timing)
        let finished = try await waiter.wait(forRun: "jd7x8k9m2n3p4q5r", previousCompletion: before)
        #expect(finished.completedAt == after)
        #expect(run.pollCount > 1)
    }

    @Test func timesOutWithTheResumeCommand() async throws {
        let time = VirtualTime()
        let run = ScriptedRun(time: time, steps: [(.zero, .success(runDetail(.running)))])
        let waiter = RunWaiter(fetch: run.fetch, timing: time.timing)
        let error = try await #require(throws: WorkflowError.self) {
            try await waiter.wait(forRun: "jd7x8k9m2n3p4q5r", timeout: .seconds(30))
        }
        #expect(error.exitCode == .timedOut)
        #expect(error.hint?.contains("git codecloud wait jd7x8k9m2n3p4q5r") == true)
        #expect(time.now == .seconds(30))
    }

    @Test func ridesOutATransientOutage() async throws {
        let time = VirtualTime()
        let outage = APIError(.http(status: 503, code: nil, message: nil), method: "GET", path: "/api/v1/agents/run/x")
        let run = ScriptedRun(time: time, steps: [
            (.zero, .success(runDetail(.running))),
            (.seconds(1), .failure(outage)),
            (.seconds(20), .success(runDetail(.completed, completedAt: Date()))),
        ])
        let waiter = RunWaiter(fetch: run.fetch, timing: time.timing)
        let finished = try await waiter.wait(forRun: "jd7x8k9m2n3p4q5r")
        #expect(finished.status == .completed)
    }

    @Test func ridesOutAGarbledAnswer() async throws {
        let time = VirtualTime()
        let garbled = APIError(.undecodable(status: 200, excerpt: "<html>"), method: "GET", path: "/api/v1/agents/run/x")
        let run = ScriptedRun(time: time, steps: [
            (.zero, .failure(garbled)),
            (.seconds(2), .success(runDetail(.completed, completedAt: Date()))),
        ])
        let waiter = RunWaiter(fetch: run.fetch, timing: time.timing)
        #expect(try await waiter.wait(forRun: "jd7x8k9m2n3p4q5r").status == .completed)
    }

    @Test func givesUpAfterALastingOutage() async throws {
        let time = VirtualTime()
        let outage = APIError(.network(host: "codecloud.dev", underlying: "connection refused"), method: "GET", path: "/api/v1/agents/run/x")
        let run = ScriptedRun(time: time, steps: [(.zero, .failure(outage))])
        let waiter = RunWaiter(fetch: run.fetch, timing: time.timing, outageTolerance: .seconds(60))
        await #expect(throws: APIError.self) {
            try await waiter.wait(forRun: "jd7x8k9m2n3p4q5r")
        }
        #expect(time.now >= .seconds(60))
    }

    @Test func stopsAtOnceOnAnAuthenticationError() async throws {
        let time = VirtualTime()
        let denied = APIError(.http(status: 401, code: "Unauthorized", message: "Invalid API key"), method: "GET", path: "/api/v1/agents/run/x")
        let run = ScriptedRun(time: time, steps: [(.zero, .failure(denied))])
        let waiter = RunWaiter(fetch: run.fetch, timing: time.timing)
        await #expect(throws: APIError.self) {
            try await waiter.wait(forRun: "jd7x8k9m2n3p4q5r")
        }
        #expect(run.pollCount == 1)
    }
}
