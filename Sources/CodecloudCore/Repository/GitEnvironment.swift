import CodecloudGit
import CodecloudProcess

extension Environment {
    /// Where git config comes from for this environment, as git itself reads it: HOME,
    /// XDG_CONFIG_HOME, GIT_CONFIG_GLOBAL, GIT_CONFIG_SYSTEM, GIT_CONFIG_NOSYSTEM, the `git -c`
    /// settings (GIT_CONFIG_PARAMETERS, GIT_CONFIG_COUNT); and, for safe.directory, SUDO_UID and
    /// GIT_TEST_ASSUME_DIFFERENT_OWNER.
    public var gitConfigurationSources: ConfigurationSources {
        let noSystem = variables["GIT_CONFIG_NOSYSTEM"].map { !["", "0", "false", "no"].contains($0.lowercased()) } ?? false
        var sources = ConfigurationSources(
            home: homeDirectory,
            xdgConfigHome: variables["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 },
            globalOverride: variables["GIT_CONFIG_GLOBAL"],
            systemOverride: variables["GIT_CONFIG_SYSTEM"],
            includeSystem: !noSystem
        )
        sources.sudoUser = variables["SUDO_UID"].flatMap { UInt32($0) }
        sources.assumeDifferentOwner = variables["GIT_TEST_ASSUME_DIFFERENT_OWNER"].map { ["1", "true", "yes", "on"].contains($0.lowercased()) } ?? false
        do {
            sources.commandLine = try CommandLineConfiguration.parameters(in: variables)
        } catch let problem as GitError {
            sources.commandLineProblem = problem
        } catch {
            sources.commandLineProblem = GitError(.other, "unable to parse command-line config: \(error)")
        }
        return sources
    }

    /// Where to find the repository: the current directory, or GIT_DIR / GIT_WORK_TREE.
    public var repositoryLocation: RepositoryLocation {
        func nonEmpty(_ name: String) -> String? { variables[name].flatMap { $0.isEmpty ? nil : $0 } }
        return RepositoryLocation(
            startDirectory: currentDirectory,
            gitDirectory: nonEmpty("GIT_DIR"),
            workTree: nonEmpty("GIT_WORK_TREE"),
            ceilingDirectories: nonEmpty("GIT_CEILING_DIRECTORIES")?.split(separator: ":").map(String.init) ?? []
        )
    }

    /// Opens the repository this environment is in. When its system or global config has an
    /// include only git can apply (`includeIf "hasconfig:…"`), those settings come from git's own
    /// listing instead (one `git config --list`, only then).
    public func openRepository() throws -> Repository {
        var sources = gitConfigurationSources
        let repository = try Repository.open(repositoryLocation, configuration: sources)
        guard repository.hasIncludesOnlyGitApplies, let listed = configListedByGit() else { return repository }
        sources.listedByGit = listed
        return try Repository.open(repositoryLocation, configuration: sources)
    }

    /// The system and global settings as git lists them here; nil when git cannot say (the
    /// files are then read as libgit2 reads them).
    private func configListedByGit() -> ListedConfiguration? {
        var variables = self.variables
        variables[Configuration.keyVariable] = nil
        guard let listing = try? ChildProcess.run("git", ["config", "--list", "-z", "--show-scope"], in: currentDirectory, environment: variables),
              listing.status == 0
        else {
            if debugLogging { output.err("codecloud: git config --list failed; includeIf \"hasconfig:…\" is not applied\n") }
            return nil
        }
        return ListedConfiguration(listing: listing.stdout)
    }
}

extension GitError: PresentableError {
    /// What to do next, by kind of failure.
    public var hint: String? {
        switch kind {
        case .notARepository: "run git codecloud inside a git checkout (cd into one, or git clone it first)"
        case .bareRepository: "run it inside a checkout with a work tree (git worktree add ../checkout)"
        case .dubiousOwnership: "it belongs to another user; if you trust it, run git config --global --add safe.directory \(shellQuoted(path ?? ""))"
        case .locked: "another git process seems to be running; wait for it, or remove the stale .lock file"
        case .authentication: "check that `git fetch` works in this repository (credential helper or ssh-agent)"
        case .conflict: "commit or stash your changes first"
        default: nil
        }
    }

    /// Refusals to overwrite local changes protect local work; everything else is an error.
    public var exitCode: CodecloudExitCode {
        kind == .conflict ? .localWorkProtected : .failure
    }
}
