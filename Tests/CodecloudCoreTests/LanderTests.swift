@testable import CodecloudCore
import CodecloudGit
import CodecloudTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Landing a PR branch from a real bare remote into a real checkout.
@Suite struct LanderTests {
    let sandbox: GitSandbox
    let remote: String
    let work: String
    /// A second clone standing in for the agent, which pushes the PR branch.
    let agent: String
    let prBranch = "codecloud/fix-login"

    init() throws {
        sandbox = try GitSandbox()
        remote = try sandbox.makeBareRemote("octo/widgets")
        work = try sandbox.makeRepository(remote: remote)
        agent = try sandbox.clone(remote, into: "agent")
        try sandbox.git("switch", "--quiet", "-c", prBranch, in: agent)
        try agentCommits("fix.txt", "fixed v1\n")
        try sandbox.git("tag", "v-agent", in: agent)
        try sandbox.git("push", "--quiet", "origin", "v-agent", "main:unrelated", in: agent)
    }

    @discardableResult
    func agentCommits(_ file: String, _ contents: String, branch: String? = nil) throws -> String {
        let commit = try sandbox.commit(in: agent, file: file, contents: contents, message: "Agent: \(file)")
        try sandbox.git("push", "--quiet", "--force", "origin", "HEAD:refs/heads/\(branch ?? prBranch)", in: agent)
        return commit
    }

    func request(_ modify: (inout LandingRequest) -> Void = { _ in }) -> LandingRequest {
        var request = LandingRequest(repository: RepositorySlug(owner: "octo", name: "widgets"), branch: prBranch, runID: "run_1", prNumber: 12, baseBranch: "main")
        modify(&request)
        return request
    }

    @discardableResult
    func land(_ request: LandingRequest? = nil, in directory: String? = nil) throws -> LandingOutcome {
        try Lander.land(request ?? self.request(), in: sandbox.environment(in: directory ?? work))
    }

    @discardableResult
    func git(_ arguments: String...) throws -> String { try sandbox.git(arguments, in: work) }

    // MARK: - Creating and updating

    @Test func createsATrackingBranchFetchingOnlyThatBranch() throws {
        let outcome = try land()
        #expect(outcome.action == .created)
        #expect(outcome.localBranch == prBranch && outcome.remote == "origin" && outcome.fetchedWith == .git)
        #expect(try git("symbolic-ref", "--short", "HEAD") == prBranch)
        #expect(try git("rev-parse", "--abbrev-ref", "@{upstream}") == "origin/\(prBranch)")
        #expect(try readFile(work + "/fix.txt") == "fixed v1\n")
        #expect(try git("config", "branch.\(prBranch).codecloudRun") == "run_1")
        #expect(try git("config", "branch.\(prBranch).codecloudPr") == "12")
        // Narrow refspec, no tags: nothing else arrived.
        #expect(try git("for-each-ref", "--format=%(refname)", "refs/remotes", "refs/tags")
            .split(separator: "\n").sorted() == ["refs/remotes/origin/\(prBranch)", "refs/remotes/origin/main"])
        #expect(outcome.action == .created && outcome.localBranch == prBranch)
        #expect(outcome.remote == "origin" && outcome.remoteBranch == prBranch && outcome.leftBehind == nil)
    }

    @Test func outcomeEncodesWithStableKeys() throws {
        let outcome = try land()
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(outcome)) as? [String: Any])
        #expect(Set(object.keys) == [
            "local_branch", "remote", "remote_branch", "commit", "action", "previous_commit", "backup_ref", "worktree_path", "fetched_with",
            "left_behind_commit", "left_behind_ref",
        ])
        #expect(object["action"] as? String == "created")
        #expect(object["fetched_with"] as? String == "git")
    }

    @Test func fastForwardsTheCheckedOutBranch() throws {
        let first = try land()
        let second = try agentCommits("fix.txt", "fixed v2\n")
        let outcome = try land()
        #expect(outcome.action == .fastForwarded(from: first.commit))
        #expect(outcome.commit.hex == second)
        #expect(try readFile(work + "/fix.txt") == "fixed v2\n")
        #expect(try git("status", "--porcelain").isEmpty)
    }

    @Test func fastForwardsABranchThatIsNotCheckedOutAndChecksItOut() throws {
        try land()
        try git("switch", "--quiet", "main")
        let second = try agentCommits("more.txt", "more\n")
        let outcome = try land()
        #expect(outcome.action != .created && outcome.commit.hex == second)
        #expect(try git("symbolic-ref", "--short", "HEAD") == prBranch)
        #expect(FileManager.default.fileExists(atPath: work + "/more.txt"))
    }

    @Test func reportsAnUpToDateBranchWithoutTouchingTheTree() throws {
        try land()
        try writeFile(work + "/fix.txt", "my edit\n")
        let outcome = try land()
        #expect(outcome.action == .upToDate)
        #expect(try readFile(work + "/fix.txt") == "my edit\n")
    }

    // MARK: - Diverged branches

    @Test func refusesADivergedBranchAndLeavesItAlone() throws {
        try land()
        let mine = try sandbox.commit(in: work, file: "mine.txt", contents: "mine\n", message: "Mine")
        try git("reset", "--quiet", "--hard", "HEAD~1")
        try git("reset", "--quiet", "--hard", mine)
        try agentCommits("fix.txt", "agent v2\n")
        let error = try #require(throws: WorkflowError.self) { try land() }
        #expect(error.exitCode == .localWorkProtected)
        #expect(error.message == "local branch '\(prBranch)' has diverged from origin/\(prBranch): 1 commit of yours would be lost")
        #expect(error.hint?.contains("--force") == true)
        #expect(try git("rev-parse", "HEAD") == mine)
    }

    @Test func forceMovesADivergedBranchAfterSavingABackupReference() throws {
        try land()
        let mine = try sandbox.commit(in: work, file: "mine.txt", contents: "mine\n", message: "Mine")
        let theirs = try agentCommits("fix.txt", "agent v2\n")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let outcome = try Lander.land(request { $0.force = true }, in: sandbox.environment(in: work), now: now)
        let backup = "refs/codecloud/backup/\(prBranch)/20270115T080000Z"
        #expect(outcome.action == .forced(from: ObjectID(hex: mine), backupReference: backup))
        #expect(try git("rev-parse", backup) == mine)
        #expect(try git("rev-parse", "HEAD") == theirs)
        #expect(!FileManager.default.fileExists(atPath: work + "/mine.txt"))
    }

    // MARK: - Before a follow-up

    @Test func aFollowUpIsNotSentOverChangesItsResultCouldNotLandOn() throws {
        try land()
        let environment = sandbox.environment(in: work)
        #expect(throws: Never.self) { try Lander.checkBeforeFollowUp(request(), in: environment) }
        try writeFile(work + "/fix.txt", "my edit\n")
        let dirty = try #require(throws: WorkflowError.self) { try Lander.checkBeforeFollowUp(request(), in: environment) }
        #expect(dirty.exitCode == .localWorkProtected)
        #expect(dirty.message == "not sending the follow-up: its result could not be checked out over local changes: fix.txt")
        #expect(dirty.hint == "commit or stash them (git stash -u), or pass --no-checkout")
        // The branch is checked out here, so a new worktree cannot have it either.
        let here = try #require(throws: WorkflowError.self) {
            try Lander.checkBeforeFollowUp(request { $0.worktree = .besideRepository }, in: environment)
        }
        #expect(here.message == "not sending the follow-up: '\(prBranch)' is checked out here, so its result cannot go into a new worktree")
        // From another branch, a new worktree leaves local changes alone.
        try git("stash", "--quiet")
        try git("switch", "--quiet", "main")
        let tracked = try #require(try git("ls-files").split(separator: "\n").first.map(String.init))
        try writeFile(work + "/" + tracked, "changed on main\n")
        #expect(throws: WorkflowError.self) { try Lander.checkBeforeFollowUp(request(), in: environment) }
        #expect(throws: Never.self) { try Lander.checkBeforeFollowUp(request { $0.worktree = .besideRepository }, in: environment) }
    }

    @Test func aFollowUpForABranchInAnotherWorktreeIsSentFromThere() throws {
        let outcome = try land(request { $0.worktree = .besideRepository })
        let worktree = try #require(outcome.worktreePath)
        let refused = try #require(throws: WorkflowError.self) { try Lander.checkBeforeFollowUp(request(), in: sandbox.environment(in: work)) }
        #expect(refused.hint == "run the follow-up from there (cd \(worktree)), or pass --no-checkout")
        #expect(throws: Never.self) { try Lander.checkBeforeFollowUp(request(), in: sandbox.environment(in: worktree)) }
    }

    @Test func anExistingWorktreePathIsRefusedBeforeAnythingIsSent() throws {
        let taken = try sandbox.scratch.makeDirectory("taken")
        let error = try #require(throws: WorkflowError.self) { try Lander.checkWorktreePath(.path(taken), in: sandbox.environment(in: work)) }
        #expect(error.exitCode == .usage)
        #expect(throws: Never.self) { try Lander.checkWorktreePath(.path("../fresh"), in: sandbox.environment(in: work)) }
    }

    @Test func aFollowUpIsNotSentWhileTheBranchHasCommitsThePRLacks() throws {
        try land()
        let environment = sandbox.environment(in: work)
        try sandbox.commit(in: work, file: "mine.txt", contents: "mine\n", message: "Mine")
        let ahead = try #require(throws: WorkflowError.self) { try Lander.checkBeforeFollowUp(request(), in: environment) }
        #expect(ahead.exitCode == .localWorkProtected)
        #expect(ahead.message == "not sending the follow-up: '\(prBranch)' has 1 commit that origin/\(prBranch) lacks; the agent would not see it")
        #expect(ahead.hint?.hasPrefix("push first (git push origin \(prBranch):\(prBranch))") == true)
        #expect(throws: Never.self) { try Lander.checkBeforeFollowUp(request { $0.force = true }, in: environment) }
        // Pushed, the commit is on the PR branch the agent starts from.
        try git("push", "--quiet", "origin", prBranch)
        #expect(throws: Never.self) { try Lander.checkBeforeFollowUp(request(), in: environment) }
    }

    @Test func aStaleTrackingRefIsRefreshedBeforeAFollowUpIsRefused() throws {
        try land()
        try sandbox.commit(in: work, file: "mine.txt", contents: "mine\n", message: "Mine")
        // Pushed by URL: the remote has the commit, refs/remotes/origin/… does not know yet.
        try git("push", "--quiet", remote, "\(prBranch):\(prBranch)")
        #expect(throws: Never.self) { try Lander.checkBeforeFollowUp(request(), in: sandbox.environment(in: work)) }
    }

    // MARK: - Detached HEAD

    @Test func aDetachedHEADsOwnCommitIsKeptUnderABackupReference() throws {
        try git("switch", "--quiet", "--detach")
        let own = try sandbox.commit(in: work, file: "experiment.txt", contents: "try\n", message: "Experiment")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let outcome = try Lander.land(request(), in: sandbox.environment(in: work), now: now)
        let backup = "refs/codecloud/backup/HEAD/20270115T080000Z"
        #expect(outcome.leftBehind == .init(commit: ObjectID(hex: own), reference: backup))
        #expect(try git("rev-parse", backup) == own)
        #expect(try git("symbolic-ref", "--short", "HEAD") == prBranch)
    }

    @Test func aDetachedHEADOnABranchesHistoryNeedsNoBackup() throws {
        try git("switch", "--quiet", "--detach", "main")
        let outcome = try land()
        #expect(outcome.leftBehind == nil)
        #expect(try git("for-each-ref", "refs/codecloud").isEmpty)
    }

    @Test func aDetachedHEADBehindABranchNeedsNoBackup() throws {
        try sandbox.commit(in: work, file: "later.txt", contents: "later\n", message: "Later")
        try git("switch", "--quiet", "--detach", "main~1")
        #expect(try land().leftBehind == nil)
        #expect(try git("for-each-ref", "refs/codecloud").isEmpty)
    }

    @Test func noBackupWhenTheDetachedTreeIsLeftAloneOrLandingIsRefused() throws {
        try git("switch", "--quiet", "--detach")
        let own = try sandbox.commit(in: work, file: "experiment.txt", contents: "try\n", message: "Experiment")
        // --worktree leaves this work tree, and its HEAD, where they are.
        let outcome = try land(request { $0.worktree = .path("../review") })
        #expect(outcome.leftBehind == nil)
        #expect(try git("rev-parse", "HEAD") == own)
        // A dirty tree is refused before anything is written, the backup included.
        try writeFile(work + "/experiment.txt", "changed\n")
        #expect(throws: WorkflowError.self) { try land(request { $0.branch = "unrelated" }) }
        #expect(try git("for-each-ref", "refs/codecloud").isEmpty)
    }

    @Test func aDetachedCommitATagHoldsNeedsNoBackup() throws {
        try git("switch", "--quiet", "--detach")
        try sandbox.commit(in: work, file: "experiment.txt", contents: "try\n", message: "Experiment")
        try git("tag", "-a", "-m", "kept", "kept")
        #expect(try land().leftBehind == nil)
    }

    // MARK: - Dirty work trees

    @Test func refusesADirtyTreeAndLeavesItsBytesUnchanged() throws {
        try writeFile(work + "/README.md", "uncommitted edit\n")
        try writeFile(work + "/fix.txt", "my own untracked fix\n")   // the PR adds fix.txt: would be overwritten
        try writeFile(work + "/notes.txt", "harmless untracked\n")
        let before = try snapshot(work)
        let error = try #require(throws: WorkflowError.self) { try land() }
        #expect(error.exitCode == .localWorkProtected)
        #expect(error.message == "not touching a work tree with local changes: README.md, fix.txt")
        #expect(error.hint?.contains("--worktree") == true)
        #expect(try snapshot(work) == before)
        #expect(try git("symbolic-ref", "--short", "HEAD") == "main")
        #expect(throws: (any Error).self) { try git("rev-parse", "--verify", "--quiet", "refs/heads/\(prBranch)") }
    }

    /// In a checkout with a large index git scans for tracked changes, begun before the fetch
    /// and read after it; untracked files in the checkout's way are found without a full walk.
    /// The refusal is the same as in a small checkout, and nothing is touched.
    @Test func aLargeCheckoutIsRefusedTheSameWayWhileGitScansDuringTheFetch() throws {
        for index in 0..<1800 { try writeFile(work + "/bulk/d\(index / 100)/file\(index % 100).txt", "\(index)\n") }
        try git("add", "bulk")
        try git("commit", "--quiet", "-m", "Many files")
        let environment = sandbox.environment(in: work)
        #expect(WorkTreeScan.scanner(for: try environment.openRepository(), in: environment) == .git)
        try writeFile(work + "/README.md", "uncommitted edit\n")
        try writeFile(work + "/fix.txt", "my own untracked fix\n")   // the PR adds fix.txt
        try writeFile(work + "/notes.txt", "harmless untracked\n")
        let before = try snapshot(work)
        let error = try #require(throws: WorkflowError.self) { try land() }
        #expect(error.exitCode == .localWorkProtected)
        #expect(error.message == "not touching a work tree with local changes: README.md, fix.txt")
        #expect(try snapshot(work) == before)
        #expect(throws: (any Error).self) { try git("rev-parse", "--verify", "--quiet", "refs/heads/\(prBranch)") }

        // Only the untracked file in the way: still refused; gone, the landing goes ahead.
        try git("checkout", "--quiet", "--", "README.md")
        let untrackedOnly = try #require(throws: WorkflowError.self) { try land() }
        #expect(untrackedOnly.message == "not touching a work tree with local changes: fix.txt")
        try FileManager.default.removeItem(atPath: work + "/fix.txt")
        #expect(try land().action == .created)
        #expect(try readFile(work + "/notes.txt") == "harmless untracked\n")
    }

    /// An index libgit2 1.5.1 cannot read (a sparse index, a split index): git scans instead, so
    /// a dirty tree is refused the same way and a clean one lands.
    @Test(arguments: ["sparse index", "split index"])
    func anIndexLibgit2CannotReadIsScannedByGit(kind: String) throws {
        if kind == "sparse index" {
            try writeFile(work + "/docs/outside.md", "outside\n")
            try git("add", "docs")
            try git("commit", "--quiet", "-m", "Docs")
            try git("sparse-checkout", "set", "--cone", "--sparse-index", "src")
        } else {
            try git("config", "core.splitIndex", "true")
            try git("update-index", "--split-index")
        }
        let environment = sandbox.environment(in: work)
        #expect(throws: GitError.self, "libgit2 alone cannot read it") { try environment.openRepository().status() }
        #expect(try WorkTreeScan.scan(of: environment.openRepository(), in: environment).scanner == .git)

        try writeFile(work + "/README.md", "uncommitted edit\n")
        let before = try snapshot(work)
        let error = try #require(throws: WorkflowError.self) { try land() }
        #expect(error.exitCode == .localWorkProtected)
        #expect(error.message == "not touching a work tree with local changes: README.md")
        #expect(try snapshot(work) == before)

        try git("checkout", "--quiet", "--", "README.md")
        #expect(try land().action == .created)
        #expect(try readFile(work + "/fix.txt") == "fixed v1\n")
        #expect(try git("status", "--porcelain") == "")
    }

    /// A rebase or merge stopped half-way: `git checkout` would switch branches under it (its
    /// `--continue` then going on from the PR branch), so landing here is refused before
    /// anything changes, and so is a follow-up; a new worktree is fine.
    @Test(arguments: ["rebase", "merge"])
    func anOperationInProgressIsNotSwitchedAway(operation: String) throws {
        try sandbox.commit(in: work, file: "one.txt", contents: "1\n", message: "One")
        try sandbox.commit(in: work, file: "two.txt", contents: "2\n", message: "Two")
        if operation == "rebase" {
            try sandbox.git(["rebase", "--quiet", "-i", "HEAD~2"], in: work, extra: ["GIT_SEQUENCE_EDITOR": "sed -i '1s/^pick/edit/'"])
        } else {
            try git("switch", "--quiet", "-c", "side", "HEAD~1")
            try sandbox.commit(in: work, file: "three.txt", contents: "3\n", message: "Three")
            try git("switch", "--quiet", "main")
            try git("merge", "--quiet", "--no-ff", "--no-commit", "side")
        }
        let head = try git("rev-parse", "HEAD")
        let before = try snapshot(work)
        let error = try #require(throws: WorkflowError.self) { try land() }
        #expect(error.exitCode == .localWorkProtected)
        #expect(error.message == "not landing: a \(operation) is in progress in this work tree")
        #expect(error.hint == "finish it (git \(operation) --continue) or stop it (git \(operation) --abort), or land into a separate worktree with --worktree")
        #expect(try snapshot(work) == before)
        #expect(try git("rev-parse", "HEAD") == head)
        #expect(throws: (any Error).self) { try git("rev-parse", "--verify", "--quiet", "refs/heads/\(prBranch)") }
        let followUp = try #require(throws: WorkflowError.self) { try Lander.checkBeforeFollowUp(request(), in: sandbox.environment(in: work)) }
        #expect(followUp.message == "not sending the follow-up: a \(operation) is in progress in this work tree")

        #expect(try land(request { $0.worktree = .path("../review") }).action == .created)
        #expect(try readFile(sandbox.scratch.appending("review") + "/fix.txt") == "fixed v1\n")
        #expect(try git("rev-parse", "HEAD") == head, "the operation's work tree is untouched")
    }

    /// A cherry-pick of several commits whose conflict was resolved and committed: no
    /// CHERRY_PICK_HEAD any more, but the sequence waits (`git status`, `git switch` say so).
    @Test func aCherryPickSequenceWithItsStopCommittedIsStillInProgress() throws {
        try git("switch", "--quiet", "-c", "side")
        try sandbox.commit(in: work, file: "README.md", contents: "theirs\n", message: "Theirs")
        try sandbox.commit(in: work, file: "other.txt", contents: "other\n", message: "Other")
        try git("switch", "--quiet", "main")
        try sandbox.commit(in: work, file: "README.md", contents: "mine\n", message: "Mine")
        #expect(throws: (any Error).self) { try git("cherry-pick", "side~1", "side") }
        try writeFile(work + "/README.md", "resolved\n")
        try git("add", "README.md")
        try git("commit", "--quiet", "--no-edit")
        #expect(!FileManager.default.fileExists(atPath: work + "/.git/CHERRY_PICK_HEAD"))
        #expect(try git("status").contains("Cherry-pick currently in progress"))
        let error = try #require(throws: WorkflowError.self) { try land() }
        #expect(error.exitCode == .localWorkProtected)
        #expect(error.message == "not landing: a cherry-pick is in progress in this work tree")
        #expect(try git("symbolic-ref", "--short", "HEAD") == "main")
    }

    /// Regression (make reliability): with a stale index.lock, libgit2 wrote the PR's files and
    /// the branch was created before the lock failed the checkout, leaving a half-landed tree.
    @Test func refusesALockedIndexBeforeTouchingAnything() throws {
        try writeFile(work + "/.git/index.lock", "")
        let before = try snapshot(work)
        let error = try #require(throws: WorkflowError.self) { try land() }
        #expect(error.exitCode == .localWorkProtected)
        #expect(error.message.contains("index is locked"))
        #expect(error.hint?.contains("index.lock") == true)
        #expect(try snapshot(work) == before)
        #expect(FileManager.default.fileExists(atPath: work + "/.git/index.lock"))
        #expect(throws: (any Error).self) { try git("rev-parse", "--verify", "--quiet", "refs/heads/\(prBranch)") }
    }

    @Test func untrackedFilesTheCheckoutDoesNotNeedDoNotBlock() throws {
        try writeFile(work + "/notes.txt", "harmless untracked\n")
        #expect(try land().action == .created)
        #expect(try readFile(work + "/notes.txt") == "harmless untracked\n")
    }

    @Test func anUntrackedFileWhereTheCheckoutNeedsADirectoryCounts() throws {
        try agentCommits("docs/guide.md", "guide\n")
        try writeFile(work + "/docs", "a file, not a directory\n")
        let error = try #require(throws: WorkflowError.self) { try land() }
        #expect(error.message.hasSuffix(": docs"))
    }

    /// A tracked file the PR turns into a symlink, or into a directory, is a change of a path
    /// HEAD tracks, not an untracked file in the way.
    @Test func typeChangesOfTrackedPathsDoNotBlock() throws {
        try sandbox.git("rm", "--quiet", "README.md", in: agent)
        try FileManager.default.createSymbolicLink(atPath: agent + "/README.md", withDestinationPath: "fix.txt")
        try sandbox.git("add", "README.md", in: agent)
        try sandbox.git("commit", "--quiet", "-m", "README becomes a link", in: agent)
        try sandbox.git("push", "--quiet", "origin", "HEAD:refs/heads/\(prBranch)", in: agent)
        #expect(try land().action == .created)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: work + "/README.md") == "fix.txt")
    }

    // MARK: - Ignored files

    @Test func ignoredFilesThePRBranchWouldReplaceAreRefusedAndLeftAlone() throws {
        try writeFile(work + "/.git/info/exclude", ".env\ncache/\n")
        try writeFile(work + "/.env", "SECRET=mine\n")
        try writeFile(work + "/cache/data.bin", "my cache\n")
        try writeFile(work + "/cache/other.bin", "not in the PR\n")
        try writeFile(agent + "/.env", "SECRET=agent\n")
        try writeFile(agent + "/cache/data.bin", "agent cache\n")
        try sandbox.git("add", "-f", ".env", "cache/data.bin", in: agent)
        try sandbox.git("commit", "--quiet", "-m", "Agent adds ignored paths", in: agent)
        try sandbox.git("push", "--quiet", "origin", "HEAD:refs/heads/\(prBranch)", in: agent)
        let before = try snapshot(work)

        let error = try #require(throws: WorkflowError.self) { try land() }
        #expect(error.exitCode == .localWorkProtected)
        #expect(error.message == "not overwriting ignored files the PR branch would replace: .env, cache/data.bin")
        #expect(error.hint?.contains("--force") == true && error.hint?.contains(".git/codecloud/backup/") == true)
        #expect(try snapshot(work) == before)
        #expect(try git("symbolic-ref", "--short", "HEAD") == "main")
        #expect(throws: (any Error).self) { try git("rev-parse", "--verify", "--quiet", "refs/heads/\(prBranch)") }

        // --force saves them first, relative paths kept, and says where.
        let output = CapturedOutput()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let outcome = try Lander.land(request { $0.force = true }, in: sandbox.environment(in: work, output: output), now: now)
        #expect(outcome.action == .created)
        let backup = work + "/.git/codecloud/backup/20270115T080000Z"
        #expect(try readFile(backup + "/.env") == "SECRET=mine\n")
        #expect(try readFile(backup + "/cache/data.bin") == "my cache\n")
        #expect(!FileManager.default.fileExists(atPath: backup + "/cache/other.bin"))
        #expect(try readFile(work + "/.env") == "SECRET=agent\n")
        #expect(try readFile(work + "/cache/other.bin") == "not in the PR\n")
        #expect(output.stderr.contains("Saved 2 ignored files the PR branch replaces (.env, cache/data.bin) under \(backup)"))
    }

    @Test func anIgnoredFileWhereThePRBranchNeedsADirectoryCounts() throws {
        try writeFile(work + "/.git/info/exclude", "build\n")
        try writeFile(work + "/build", "my build notes\n")
        try writeFile(agent + "/build/output.txt", "agent output\n")
        try sandbox.git("add", "-f", "build/output.txt", in: agent)
        try sandbox.git("commit", "--quiet", "-m", "Agent adds build/", in: agent)
        try sandbox.git("push", "--quiet", "origin", "HEAD:refs/heads/\(prBranch)", in: agent)
        let error = try #require(throws: WorkflowError.self) { try land() }
        #expect(error.message == "not overwriting ignored file the PR branch would replace: build")
        #expect(try readFile(work + "/build") == "my build notes\n")
    }

    @Test func ignoredFilesThePRBranchLeavesAloneDoNotBlock() throws {
        try writeFile(work + "/.git/info/exclude", ".env\n")
        try writeFile(work + "/.env", "SECRET=mine\n")
        #expect(try land().action == .created)
        #expect(try readFile(work + "/.env") == "SECRET=mine\n")
    }

    // MARK: - Compare-and-swap

    /// A commit on `branch` made the way an editor would, without touching this work tree.
    func commitElsewhere(on branch: String, message: String) throws -> String {
        let parent = try git("rev-parse", "refs/heads/\(branch)")
        let commit = try git("commit-tree", "\(parent)^{tree}", "-p", parent, "-m", message)
        try git("update-ref", "refs/heads/\(branch)", commit)
        return commit
    }

    @Test func aCommitMadeAfterThePreflightOnABranchNotCheckedOutIsNeverOverwritten() throws {
        try land()
        try git("switch", "--quiet", "main")
        try agentCommits("fix.txt", "fixed v2\n")
        var mine = ""
        let error = try #require(throws: WorkflowError.self) {
            try Lander.land(request(), in: sandbox.environment(in: work), beforeWriting: {
                mine = try commitElsewhere(on: prBranch, message: "Mine, meanwhile")
            })
        }
        #expect(error.exitCode == .localWorkProtected)
        #expect(error.message == "branch '\(prBranch)' moved since it was read; run the command again")
        #expect(try git("rev-parse", "refs/heads/\(prBranch)") == mine)
        #expect(try git("symbolic-ref", "--short", "HEAD") == "main")
        #expect(try git("status", "--porcelain").isEmpty)
        // Run again, the branch has diverged: refused as such, still intact.
        let again = try #require(throws: WorkflowError.self) { try land() }
        #expect(again.message.contains("has diverged"))
        #expect(try git("rev-parse", "refs/heads/\(prBranch)") == mine)
    }

    /// git in another language: the messages landing reads to tell "moved since it was read"
    /// from a failure arrive in English all the same (LC_MESSAGES=C for git's children), so the
    /// refusal keeps its exit status and advice. The catalogue is a German one made here, which
    /// git is shown to use first.
    static let msgfmt = ["/usr/bin/msgfmt", "/usr/local/bin/msgfmt"].first(where: FileManager.default.isExecutableFile(atPath:))

    @Test(.enabled(if: msgfmt != nil, "needs msgfmt (apt-get install gettext; .ci/bootstrap.sh installs it)"))
    func aBranchCreatedMeanwhileIsToldApartInAnotherLanguageToo() throws {
        let msgfmt = try #require(Self.msgfmt)
        let catalogue = sandbox.scratch.appending("locale/de/LC_MESSAGES")
        try FileManager.default.createDirectory(atPath: catalogue, withIntermediateDirectories: true)
        try writeFile(sandbox.scratch.appending("git.po"), #"""
            msgid ""
            msgstr "Content-Type: text/plain; charset=UTF-8\n"

            msgid "a branch named '%s' already exists"
            msgstr "ein Branch namens '%s' existiert bereits"

            msgid "Not possible to fast-forward, aborting."
            msgstr "Vorspulen nicht möglich, breche ab."

            """#)
        let compiled = try ProcessRunner.run(msgfmt, ["-o", catalogue + "/git.mo", sandbox.scratch.appending("git.po")], in: sandbox.scratch.path, environment: sandbox.variables)
        #expect(compiled.status == 0, "\(compiled.stderr)")
        let german = ["LC_ALL": "C.UTF-8", "LANGUAGE": "de", "GIT_TEXTDOMAINDIR": sandbox.scratch.appending("locale")]
        let shown = try ProcessRunner.run("git", ["checkout", "-b", "main"], in: work, environment: sandbox.variables.merging(german) { $1 })
        #expect(shown.stderr.contains("existiert bereits"), "git itself speaks German here: \(shown.stderr)")

        let error = try #require(throws: WorkflowError.self) {
            try Lander.land(request(), in: sandbox.environment(in: work, extra: german), beforeWriting: {
                try git("branch", prBranch, "main")
            })
        }
        #expect(error.exitCode == .localWorkProtected)
        #expect(error.message == "branch '\(prBranch)' moved since it was read; run the command again")
        #expect(try git("rev-parse", prBranch) == git("rev-parse", "main"))
    }

    @Test func aCommitMadeAfterThePreflightOnTheCheckedOutBranchIsNeverOverwritten() throws {
        try land()
        try agentCommits("fix.txt", "fixed v2\n")
        var mine = ""
        let error = try #require(throws: WorkflowError.self) {
            try Lander.land(request(), in: sandbox.environment(in: work), beforeWriting: {
                mine = try sandbox.commit(in: work, file: "mine.txt", contents: "mine\n", message: "Mine, meanwhile")
            })
        }
        #expect(error.exitCode == .localWorkProtected)
        #expect(error.message == "branch '\(prBranch)' moved since it was read; run the command again")
        #expect(try git("rev-parse", "HEAD") == mine)
        #expect(try readFile(work + "/mine.txt") == "mine\n" && readFile(work + "/fix.txt") == "fixed v1\n")
        #expect(try git("status", "--porcelain").isEmpty)
    }

    @Test func aForcedMoveOfTheCheckedOutBranchIsCompareAndSwapToo() throws {
        try land()
        try sandbox.commit(in: work, file: "mine.txt", contents: "mine\n", message: "Mine")
        try agentCommits("fix.txt", "agent v2\n")
        var meanwhile = ""
        let error = try #require(throws: WorkflowError.self) {
            try Lander.land(request { $0.force = true }, in: sandbox.environment(in: work), beforeWriting: {
                meanwhile = try sandbox.commit(in: work, file: "later.txt", contents: "later\n", message: "Meanwhile")
            })
        }
        #expect(error.exitCode == .localWorkProtected)
        #expect(try git("rev-parse", "HEAD") == meanwhile)
        #expect(try git("symbolic-ref", "--short", "HEAD") == prBranch)
        #expect(try readFile(work + "/later.txt") == "later\n")
    }

    @Test func aBranchCreatedAfterThePreflightIsNeverOverwritten() throws {
        let error = try #require(throws: WorkflowError.self) {
            try Lander.land(request(), in: sandbox.environment(in: work), beforeWriting: {
                try git("branch", prBranch, "main")
            })
        }
        #expect(error.exitCode == .localWorkProtected)
        #expect(error.message == "branch '\(prBranch)' moved since it was read; run the command again")
        #expect(try git("rev-parse", prBranch) == git("rev-parse", "main"))
        #expect(try git("symbolic-ref", "--short", "HEAD") == "main")
    }

    // MARK: - git children

    @Test func gitsOutputReachesTheTerminalWithoutControlSequences() {
        #expect(GitWrites.printable("error: \u{1B}]0;pwned\u{07}path\r\n", keepingNewlines: true) == "error: ]0;pwnedpath\n")
        #expect(GitWrites.printable("a\tb\nc\u{9B}31m") == "a\tbc31m")
    }

    @Test func aCheckoutThatFailsAfterTheBranchMovedPutsTheBranchBack() throws {
        try land()
        try git("switch", "--quiet", "main")
        let before = try git("rev-parse", prBranch)
        try agentCommits("fix.txt", "fixed v2\n")
        // Another git command takes the index after the pre-flight: the branch moves, then
        // git checkout fails, and the move must be undone.
        let error = try #require(throws: WorkflowError.self) {
            try Lander.land(request(), in: sandbox.environment(in: work), beforeWriting: {
                try writeFile(work + "/.git/index.lock", "")
            })
        }
        #expect(error.message.hasPrefix("git failed checking out \(prBranch): "), "\(error.message)")
        #expect(error.exitCode == .localWorkProtected)
        #expect(error.hint == "another git command is running here; when it has finished, run the command again")
        #expect(try git("rev-parse", prBranch) == before)
        #expect(try git("symbolic-ref", "--short", "HEAD") == "main")
    }

    @Test func gitChildrenGetNoAPIKeyAndNoPrompts() throws {
        let hook = work + "/.git/hooks/post-checkout"
        try writeExecutable(hook, "#!/bin/sh\necho \"key=${CODECLOUD_API_KEY:-none} prompt=$GIT_TERMINAL_PROMPT\" > \"$(git rev-parse --git-dir)/hook-env\"\n")
        // The fetch (reference-transaction hook) and git's dirty scan (an fsmonitor hook, which
        // git runs for the split index libgit2 cannot read) get none either.
        try writeExecutable(work + "/.git/hooks/reference-transaction", "#!/bin/sh\necho \"key=${CODECLOUD_API_KEY:-none}\" >> \"$(git rev-parse --git-dir)/fetch-env\"\n")
        try writeExecutable(work + "/.git/fsmonitor", "#!/bin/sh\necho \"key=${CODECLOUD_API_KEY:-none}\" >> \"$(git rev-parse --git-dir)/scan-env\"\nexit 1\n")
        try git("config", "core.fsmonitor", work + "/.git/fsmonitor")
        try git("update-index", "--split-index")
        _ = try Lander.land(request(), in: sandbox.environment(in: work, extra: ["CODECLOUD_API_KEY": "cc_secret_value", "GIT_TERMINAL_PROMPT": "1"]))
        #expect(try readFile(work + "/.git/hook-env") == "key=none prompt=0\n")
        let fetchEnv = try readFile(work + "/.git/fetch-env"), scanEnv = try readFile(work + "/.git/scan-env")
        #expect(!fetchEnv.isEmpty && !fetchEnv.contains("cc_secret_value"), "\(fetchEnv)")
        #expect(!scanEnv.isEmpty && !scanEnv.contains("cc_secret_value"), "\(scanEnv)")
    }

    // MARK: - Worktrees

    @Test func landsIntoANewWorktreeBesideTheRepositoryLeavingTheCurrentTreeAlone() throws {
        try writeFile(work + "/README.md", "uncommitted edit\n")
        let outcome = try land(request { $0.worktree = .besideRepository })
        let expected = sandbox.scratch.appending("work-codecloud-fix-login")
        #expect(outcome.worktreePath == expected)
        #expect(try readFile(expected + "/fix.txt") == "fixed v1\n")
        #expect(try sandbox.git("symbolic-ref", "--short", "HEAD", in: expected) == prBranch)
        #expect(try sandbox.git("status", "--porcelain", in: expected).isEmpty)
        #expect(try readFile(work + "/README.md") == "uncommitted edit\n")
        #expect(try git("symbolic-ref", "--short", "HEAD") == "main")
    }

    @Test func theDefaultWorktreeTakesTheFirstFreeName() throws {
        _ = try sandbox.scratch.makeDirectory("work-codecloud-fix-login")
        let outcome = try land(request { $0.worktree = .besideRepository })
        #expect(outcome.worktreePath == sandbox.scratch.appending("work-codecloud-fix-login-2"))
    }

    @Test func landsIntoAGivenWorktreePathRelativeToTheCurrentDirectory() throws {
        let outcome = try land(request { $0.worktree = .path("../review") })
        #expect(outcome.worktreePath == sandbox.scratch.appending("review"))
        #expect(FileManager.default.fileExists(atPath: sandbox.scratch.appending("review/fix.txt")))
    }

    @Test func refusesABranchCheckedOutInAnotherWorktree() throws {
        let other = sandbox.scratch.appending("other")
        try land(request { $0.worktree = .path(other) })
        try agentCommits("fix.txt", "v2\n")
        let error = try #require(throws: WorkflowError.self) { try land() }
        #expect(error.exitCode == .localWorkProtected)
        #expect(error.message == "branch '\(prBranch)' is already checked out in the worktree at \(other)")
    }

    @Test func aDirtyTreeOnTheLandedBranchItselfIsNotPointedAtWorktrees() throws {
        try land()
        try agentCommits("fix.txt", "v2\n")
        try writeFile(work + "/README.md", "uncommitted edit\n")
        let dirty = try #require(throws: WorkflowError.self) { try land() }
        #expect(dirty.exitCode == .localWorkProtected)
        #expect(dirty.hint == "commit or stash them (git stash -u)")
        let elsewhere = try #require(throws: WorkflowError.self) { try land(request { $0.worktree = .besideRepository }) }
        #expect(elsewhere.exitCode == .localWorkProtected)
        #expect(elsewhere.message == "branch '\(prBranch)' is checked out in this work tree, so it cannot go into a second worktree")
        #expect(try readFile(work + "/README.md") == "uncommitted edit\n")
    }

    @Test func refusesAnExistingWorktreePath() throws {
        try sandbox.scratch.makeDirectory("taken")
        let error = try #require(throws: WorkflowError.self) { try land(request { $0.worktree = .path("../taken") }) }
        #expect(error.message == "\(sandbox.scratch.appending("taken")) already exists")
    }

    // MARK: - Names

    @Test func neverCreatesABranchNamedLikeTheBase() throws {
        try agentCommits("on-main.txt", "x\n", branch: "main")
        let outcome = try land(request { $0.branch = "main" })
        #expect(outcome.localBranch == "octo/main")
        #expect(try git("rev-parse", "--abbrev-ref", "octo/main@{upstream}") == "origin/main")
    }

    @Test func neverCreatesABranchStartingWithADash() throws {
        let tip = try agentCommits("dash.txt", "x\n", branch: "-rf")
        let outcome = try land(request { $0.branch = "-rf" })
        #expect(outcome.localBranch == "codecloud/rf")
        #expect(try git("rev-parse", "codecloud/rf") == tip)
    }

    // MARK: - Remotes and fetching

    @Test func fetchesFromTheRemoteWhoseURLNamesThePRRepository() throws {
        let fork = try sandbox.makeBareRemote("me/widgets")
        try git("remote", "rename", "origin", "upstream")
        try git("remote", "add", "origin", fork)
        #expect(try land().remote == "upstream")
        let error = try #require(throws: WorkflowError.self) {
            try land(request { $0.repository = RepositorySlug(owner: "acme", name: "rockets") })
        }
        #expect(error.message == "no remote here points at acme/rockets")
    }

    @Test func fetchesThroughGitWithoutTags() throws {
        // git's ext:: transport runs a command: only the git executable can fetch this remote.
        try git("remote", "add", "via-ext", "ext::git %s \(remote)")
        try git("config", "protocol.ext.allow", "always")
        let outcome = try land(request { $0.remote = "via-ext" })
        #expect(outcome.fetchedWith == .git)
        #expect(try git("rev-parse", "--abbrev-ref", "@{upstream}") == "via-ext/\(prBranch)")
        #expect(try git("for-each-ref", "--format=%(refname)", "refs/tags").isEmpty)
        #expect(try readFile(work + "/fix.txt") == "fixed v1\n")
    }

    @Test func aMissingPRBranchIsAClearError() throws {
        let error = try #require(throws: (any Error).self) { try land(request { $0.branch = "no-such-branch" }) }
        #expect((error as? any PresentableError)?.message.contains("no-such-branch") == true)
    }

    /// Every file under `directory` (outside .git) with its bytes.
    func snapshot(_ directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let relative = enumerator?.nextObject() as? String {
            if relative == ".git" { enumerator?.skipDescendants(); continue }
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: directory + "/" + relative, isDirectory: &isDirectory)
            if !isDirectory.boolValue { files[relative] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + relative)) }
        }
        return files
    }
}
