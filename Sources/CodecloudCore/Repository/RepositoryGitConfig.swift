import CodecloudGit

/// `git config` as the repository sees it (repository file, then global, then system files from
/// the Environment's HOME/XDG), read through libgit2 — or nothing outside a repository.
public struct RepositoryGitConfig: GitConfigReading, @unchecked Sendable {
    // Repository is not Sendable (it owns a C handle); this reader is used on one task.
    private let repository: Repository?

    /// Opens the repository the environment points at, if there is one.
    public init(environment: Environment) {
        repository = try? environment.openRepository()
    }

    public func value(forKey key: String) -> String? {
        (try? repository?.configValue(key)) ?? nil
    }
}
