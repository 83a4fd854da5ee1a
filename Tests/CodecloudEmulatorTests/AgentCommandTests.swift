import Foundation
import Testing
@testable import CodecloudEmulator

@Suite("Agent command: environment, output, failures, timeout")
struct AgentCommandTests {
    @Test("the command sees the run's environment and its stdout becomes the result")
    func environmentAndResult() async throws {
        let script = #"""
        printf 'prompt=%s mode=%s followup=%s id=%s\n' "$CODECLOUD_PROMPT" "$CODECLOUD_MODE" "$CODECLOUD_FOLLOWUP" "$CODECLOUD_RUN_ID"
        cat "$CODECLOUD_TOOLS_FILE"; echo
        pwd
        echo change > agent.txt
        """#
        try await EmulatorHarness.with(configure: { $0.agentCommand = script }) { harness in
            try await harness.makeRepository("octo/hello")
            let id = try await harness.createRun([
                "prompt": "Do it", "repo": "octo/hello", "auto_create_pr": true, "tools": [validTool("lookup")],
            ])
            let run = try await harness.waitForRun(id, status: "completed")
            let lines = (run["result"] as? String ?? "").split(separator: "\n").map(String.init)
            #expect(lines.first == "prompt=Do it mode=execute followup=0 id=\(id)")
            let tools = try #require(lines.dropFirst().first.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [[String: Any]])
            #expect(tools.first?["name"] as? String == "lookup")
            #expect(lines.last?.hasSuffix("/workspaces/\(id)") == true)
            let branch = try #require((run["prs"] as? [[String: Any]])?.first?["branch"] as? String)
            let files = try await harness.git(["ls-tree", "--name-only", branch], in: harness.gitRoot.appendingPathComponent("octo/hello.git"))
            #expect(files.split(separator: "\n").contains("agent.txt"))
        }
    }

    @Test("plan mode: stdout becomes the plan")
    func planOutput() async throws {
        try await EmulatorHarness.with(configure: { $0.agentCommand = "echo \"1. think about $CODECLOUD_PROMPT\"" }) { harness in
            let id = try await harness.createRun(["prompt": "caching", "blank_workspace": true, "mode": "plan"])
            let run = try await harness.waitForRun(id, status: "completed")
            #expect(run["plan"] as? String == "1. think about caching")
        }
    }

    @Test("a non-zero exit fails the run with the end of stderr")
    func failure() async throws {
        try await EmulatorHarness.with(configure: { $0.agentCommand = "echo partial; echo 'first line' >&2; echo 'compiler exploded' >&2; exit 3" }) { harness in
            let id = try await harness.createRun(["prompt": "x", "blank_workspace": true])
            let run = try await harness.waitForRun(id, status: "failed")
            #expect((run["error"] as? String)?.hasSuffix("compiler exploded") == true)
            #expect(run["result"] == nil)
        }
    }

    @Test("an agent past --agent-timeout is killed and the run fails")
    func timeout() async throws {
        try await EmulatorHarness.with(configure: {
            $0.agentCommand = "sleep 600; echo never"
            $0.agentTimeout = 0.5
        }) { harness in
            let started = ContinuousClock.now
            let id = try await harness.createRun(["prompt": "x", "blank_workspace": true])
            let run = try await harness.waitForRun(id, status: "failed", timeout: .seconds(120))
            #expect((run["error"] as? String)?.contains("timed out") == true)
            // Killed, not waited for: the agent alone would take 600 s.
            #expect(ContinuousClock.now - started < .seconds(60))
        }
    }
}
