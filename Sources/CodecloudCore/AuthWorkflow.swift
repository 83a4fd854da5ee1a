import CodecloudAPI
import Foundation

/// `auth login`, `auth status` and `auth logout`: check a key against the service, store it,
/// report where it comes from, remove it. Never prints the key.
public struct AuthWorkflow: Sendable {
    let configuration: Configuration
    let environment: Environment
    let transport: any HTTPTransport
    let retryPolicy: RetryPolicy

    public init(
        configuration: Configuration, environment: Environment,
        transport: (any HTTPTransport)? = nil, retryPolicy: RetryPolicy = .standard
    ) {
        self.configuration = configuration
        self.environment = environment
        self.transport = transport ?? ClientFactory.httpTransport(for: environment)
        self.retryPolicy = retryPolicy
    }

    private var store: CredentialStore { CredentialStore(apiURL: configuration.apiURL, environment: environment) }

    /// Checks `key` with `GET /api/v1/agents?limit=1`, then stores it; returns where it went.
    public func login(key rawKey: String) async throws -> Credential {
        let key = rawKey.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.isEmpty else {
            throw WorkflowError("no API key given", hint: "pipe it in: git codecloud auth login --with-key < key.txt", exitCode: .usage)
        }
        guard !key.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw WorkflowError("the API key contains whitespace", hint: "paste only the key (it looks like cc_…)", exitCode: .usage)
        }
        do {
            _ = try await client(key: key).runs(limit: 1)
        } catch let error as APIError where error.status == 401 {
            throw WorkflowError(
                "codecloud did not accept this key (HTTP 401); nothing was stored",
                hint: "create a key in the codecloud dashboard and try again", exitCode: .authenticationRequired)
        }
        return try store.save(key)
    }

    /// Where the key comes from and whether the service accepts it.
    public func status() async throws -> AuthStatus {
        var status = AuthStatus(apiURL: configuration.apiURL.absoluteString)
        guard let credential = try store.lookup() else { return status }
        status.source = credential.source
        status.location = credential.location
        status.redactedKey = credential.redacted
        do {
            _ = try await client(key: credential.key).runs(limit: 1)
            status.accepted = true
        } catch let error as APIError where error.status == 401 {
            status.accepted = false
            status.problem = "the service rejected the key (HTTP 401)"
        } catch let error as APIError {
            status.problem = "could not check the key: \(error.message)"
        }
        return status
    }

    /// Removes the stored key; returns what was removed. Warns when `CODECLOUD_API_KEY` remains set.
    public func logout() throws -> [Credential] {
        let removed = try store.remove()
        if environment.variables[Configuration.keyVariable].map({ !$0.isEmpty }) == true {
            environment.output.warning("\(Configuration.keyVariable) is set in the environment and still provides a key; unset it too")
        }
        return removed
    }

    private func client(key: String) -> CodecloudClient {
        ClientFactory.makeClient(
            configuration: configuration, apiKey: key, environment: environment, transport: transport, retryPolicy: retryPolicy)
    }
}

/// The answer of `auth status`, also its `--json` shape.
public struct AuthStatus: Sendable, Equatable, Codable {
    /// The service URL checked.
    public var apiURL: String
    /// Where the key comes from; nil when there is none.
    public var source: CredentialSource?
    /// The variable name, "git credential helper", or the credentials file path.
    public var location: String?
    /// `cc_ab…`.
    public var redactedKey: String?
    /// Whether the service accepted the key; nil when there is no key or it could not be checked.
    public var accepted: Bool?
    /// Why the check failed, when it did.
    public var problem: String?

    public init(apiURL: String, source: CredentialSource? = nil, location: String? = nil, redactedKey: String? = nil, accepted: Bool? = nil, problem: String? = nil) {
        self.apiURL = apiURL
        self.source = source
        self.location = location
        self.redactedKey = redactedKey
        self.accepted = accepted
        self.problem = problem
    }

    /// Whether a key is present.
    public var hasKey: Bool { source != nil }

    enum CodingKeys: String, CodingKey {
        case apiURL = "api_url", source, location, redactedKey = "key", accepted, problem
    }

    /// Every key is always present (null when unknown), so scripts can rely on the shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(apiURL, forKey: .apiURL)
        try container.encode(source, forKey: .source)
        try container.encode(location, forKey: .location)
        try container.encode(redactedKey, forKey: .redactedKey)
        try container.encode(accepted, forKey: .accepted)
        try container.encode(problem, forKey: .problem)
    }
}
