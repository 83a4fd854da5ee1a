import CodecloudProcess
import Foundation

/// A git failure, worded for a run's `error` field.
struct GitHostError: Error, Sendable, CustomStringConvertible {
    /// One line saying what went wrong.
    var message: String
    var description: String { message }
}

/// The emulator's stand-in for GitHub: bare repositories under one root directory, driven with
/// the real `git` executable so the client's libgit2 is always checked against git itself.
struct GitHost: Sendable {
    /// Directory holding `owner/repo.git` bare repositories.
    let root: URL
    /// Environment for every git invocation: private HOME, no system or user config, fixed identity.
    let environment: [String: String]
    /// Absolute path of the `git` executable.
    let executable: String

    /// Sets git up to run in isolation; `home` is a private directory the emulator owns.
    init(root: URL, home: URL, searchPath: String) throws {
        self.root = root
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let emptyConfig = home.appendingPathComponent("gitconfig")
        if !FileManager.default.fileExists(atPath: emptyConfig.path) {
            try Data().write(to: emptyConfig)
        }
        environment = [
            "PATH": searchPath,
            "HOME": home.path,
            "XDG_CONFIG_HOME": home.appendingPathComponent(".config").path,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": emptyConfig.path,
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_AUTHOR_NAME": "codecloud[bot]",
            "GIT_AUTHOR_EMAIL": "agent@codecloud.invalid",
            "GIT_COMMITTER_NAME": "codecloud[bot]",
            "GIT_COMMITTER_EMAIL": "agent@codecloud.invalid",
            "LC_ALL": "C",
        ]
        guard let git = Spawn.locate("git", searchPath: searchPath, relativeTo: root.path) else {
            throw GitHostError(message: "git executable not found on PATH")
        }
        executable = git
    }

    /// The bare repository standing in for `owner/repo`.
    func repositoryURL(_ repo: String) -> URL {
        root.appendingPathComponent(repo + ".git", isDirectory: true)
    }

    /// True when `owner/repo` exists as a bare repository.
    func repositoryExists(_ repo: String) -> Bool {
        FileManager.default.fileExists(atPath: repositoryURL(repo).appendingPathComponent("HEAD").path)
    }

    /// The branch the repository's HEAD points at (GitHub's "default branch").
    func defaultBranch(of repo: String) async throws -> String {
        let outcome = try await git(["symbolic-ref", "--short", "HEAD"], in: repositoryURL(repo))
        let branch = outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard outcome.succeeded, !branch.isEmpty else {
            throw GitHostError(message: "repository '\(repo)' has no default branch")
        }
        return branch
    }

    /// True when `branch` exists in `repo`.
    func branchExists(_ branch: String, in repo: String) async -> Bool {
        let outcome = try? await git(["rev-parse", "--verify", "--quiet", "refs/heads/\(branch)^{commit}"], in: repositoryURL(repo))
        return outcome?.succeeded ?? false
    }

    /// Every branch name in `repo`.
    func branches(in repo: String) async -> Set<String> {
        guard let outcome = try? await git(["for-each-ref", "--format=%(refname:short)", "refs/heads"], in: repositoryURL(repo)) else {
            return []
        }
        return Set(outcome.stdout.split(separator: "\n").map(String.init))
    }

    /// Clones `repo` at `branch` into a new workspace directory.
    func clone(_ repo: String, branch: String, into workspace: URL) async throws {
        try await checked(["clone", "--quiet", "--branch", branch, "--", repositoryURL(repo).path, workspace.path], in: nil)
    }

    /// Stages and commits everything in the workspace; false when there was nothing to commit.
    func commitAll(in workspace: URL, message: String) async throws -> Bool {
        try await checked(["add", "--all"], in: workspace)
        let staged = try await git(["diff", "--cached", "--quiet"], in: workspace)
        guard !staged.succeeded else { return false }
        try await checked(["commit", "--quiet", "--no-verify", "-m", message], in: workspace)
        return true
    }

    /// True when HEAD has commits that no branch of the origin has yet.
    func hasUnpublishedCommits(in workspace: URL) async throws -> Bool {
        let outcome = try await checked(["rev-list", "--count", "HEAD", "--not", "--remotes=origin"], in: workspace)
        return (Int(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 0
    }

    /// Pushes the workspace's HEAD to `branch` on its origin, forced: an agent that rewrote
    /// its branch (amend, rebase, squash) force-pushes it, as agents on the real service do.
    func push(from workspace: URL, to branch: String) async throws {
        try await checked(["push", "--quiet", "origin", "+HEAD:refs/heads/\(branch)"], in: workspace)
    }

    /// Runs git and throws its error output when it fails.
    @discardableResult
    private func checked(_ arguments: [String], in directory: URL?) async throws -> ChildProcessResult {
        let outcome = try await git(arguments, in: directory)
        guard outcome.succeeded else {
            let detail = outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                .split(separator: "\n").last.map(String.init) ?? "exit \(outcome.status)"
            throw GitHostError(message: "git \(arguments.first ?? "") failed: \(detail)")
        }
        return outcome
    }

    private func git(_ arguments: [String], in directory: URL?) async throws -> ChildProcessResult {
        try await ChildProcess.runDetached(
            executable, arguments, in: directory?.path ?? FileManager.default.currentDirectoryPath, environment: environment,
            limits: Self.limits(timeout: 120), ownProcessGroup: true)
    }

    /// How long the emulator lets a child (git, the agent) run: killed after `timeout` seconds
    /// or when the request or run is cancelled; once it has ended, a grandchild that outlives
    /// it (an agent's background job) holds its output up for 2 s at most.
    static func limits(timeout: TimeInterval) -> ChildProcessLimits {
        ChildProcessLimits(deadline: .seconds(timeout), outputAfterExit: .seconds(2))
    }
}
