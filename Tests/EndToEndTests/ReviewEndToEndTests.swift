import CodecloudTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension RunLoopEndToEnd {
    /// Review rounds, local verification, the closed loop with the agent, prompts in the
    /// editor and the done signal, driven through `git codecloud` against the emulator.
    @Suite("Review and iterate")
    struct Review {
        @Test("a second round's review shows only what the follow-up changed; --all shows the whole run")
        func reviewShowsOnlyTheLatestRound() async throws {
            try await withRunLoopWorld { world in
                let fix = try await world.codecloud("fix", "Add a CONTRIBUTING guide")
                #expect(fix.status == 0, "\(fix.stderr)")
                let runID = try submittedRunID(in: fix.stderr)
                let start = try await world.git("rev-parse", "origin/main")
                #expect(fix.stderr.contains("round 1: 1 file changed, +5 \u{2212}0 against the start (\(start.prefix(7)))"), "\(fix.stderr)")
                let first = try await world.git("rev-parse", "HEAD")

                let followUp = try await world.codecloud("followup", "Mention the code of conduct")
                #expect(followUp.status == 0, "\(followUp.stderr)")
                #expect(followUp.stderr.contains("round 2: 1 file changed, +4 \u{2212}0 since the last round"), "\(followUp.stderr)")
                let second = try await world.git("rev-parse", "HEAD")
                #expect(try await world.git("rev-parse", "refs/codecloud/rounds/\(runID)/2/previous") == first)
                #expect(try await world.git("rev-parse", "refs/codecloud/rounds/\(runID)/2/landed") == second)
                #expect(try await world.git("rev-parse", "refs/codecloud/rounds/\(runID)/1/previous") == start)

                let review = try await world.codecloud("review")
                #expect(review.status == 0, "\(review.stderr)")
                #expect(review.stdout.contains("+Mention the code of conduct"), "\(review.stdout)")
                #expect(!review.stdout.contains("+Add a CONTRIBUTING guide"), "round 2 only:\n\(review.stdout)")
                #expect(review.stderr.contains("round 2 of run \(runID): \(first.prefix(7))..\(second.prefix(7))"))

                let firstRound = try await world.codecloud("review", "--round", "1")
                #expect(firstRound.stdout.contains("+Add a CONTRIBUTING guide") && !firstRound.stdout.contains("+Mention"), "\(firstRound.stdout)")

                let all = try await world.codecloud("review", "--all", "--stat")
                #expect(all.status == 0, "\(all.stderr)")
                #expect(all.stdout.contains(".codecloud/\(runID).md") && all.stdout.contains("1 file changed, 9 insertions(+)"), "\(all.stdout)")

                // git diff's options go straight through, without `--`.
                let stat = try await world.codecloud("diff", "--stat")
                #expect(stat.status == 0, "\(stat.stderr)")
                #expect(stat.stdout.contains("1 file changed, 9 insertions(+)"), "\(stat.stdout)")
                let missing = try await world.codecloud("review", "--round", "3")
                #expect(missing.status == 64 && missing.stderr.contains("there is no round 3"), "\(missing.stderr)")
            }
        }

        @Test("a branch the agent rewrote is shown as a range-diff, and a rewrite with the same patches as no effective change")
        func rewrittenBranchIsARangeDiff() async throws {
            // First run: a commit. "squash": replaces it with one commit holding both changes.
            // "reword": amends the message only (same patch).
            let agent = """
                case "$CODECLOUD_PROMPT" in
                *squash*) git reset -q --soft HEAD~1; printf 'second\\n' >> notes.txt ;;
                *reword*) git -c user.name=Agent -c user.email=agent@example.com commit -q --amend -m "Reworded" ;;
                *) seq 1 20 > notes.txt ;;
                esac
                """
            try await withRunLoopWorld(agentCommand: agent) { world in
                let fix = try await world.codecloud("fix", "Write notes")
                #expect(fix.status == 0, "\(fix.stderr)")
                let old = try await world.git("rev-parse", "HEAD")

                let rewrite = try await world.codecloud("followup", "squash it", "--force")
                #expect(rewrite.status == 0, "\(rewrite.stderr)")
                let new = try await world.git("rev-parse", "HEAD")
                #expect(rewrite.stderr.contains("round 2: 1 file changed, +1 \u{2212}0 since the last round; the agent rewrote the branch"), "\(rewrite.stderr)")

                let review = try await world.codecloud("review")
                #expect(review.status == 0, "\(review.stderr)")
                #expect(review.stderr.contains("the agent rewrote the branch (\(old.prefix(7)) is not an ancestor of \(new.prefix(7))); showing git range-diff"), "\(review.stderr)")
                #expect(review.stdout.contains(" ! 1:"), "range-diff pairs the old commit with its rewrite:\n\(review.stdout)")
                #expect(review.stdout.contains("+second"), "\(review.stdout)")
                #expect(!review.stderr.contains("no effective change"))

                let reword = try await world.codecloud("followup", "reword it", "--force")
                #expect(reword.status == 0, "\(reword.stderr)")
                #expect(reword.stderr.contains("round 3: no effective change since the last round: the agent rewrote the branch with the same patches"), "\(reword.stderr)")
                let reviewed = try await world.codecloud("review")
                #expect(reviewed.stderr.contains("round 3 has no effective change: the rewritten commits carry the same patches"), "\(reviewed.stderr)")
                // The old tips stay reachable through the round refs after the force-push.
                let runID = try submittedRunID(in: fix.stderr)
                #expect(try await world.git("rev-parse", "refs/codecloud/rounds/\(runID)/2/previous") == old)
            }
        }

        @Test("landing a branch that lacks the commit it should have started from warns with both commits")
        func staleBaseWarns() async throws {
            // The agent works on the commit before the tip it was sent, as an agent with a
            // stale checkout would.
            let agent = "git reset -q --hard HEAD~1; printf 'work\\n' > work.txt"
            try await withRunLoopWorld(agentCommand: agent) { world in
                _ = try await world.commit(file: "Sources/Gadget.swift", contents: "struct Gadget {}\n", message: "Add Gadget")
                try await world.git("push", "--quiet", "origin", "main")
                let start = try await world.git("rev-parse", "origin/main")

                let fix = try await world.codecloud("fix", "Add work")

                #expect(fix.status == 0, "\(fix.stderr)")
                let landed = try await world.git("rev-parse", "HEAD")
                #expect(fix.stderr.contains(
                    "warning: the agent worked on older code: 'codecloud/add-work' (\(landed.prefix(7))) does not contain \(start.prefix(7))"), "\(fix.stderr)")
                #expect(fix.stderr.contains("hint: bring it up to date before merging: git rebase \(start.prefix(7))"))
            }
        }

        @Test("--verify runs the check in the landed work tree: a pass exits 0, a failure exits 7 and is recorded with the round")
        func verifyPassesAndFails() async throws {
            try await withRunLoopWorld { world in
                let pass = try await world.codecloud("fix", "Add a guide", "--verify", #"ls .codecloud/ && printf '\033]0;pwned\007checked-here\n'"#)
                #expect(pass.status == 0, "\(pass.stderr)")
                #expect(!pass.stderr.contains("\u{1B}]0;"), "the agent's code cannot retitle the terminal")
                #expect(pass.stderr.contains("checked-here") && pass.stderr.contains("Check passed on round 1"), "\(pass.stderr)")
                #expect(!pass.stdout.contains("checked-here"), "the check's output goes to stderr; stdout stays data")
                let runID = try submittedRunID(in: pass.stderr)
                #expect(try await world.git("config", "codecloud-run.\(runID).check1") == "0")

                try await world.git("config", "codecloud.verify", "echo boom; exit 3")
                let fail = try await world.codecloud("followup", "Add more", "--json")
                #expect(fail.status == 7, "\(fail.stderr)")
                #expect(fail.stderr.contains("boom"))
                #expect(fail.stderr.contains("error: the check failed with exit status 3 on round 2 of run \(runID)"), "\(fail.stderr)")
                let report = try #require(try parseJSON(fail.stdout) as? [String: Any], "\(fail.stdout)")
                let rounds = try #require(report["rounds"] as? [[String: Any]])
                #expect(rounds.count == 2)
                #expect((rounds[0]["check"] as? [String: Any])?["passed"] as? Bool == true)
                #expect((rounds[1]["check"] as? [String: Any])?["exit_status"] as? Int == 3)
                #expect((report["error"] as? [String: Any])?["exit_code"] as? Int == 7)

                // --worktree: the check runs in the new worktree.
                let elsewhere = world.sandbox.scratch.appending("review-tree")
                let tree = try await world.codecloud("fix", "Another change", "--worktree=\(elsewhere)", "--verify", "pwd", "--no-verify")
                #expect(tree.status == 64, "--no-verify excludes --verify: \(tree.stderr)")
                let inTree = try await world.codecloud("fix", "Another change", "--worktree=\(elsewhere)", "--verify", "pwd")
                #expect(inTree.status == 0, "\(inTree.stderr)")
                #expect(inTree.stderr.contains("Checking round 1 in \(elsewhere): pwd"), "\(inTree.stderr)")
            }
        }

        @Test("commands without --verify (run) land without reading the check options, and still record a round")
        func runWithoutVerifyLands() async throws {
            try await withRunLoopWorld { world in
                let result = try await world.codecloud("run", "Add a CHANGELOG", "--mode", "execute")
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stderr.contains("round 1: 1 file changed"), "\(result.stderr)")
            }
        }

        @Test("--iterate 2: the failing check goes back to the agent once, its fix passes, exit 0")
        func iterateUntilThePassingFollowUp() async throws {
            let logs = try ScratchDirectory(prefix: "codecloud-prompts")
            defer { logs.remove() }
            let log = logs.appending("prompts.log")
            let agent = """
                printf '%s\\n=====\\n' "$CODECLOUD_PROMPT" >> '\(log)'
                if [ "$CODECLOUD_FOLLOWUP" = 1 ]; then printf 'ok\\n' > fixed.txt; else printf 'feature\\n' > feature.txt; fi
                """
            try await withRunLoopWorld(agentCommand: agent) { world in
                let script = world.sandbox.scratch.appending("check.sh")
                try #"""
                    test -f fixed.txt && exit 0
                    echo "fixed.txt is missing"
                    printf '\033[31mred alert\033[0m\n'
                    echo "key cc_e2e_0123456789abcdef at https://bob:hunter22@example.com/x"
                    exit 4
                    """#.write(toFile: script, atomically: true, encoding: .utf8)
                let check = "sh \(script)"
                let result = try await world.codecloud("fix", "Add the feature", "--verify", check, "--iterate", "2", "--json")

                #expect(result.status == 0, "\(result.stderr)")
                let runID = try submittedRunID(in: result.stderr)
                let followUps = try await world.requestLog().filter { $0.method == "POST" && $0.path == "/api/v1/agents/run/\(runID)/message" }
                #expect(followUps.count == 1, "exactly one follow-up: \(followUps)")
                #expect(result.stderr.contains("Sent the failure back to run \(runID) (follow-up 1 of 2)"), "\(result.stderr)")

                let prompts = try String(contentsOfFile: log, encoding: .utf8).components(separatedBy: "\n=====\n")
                #expect(prompts.count == 3, "two prompts: \(prompts)")
                let sent = prompts[1]
                #expect(sent.contains("The check `\(check)` failed with exit status 4"), "\(sent)")
                #expect(sent.contains("fixed.txt is missing"), "\(sent)")
                #expect(sent.contains("red alert") && !sent.contains("\u{1B}"), "ANSI stripped: \(sent)")
                #expect(!sent.contains("cc_e2e_0123456789abcdef"), "the API key never reaches the agent: \(sent)")
                #expect(!sent.contains("hunter22"), "URL credentials never reach the agent: \(sent)")
                #expect(sent.contains("https://[redacted]@example.com/x"), "\(sent)")

                let report = try #require(try parseJSON(result.stdout) as? [String: Any], "\(result.stdout)")
                let rounds = try #require(report["rounds"] as? [[String: Any]])
                #expect(rounds.map { ($0["check"] as? [String: Any])?["passed"] as? Bool } == [false, true])
                #expect(report["error"] is NSNull)
                #expect(try await world.git("rev-parse", "HEAD") == (rounds[1]["landed_commit"] as? String))
            }
        }

        @Test("--iterate that never passes stops after N follow-ups with exit 7; with --worktree every round lands and is checked there")
        func iterateGivesUpAfterN() async throws {
            try await withRunLoopWorld { world in
                let tree = world.sandbox.scratch.appending("iterating")
                let head = try await world.git("rev-parse", "HEAD")
                let result = try await world.codecloud(
                    "fix", "Add a guide", "--worktree=\(tree)", "--verify", "echo still failing; exit 1", "--iterate", "2")

                #expect(result.status == 7, "\(result.stderr)")
                #expect(result.stderr.contains("Checking round 3 in \(tree): "), "\(result.stderr)")
                #expect(try await world.git("rev-parse", "HEAD") == head, "the main work tree is left alone")
                #expect(try await world.git("rev-parse", "HEAD", in: tree) == world.git("rev-parse", "refs/codecloud/rounds/\(try submittedRunID(in: result.stderr))/3/landed"))
                let runID = try submittedRunID(in: result.stderr)
                let followUps = try await world.requestLog().filter { $0.method == "POST" && $0.path == "/api/v1/agents/run/\(runID)/message" }
                #expect(followUps.count == 2)
                #expect(result.stderr.contains("error: the check failed with exit status 1 on round 3 of run \(runID)"), "\(result.stderr)")
                #expect(try await world.git("config", "codecloud-run.\(runID).check3") == "1")
            }
        }

        @Test("Ctrl-C during the check ends with exit 130 and the command that resumes the same loop")
        func interruptedCheckSaysHowToResume() async throws {
            try await withRunLoopWorld { world in
                let process = try world.launchCodecloud("fix", "Add a guide", "--verify", "sleep 60", "--iterate", "2")
                defer { process.killIfRunning() }
                try await awaitCondition(timeout: .seconds(60), "the check never started:\n\(process.stderr)") {
                    process.stderr.contains("Checking round 1")
                }
                process.send(SIGINT)

                let status = try await process.exitStatus(timeout: .seconds(20))
                #expect(status == 130, "\(process.stderr)")
                let runID = try submittedRunID(in: process.stderr)
                #expect(process.stderr.contains("hint: resume with 'git codecloud wait \(runID) --verify 'sleep 60' --iterate 2'"), "\(process.stderr)")
                #expect(try await world.requestLog().filter { $0.path.hasSuffix("/message") }.isEmpty, "an interrupted check is not sent back")
                #expect((try? await world.git("config", "codecloud-run.\(runID).check1")) == nil, "nor recorded as a result")
                // The round is recorded; resuming checks it again and goes on with the loop.
                #expect(try await world.git("rev-parse", "refs/codecloud/rounds/\(runID)/1/landed") == world.git("rev-parse", "HEAD"))
                let resumed = try await world.codecloud("wait", runID, "--verify", "true")
                #expect(resumed.status == 0, "\(resumed.stderr)")
                #expect(resumed.stderr.contains("Check passed on round 1"), "\(resumed.stderr)")
            }
        }

        @Test("followup without a prompt on a terminal opens GIT_EDITOR on a template; an empty message sends nothing; execute --edit amends the plan")
        func promptsInTheEditor() async throws {
            try await withRunLoopWorld { world in
                let fix = try await world.codecloud("fix", "Add a guide", "--verify", "true")
                #expect(fix.status == 0, "\(fix.stderr)")
                let runID = try submittedRunID(in: fix.stderr)
                let copy = world.sandbox.scratch.appending("template.txt")
                let editor = world.sandbox.scratch.appending("editor.sh")
                try writeExecutable(editor, """
                    #!/bin/sh
                    cp "$1" '\(copy)'
                    if [ -n "$EDITOR_TEXT" ]; then printf '%s\\n' "$EDITOR_TEXT" > "$1.new"; cat "$1" >> "$1.new"; mv "$1.new" "$1"; fi
                    """)
                var terminal = ["GIT_EDITOR": editor, "GIT_CODECLOUD_ASSUME_TTY": "1", "TERM": "xterm", "EDITOR_TEXT": "Please add tests for the guide"]

                let sent = try await world.codecloud(["followup"], extra: terminal)
                #expect(sent.status == 0, "\(sent.stderr)")
                let template = try String(contentsOfFile: copy, encoding: .utf8)
                #expect(template.hasPrefix("\n# Write the follow-up for run \(runID) above."), "\(template)")
                #expect(template.contains("# Run:    \(runID) (completed)"))
                #expect(template.contains("# PR:     #1 "))
                #expect(template.contains("# Last round: round 1 at ") && template.contains("1 file changed, +5 \u{2212}0; check passed: true"), "\(template)")
                #expect(template.contains("# Last result:\n#   Recorded the task in .codecloud/\(runID).md: Add a guide"), "\(template)")
                let notes = try String(contentsOfFile: world.work + "/.codecloud/\(runID).md", encoding: .utf8)
                #expect(notes.hasSuffix("## Follow-up\n\nPlease add tests for the guide\n"), "only the message, no '#' lines:\n\(notes)")

                terminal["EDITOR_TEXT"] = ""
                let before = try await world.requestLog().filter { $0.method == "POST" }.count
                let aborted = try await world.codecloud(["followup"], extra: terminal)
                #expect(aborted.status == 1, "\(aborted.stderr)")
                #expect(aborted.stderr.contains("error: aborting: the follow-up prompt is empty, so nothing was sent"), "\(aborted.stderr)")
                #expect(try await world.requestLog().filter { $0.method == "POST" }.count == before, "nothing was sent")

                // Without a terminal there is no editor: a usage error, as before.
                let piped = try await world.codecloud("followup")
                #expect(piped.status == 64 && piped.stderr.contains("error: missing prompt"), "\(piped.stderr)")

                try await world.git("switch", "--quiet", "main")
                let plan = try await world.codecloud("plan", "Split the widget")
                #expect(plan.status == 0, "\(plan.stderr)")
                let planID = try submittedRunID(in: plan.stderr)
                terminal["EDITOR_TEXT"] = "0. Keep the public API unchanged."
                let execute = try await world.codecloud(["execute", "--edit"], extra: terminal)
                #expect(execute.status == 0, "\(execute.stderr)")
                #expect(try String(contentsOfFile: copy, encoding: .utf8).hasPrefix("1. Read the code related to: Split the widget\n"))
                let executed = try String(contentsOfFile: world.work + "/.codecloud/\(planID).md", encoding: .utf8)
                #expect(executed.contains("Carry out this plan, as reviewed and amended:\n\n0. Keep the public API unchanged.\n1. Read the code"), "\(executed)")
                #expect(!executed.contains("# Review and amend"), "\(executed)")
            }
        }

        @Test("a long wait that ends on a terminal sends OSC 9 and runs codecloud.notifyCommand with the run as JSON")
        func doneSignal() async throws {
            try await withRunLoopWorld { world in
                let notified = world.sandbox.scratch.appending("notified.json")
                try await world.git("config", "codecloud.notifyAfter", "0")
                try await world.git("config", "codecloud.notify", "osc9")
                try await world.git("config", "codecloud.notifyCommand", "cat > '\(notified)'")

                let fix = try await world.codecloud(["fix", "Add a guide"], extra: ["GIT_CODECLOUD_ASSUME_TTY": "1", "TERM": "xterm"])

                #expect(fix.status == 0, "\(fix.stderr)")
                let runID = try submittedRunID(in: fix.stderr)
                #expect(fix.stderr.contains("\u{1B}]9;codecloud: run \(runID) completed\u{07}"), "\(fix.stderr)")
                let run = try #require(try parseJSON(String(contentsOfFile: notified, encoding: .utf8)) as? [String: Any])
                #expect(run["id"] as? String == runID && run["status"] as? String == "completed")

                try await world.git("config", "codecloud.notifyAfter", "1h")
                try? FileManager.default.removeItem(atPath: notified)
                let quick = try await world.codecloud(["followup", "More"], extra: ["GIT_CODECLOUD_ASSUME_TTY": "1", "TERM": "xterm"])
                #expect(quick.status == 0, "\(quick.stderr)")
                #expect(!quick.stderr.contains("\u{1B}]9;") && !FileManager.default.fileExists(atPath: notified), "a short wait stays quiet")
            }
        }
    }
}

extension RunLoopWorld {
    /// `git codecloud <arguments>` in the clone with `extra` added to its environment.
    func codecloud(_ arguments: [String], extra: [String: String]) async throws -> ProcessResult {
        let variables = self.variables.merging(extra) { $1 }, directory = work
        return try await offTheCooperativePool {
            try ProcessRunner.run("git", ["codecloud"] + arguments, in: directory, environment: variables)
        }
    }
}
