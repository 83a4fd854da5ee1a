import CodecloudCore
import CodecloudGit
import CodecloudTestSupport
import Testing

/// Inference of owner/repo, remote and branch from real checkouts.
@Suite struct ContextResolverTests {
    let sandbox: GitSandbox
    let remote: String
    let work: String

    init() throws {
        sandbox = try GitSandbox()
        remote = try sandbox.makeBareRemote("octo/widgets")
        work = try sandbox.makeRepository(remote: remote)
    }

    func resolve(_ overrides: ContextOverrides = ContextOverrides(), in directory: String? = nil) throws -> RepositoryContext {
        try ContextResolver.resolve(overrides, in: sandbox.environment(in: directory ?? work))
    }

    @Test func infersRepositoryRemoteAndBranchFromASubdirectory() throws {
        let context = try resolve(in: try sandbox.scratch.makeDirectory("work/src"))
        #expect(context.repository.description == "octo/widgets")
        #expect(context.remote == "origin")
        #expect(context.remoteURL == remote)
        #expect(context.branch == "main")
        #expect(context.upstream?.remoteBranch == "main")
        #expect(context.ahead == 0 && context.behind == 0)
        #expect(context.warnings.isEmpty)
    }

    @Test func sendsTheUpstreamBranchNameWhenItDiffersFromTheLocalOne() throws {
        try sandbox.git("switch", "--quiet", "-c", "local-name", in: work)
        try sandbox.git("push", "--quiet", "-u", "origin", "local-name:remote-name", in: work)
        let context = try resolve()
        #expect(context.branch == "remote-name")
        #expect(context.localBranch == "local-name")
    }

    @Test func warnsAboutUnpushedCommitsAndUncommittedChanges() throws {
        try sandbox.commit(in: work, file: "a.txt", contents: "a\n", message: "A")
        try sandbox.commit(in: work, file: "b.txt", contents: "b\n", message: "B")
        try writeFile(work + "/README.md", "edited\n")
        try writeFile(work + "/new.txt", "new\n")
        let context = try resolve()
        #expect(context.ahead == 2)
        #expect(context.warnings == [
            "2 commits on 'main' not pushed to origin/main; the agent will not see them",
            "uncommitted changes (1 modified, 1 untracked) stay local; the agent will not see them",
        ])
    }

    @Test func aBranchTheRemoteLacksIsRefusedBeforeAnythingIsSent() throws {
        try sandbox.git("switch", "--quiet", "-c", "topic", in: work)
        let error = try #require(throws: WorkflowError.self) { try resolve() }
        #expect(error.message == "origin has no branch 'topic' as far as this clone knows, so the agent cannot start from it")
        #expect(error.hint == "push it first (git push -u origin topic), or pass --branch to start from a branch origin has")
        #expect(try resolve(ContextOverrides(branch: "main")).branch == "main")
        // `status` still describes the checkout, with the reason as a warning.
        let inspected = try ContextResolver.resolve(in: sandbox.environment(in: work), requiringBranch: false)
        #expect(inspected.warnings.first?.hasPrefix("origin has no branch 'topic'") == true)
    }

    @Test func warnsWhenTheBranchHasNoUpstream() throws {
        try sandbox.git("switch", "--quiet", "-c", "topic", in: work)
        try sandbox.git("push", "--quiet", "origin", "topic", in: work)
        let context = try resolve()
        #expect(context.branch == "topic")
        #expect(context.upstream == nil)
        #expect(context.warnings == ["'topic' has no upstream; the agent will use 'topic' as origin has it (push with: git push -u origin topic)"])
    }

    @Test func detachedHeadNeedsABranch() throws {
        try sandbox.git("checkout", "--quiet", "--detach", in: work)
        let error = try #require(throws: WorkflowError.self) { try resolve() }
        #expect(error.message.hasPrefix("HEAD is detached at "))
        #expect(error.hint?.contains("--branch") == true)
        #expect(try resolve(ContextOverrides(branch: "main")).branch == "main")
    }

    @Test func inspectingADetachedHeadWarnsInsteadOfFailing() throws {
        try sandbox.git("checkout", "--quiet", "--detach", in: work)
        let context = try ContextResolver.resolve(in: sandbox.environment(in: work), requiringBranch: false)
        #expect(context.branch == nil)
        #expect(context.repository.description == "octo/widgets")
        #expect(context.warnings.first?.hasPrefix("HEAD is detached at ") == true)
        #expect(context.warnings.first?.hasSuffix("; runs from here need --branch") == true)
    }

    @Test func unbornBranchNeedsABranch() throws {
        let empty = try sandbox.makeRepository("empty", initialCommit: false)
        try sandbox.git("remote", "add", "origin", remote, in: empty)
        let error = try #require(throws: WorkflowError.self) { try resolve(in: empty) }
        #expect(error.message == "branch 'main' has no commits yet")
    }

    @Test func choosesRemotesInTheDocumentedOrder() throws {
        let fork = try sandbox.makeBareRemote("me/widgets")
        let upstreamRemote = try sandbox.makeBareRemote("upstream-org/widgets")
        try sandbox.git("remote", "add", "fork", fork, in: work)
        try sandbox.git("remote", "add", "upstream", upstreamRemote, in: work)
        try sandbox.git("push", "--quiet", "fork", "main", in: work)
        try sandbox.git("push", "--quiet", "upstream", "main", in: work)
        try sandbox.git("branch", "--quiet", "--set-upstream-to", "fork/main", in: work)

        // 1. --remote beats everything.
        #expect(try resolve(ContextOverrides(remote: "upstream")).repository.description == "upstream-org/widgets")
        // 2. codecloud.remote beats the upstream's remote.
        try sandbox.git("config", "codecloud.remote", "upstream", in: work)
        #expect(try resolve().remote == "upstream")
        try sandbox.git("config", "--unset", "codecloud.remote", in: work)
        // 3. The upstream's remote beats origin.
        #expect(try resolve().remote == "fork")
        // 4. origin when the branch has no upstream.
        try sandbox.git("branch", "--quiet", "--unset-upstream", in: work)
        #expect(try resolve().remote == "origin")
        // 5. Ambiguity lists the candidates.
        try sandbox.git("remote", "rename", "origin", "first", in: work)
        let error = try #require(throws: WorkflowError.self) { try resolve() }
        #expect(error.message == "cannot tell which remote to use: first, fork, upstream")
        // 6. The only remote.
        try sandbox.git("remote", "remove", "fork", in: work)
        try sandbox.git("remote", "remove", "upstream", in: work)
        #expect(try resolve().remote == "first")
    }

    @Test func unknownRemoteIsAnErrorListingTheRemotes() throws {
        let error = try #require(throws: WorkflowError.self) { try resolve(ContextOverrides(remote: "nope")) }
        #expect(error.message == "no remote named 'nope' (from --remote)")
        #expect(error.hint == "remotes here: origin")
    }

    @Test func remoteThatNamesNoRepositoryIsAClearErrorWithARedactedURL() throws {
        try sandbox.git("remote", "set-url", "origin", "https://user:s3cret@example.com/just-one", in: work)
        let error = try #require(throws: WorkflowError.self) { try resolve() }
        #expect(error.message.hasPrefix("remote 'origin' (https://***@example.com/just-one) does not name a repository"))
        #expect(!error.message.contains("s3cret"))
    }

    @Test func appliesInsteadOfBeforeParsing() throws {
        try sandbox.git("config", "--global", "url.git@github.com:.insteadOf", "work:", in: work)
        try sandbox.git("remote", "set-url", "origin", "work:acme/rockets.git", in: work)
        let context = try resolve(ContextOverrides(branch: "main"))
        #expect(context.repository.description == "acme/rockets")
        #expect(context.remoteURL == "git@github.com:acme/rockets.git")
    }

    @Test func repositoryAndBranchOverridesWinAndAreValidated() throws {
        let context = try resolve(ContextOverrides(repository: "acme/rockets", branch: "release"))
        #expect(context.repository.description == "acme/rockets")
        #expect(context.branch == "release")
        #expect(throws: WorkflowError.self) { try resolve(ContextOverrides(repository: "acme")) }
        #expect(throws: WorkflowError.self) { try resolve(ContextOverrides(branch: "bad..name")) }
    }

    @Test func outsideARepositoryOnlyOverridesWork() throws {
        let outside = try sandbox.scratch.makeDirectory("outside")
        let env = sandbox.environment(in: outside, extra: ["GIT_CEILING_DIRECTORIES": sandbox.scratch.path])
        let error = try #require(throws: GitError.self) { try ContextResolver.resolve(in: env) }
        #expect(error.kind == .notARepository)
        #expect(error.hint != nil)
        let context = try ContextResolver.resolve(ContextOverrides(repository: "acme/rockets", branch: "main"), in: env)
        #expect(context.repository.description == "acme/rockets" && context.remote == nil)
    }

    @Test func readsTheRunLinkedToTheBranch() throws {
        try sandbox.git("config", "branch.main.codecloudRun", "run_42", in: work)
        try sandbox.git("config", "branch.main.codecloudPr", "7", in: work)
        let context = try resolve()
        #expect(context.linkedRun == "run_42")
        #expect(context.linkedPR == 7)
    }

    @Test func honoursGitDirAndGitWorkTreeFromTheEnvironment() throws {
        let elsewhere = try sandbox.scratch.makeDirectory("elsewhere")
        let env = sandbox.environment(in: elsewhere, extra: ["GIT_DIR": work + "/.git", "GIT_WORK_TREE": work])
        let context = try ContextResolver.resolve(in: env)
        #expect(context.repository.description == "octo/widgets")
        #expect(context.workTree == WorkTreeStatus())
    }
}
