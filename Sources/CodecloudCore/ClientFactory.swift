import CodecloudAPI
import Foundation

/// Builds the one `CodecloudClient` a command uses, from resolved configuration.
public enum ClientFactory {
    /// A client for `configuration.apiURL` with `apiKey` (nil for public endpoints). With
    /// `CODECLOUD_DEBUG` set, each request is logged to stderr (never headers, never the key).
    public static func makeClient(
        configuration: Configuration, apiKey: String?, environment: Environment,
        transport: (any HTTPTransport)? = nil, retryPolicy: RetryPolicy = .standard
    ) -> CodecloudClient {
        let output = environment.output
        var logger: (@Sendable (String) -> Void)?
        if environment.debugLogging {
            logger = { line in output.err(line + "\n") }
        }
        return CodecloudClient(
            configuration: ClientConfiguration(
                baseURL: configuration.apiURL, apiKey: apiKey, userAgent: CodecloudVersion.userAgent,
                retryPolicy: retryPolicy, logger: logger, notice: { line in output.err(line + "\n") }),
            transport: transport ?? httpTransport(for: environment))
    }

    /// The HTTP transport for real requests: `timeout` seconds without a byte (the whole request
    /// gets the limit `HTTPClientTransport` derives from it), through the proxies the
    /// environment names (`https_proxy`, `no_proxy`, …).
    public static func httpTransport(for environment: Environment, timeout: TimeInterval = 30) -> any HTTPTransport {
        HTTPClientTransport(timeout: timeout, proxies: ProxySettings(environment.variables))
    }

    /// The stored key for `configuration.apiURL`, or an error (exit 4) telling the user to log in.
    public static func requireKey(configuration: Configuration, environment: Environment) throws -> Credential {
        guard let credential = try CredentialStore(apiURL: configuration.apiURL, environment: environment).lookup() else {
            throw WorkflowError(
                "no codecloud API key for \(configuration.apiURL.absoluteString)",
                hint: "run 'git codecloud auth login', or set CODECLOUD_API_KEY", exitCode: .authenticationRequired)
        }
        return credential
    }
}
