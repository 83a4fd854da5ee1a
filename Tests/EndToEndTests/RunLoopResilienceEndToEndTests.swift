import CodecloudEmulator
import CodecloudTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RunLoopEndToEnd {
    /// Waiting survives the service's hiccups, never doubles a run, and can always be left and
    /// resumed: Ctrl-C, `--timeout`, injected 503s, a create whose answer was lost.
    @Suite("Resilience")
    struct Resilience {
        @Test("SIGINT while waiting exits 130 with the resume command; the run completes on the service")
        func interruptDetaches() async throws {
            // The run is held in `running` at the gate until the CLI has been interrupted.
            let gate = AgentGate()
            try await withRunLoopWorld(gate: gate) { world in
                let cli = try world.launchCodecloud("fix", "Add a CONTRIBUTING guide", "--json")
                defer { cli.killIfRunning() }
                try await awaitCondition("the CLI never started waiting; stderr:\n\(cli.stderr)") {
                    cli.stderr.contains("Submitted run ")
                }
                let runID = try submittedRunID(in: cli.stderr)
                try await awaitCondition("run \(runID) never reached the gate") { gate.arrivals == 1 }

                cli.send(SIGINT)

                #expect(try await cli.exitStatus() == 130)
                #expect(cli.stderr.contains("git codecloud wait \(runID)"), "\(cli.stderr)")
                let report = try #require(try parseJSON(cli.stdout) as? [String: Any], "stdout: \(cli.stdout)")
                #expect(report["run_id"] as? String == runID)
                #expect((report["error"] as? [String: Any])?["exit_code"] as? Int == 130)
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == "main")
                #expect(try await world.run(runID)["status"] as? String == "running", "the run outlives the interrupted CLI")
                gate.open()
                var status = ""
                try await awaitCondition("run \(runID) did not complete on the emulator (last: \(status))") {
                    status = try await world.run(runID)["status"] as? String ?? ""
                    return status == "completed"
                }
            }
        }

        @Test("--timeout gives up with exit 5 and the resume command; the run goes on")
        func timeoutExits5() async throws {
            // The gate never opens: the run stays `running` however slow the machine is.
            try await withRunLoopWorld(gate: AgentGate()) { world in
                let result = try await world.codecloud("fix", "Add a CONTRIBUTING guide", "--timeout", "1s", "--json")

                #expect(result.status == 5, "\(result.stderr)")
                let runID = try submittedRunID(in: result.stderr)
                // --json still tells a script which run to resume, and why it stopped.
                let report = try #require(try parseJSON(result.stdout) as? [String: Any], "stdout: \(result.stdout)")
                #expect(report["run_id"] as? String == runID)
                #expect((report["error"] as? [String: Any])?["exit_code"] as? Int == 5)
                #expect(result.stderr.contains("error: run \(runID) is still running after 1s; it keeps going on codecloud"), "\(result.stderr)")
                #expect(result.stderr.contains("hint: resume waiting with 'git codecloud wait \(runID)'"), "\(result.stderr)")
                #expect(try await world.run(runID)["status"] as? String == "running", "gave up long before the run could finish")
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == "main")
            }
        }

        @Test("503s while polling are ridden out and the run still lands")
        func pollingSurvives503s() async throws {
            try await withRunLoopWorld(agentDelay: 0.3) { world in
                try await world.injectFault([
                    "path": "/api/v1/agents/run/*", "method": "GET", "count": 3, "kind": "status", "status": 503, "retry_after": 0,
                ])

                let result = try await world.codecloud("fix", "Add a CONTRIBUTING guide")

                #expect(result.status == 0, "\(result.stderr)")
                let runID = try submittedRunID(in: result.stderr)
                let polls = try await world.requestLog().filter { $0.path == "/api/v1/agents/run/\(runID)" }
                #expect(polls.prefix(3).map(\.status) == [503, 503, 503])
                #expect(polls.last?.status == 200)
                let branch = "codecloud/add-a-contributing-guide"
                #expect(try await world.git("rev-parse", "HEAD") == world.remoteTip(of: branch))
            }
        }

        @Test("a create whose answer is lost is never sent twice; the user is told to check the list")
        func unknownCreateOutcomeNotDoubled() async throws {
            try await withRunLoopWorld { world in
                try await world.injectFault(["path": "/api/v1/agents", "method": "POST", "count": 1, "kind": "drop"])

                let result = try await world.codecloud("fix", "Add a CONTRIBUTING guide")

                #expect(result.status != 0)
                #expect(result.stderr.contains("may or may not"), "\(result.stderr)")
                #expect(result.stderr.contains("git codecloud list"), "\(result.stderr)")
                let creates = try await world.requestLog().filter { $0.method == "POST" && $0.path == "/api/v1/agents" }
                #expect(creates.count == 1)
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == "main")
            }
        }

        @Test("a follow-up whose connection drops is sent again whole, on a fresh connection, and lands")
        func droppedFollowUpIsResentWhole() async throws {
            try await withRunLoopWorld { world in
                let fix = try await world.codecloud("fix", "Add a CONTRIBUTING guide")
                #expect(fix.status == 0, "\(fix.stderr)")
                let runID = try submittedRunID(in: fix.stderr)
                let first = try await world.git("rev-parse", "HEAD")
                try await world.injectFault(["path": "/api/v1/agents/run/*", "method": "POST", "count": 1, "kind": "drop"])

                let result = try await world.codecloud("followup", "Mention the code of conduct")

                #expect(result.status == 0, "\(result.stderr)")
                // The dropped attempt, then the client's own retry with the same key. A POST that
                // rode a pooled connection used to be re-sent by libcurl without its body first
                // (a 400 in between, and a 30 s stall before the retry).
                let posts = try await world.requestLog().filter { $0.method == "POST" && $0.path == "/api/v1/agents/run/\(runID)/message" }
                #expect(posts.map(\.status) == [nil, 200], "\(posts)")
                #expect(try await world.git("rev-parse", "HEAD^") == first)
            }
        }

        @Test("--json outputs of fix, show, list and status parse, with the expected keys")
        func jsonOutputs() async throws {
            try await withRunLoopWorld { world in
                let fix = try await world.codecloud("fix", "Add a CONTRIBUTING guide", "--json")
                #expect(fix.status == 0, "\(fix.stderr)")
                let report = try #require(try parseJSON(fix.stdout) as? [String: Any], "fix --json: \(fix.stdout)")
                let run = try #require(report["run"] as? [String: Any])
                let landing = try #require(report["landing"] as? [String: Any])
                let runID = try #require(run["id"] as? String)
                #expect(run["status"] as? String == "completed")
                #expect((run["prs"] as? [[String: Any]])?.first?["branch"] as? String == "codecloud/add-a-contributing-guide")
                #expect(landing["local_branch"] as? String == "codecloud/add-a-contributing-guide")
                #expect(landing["action"] as? String == "created")
                #expect(landing["commit"] as? String == (try await world.git("rev-parse", "HEAD")))

                let show = try await world.codecloud("show", "--json")
                #expect(show.status == 0, "\(show.stderr)")
                let detail = try #require(try parseJSON(show.stdout) as? [String: Any], "show --json: \(show.stdout)")
                #expect(detail["id"] as? String == runID)
                #expect(detail["status"] as? String == "completed")
                #expect(detail["prompt"] as? String == "Add a CONTRIBUTING guide")
                #expect(detail["prs"] is [[String: Any]])

                let list = try await world.codecloud("list", "--json")
                #expect(list.status == 0, "\(list.stderr)")
                let runs = try #require(try parseJSON(list.stdout) as? [[String: Any]], "list --json: \(list.stdout)")
                #expect(runs.map { $0["id"] as? String } == [runID])
                #expect(runs.first?["status"] as? String == "completed")

                let status = try await world.codecloud("status", "--json")
                #expect(status.status == 0, "\(status.stderr)")
                let state = try #require(try parseJSON(status.stdout) as? [String: Any], "status --json: \(status.stdout)")
                #expect(state["repository"] as? String == RunLoopWorld.repository)
                #expect(state["local_branch"] as? String == "codecloud/add-a-contributing-guide")
                #expect(state["run_id"] as? String == runID)
            }
        }
    }
}
