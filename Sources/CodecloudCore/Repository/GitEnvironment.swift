import CodecloudGit

extension Environment {
    /// Where git config comes from for this environment: HOME, XDG_CONFIG_HOME,
    /// GIT_CONFIG_GLOBAL, GIT_CONFIG_SYSTEM, GIT_CONFIG_NOSYSTEM and the `git -c` settings (GIT_CONFIG_PARAMETERS,
    /// GIT_CONFIG_COUNT), as git itself reads them.
    public var gitConfigurationSources: ConfigurationSources {
        let noSystem = variables["GIT_CONFIG_NOSYSTEM"].map { !["", "0", "false", "no"].contains($0.lowercased()) } ?? false
        var sources = ConfigurationSources(
            home: homeDirectory,
            xdgConfigHome: variables["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 },
            globalOverride: variables["GIT_CONFIG_GLOBAL"],
            systemOverride: variables["GIT_CONFIG_SYSTEM"],
            includeSystem: !noSystem
        )
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

    /// Opens the repository this environment is in.
    public func openRepository() throws -> Repository {
        try Repository.open(repositoryLocation, configuration: gitConfigurationSources)
    }
}

extension GitError: PresentableError {
    /// What to do next, by kind of failure.
    public var hint: String? {
        switch kind {
        case .notARepository: "run git codecloud inside a git checkout (cd into one, or git clone it first)"
        case .bareRepository: "run it inside a checkout with a work tree (git worktree add ../checkout)"
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
