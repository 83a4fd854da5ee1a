import CodecloudAPI
import CodecloudCore

/// The few collaborators commands need, chosen in one place.
enum Dependencies {
    /// Settings with the documented precedence: flag > environment > git config > default.
    static func configuration(flags: ConfigurationFlags = ConfigurationFlags(), environment: Environment) throws -> Configuration {
        try Configuration.resolve(flags: flags, environment: environment, gitConfig: gitConfig(for: environment))
    }

    /// `git config` reader for `codecloud.*`.
    /// INTEGRATION: replace with CodecloudGit's libgit2-backed reader (repository, then global)
    /// once the git layer is merged; until then git config values are not consulted.
    static func gitConfig(for environment: Environment) -> any GitConfigReading {
        EmptyGitConfig()
    }

    /// The HTTP transport for real requests.
    static func transport() -> any HTTPTransport {
        URLSessionTransport()
    }
}
