import CodecloudTestSupport
import Foundation
import Testing

extension RunLoopEndToEnd {
    /// The run loop never loses local work, says clearly when a run failed, and rejects bad
    /// command lines before sending anything.
    @Suite("Safety")
    struct Safety {
        @Test("a failed run exits 3 with the service's error")
        func failedRun() async throws {
            try await withRunLoopWorld(agentCommand: "echo 'cannot find a CONTRIBUTING template' >&2; exit 2") { world in
                let head = try await world.git("rev-parse", "HEAD")

                let result = try await world.codecloud("fix", "Add a CONTRIBUTING guide")

                #expect(result.status == 3, "\(result.stderr)")
                let runID = try submittedRunID(in: result.stderr)
                #expect(result.stderr.contains("error: run \(runID) failed: cannot find a CONTRIBUTING template"))
                #expect(result.stderr.contains("hint: "))
                #expect(try await world.git("rev-parse", "HEAD") == head)
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == "main")
            }
        }

        @Test("a run on a branch the remote lacks fails with the service's error, exit 3")
        func unknownBranch() async throws {
            try await withRunLoopWorld { world in
                let result = try await world.codecloud("fix", "Add a CONTRIBUTING guide", "-b", "no-such-branch")

                #expect(result.status == 3, "\(result.stderr)")
                #expect(result.stderr.contains("no-such-branch"))
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == "main")
            }
        }

        @Test("a dirty work tree is refused byte for byte (exit 6); --worktree then lands beside it")
        func dirtyTreeRefused() async throws {
            try await withRunLoopWorld { world in
                try writeFile(world.work + "/README.md", "# work in progress\n")
                try writeFile(world.work + "/notes.txt", "untracked notes\n")
                let head = try await world.git("rev-parse", "HEAD")
                let before = try workTreeContents(world.work)

                let refused = try await world.codecloud("fix", "Add a CONTRIBUTING guide")

                #expect(refused.status == 6, "\(refused.stderr)")
                let runID = try submittedRunID(in: refused.stderr)
                #expect(refused.stderr.contains("error: not touching a work tree with local changes: README.md"))
                #expect(refused.stderr.contains("--worktree"))
                #expect(try workTreeContents(world.work) == before)
                #expect(try await world.git("rev-parse", "HEAD") == head)
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == "main")

                let landed = try await world.codecloud("checkout", runID, "--worktree")

                #expect(landed.status == 0, "\(landed.stderr)")
                let worktree = world.sandbox.scratch.appending("work-codecloud-add-a-contributing-guide")
                let branch = "codecloud/add-a-contributing-guide"
                #expect(try await world.git("rev-parse", "HEAD", in: worktree) == world.remoteTip(of: branch))
                #expect(try await world.git("rev-parse", "--abbrev-ref", "@{u}", in: worktree) == "origin/\(branch)")
                #expect(try workTreeContents(world.work) == before)
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == "main")
            }
        }

        @Test("a diverged branch is refused (exit 6); --force moves it and keeps the old tip under refs/codecloud/backup/")
        func divergedBranch() async throws {
            try await withRunLoopWorld { world in
                let fix = try await world.codecloud("fix", "Add a CONTRIBUTING guide")
                #expect(fix.status == 0, "\(fix.stderr)")
                let branch = "codecloud/add-a-contributing-guide"
                let mine = try await world.commit(file: "local.txt", contents: "mine\n", message: "My own change")
                let runID = try submittedRunID(in: fix.stderr)

                // A follow-up whose result could not land is not sent at all.
                let notSent = try await world.codecloud("followup", "Mention the code of conduct")
                #expect(notSent.status == 6, "\(notSent.stderr)")
                #expect(notSent.stderr.contains("error: not sending the follow-up: '\(branch)' has 1 commit that origin/\(branch) lacks"), "\(notSent.stderr)")
                #expect(try await world.requestLog().filter { $0.method == "POST" && $0.path.hasSuffix("/\(runID)/message") }.isEmpty)

                // Sent without landing, the agent's new commit diverges from mine.
                let sent = try await world.codecloud("followup", "Mention the code of conduct", "--no-checkout")
                #expect(sent.status == 0, "\(sent.stderr)")
                let refused = try await world.codecloud("checkout")

                #expect(refused.status == 6, "\(refused.stderr)")
                #expect(refused.stderr.contains("error: local branch '\(branch)' has diverged from origin/\(branch)"))
                #expect(refused.stderr.contains("--force"))
                #expect(try await world.git("rev-parse", "HEAD") == mine)
                let agents = try await world.remoteTip(of: branch)
                #expect(agents != mine)

                let forced = try await world.codecloud("checkout", "--force")

                #expect(forced.status == 0, "\(forced.stderr)")
                #expect(try await world.git("rev-parse", "HEAD") == agents)
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == branch)
                let backups = try await world.git("for-each-ref", "--format=%(refname) %(objectname)", "refs/codecloud/backup/")
                    .split(separator: "\n")
                #expect(backups.count == 1)
                #expect(backups.first?.hasPrefix("refs/codecloud/backup/\(branch)/") == true)
                #expect(backups.first?.hasSuffix(" \(mine)") == true, "the backup keeps the old tip: \(backups)")
                #expect(forced.stderr.contains("The old tip is saved as refs/codecloud/backup/\(branch)/"))
            }
        }

        @Test("execute approves only a plan: on any other run it is refused before anything is sent")
        func executeNeedsAPlan() async throws {
            try await withRunLoopWorld { world in
                let fix = try await world.codecloud("fix", "Add a CONTRIBUTING guide")
                #expect(fix.status == 0, "\(fix.stderr)")
                let runID = try submittedRunID(in: fix.stderr)

                let refused = try await world.codecloud("execute")

                #expect(refused.status == 64, "\(refused.stderr)")
                #expect(refused.stderr.contains("error: run \(runID) is not a plan"), "\(refused.stderr)")
                #expect(try await world.requestLog().filter { $0.method == "POST" && $0.path.hasSuffix("/message") }.isEmpty)
            }
        }

        @Test("a prompt given both as an argument and with -F is a usage error before any request")
        func promptTwice() async throws {
            try await withRunLoopWorld { world in
                try writeFile(world.work + "/task.md", "Add a CONTRIBUTING guide\n")

                let result = try await world.codecloud("fix", "Add a CONTRIBUTING guide", "-F", "task.md")

                #expect(result.status == 64, "\(result.stderr)")
                #expect(result.stderr.contains("error: "))
                #expect(try await world.requestLog().isEmpty)
            }
        }

        @Test("an empty prompt is a usage error before any request", arguments: [["fix", ""], ["plan", "   "], ["fix", "-F", "-"]])
        func emptyPrompt(arguments: [String]) async throws {
            try await withRunLoopWorld { world in
                let variables = world.variables, work = world.work
                let result = try await offTheCooperativePool {
                    try ProcessRunner.run("git", ["codecloud"] + arguments, in: work, environment: variables, input: "\n")
                }

                #expect(result.status == 64, "\(result.stderr)")
                #expect(result.stderr.contains("error: "))
                #expect(try await world.requestLog().isEmpty)
            }
        }
    }
}
