import CodecloudCore
import CodecloudTestSandbox
import Foundation

/// An isolated world for git: a developer-like HOME (`DeveloperHome`, with fixed commit dates)
/// inside a scratch directory, no system config, no prompts. Every git command a test runs,
/// and every Environment it hands to a workflow, comes from here, so no test ever reads the
/// user's real configuration.
public final class GitSandbox: @unchecked Sendable {
    /// The scratch directory everything lives in (removed with the sandbox).
    public let scratch: ScratchDirectory
    /// The sandbox's HOME.
    public let home: String

    /// Creates a sandbox with an empty HOME.
    public init() throws {
        scratch = try ScratchDirectory()
        home = scratch.appending("home")
        try DeveloperHome.make(at: home)
    }

    /// The isolated environment variables for child processes and workflows.
    public var variables: [String: String] {
        DeveloperHome.variables(home: home, fixedDates: true)
    }

    /// A workflow Environment rooted at `directory`, writing into `output`.
    public func environment(in directory: String, output: CapturedOutput = CapturedOutput(), extra: [String: String] = [:]) -> Environment {
        Environment(variables: variables.merging(extra) { $1 }, currentDirectory: directory, output: output.streams)
    }

    /// Runs `git arguments` in `directory`; throws with git's stderr when it fails. Returns stdout, trimmed.
    @discardableResult
    public func git(_ arguments: [String], in directory: String, extra: [String: String] = [:]) throws -> String {
        let result = try ProcessRunner.run("git", arguments, in: directory, environment: variables.merging(extra) { $1 })
        guard result.status == 0 else {
            throw ScratchError("git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Variadic convenience: `try sandbox.git("commit", "-m", "x", in: dir)`.
    @discardableResult
    public func git(_ arguments: String..., in directory: String) throws -> String {
        try git(arguments, in: directory)
    }

    /// Creates a bare repository at `scratch/remotes/<slug>.git` (so its last two path
    /// components name owner and repo, as emulator remotes do) and returns its path.
    public func makeBareRemote(_ slug: String = "octo/widgets") throws -> String {
        let path = try scratch.makeDirectory("remotes/\(slug).git")
        try git("init", "--bare", "--quiet", "-b", "main", path, in: scratch.path)
        return path
    }

    /// Creates a work repository `name` on `main` with one commit (README.md), and when
    /// `remote` is given, adds it as `origin` and pushes `main` with upstream set.
    public func makeRepository(_ name: String = "work", remote: String? = nil, initialCommit: Bool = true) throws -> String {
        let path = try scratch.makeDirectory(name)
        try git("init", "--quiet", "-b", "main", in: path)
        guard initialCommit else { return path }
        try commit(in: path, file: "README.md", contents: "# \(name)\n", message: "Initial commit")
        if let remote {
            try git("remote", "add", "origin", remote, in: path)
            try git("push", "--quiet", "-u", "origin", "main", in: path)
        }
        return path
    }

    /// Writes `file` with `contents`, stages and commits it; returns the new commit id.
    @discardableResult
    public func commit(in repository: String, file: String, contents: String, message: String) throws -> String {
        try writeFile(repository + "/" + file, contents)
        try git("add", "--", file, in: repository)
        try git("commit", "--quiet", "-m", message, in: repository)
        return try git("rev-parse", "HEAD", in: repository)
    }

    /// Clones `remote` into scratch directory `name` (for a second collaborator's checkout).
    public func clone(_ remote: String, into name: String) throws -> String {
        let path = scratch.appending(name)
        try git("clone", "--quiet", remote, path, in: scratch.path)
        return path
    }
}
