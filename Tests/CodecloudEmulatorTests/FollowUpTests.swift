import Foundation
import Testing
@testable import CodecloudEmulator

@Suite("Follow-ups: state rules, PR updates, modes, idempotency")
struct FollowUpTests {
    @Test("follow-ups are refused unless the run is completed, and unknown runs are 404")
    func onlyCompletedRuns() async throws {
        // The gate never opens: the run is never completed.
        try await EmulatorHarness.with(configure: { $0.agentGate = AgentGate() }) { harness in
            let id = try await harness.createRun(["prompt": "x", "blank_workspace": true])
            let early = try await harness.request("POST", "/api/v1/agents/run/\(id)/message", body: ["prompt": "more"])
            #expect(early.status == 400)
            #expect(early.message.contains("cannot be resumed"))
            let unknown = try await harness.request("POST", "/api/v1/agents/run/zzzzzzzzzzzzzzzz/message", body: ["prompt": "more"])
            #expect(unknown.status == 404)
            let invalid = try await harness.request("POST", "/api/v1/agents/run/\(id)/message", body: ["mode": "plan"])
            #expect(invalid.status == 400)
            #expect(invalid.message == "prompt: Required")
            let planPR = try await harness.request("POST", "/api/v1/agents/run/\(id)/message", body: ["prompt": "p", "mode": "plan", "update_pr": true])
            #expect(planPR.message == "update_pr: only valid for execute mode")
        }
    }

    @Test("update_pr pushes the follow-up's commit onto the same PR branch; completedAt is renewed")
    func updatesPullRequest() async throws {
        try await EmulatorHarness.with { harness in
            let bare = try await harness.makeRepository("octo/hello")
            let id = try await harness.createRun(["prompt": "Add auth", "repo": "octo/hello", "auto_create_pr": true])
            let first = try await harness.waitForRun(id, status: "completed")
            let firstCompleted = try #require(timestamp(first["completedAt"]))
            harness.clock.advance(by: 60)

            let answer = try await harness.request("POST", "/api/v1/agents/run/\(id)/message", body: ["prompt": "Now add tests", "update_pr": true])
            #expect(answer.status == 200)
            #expect(answer.json["id"] as? String == id)
            #expect(answer.json["status"] as? String == "running")
            #expect(answer.json["message"] is String)
            let second = try await harness.waitForRun(id, status: "completed")
            #expect(try #require(timestamp(second["completedAt"])) > firstCompleted)
            #expect((second["prs"] as? [Any])?.count == 1)
            #expect((second["result"] as? String)?.contains("Now add tests") == true)
            #expect((second["input_tokens"] as? Int ?? 0) > (first["input_tokens"] as? Int ?? 0))
            let log = try await harness.git(["log", "--format=%s", "codecloud/add-auth"], in: bare)
            #expect(log == "Now add tests\nAdd auth\nInitial commit\n")
        }
    }

    @Test("completedAt is cleared while a follow-up runs")
    func clearsCompletedAt() async throws {
        // The gate lets the first execution through and holds the follow-up in `running`.
        let gate = AgentGate()
        gate.release(1)
        try await EmulatorHarness.with(configure: { $0.agentGate = gate }) { harness in
            let id = try await harness.createRun(["prompt": "x", "blank_workspace": true])
            try await harness.waitForRun(id, status: "completed")
            _ = try await harness.request("POST", "/api/v1/agents/run/\(id)/message", body: ["prompt": "again"])
            let running = try await harness.run(id)
            #expect(running["status"] as? String == "running")
            #expect(running["completedAt"] == nil)
            #expect(running["result"] == nil)
        }
    }

    @Test("update_pr opens a PR when the run had none; mode overrides the run's mode")
    func createsPullRequestAndOverridesMode() async throws {
        try await EmulatorHarness.with { harness in
            try await harness.makeRepository("octo/hello")
            let id = try await harness.createRun(["prompt": "Plan the auth work", "repo": "octo/hello", "mode": "plan"])
            try await harness.waitForRun(id, status: "completed")
            _ = try await harness.request("POST", "/api/v1/agents/run/\(id)/message", body: ["prompt": "Go ahead", "mode": "execute", "update_pr": true])
            let run = try await harness.waitForRun(id, status: "completed")
            #expect(run["mode"] as? String == "execute")
            #expect(run["plan"] == nil)
            #expect((run["prs"] as? [[String: Any]])?.first?["branch"] as? String == "codecloud/plan-the-auth-work")
        }
    }

    @Test("an idempotency key (body or header) replays the first answer without re-running, for 24 hours", arguments: [true, false])
    func idempotency(inBody: Bool) async throws {
        try await EmulatorHarness.with { harness in
            let bare = try await harness.makeRepository("octo/hello")
            let id = try await harness.createRun(["prompt": "Add auth", "repo": "octo/hello", "auto_create_pr": true])
            try await harness.waitForRun(id, status: "completed")

            func send(_ prompt: String) async throws -> HTTPResult {
                var body: [String: Any] = ["prompt": prompt, "update_pr": true]
                var headers: [String: String] = [:]
                if inBody { body["idempotency_key"] = "msg-1" } else { headers["Idempotency-Key"] = "msg-1" }
                return try await harness.request("POST", "/api/v1/agents/run/\(id)/message", body: body, headers: headers)
            }
            let first = try await send("Add tests")
            try await harness.waitForRun(id, status: "completed")
            let replay = try await send("Add tests")
            #expect(replay.status == 200)
            #expect(replay.body == first.body)
            #expect(try await harness.run(id)["status"] as? String == "completed")
            #expect(try await harness.git(["rev-list", "--count", "codecloud/add-auth"], in: bare) == "3\n")

            harness.clock.advance(by: 24 * 60 * 60 + 1)
            let expired = try await send("Add more tests")
            #expect(expired.status == 200)
            try await harness.waitForRun(id, status: "completed")
            #expect(try await harness.git(["rev-list", "--count", "codecloud/add-auth"], in: bare) == "4\n")
        }
    }
}
