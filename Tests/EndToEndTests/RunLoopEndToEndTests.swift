import CodecloudTestSupport
import Foundation
import Testing

extension RunLoopEndToEnd {
    /// The run loop as a user drives it: `git codecloud fix|plan|execute|followup|wait` with the
    /// built binary against an in-process emulator and real repositories.
    @Suite("Commands")
    struct Commands {
        @Test("fix lands the agent's commit on a new branch tracking the PR branch, linked to the run")
        func fixLandsATrackingBranch() async throws {
            try await withRunLoopWorld { world in
                let base = try await world.git("rev-parse", "HEAD")

                let result = try await world.codecloud("fix", "Add a CONTRIBUTING guide")

                #expect(result.status == 0, "\(result.stderr)")
                let runID = try submittedRunID(in: result.stderr)
                let branch = "codecloud/add-a-contributing-guide"
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == branch)
                #expect(try await world.git("rev-parse", "--abbrev-ref", "@{u}") == "origin/\(branch)")
                #expect(try await world.git("rev-parse", "HEAD") == world.remoteTip(of: branch))
                #expect(try await world.git("rev-parse", "HEAD^") == base)
                #expect(try await world.git("show", "--name-only", "--format=", "HEAD") == ".codecloud/\(runID).md")
                #expect(try await world.git("config", "branch.\(branch).codecloudRun") == runID)
                #expect(try await world.git("status", "--porcelain").isEmpty)
                #expect(result.stdout.contains("Add a CONTRIBUTING guide"), "the agent's result goes to stdout")
                #expect(result.stderr.contains("Created branch '\(branch)' tracking origin/\(branch)"))
            }
        }

        @Test("plan prints the plan on stdout and checks nothing out")
        func planPrintsThePlan() async throws {
            try await withRunLoopWorld { world in
                let head = try await world.git("rev-parse", "HEAD")

                let result = try await world.codecloud("plan", "Split the widget into parts")

                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdout.hasPrefix("1. Read the code related to: Split the widget into parts\n"))
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == "main")
                #expect(try await world.git("rev-parse", "HEAD") == head)
                #expect(try await world.git("branch", "--list", "codecloud/*").isEmpty)
            }
        }

        @Test("execute after plan turns the same run into a landed branch")
        func executeAfterPlan() async throws {
            try await withRunLoopWorld { world in
                let plan = try await world.codecloud("plan", "Split the widget into parts")
                #expect(plan.status == 0, "\(plan.stderr)")
                let runID = try submittedRunID(in: plan.stderr)

                let result = try await world.codecloud("execute")

                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stderr.contains("using run \(runID)"))
                let branch = try await world.git("rev-parse", "--abbrev-ref", "HEAD")
                #expect(branch.hasPrefix("codecloud/"))
                #expect(try await world.git("rev-parse", "--abbrev-ref", "@{u}") == "origin/\(branch)")
                #expect(try await world.git("rev-parse", "HEAD") == world.remoteTip(of: branch))
                #expect(try await world.git("config", "branch.\(branch).codecloudRun") == runID)
            }
        }

        @Test("followup fast-forwards the landed branch to the agent's new commit")
        func followUpFastForwards() async throws {
            try await withRunLoopWorld { world in
                let fix = try await world.codecloud("fix", "Add a CONTRIBUTING guide")
                #expect(fix.status == 0, "\(fix.stderr)")
                let branch = "codecloud/add-a-contributing-guide"
                let first = try await world.git("rev-parse", "HEAD")

                let result = try await world.codecloud("followup", "Mention the code of conduct")

                #expect(result.status == 0, "\(result.stderr)")
                let second = try await world.git("rev-parse", "HEAD")
                #expect(second != first)
                #expect(try await world.git("rev-parse", "HEAD^") == first, "fast-forward: the old tip is the new tip's parent")
                #expect(second == (try await world.remoteTip(of: branch)))
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == branch)
                #expect(result.stderr.contains("Fast-forwarded '\(branch)' \(first.prefix(7))..\(second.prefix(7))"))
                #expect(result.stdout.contains("Mention the code of conduct"))
            }
        }

        @Test("--worktree lands in a new linked worktree beside the clone and leaves the clone alone")
        func worktreeLanding() async throws {
            try await withRunLoopWorld { world in
                let head = try await world.git("rev-parse", "HEAD")

                let result = try await world.codecloud("fix", "Add a CONTRIBUTING guide", "--worktree")

                #expect(result.status == 0, "\(result.stderr)")
                let branch = "codecloud/add-a-contributing-guide"
                let worktree = world.sandbox.scratch.appending("work-codecloud-add-a-contributing-guide")
                #expect(result.stderr.contains("Checked out in new worktree \(worktree)"))
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == "main")
                #expect(try await world.git("rev-parse", "HEAD") == head)
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD", in: worktree) == branch)
                #expect(try await world.git("rev-parse", "--abbrev-ref", "@{u}", in: worktree) == "origin/\(branch)")
                #expect(try await world.git("rev-parse", "HEAD", in: worktree) == world.remoteTip(of: branch))
            }
        }

        @Test("--no-wait prints the run id at once; wait picks it up and lands it")
        func noWaitThenWait() async throws {
            try await withRunLoopWorld(agentDelay: 0.5) { world in
                let submitted = try await world.codecloud("fix", "Add a CONTRIBUTING guide", "--no-wait")

                #expect(submitted.status == 0, "\(submitted.stderr)")
                let runID = submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(!runID.isEmpty && !runID.contains(" "), "stdout is just the run id: \(submitted.stdout)")
                #expect(submitted.stderr.contains("git codecloud wait \(runID)"))
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == "main")

                let waited = try await world.codecloud("wait")

                #expect(waited.status == 0, "\(waited.stderr)")
                #expect(waited.stderr.contains("using run \(runID)"))
                let branch = "codecloud/add-a-contributing-guide"
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == branch)
                #expect(try await world.git("rev-parse", "HEAD") == world.remoteTip(of: branch))
                #expect(try await world.git("config", "branch.\(branch).codecloudRun") == runID)
            }
        }

        @Test("show, list, diff and status find the run from the landed branch")
        func inspectingTheLandedRun() async throws {
            try await withRunLoopWorld { world in
                let fix = try await world.codecloud("fix", "Add a CONTRIBUTING guide")
                #expect(fix.status == 0, "\(fix.stderr)")
                let runID = try submittedRunID(in: fix.stderr)

                let show = try await world.codecloud("show")
                #expect(show.status == 0, "\(show.stderr)")
                #expect(show.stdout.contains(runID) && show.stdout.contains("completed"))

                let list = try await world.codecloud("list")
                #expect(list.status == 0, "\(list.stderr)")
                #expect(list.stdout.contains(runID))

                // The landed branch and its base are known locally: diff needs no service.
                try await world.injectFault(["path": "/api/*", "count": 50, "kind": "status", "status": 500])
                let diff = try await world.codecloud("diff", "--", "--stat")
                #expect(diff.status == 0, "\(diff.stderr)")
                #expect(diff.stdout.contains(".codecloud/\(runID).md"))
            }
        }
    }
}
