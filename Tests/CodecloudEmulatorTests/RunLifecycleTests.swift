import CodecloudTestSandbox
import Foundation
import Testing
@testable import CodecloudEmulator

@Suite("Runs: lifecycle, concurrency and the git host")
struct RunLifecycleTests {
    @Test("queued → running → completed with timestamps and token estimates")
    func lifecycle() async throws {
        // The run is held in `running` at the gate until the test has looked at it there.
        let gate = AgentGate()
        try await EmulatorHarness.with(configure: { $0.agentGate = gate }) { harness in
            try await harness.makeRepository("octo/hello")
            let id = try await harness.createRun(["prompt": "Add JWT auth", "repo": "octo/hello"])
            let running = try await harness.waitForRun(id, status: "running")
            #expect(timestamp(running["startedAt"]) != nil)
            #expect(running["completedAt"] == nil)
            #expect(running["result"] == nil)
            gate.open()
            let done = try await harness.waitForRun(id, status: "completed")
            let created = try #require(timestamp(done["createdAt"]))
            let started = try #require(timestamp(done["startedAt"]))
            let completed = try #require(timestamp(done["completedAt"]))
            #expect(created <= started && started <= completed)
            #expect((done["input_tokens"] as? Int ?? 0) > 0)
            #expect((done["output_tokens"] as? Int ?? 0) > 0)
            #expect((done["result"] as? String)?.contains("Add JWT auth") == true)
            #expect(done["mode"] as? String == "execute")
            #expect(done["model"] as? String == "claude-sonnet-4-5")
            #expect(done["provider"] as? String == "anthropic")
            #expect(done["title"] as? String == "Add JWT auth")
            #expect((done["prs"] as? [Any])?.isEmpty == true)
            #expect(done["pr_url"] == nil)
        }
    }

    @Test("a starter key runs one at a time; the rest wait queued and start in order")
    func starterConcurrency() async throws {
        // Each run is held in `running` at the gate until the test has seen it running alone.
        let gate = AgentGate()
        try await EmulatorHarness.with(configure: { $0.agentGate = gate }) { harness in
            var ids: [String] = []
            for index in 0..<3 {
                ids.append(try await harness.createRun(["prompt": "task \(index)", "blank_workspace": true]))
            }
            var maximumRunning = 0
            try await awaitCondition(timeout: .seconds(60)) {
                let list = try await harness.request("GET", "/api/v1/agents").json["runs"] as? [[String: Any]] ?? []
                let running = list.count { $0["status"] as? String == "running" }
                maximumRunning = max(maximumRunning, running)
                if running == 1 && gate.waiting == 1 { gate.release(1) }
                return list.allSatisfy { $0["status"] as? String == "completed" }
            }
            #expect(maximumRunning == 1)
            var starts: [Date] = []
            var ends: [Date] = []
            for id in ids {
                let run = try await harness.run(id)
                starts.append(try #require(timestamp(run["startedAt"])))
                ends.append(try #require(timestamp(run["completedAt"])))
            }
            #expect(starts == starts.sorted())
            #expect(starts[1] >= ends[0] && starts[2] >= ends[1])
        }
    }

    @Test("a pro key runs five at once and queues the sixth")
    func proConcurrency() async throws {
        // The gate never opens: the five stay `running` however slow the machine is.
        try await EmulatorHarness.with(keys: [APIKey("cc_pro", plan: .pro)], configure: { $0.agentGate = AgentGate() }) { harness in
            for index in 0..<6 {
                _ = try await harness.createRun(["prompt": "task \(index)", "blank_workspace": true])
            }
            let list = try await harness.request("GET", "/api/v1/agents").json["runs"] as? [[String: Any]] ?? []
            #expect(list.count { $0["status"] as? String == "running" } == 5)
            #expect(list.first?["status"] as? String == "queued")
        }
    }

    @Test("an execute run with auto_create_pr pushes codecloud/<slug> with the agent's commit")
    func pullRequestBranch() async throws {
        try await EmulatorHarness.with { harness in
            let bare = try await harness.makeRepository("octo/hello")
            let id = try await harness.createRun(["prompt": "Add JWT auth!", "repo": "octo/hello", "auto_create_pr": true])
            let run = try await harness.waitForRun(id, status: "completed")
            let pullRequests = try #require(run["prs"] as? [[String: Any]])
            #expect(pullRequests.count == 1)
            let pullRequest = try #require(pullRequests.first)
            #expect(pullRequest["branch"] as? String == "codecloud/add-jwt-auth")
            #expect(pullRequest["number"] as? Int == 1)
            #expect(pullRequest["repo"] as? String == "octo/hello")
            #expect(run["pr_number"] as? Int == 1)
            #expect(run["pr_url"] as? String == "\(harness.emulator.baseURL.absoluteString)/octo/hello/pull/1")

            let clone = harness.scratch.appendingPathComponent("clone")
            try await harness.git(["clone", "--quiet", "--branch", "codecloud/add-jwt-auth", bare.path, clone.path])
            let subject = try await harness.git(["log", "-1", "--format=%s%n%an"], in: clone)
            #expect(subject == "Add JWT auth!\ncodecloud[bot]\n")
            let notes = try String(contentsOf: clone.appendingPathComponent(".codecloud/\(id).md"), encoding: .utf8)
            #expect(notes.contains("Add JWT auth!"))

            let page = try await harness.request("GET", "/octo/hello/pull/1", key: .some(nil))
            #expect(page.json["branch"] as? String == "codecloud/add-jwt-auth")
            #expect(page.json["run_id"] as? String == id)
        }
    }

    @Test("branch names stay unique and PR numbers count per repository")
    func uniqueBranchesAndNumbers() async throws {
        try await EmulatorHarness.with(keys: [APIKey("cc_pro", plan: .pro)]) { harness in
            try await harness.makeRepository("octo/hello")
            try await harness.makeRepository("octo/other")
            var branches: [String] = []
            var numbers: [Int] = []
            for repo in ["octo/hello", "octo/hello", "octo/other"] {
                let id = try await harness.createRun(["prompt": "Fix the build", "repo": repo, "auto_create_pr": true])
                let pullRequest = try #require((try await harness.waitForRun(id, status: "completed")["prs"] as? [[String: Any]])?.first)
                branches.append(pullRequest["branch"] as? String ?? "")
                numbers.append(pullRequest["number"] as? Int ?? 0)
            }
            #expect(branches == ["codecloud/fix-the-build", "codecloud/fix-the-build-2", "codecloud/fix-the-build"])
            #expect(numbers == [1, 2, 1])
        }
    }

    @Test("five concurrent runs with one prompt get five branches and PR numbers 1 to 5")
    func concurrentPullRequests() async throws {
        try await EmulatorHarness.with(keys: [APIKey("cc_pro", plan: .pro)]) { harness in
            let bare = try await harness.makeRepository("octo/hello")
            var ids: [String] = []
            for _ in 0..<5 {
                ids.append(try await harness.createRun(["prompt": "Same task", "repo": "octo/hello", "auto_create_pr": true]))
            }
            var branches: Set<String> = []
            var numbers: Set<Int> = []
            for id in ids {
                let pullRequest = try #require((try await harness.waitForRun(id, status: "completed")["prs"] as? [[String: Any]])?.first)
                branches.insert(pullRequest["branch"] as? String ?? "")
                numbers.insert(pullRequest["number"] as? Int ?? 0)
            }
            #expect(branches.count == 5)
            #expect(numbers == [1, 2, 3, 4, 5])
            let pushed = try await harness.git(["for-each-ref", "--format=%(refname:short)", "refs/heads/codecloud"], in: bare)
            #expect(Set(pushed.split(separator: "\n").map(String.init)) == branches)
        }
    }

    @Test("repositories are served over git's smart HTTP: clone, fetch the PR branch, push")
    func gitOverHTTP() async throws {
        try await EmulatorHarness.with { harness in
            try await harness.makeRepository("octo/hello")
            let remote = "\(harness.emulator.baseURL.absoluteString)/octo/hello.git"
            let clone = harness.scratch.appendingPathComponent("http-clone")
            try await harness.git(["clone", "--quiet", remote, clone.path])
            let id = try await harness.createRun(["prompt": "Over http", "repo": "octo/hello", "auto_create_pr": true])
            let branch = try #require((try await harness.waitForRun(id, status: "completed")["prs"] as? [[String: Any]])?.first?["branch"] as? String)
            try await harness.git(["fetch", "--quiet", "origin", branch], in: clone)
            #expect(try await harness.git(["log", "-1", "--format=%s", "FETCH_HEAD"], in: clone) == "Over http\n")
            try await harness.git(["push", "--quiet", "origin", "HEAD:refs/heads/pushed-over-http"], in: clone)
            #expect(try await harness.git(["ls-remote", "--heads", remote, "pushed-over-http"]).contains("refs/heads/pushed-over-http"))
            let missing = try await harness.request("GET", "/octo/missing.git/info/refs?service=git-upload-pack", key: .some(nil))
            #expect(missing.status == 404)
        }
    }

    @Test("runs start from the repository's HEAD branch or the one requested")
    func branches() async throws {
        try await EmulatorHarness.with { harness in
            let bare = try await harness.makeRepository("octo/trunky", branch: "trunk")
            let id = try await harness.createRun(["prompt": "On trunk", "repo": "octo/trunky", "auto_create_pr": true])
            try await harness.waitForRun(id, status: "completed")
            let base = try await harness.git(["merge-base", "--is-ancestor", "trunk", "codecloud/on-trunk"], in: bare)
            #expect(base.isEmpty)
        }
    }

    @Test("unknown repositories and branches fail the run with a clear error", arguments: [
        (["repo": "octo/missing"], "repository 'octo/missing' not found"),
        (["repo": "octo/hello", "branch": "nope"], "branch 'nope' not found in repository 'octo/hello'"),
    ])
    func gitFailures(fields: [String: String], expected: String) async throws {
        try await EmulatorHarness.with { harness in
            try await harness.makeRepository("octo/hello")
            var body: [String: Any] = ["prompt": "x", "auto_create_pr": true]
            for (key, value) in fields { body[key] = value }
            let run = try await harness.waitForRun(try await harness.createRun(body), status: "failed")
            #expect((run["error"] as? String)?.hasPrefix(expected) == true, "\(run["error"] ?? "")")
            #expect(run["result"] == nil)
            #expect(timestamp(run["completedAt"]) != nil)
        }
    }

    @Test("plan runs return a numbered plan and change nothing")
    func planMode() async throws {
        try await EmulatorHarness.with { harness in
            let bare = try await harness.makeRepository("octo/hello")
            let id = try await harness.createRun(["prompt": "Add caching", "repo": "octo/hello", "mode": "plan", "auto_create_pr": true])
            let run = try await harness.waitForRun(id, status: "completed")
            let plan = try #require(run["plan"] as? String)
            #expect(plan.hasPrefix("1. "))
            #expect(plan.contains("Add caching"))
            #expect(run["result"] == nil)
            #expect((run["prs"] as? [Any])?.isEmpty == true)
            #expect(try await harness.git(["for-each-ref", "--format=%(refname)", "refs/heads"], in: bare) == "refs/heads/main\n")
        }
    }
}
