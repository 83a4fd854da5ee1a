import CodecloudGit

/// Infers the `RepositoryContext` from the checkout an Environment points at.
public enum ContextResolver {
    /// Resolves the context. Outside a repository this works only when both `--repo` and
    /// `--branch` are given; otherwise it throws the git layer's "not a repository" error.
    /// With `requiringBranch` false (for `status` and `list`), a detached or unborn HEAD leaves
    /// `branch` nil and adds a warning instead of failing. With `scanningWorkTree` false (for
    /// commands that only need owner/repo and branch) the work tree is not scanned: `workTree`
    /// stays nil and there is no uncommitted-changes warning.
    public static func resolve(
        _ overrides: ContextOverrides = ContextOverrides(), in environment: Environment, requiringBranch: Bool = true,
        scanningWorkTree: Bool = true
    ) throws -> RepositoryContext {
        try overrides.validate()
        let slugOverride = try overrides.repository.map(RepositorySlug.init(validating:))
        let repository: Repository
        do {
            repository = try environment.openRepository()
        } catch let error as GitError where error.kind == .notARepository {
            guard let slugOverride, let branch = overrides.branch else { throw error }
            return RepositoryContext(repository: slugOverride, branch: branch, warnings: [])
        }
        if repository.isBare {
            throw GitError(.bareRepository, "\(repository.gitDirectory) is a bare repository; git codecloud needs a checkout")
        }
        return try Resolution(
            repository: repository, overrides: overrides, slugOverride: slugOverride, requiringBranch: requiringBranch,
            workTreeScan: scanningWorkTree ? { try WorkTreeScan.status(of: repository, in: environment) } : nil
        ).context()
    }

    /// Chooses the remote to infer from: `--remote`, `codecloud.remote`, the branch's
    /// upstream remote, `origin`, the only remote. Returns nil when there are no remotes.
    public static func chooseRemote(in repository: Repository, explicit: String?, upstreamRemote: String?) throws -> Remote? {
        let names = try repository.remoteNames()
        func named(_ name: String, from source: String) throws -> Remote {
            guard names.contains(name) else {
                throw WorkflowError(
                    "no remote named '\(name)' (from \(source))",
                    hint: names.isEmpty ? "add one with: git remote add origin URL" : "remotes here: \(names.joined(separator: ", "))"
                )
            }
            return try repository.remote(named: name)
        }
        if let explicit { return try named(explicit, from: "--remote") }
        if let configured = try repository.configValue("codecloud.remote"), !configured.isEmpty {
            return try named(configured, from: "git config codecloud.remote")
        }
        if let upstreamRemote, names.contains(upstreamRemote) { return try repository.remote(named: upstreamRemote) }
        if names.contains("origin") { return try repository.remote(named: "origin") }
        if names.count == 1 { return try repository.remote(named: names[0]) }
        if names.isEmpty { return nil }
        throw WorkflowError(
            "cannot tell which remote to use: \(names.joined(separator: ", "))",
            hint: "pass --remote NAME, or set one: git config codecloud.remote NAME"
        )
    }
}

/// One resolution in progress: reads the repository once and assembles the context.
private struct Resolution {
    let repository: Repository
    let overrides: ContextOverrides
    let slugOverride: RepositorySlug?
    let requiringBranch: Bool
    /// Scans the work tree; nil when the command does not need it.
    let workTreeScan: (() throws -> WorkTreeStatus)?

    func context() throws -> RepositoryContext {
        let head = try repository.head()
        let localBranch = head.branchName
        let upstream = try localBranch.flatMap { try repository.upstream(ofBranch: $0) }
        let remote = try ContextResolver.chooseRemote(in: repository, explicit: overrides.remote, upstreamRemote: upstream?.remote)
        let slug = try repositorySlug(from: remote)
        let workTree = try workTreeScan?()

        let sent = try sentBranchOrProblem(head: head, upstream: upstream, remote: remote)
        var context = RepositoryContext(
            repository: slug,
            remote: remote?.name,
            remoteURL: remote.map { RemoteURL.redact($0.url) },
            branch: sent.branch,
            localBranch: localBranch,
            head: head.commit,
            upstream: upstream,
            workTree: workTree,
            warnings: []
        )
        if let local = head.commit, let tracked = upstream?.commit {
            (context.ahead, context.behind) = try repository.aheadBehind(local: local, upstream: tracked)
        }
        if let localBranch {
            context.linkedRun = try repository.configValue("branch.\(localBranch).codecloudRun")
            context.linkedPR = try repository.configValue("branch.\(localBranch).codecloudPr").flatMap { Int($0) }
        }
        context.warnings = warnings(for: context)
        if let problem = sent.problem {
            context.warnings.insert("\(problem.message); runs from here need --branch", at: 0)
        }
        return context
    }

    private func repositorySlug(from remote: Remote?) throws -> RepositorySlug {
        if let slugOverride { return slugOverride }
        guard let remote else {
            throw WorkflowError(
                "this repository has no remote to infer owner/repo from",
                hint: "add one (git remote add origin URL) or pass --repo OWNER/REPO"
            )
        }
        do {
            return try RemoteURL.parse(remote.url).slug
        } catch {
            throw WorkflowError(
                "remote '\(remote.name)' (\(RemoteURL.redact(remote.url))) does not name a repository: \(error.reason)",
                hint: "pass --repo OWNER/REPO, or --remote NAME to use another remote"
            )
        }
    }

    /// The branch sent, or (when a branch is not required) why there is none.
    private func sentBranchOrProblem(head: Head, upstream: Upstream?, remote: Remote?) throws -> (branch: String?, problem: WorkflowError?) {
        do {
            return (try branchSent(head: head, upstream: upstream, remote: remote), nil)
        } catch let problem as WorkflowError where !requiringBranch {
            return (nil, problem)
        }
    }

    /// `--branch`, else the upstream's remote branch name (when it lives on the chosen
    /// remote), else the local branch name. Detached and unborn HEADs need `--branch`.
    private func branchSent(head: Head, upstream: Upstream?, remote: Remote?) throws -> String {
        if let branch = overrides.branch { return branch }
        switch head {
        case .detached(let commit):
            throw WorkflowError(
                "HEAD is detached at \(commit.short); there is no branch to send",
                hint: "check out a branch (git switch NAME) or pass --branch NAME"
            )
        case .unborn(let branch):
            throw WorkflowError(
                "branch '\(branch)' has no commits yet",
                hint: "commit and push first, or pass --branch NAME to use a branch on the remote"
            )
        case .branch(let name, _):
            if let upstream, upstream.remote == remote?.name { return upstream.remoteBranch }
            // Sent as is, the agent would fail at once on a branch the remote lacks. A branch with
            // an upstream (on any remote, maybe another name for the same repository) was pushed.
            if upstream == nil, let remote, try repository.commit(ofReference: "refs/remotes/\(remote.name)/\(name)") == nil {
                throw WorkflowError(
                    "\(remote.name) has no branch '\(name)' as far as this clone knows, so the agent cannot start from it",
                    hint: "push it first (git push -u \(remote.name) \(name)), or pass --branch to start from a branch \(remote.name) has"
                )
            }
            return name
        }
    }

    private func warnings(for context: RepositoryContext) -> [String] {
        var warnings: [String] = []
        if overrides.branch == nil, let local = context.localBranch {
            if let upstream = context.upstream {
                if let ahead = context.ahead, ahead > 0 {
                    let commits = ahead == 1 ? "1 commit" : "\(ahead) commits"
                    warnings.append("\(commits) on '\(local)' not pushed to \(upstream.remote)/\(upstream.remoteBranch); the agent will not see \(ahead == 1 ? "it" : "them")")
                }
            } else if context.branch != nil {
                if let remote = context.remote {
                    warnings.append("'\(local)' has no upstream; the agent will use '\(context.branch ?? local)' as \(remote) has it (push with: git push -u \(remote) \(local))")
                } else {
                    warnings.append("'\(local)' has no upstream; the agent will use '\(context.branch ?? local)' as \(context.repository) has it")
                }
            }
        }
        if let workTree = context.workTree, workTree.isDirty {
            warnings.append("uncommitted changes (\(DirtySummary(workTree).text)) stay local; the agent will not see them")
        }
        return warnings
    }
}

/// Counts of uncommitted changes, for humans and JSON.
public struct DirtySummary: Sendable, Equatable, Encodable {
    /// Paths with staged changes.
    public var staged: Int
    /// Tracked paths modified but not staged.
    public var modified: Int
    /// Untracked files.
    public var untracked: Int
    /// Paths with merge conflicts.
    public var conflicted: Int
    /// Every changed path (tracked first, then untracked), sorted within each group.
    public var paths: [String]

    /// Summarises `status`.
    public init(_ status: WorkTreeStatus) {
        staged = status.staged.count
        modified = status.unstaged.count
        untracked = status.untracked.count
        conflicted = status.conflicted.count
        paths = status.trackedPaths + status.untracked.sorted()
    }

    /// "clean", or e.g. "1 staged, 2 modified, 3 untracked".
    public var text: String {
        let parts = [(staged, "staged"), (modified, "modified"), (conflicted, "conflicted"), (untracked, "untracked")]
            .filter { $0.0 > 0 }
            .map { "\($0.0) \($0.1)" }
        return parts.isEmpty ? "clean" : parts.joined(separator: ", ")
    }
}
