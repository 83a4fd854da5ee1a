import CodecloudGit
import CodecloudTestSupport
import Foundation
import Testing

/// The libgit2 layer against real repositories made with the git CLI in a sandboxed HOME.
@Suite struct RepositoryTests {
    let sandbox: GitSandbox
    let sources: ConfigurationSources

    init() throws {
        sandbox = try GitSandbox()
        sources = ConfigurationSources(home: sandbox.home, xdgConfigHome: sandbox.home + "/.config", includeSystem: false)
    }

    func open(_ directory: String, gitDirectory: String? = nil, workTree: String? = nil) throws -> Repository {
        try Repository.open(RepositoryLocation(startDirectory: directory, gitDirectory: gitDirectory, workTree: workTree), configuration: sources)
    }

    @Test func discoversTheRepositoryFromASubdirectory() throws {
        let work = try sandbox.makeRepository()
        let nested = try sandbox.scratch.makeDirectory("work/src/deep")
        let repository = try open(nested)
        #expect(repository.workTree == work)
        #expect(repository.gitDirectory == work + "/.git")
        #expect(!repository.isBare)
    }

    @Test func reportsNotARepository() throws {
        let outside = try sandbox.scratch.makeDirectory("elsewhere")
        let error = try #require(throws: GitError.self) {
            try Repository.open(RepositoryLocation(startDirectory: outside, ceilingDirectories: [sandbox.scratch.path]), configuration: sources)
        }
        #expect(error.kind == .notARepository)
        #expect(error.message.contains(outside))
    }

    @Test func reportsABareRepository() throws {
        let bare = try sandbox.makeBareRemote()
        #expect(try open(bare).isBare)
        #expect(throws: GitError.self) { try open(bare).status() }
    }

    @Test func opensWithExplicitGitDirAndWorkTree() throws {
        let work = try sandbox.makeRepository()
        let separate = try sandbox.scratch.makeDirectory("separate")
        try FileManager.default.moveItem(atPath: work + "/.git", toPath: separate + "/repo.git")
        let checkout = try sandbox.scratch.makeDirectory("checkout")
        try writeFile(checkout + "/README.md", "# work\n")
        let repository = try open(sandbox.scratch.path, gitDirectory: "separate/repo.git", workTree: "checkout")
        #expect(repository.workTree == checkout)
        #expect(repository.gitDirectory == separate + "/repo.git")
        #expect(try repository.status() == WorkTreeStatus())
    }

    @Test func gitDirAloneMakesTheCurrentDirectoryTheWorkTree() throws {
        let work = try sandbox.makeRepository()
        let separate = try sandbox.scratch.makeDirectory("separate")
        try FileManager.default.moveItem(atPath: work + "/.git", toPath: separate + "/repo.git")
        let repository = try open(work, gitDirectory: separate + "/repo.git")
        #expect(repository.workTree == work)
        #expect(try repository.status() == WorkTreeStatus())
    }

    @Test func worksInALinkedWorktree() throws {
        let work = try sandbox.makeRepository()
        let linked = sandbox.scratch.appending("linked")
        try sandbox.git("worktree", "add", "--quiet", "-b", "feature", linked, in: work)
        let repository = try open(linked)
        #expect(repository.workTree == linked)
        #expect(repository.commonDirectory == work + "/.git")
        #expect(try repository.head().branchName == "feature")
        let checkouts = try repository.worktreeCheckouts()
        #expect(checkouts.map(\.branch) == ["main", "feature"])
        #expect(checkouts.map(\.isCurrent) == [false, true])
    }

    @Test func readsHeadOnABranch() throws {
        let work = try sandbox.makeRepository()
        let commit = try sandbox.git("rev-parse", "HEAD", in: work)
        #expect(try open(work).head() == .branch(name: "main", commit: ObjectID(hex: commit)))
    }

    @Test func readsADetachedHead() throws {
        let work = try sandbox.makeRepository()
        let first = try sandbox.git("rev-parse", "HEAD", in: work)
        try sandbox.commit(in: work, file: "a.txt", contents: "a\n", message: "Second")
        try sandbox.git("checkout", "--quiet", "--detach", first, in: work)
        let head = try open(work).head()
        #expect(head == .detached(commit: ObjectID(hex: first)))
        #expect(head.branchName == nil)
    }

    @Test func readsAnUnbornBranch() throws {
        let work = try sandbox.makeRepository("empty", initialCommit: false)
        let head = try open(work).head()
        #expect(head == .unborn(branch: "main"))
        #expect(head.commit == nil)
    }

    @Test func readsAnUpstreamWithADifferentRemoteBranchName() throws {
        let remote = try sandbox.makeBareRemote()
        let work = try sandbox.makeRepository(remote: remote)
        try sandbox.git("switch", "--quiet", "-c", "local-name", in: work)
        try sandbox.git("push", "--quiet", "-u", "origin", "local-name:remote-name", in: work)
        let repository = try open(work)
        let upstream = try #require(try repository.upstream(ofBranch: "local-name"))
        #expect(upstream.remote == "origin")
        #expect(upstream.remoteBranch == "remote-name")
        #expect(upstream.trackingReference == "refs/remotes/origin/remote-name")
        #expect(upstream.commit == (try repository.head().commit))
        #expect(try repository.upstream(ofBranch: "no-such-branch") == nil)
    }

    @Test func countsCommitsAheadAndBehind() throws {
        let remote = try sandbox.makeBareRemote()
        let work = try sandbox.makeRepository(remote: remote)
        let other = try sandbox.clone(remote, into: "other")
        try sandbox.commit(in: other, file: "theirs.txt", contents: "1\n", message: "Theirs")
        try sandbox.git("push", "--quiet", in: other)
        for number in 1...3 { try sandbox.commit(in: work, file: "mine\(number).txt", contents: "\(number)\n", message: "Mine \(number)") }
        try sandbox.git("fetch", "--quiet", in: work)
        let repository = try open(work)
        let local = try #require(try repository.head().commit)
        let upstream = try #require(try repository.upstream(ofBranch: "main")?.commit)
        let counts = try repository.aheadBehind(local: local, upstream: upstream)
        #expect(counts.ahead == 3)
        #expect(counts.behind == 1)
        #expect(try !repository.isDescendant(local, of: upstream))
    }

    @Test func separatesStagedModifiedAndUntrackedChanges() throws {
        let work = try sandbox.makeRepository()
        try sandbox.commit(in: work, file: "tracked.txt", contents: "v1\n", message: "Tracked")
        try writeFile(work + "/README.md", "changed\n")
        try writeFile(work + "/staged.txt", "new\n")
        try sandbox.git("add", "staged.txt", in: work)
        try writeFile(work + "/tracked.txt", "v2\n")
        try sandbox.git("add", "tracked.txt", in: work)
        try writeFile(work + "/notes/todo.txt", "later\n")
        try writeFile(work + "/ignored.log", "x\n")
        try writeFile(work + "/.git/info/exclude", "*.log\n")
        let status = try open(work).status()
        #expect(status.staged.sorted() == ["staged.txt", "tracked.txt"])
        #expect(status.unstaged == ["README.md"])
        #expect(status.untracked == ["notes/todo.txt"])
        #expect(status.isDirty && status.hasTrackedChanges)
    }

    @Test func globalIgnoreFileFromTheGivenHomeApplies() throws {
        let work = try sandbox.makeRepository()
        try writeFile(sandbox.home + "/.config/git/ignore", "*.tmp\n")
        try writeFile(work + "/scratch.tmp", "x\n")
        #expect(try open(work).status() == WorkTreeStatus())
    }

    @Test func appliesInsteadOfToRemoteURLs() throws {
        let work = try sandbox.makeRepository()
        try sandbox.git("config", "--global", "url.https://github.com/.insteadOf", "gh:", in: work)
        try sandbox.git("remote", "add", "origin", "gh:octo/widgets.git", in: work)
        let remote = try open(work).remote(named: "origin")
        #expect(remote.url == "https://github.com/octo/widgets.git")
    }

    @Test func readsConfigFromTheRepositoryThenTheGivenHome() throws {
        let work = try sandbox.makeRepository()
        try sandbox.git("config", "--global", "codecloud.remote", "global-value", in: work)
        try sandbox.git("config", "--global", "codecloud.fetch", "git", in: work)
        try sandbox.git("config", "codecloud.remote", "local-value", in: work)
        let repository = try open(work)
        #expect(try repository.configValue("codecloud.remote") == "local-value")
        #expect(try repository.configValue("codecloud.fetch") == "git")
        #expect(try repository.configValue("codecloud.missing") == nil)
        // Another HOME sees none of it: nothing leaks through libgit2's process-wide search path.
        let bare = try Repository.open(RepositoryLocation(startDirectory: work), configuration: .none)
        #expect(try bare.configValue("codecloud.fetch") == nil)
    }

    @Test func writesConfigToTheRepositoryFile() throws {
        let work = try sandbox.makeRepository()
        try open(work).setConfigValue("run_123", forKey: "branch.main.codecloudRun")
        #expect(try sandbox.git("config", "--local", "branch.main.codecloudRun", in: work) == "run_123")
        #expect(!FileManager.default.fileExists(atPath: sandbox.home + "/.gitconfig"))
    }

    @Test func writesSeveralConfigValuesInOneLockedWrite() throws {
        let work = try sandbox.makeRepository()
        let repository = try open(work)
        try repository.setConfigValues([("branch.main.codecloudRun", "run_123"), ("branch.main.codecloudPr", "7"), ("codecloud-run.run_123.remote", "origin")])
        #expect(try sandbox.git("config", "--local", "branch.main.codecloudRun", in: work) == "run_123")
        #expect(try sandbox.git("config", "--local", "branch.main.codecloudPr", in: work) == "7")
        #expect(try sandbox.git("config", "--local", "codecloud-run.run_123.remote", in: work) == "origin")
        // The same handle reads what it wrote.
        #expect(try repository.configValue("branch.main.codecloudPr") == "7")
        #expect(!FileManager.default.fileExists(atPath: work + "/.git/config.lock"))
    }

    @Test func writesConfigValuesBesideAnIncludeAndLeavesTheIncludedFileAlone() throws {
        let work = try sandbox.makeRepository()
        let included = work + "/.git/extra.config"
        try "[codecloud]\n\tmodel = from-include\n".write(toFile: included, atomically: true, encoding: .utf8)
        _ = try sandbox.git("config", "--local", "include.path", "extra.config", in: work)
        let repository = try open(work)
        try repository.setConfigValues([("branch.main.codecloudRun", "run_123"), ("branch.main.codecloudPr", "7")])
        #expect(try String(contentsOfFile: included, encoding: .utf8) == "[codecloud]\n\tmodel = from-include\n")
        #expect(try sandbox.git("config", "--local", "--get", "include.path", in: work) == "extra.config")
        #expect(try sandbox.git("config", "branch.main.codecloudRun", in: work) == "run_123")
        #expect(try sandbox.git("config", "codecloud.model", in: work) == "from-include")
        #expect(try repository.configValue("codecloud.model") == "from-include")
    }

    @Test func writesNoConfigValueWhenOneOfThemFails() throws {
        let work = try sandbox.makeRepository()
        let before = try String(contentsOfFile: work + "/.git/config", encoding: .utf8)
        let repository = try open(work)
        #expect(throws: GitError.self) {
            try repository.setConfigValues([("branch.main.codecloudRun", "run_123"), ("not a key", "x")])
        }
        #expect(try String(contentsOfFile: work + "/.git/config", encoding: .utf8) == before)
        #expect(!FileManager.default.fileExists(atPath: work + "/.git/config.lock"))
        // The failed write left the repository's own config whole (libgit2 1.5.1 frees the
        // config of a transaction freed uncommitted): it still reads and writes.
        try repository.setConfigValues([("branch.main.codecloudRun", "run_456")])
        #expect(try repository.configValue("branch.main.codecloudRun") == "run_456")
        #expect(try sandbox.git("config", "branch.main.codecloudRun", in: work) == "run_456")
    }

    @Test func refusesToWriteConfigWhileGitHoldsItsLock() throws {
        let work = try sandbox.makeRepository()
        let before = try String(contentsOfFile: work + "/.git/config", encoding: .utf8)
        #expect(FileManager.default.createFile(atPath: work + "/.git/config.lock", contents: Data()))
        #expect(throws: GitError.self) {
            try open(work).setConfigValues([("branch.main.codecloudRun", "run_123")])
        }
        #expect(try String(contentsOfFile: work + "/.git/config", encoding: .utf8) == before)
        // The other writer's lock is left as it was.
        #expect(FileManager.default.fileExists(atPath: work + "/.git/config.lock"))
    }

    @Test func validatesBranchNames() {
        #expect(Repository.isValidBranchName("feature/x-1"))
        for bad in ["-x", "a..b", "a b", "HEAD", "x.lock", "", "a~1", "a:b"] {
            #expect(!Repository.isValidBranchName(bad), "\(bad)")
        }
    }
}
