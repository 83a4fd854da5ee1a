import CodecloudEmulator
import CodecloudTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension RunLoopEndToEnd {
    /// `fix --attempts N`, `pick`, `watch` and multi-run `wait`, with the built binary against
    /// an in-process emulator and real repositories.
    @Suite("Fan-out")
    struct FanOut {
        @Test("three attempts land in three worktrees beside the repository, then a table compares them")
        func threeAttemptsLandInThreeWorktrees() async throws {
            try await withRunLoopWorld(plan: .pro) { world in
                let head = try await world.git("rev-parse", "HEAD")

                let result = try await world.codecloud("fix", "Tune the cache", "--attempts", "3")

                #expect(result.status == 0, "\(result.stderr)")
                for attempt in 1...3 { #expect(result.stderr.contains("Creating attempt \(attempt)/3")) }
                let ids = try submittedRunIDs(in: result.stderr)
                #expect(ids.count == 3)
                let creates = try await world.requestLog().filter { $0.method == "POST" && $0.path == "/api/v1/agents" }
                #expect(creates.count == 3, "each create is sent exactly once")

                let lines = result.stdout.split(separator: "\n").map(String.init)
                #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true)
                    == ["RUN", "STATUS", "WORKTREE", "FILES", "+/-", "TOKENS", "DURATION", "VERIFY"])
                #expect(lines.count == 4, "\(result.stdout)")
                let worktrees = try await linkedWorktrees(of: world)
                #expect(worktrees.count == 3, "\(worktrees)")
                for id in ids {
                    let row = try #require(lines.first { $0.hasPrefix(id) }, "no row for \(id):\n\(result.stdout)")
                    #expect(row.contains(" completed "))
                    #expect(row.contains("+"), "the diff statistics are shown: \(row)")
                    let branch = try await world.git("config", "codecloud-run.\(id).branch")
                    let path = try await world.git("config", "codecloud-run.\(id).worktree")
                    #expect(worktrees[path] == branch)
                    #expect(row.contains("../" + (path as NSString).lastPathComponent))
                    #expect(try await world.git("config", "branch.\(branch).codecloudRun") == id)
                    #expect(try await world.git("rev-parse", "HEAD", in: path) == world.remoteTip(of: branch))
                    #expect(try await world.git("rev-parse", "HEAD^", in: path) == head, "every attempt starts from the same base")
                    #expect(FileManager.default.fileExists(atPath: path + "/.codecloud/\(id).md"))
                }
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == "main", "the main worktree is left alone")
                #expect(try await world.git("status", "--porcelain").isEmpty)
                #expect(result.stderr.contains("git codecloud pick"))
            }
        }

        @Test("pick keeps one attempt in the main worktree and removes the others, keeping their tips and local changes")
        func pickKeepsOneAndBacksUpTheRest() async throws {
            try await withRunLoopWorld(plan: .pro) { world in
                let fanOut = try await world.codecloud("fix", "Tune the cache", "--attempts", "3", "--json")
                #expect(fanOut.status == 0, "\(fanOut.stderr)")
                let report = try #require(try parseJSON(fanOut.stdout) as? [String: Any])
                let attempts = try #require(report["attempts"] as? [[String: Any]])
                #expect(attempts.count == 3)
                let ids = attempts.compactMap { $0["id"] as? String }
                let kept = ids[1], others = [ids[0], ids[2]]
                var tips: [String: String] = [:], branches: [String: String] = [:], paths: [String: String] = [:]
                for id in ids {
                    branches[id] = try await world.git("config", "codecloud-run.\(id).branch")
                    paths[id] = try await world.git("config", "codecloud-run.\(id).worktree")
                    tips[id] = try await world.git("rev-parse", "refs/heads/\(branches[id]!)")
                }
                let scratchFile = paths[others[0]]! + "/notes.txt"
                try "my own notes\n".write(toFile: scratchFile, atomically: true, encoding: .utf8)

                let refused = try await world.codecloud("pick", kept)

                #expect(refused.status == 6, "\(refused.stderr)")
                #expect(refused.stderr.contains("has local changes: notes.txt"))
                #expect(try await linkedWorktrees(of: world).count == 3, "nothing is removed when pick refuses")

                let result = try await world.codecloud("pick", kept, "--force")

                #expect(result.status == 0, "\(result.stderr)")
                #expect(try await linkedWorktrees(of: world).isEmpty)
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == branches[kept])
                #expect(try await world.git("rev-parse", "HEAD") == tips[kept])
                #expect(try await world.git("config", "branch.\(branches[kept]!).codecloudRun") == kept, "linked for followup")
                for id in others {
                    let branch = branches[id]!
                    #expect(try await world.git("branch", "--list", branch).isEmpty, "branch \(branch) is removed")
                    #expect(!FileManager.default.fileExists(atPath: paths[id]!))
                    let backups = try await world.git("for-each-ref", "--format=%(refname) %(objectname)", "refs/codecloud/backup/\(branch)/")
                        .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
                    #expect(backups.contains { !$0[0].hasSuffix("-worktree") && $0[1] == tips[id] }, "tip of \(branch) kept: \(backups)")
                }
                let saved = try await world.git("for-each-ref", "--format=%(refname)", "refs/codecloud/backup/\(branches[others[0]]!)/")
                    .split(separator: "\n").first { $0.hasSuffix("-worktree") }
                let savedReference = try #require(saved.map(String.init), "the local changes are saved")
                #expect(try await world.git("show", "\(savedReference):notes.txt") == "my own notes")
                #expect(result.stderr.contains("Removed attempt \(others[0])"))
            }
        }

        @Test("with a starter-plan key the second attempt waits queued, and the board shows it")
        func starterPlanShowsTheQueue() async throws {
            // Each run is held in `running` at the gate until the board has shown it there.
            let gate = AgentGate()
            try await withRunLoopWorld(gate: gate) { world in
                let process = try world.launchCodecloud("fix", "Tune the cache", "--attempts", "2", "--no-checkout")
                defer { process.killIfRunning() }
                var ids: [String] = []
                try await awaitCondition("the board never showed attempt 1 running and attempt 2 queued:\n\(process.stderr)") {
                    let stderr = process.stderr
                    ids = try submittedRunIDs(in: stderr)
                    return ids.count == 2 && stderr.contains("attempt 1/2 · run \(ids[0]) · running")
                        && stderr.contains("attempt 2/2 · run \(ids[1]) · queued")
                }
                gate.release(1)
                try await awaitCondition("the board never showed attempt 2 running:\n\(process.stderr)") {
                    process.stderr.contains("attempt 2/2 · run \(ids[1]) · running")
                }
                gate.open()
                let status = try await process.exitStatus()
                let result = (status: status, stderr: process.stderr)

                #expect(result.status == 0, "\(result.stderr)")
                #expect(try submittedRunIDs(in: result.stderr) == ids)
                #expect(result.stderr.contains("attempt 2/2 · run \(ids[1]) · queued"), "\(result.stderr)")
                #expect(result.stderr.contains("attempt 1/2 · run \(ids[0]) · running"), "\(result.stderr)")
                #expect(result.stderr.contains("attempt 2/2 · run \(ids[1]) · running"), "the queued attempt starts later")
                let first = try await world.run(ids[0]), second = try await world.run(ids[1])
                let firstDone = try #require(first["completedAt"] as? String), secondStarted = try #require(second["startedAt"] as? String)
                #expect(secondStarted >= firstDone, "one run at a time on the starter plan")
            }
        }

        @Test("a failed attempt among successful ones is reported, and the others still land")
        func failedAttemptAmongSuccessfulOnes() async throws {
            let markers = try ScratchDirectory(prefix: "codecloud-first-attempt")
            defer { markers.remove() }
            let marker = markers.appending("first")
            let agent = "if mkdir '\(marker)' 2>/dev/null; then echo 'the agent gave up' >&2; exit 1; fi; echo \"$CODECLOUD_RUN_ID\" > attempt.txt; echo done"
            try await withRunLoopWorld(agentCommand: agent, plan: .pro) { world in
                let result = try await world.codecloud("fix", "Tune the cache", "--attempts", "3")

                #expect(result.status == 0, "\(result.stderr)")
                let rows = result.stdout.split(separator: "\n").dropFirst()
                #expect(rows.count(where: { $0.contains(" failed ") }) == 1, "\(result.stdout)")
                #expect(rows.count(where: { $0.contains(" completed ") }) == 2, "\(result.stdout)")
                #expect(result.stderr.contains("failed: the agent gave up"))
                #expect(result.stderr.contains("warning: 1 of 3 runs failed"))
                #expect(try await linkedWorktrees(of: world).count == 2)
            }
        }

        @Test("waiting for five attempts costs at most 1.5 times the requests of waiting for one")
        func fiveAttemptsCostLittleMoreThanOne() async throws {
            // Runs long enough for the adaptive cadence to matter (the ratio only grows with length).
            async let single = waitingRequests(attempts: 1)
            async let five = waitingRequests(attempts: 5)
            let (one, many) = try await (single, five)
            #expect(Double(many) <= 1.5 * Double(one), "one attempt: \(one) requests; five: \(many)")
        }

        @Test("Ctrl-C during a fan-out detaches every run and prints one command to resume them all")
        func interruptDetachesEveryAttempt() async throws {
            // Both runs are held in `running` at the gate, which never opens.
            let gate = AgentGate()
            try await withRunLoopWorld(gate: gate, plan: .pro) { world in
                let process = try world.launchCodecloud("fix", "Tune the cache", "--attempts", "2", "--no-checkout", "--json")
                defer { process.killIfRunning() }
                try await awaitCondition("no board yet:\n\(process.stderr)") { process.stderr.contains("attempt 2/2 · run") }
                try await awaitCondition("the runs never reached the gate") { gate.arrivals == 2 }

                process.send(SIGINT)

                #expect(try await process.exitStatus() == 130)
                let ids = try submittedRunIDs(in: process.stderr)
                #expect(process.stderr.contains("hint: resume with 'git codecloud wait \(ids[0]) \(ids[1])'"), "\(process.stderr)")
                for id in ids { #expect(try await world.run(id)["status"] as? String == "running") }
                let report = try #require(try parseJSON(process.stdout) as? [String: Any], "stdout: \(process.stdout)")
                #expect(report["run_ids"] as? [String] == ids, "a script learns every run id")
            }
        }

        @Test("watch follows this repository's active runs with one list request per tick and exits when they are done")
        func watchFollowsActiveRuns() async throws {
            // Each run is held in `running` at the gate until watch has reported it there.
            let gate = AgentGate()
            try await withRunLoopWorld(gate: gate) { world in
                var ids: [String] = []
                for prompt in ["Tune the cache", "Trim the logs"] {
                    let submitted = try await world.codecloud("fix", prompt, "--no-wait")
                    #expect(submitted.status == 0, "\(submitted.stderr)")
                    ids.append(submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
                }
                let before = try await world.requestLog().count

                let process = try world.launchCodecloud("watch", "--json")
                defer { process.killIfRunning() }
                try await awaitCondition("watch never showed the first run running and the second queued:\n\(process.stdout)") {
                    watchedStatuses(of: ids[0], in: process.stdout).contains("running")
                        && watchedStatuses(of: ids[1], in: process.stdout).contains("queued")
                }
                gate.release(1)
                try await awaitCondition("watch never showed the second run running:\n\(process.stdout)") {
                    watchedStatuses(of: ids[1], in: process.stdout).contains("running")
                }
                gate.open()
                let status = try await process.exitStatus()
                let result = (status: status, stdout: process.stdout, stderr: process.stderr)

                #expect(result.status == 0, "\(result.stderr)")
                let events = try result.stdout.split(separator: "\n").map { try #require(try parseJSON(String($0)) as? [String: Any]) }
                for id in ids {
                    let statuses = events.filter { $0["id"] as? String == id }.compactMap { $0["status"] as? String }
                    #expect(statuses.last == "completed", "\(id): \(statuses)")
                    #expect(statuses.contains("running"))
                }
                #expect(events.contains { $0["id"] as? String == ids[1] && $0["status"] as? String == "queued" }, "the second waits queued")
                let log = try await world.requestLog().dropFirst(before)
                #expect(log.allSatisfy { $0.method == "GET" })
                for id in ids {
                    #expect(log.count { $0.path == "/api/v1/agents/run/\(id)" } == 1, "each run is read in full once, when it finishes")
                }
                #expect(log.count { $0.path == "/api/v1/agents" } >= 2)
            }
        }

        @Test("wait with several runs lands each in its own worktree")
        func waitForSeveralRuns() async throws {
            try await withRunLoopWorld(plan: .pro) { world in
                let submitted = try await world.codecloud("fix", "Tune the cache", "--attempts", "2", "--no-wait")
                #expect(submitted.status == 0, "\(submitted.stderr)")
                let ids = submitted.stdout.split(separator: "\n").map(String.init)
                #expect(ids.count == 2)

                let result = try await world.codecloud(arguments: ["wait"] + ids)

                #expect(result.status == 0, "\(result.stderr)")
                #expect(try await linkedWorktrees(of: world).count == 2)
                for id in ids { #expect(result.stdout.contains(id)) }
                #expect(result.stderr.contains("attempt 1/2"), "the fan-out's attempts are recognised")
            }
        }
    }
}

extension RunLoopWorld {
    /// `git codecloud <arguments>` in the clone, with the arguments as an array.
    func codecloud(arguments: [String]) async throws -> ProcessResult {
        let variables = self.variables, directory = work
        return try await offTheCooperativePool {
            try ProcessRunner.run("git", ["codecloud"] + arguments, in: directory, environment: variables, input: "")
        }
    }
}

/// Every run id from the CLI's "Submitted run <id>" lines on stderr, in order.
func submittedRunIDs(in stderr: String) throws -> [String] {
    stderr.split(separator: "\n").filter { $0.hasPrefix("Submitted run ") }
        .map { String($0.dropFirst("Submitted run ".count).prefix { !$0.isWhitespace }) }
}

/// The statuses `watch --json` has printed for run `id` so far (complete lines only).
private func watchedStatuses(of id: String, in stdout: String) -> [String] {
    stdout.split(separator: "\n").compactMap { try? parseJSON(String($0)) as? [String: Any] }
        .filter { $0["id"] as? String == id }.compactMap { $0["status"] as? String }
}

/// The linked worktrees (not the main one) of the world's clone: path → branch.
private func linkedWorktrees(of world: RunLoopWorld) async throws -> [String: String] {
    let text = try await world.git("worktree", "list", "--porcelain")
    var result: [String: String] = [:]
    for block in text.components(separatedBy: "\n\n").dropFirst() {
        let lines = block.split(separator: "\n")
        guard let path = lines.first(where: { $0.hasPrefix("worktree ") })?.dropFirst("worktree ".count) else { continue }
        let branch = lines.first(where: { $0.hasPrefix("branch refs/heads/") })?.dropFirst("branch refs/heads/".count)
        result[String(path)] = branch.map(String.init) ?? ""
    }
    return result
}

/// GET requests to the runs API while `fix --attempts N --no-checkout` (or a plain `fix` for
/// one) waits, in a world of its own whose runs take 12 s.
private func waitingRequests(attempts: Int) async throws -> Int {
    var count = 0
    try await withRunLoopWorld(agentDelay: 12, plan: .pro) { world in
        let result = attempts == 1
            ? try await world.codecloud("fix", "Tune the cache", "--no-checkout")
            : try await world.codecloud("fix", "Tune the cache", "--attempts", String(attempts), "--no-checkout")
        #expect(result.status == 0, "\(result.stderr)")
        count = try await world.requestLog().count { $0.method == "GET" && $0.path.hasPrefix("/api/v1/agents") }
    }
    return count
}
