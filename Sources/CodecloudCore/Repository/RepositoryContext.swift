import CodecloudGit

/// Everything git codecloud infers from the checkout: what it would send to codecloud, and
/// what the agent will not see. `git codecloud status` prints it; `fix`/`run` submit from it.
public struct RepositoryContext: Sendable, Equatable {
    /// The repository on codecloud's side.
    public var repository: RepositorySlug
    /// The remote it came from (nil when `--repo` was given and no remote matched).
    public var remote: String?
    /// That remote's URL, userinfo redacted.
    public var remoteURL: String?
    /// The branch sent to the service; nil only when resolved without `requiringBranch` on a
    /// detached or unborn HEAD.
    public var branch: String?
    /// The local branch checked out (nil when detached or outside a repository).
    public var localBranch: String?
    /// The commit HEAD points at.
    public var head: ObjectID?
    /// The local branch's upstream.
    public var upstream: Upstream?
    /// Commits on the local branch that the upstream lacks.
    public var ahead: Int?
    /// Commits on the upstream that the local branch lacks.
    public var behind: Int?
    /// Uncommitted changes, or nil outside a work tree.
    public var workTree: WorkTreeStatus?
    /// The codecloud run linked to the local branch (`branch.<name>.codecloudRun`).
    public var linkedRun: String?
    /// The PR number linked to the local branch (`branch.<name>.codecloudPr`).
    public var linkedPR: Int?
    /// Things the agent will not see (unpushed commits, no upstream, uncommitted changes).
    public var warnings: [String]
}

/// What the user overrode on the command line (`-R`, `-b`, `--remote`).
public struct ContextOverrides: Sendable, Equatable {
    /// `-R/--repo owner/repo`.
    public var repository: String?
    /// `-b/--branch NAME`.
    public var branch: String?
    /// `--remote NAME`.
    public var remote: String?

    /// Overrides; nil means infer.
    public init(repository: String? = nil, branch: String? = nil, remote: String? = nil) {
        self.repository = repository
        self.branch = branch
        self.remote = remote
    }

    /// Checks the overrides' syntax (for a command's `validate()`): usage errors.
    public func validate() throws {
        if let repository { _ = try RepositorySlug(validating: repository) }
        if let branch, !Repository.isValidBranchName(branch) {
            throw WorkflowError("invalid branch name '\(branch)'", hint: "pass an existing branch name, e.g. --branch main", exitCode: .usage)
        }
        if let remote, remote.isEmpty || remote.hasPrefix("-") {
            throw WorkflowError("invalid remote name '\(remote)'", hint: "list remotes with: git remote -v", exitCode: .usage)
        }
    }
}
