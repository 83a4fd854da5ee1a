import CodecloudAPI
import Foundation

/// Completion identifiers from the codecloud API the configuration points at: one request,
/// no retries, nothing printed (not even `CODECLOUD_DEBUG` logs, which would garble the
/// shell's line).
public struct APICompletionSource: CompletionSource {
    /// Why no identifiers could be fetched (never shown; the shell just gets the cache).
    public struct Unavailable: Error {}

    public let apiURL: String
    private let configuration: Configuration
    private let environment: Environment
    private let transport: any HTTPTransport

    public init(configuration: Configuration, environment: Environment, transport: any HTTPTransport) {
        self.apiURL = configuration.apiURL.absoluteString
        self.configuration = configuration
        var silent = environment
        silent.output = OutputStreams(out: { _ in }, err: { _ in })
        silent.variables["CODECLOUD_DEBUG"] = nil
        self.environment = silent
        self.transport = transport
    }

    public func identifiers(of subject: CompletionSubject, limit: Int) async throws -> [String] {
        switch subject {
        case .models, .providers:
            // The catalogue is public: no key, no credential helper.
            let client = ClientFactory.makeClient(
                configuration: configuration, apiKey: nil, environment: environment, transport: transport, retryPolicy: .never)
            return subject == .models
                ? try await client.models().models.values.flatMap { $0.map(\.id) }.sorted()
                : try await client.providers().map(\.id).sorted()
        case .runs, .schedules:
            return try await recent(subject, limit: limit)
        }
    }

    private func recent(_ subject: CompletionSubject, limit: Int) async throws -> [String] {
        // The key lookup may run a git credential helper (a child process that could even wait
        // for a passphrase), so it runs here, inside the completion's deadline, and on a
        // dispatch thread, so it cannot hold up the cooperative threads the deadline needs.
        let store = CredentialStore(apiURL: configuration.apiURL, environment: environment)
        let credential: Credential? = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try store.lookup() })
            }
        }
        guard let credential else { throw Unavailable() }
        let client = ClientFactory.makeClient(
            configuration: configuration, apiKey: credential.key, environment: environment,
            transport: transport, retryPolicy: .never)
        switch subject {
        case .schedules: return try await client.schedules(limit: limit).map(\.id)
        default: return try await client.runs(limit: limit).map(\.id)
        }
    }
}
