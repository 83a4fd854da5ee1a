import CodecloudAPI
import CodecloudCore
import Foundation

/// The few collaborators commands need, chosen in one place.
enum Dependencies {
    /// Settings with the documented precedence: flag > environment > git config > default.
    static func configuration(flags: ConfigurationFlags = ConfigurationFlags(), environment: Environment) throws -> Configuration {
        try Configuration.resolve(flags: flags, environment: environment, gitConfig: gitConfig(for: environment))
    }

    /// `git config` reader for `codecloud.*`: repository, then global, then system.
    static func gitConfig(for environment: Environment) -> any GitConfigReading {
        RepositoryGitConfig(environment: environment)
    }

    /// The HTTP transport for real requests, with the proxies `environment` names.
    static func transport(for environment: Environment, timeout: TimeInterval = 30) -> any HTTPTransport {
        ClientFactory.httpTransport(for: environment, timeout: timeout)
    }
}
