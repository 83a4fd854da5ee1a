import CodecloudAPI
import Foundation

/// Reads `git config` values (repository config first, then global). CodecloudGit provides the
/// libgit2-backed reader; tests pass a dictionary.
public protocol GitConfigReading: Sendable {
    /// The value of `key` (e.g. `codecloud.url`), or nil when unset.
    func value(forKey key: String) -> String?
}

/// A git config with nothing set: outside a repository, or before a reader is wired in.
public struct EmptyGitConfig: GitConfigReading {
    public init() {}
    public func value(forKey key: String) -> String? { nil }
}

/// Values given on the command line; nil means "not given".
public struct ConfigurationFlags: Sendable, Equatable {
    public var apiURL: String?
    public var model: String?
    public var provider: String?
    public var remote: String?

    public init(apiURL: String? = nil, model: String? = nil, provider: String? = nil, remote: String? = nil) {
        self.apiURL = apiURL
        self.model = model
        self.provider = provider
        self.remote = remote
    }
}

/// Where a setting's value came from.
public enum ConfigurationSource: String, Sendable, Codable {
    case flag, environment, gitConfig = "git-config", `default`
}

/// The tool's settings, resolved once per command: flag > environment > `git config codecloud.*`
/// (repository, then global) > default. The API key is not here: `CredentialStore` owns it.
public struct Configuration: Sendable, Equatable {
    /// The service's base URL (`--api-url`, `CODECLOUD_API_URL`, `codecloud.url`).
    public var apiURL: URL
    /// Where `apiURL` came from, for `auth status` and error messages.
    public var apiURLSource: ConfigurationSource
    /// Default model for new runs (`codecloud.model`); nil lets the account decide.
    public var model: String?
    /// Default provider for new runs (`codecloud.provider`).
    public var provider: String?
    /// The git remote that names the GitHub repository (`--remote`, `codecloud.remote`); nil
    /// lets the context resolver choose (upstream's remote, `origin`, the only remote).
    public var remote: String?

    public init(
        apiURL: URL = ClientConfiguration.defaultBaseURL, apiURLSource: ConfigurationSource = .default,
        model: String? = nil, provider: String? = nil, remote: String? = nil
    ) {
        self.apiURL = apiURL
        self.apiURLSource = apiURLSource
        self.model = model
        self.provider = provider
        self.remote = remote
    }

    /// The values `codecloud.fetch` once took (auto | libgit2 | git). The branch is always
    /// fetched with `git fetch` now; a config left over from then still works unchanged.
    public static let retiredFetchValues: Set<String> = ["auto", "libgit2", "git"]

    /// Environment variable for the base URL.
    public static let urlVariable = "CODECLOUD_API_URL"
    /// Environment variable for the API key (read by `CredentialStore`).
    public static let keyVariable = "CODECLOUD_API_KEY"

    /// Resolves every setting with the documented precedence.
    public static func resolve(
        flags: ConfigurationFlags, environment: Environment, gitConfig: any GitConfigReading
    ) throws -> Configuration {
        func pick(_ flag: String?, variable: String?, key: String) -> (String, ConfigurationSource)? {
            if let flag = nonEmpty(flag) { return (flag, .flag) }
            if let variable, let value = nonEmpty(environment.variables[variable]) { return (value, .environment) }
            if let value = nonEmpty(gitConfig.value(forKey: key)) { return (value, .gitConfig) }
            return nil
        }

        var configuration = Configuration()
        if let (text, source) = pick(flags.apiURL, variable: urlVariable, key: "codecloud.url") {
            configuration.apiURL = try parseURL(text, source: source)
            configuration.apiURLSource = source
        }
        configuration.model = pick(flags.model, variable: nil, key: "codecloud.model")?.0
        configuration.provider = pick(flags.provider, variable: nil, key: "codecloud.provider")?.0
        configuration.remote = pick(flags.remote, variable: nil, key: "codecloud.remote")?.0
        if let text = nonEmpty(gitConfig.value(forKey: "codecloud.fetch")), !retiredFetchValues.contains(text.lowercased()) {
            throw WorkflowError(
                "invalid codecloud.fetch value '\(text)'",
                hint: "the branch is always fetched with git fetch now; remove the setting: git config --unset codecloud.fetch")
        }
        return configuration
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }

    private static func parseURL(_ text: String, source: ConfigurationSource) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host?.isEmpty == false
        else {
            let origin = switch source {
            case .flag: "--api-url"
            case .environment: urlVariable
            case .gitConfig: "git config codecloud.url"
            case .default: "the default"
            }
            throw WorkflowError(
                "invalid codecloud URL '\(text)' (from \(origin))",
                hint: "use a URL such as https://codecloud.dev", exitCode: source == .flag ? .usage : .failure)
        }
        return url
    }
}
