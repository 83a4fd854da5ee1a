import Foundation

/// The one error type of the API layer. Carries what went wrong plus the request's method and
/// path; CodecloudCore turns it into a message, hint and exit status.
public struct APIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: Sendable, Hashable {
        /// The service answered with an error status; `code` and `message` are its `{error, message}` verbatim.
        case http(status: Int, code: String?, message: String?)
        /// No HTTP response arrived (connection refused, DNS, timeout, TLS).
        case network(host: String, underlying: String)
        /// A response arrived but its body is not what the contract promises.
        case undecodable(status: Int, excerpt: String)
        /// Refused before sending: the key would travel over plain http to a non-loopback host.
        case insecureURL(String)
        /// A request that must not be repeated (create run) may or may not have reached the server.
        case outcomeUnknown(method: String, path: String)
    }

    public var kind: Kind
    /// HTTP method of the failed request.
    public var method: String
    /// Path of the failed request, without the query.
    public var path: String
    /// Seconds the server asked us to wait (`Retry-After`), when it said.
    public var retryAfter: TimeInterval?
    /// The run or schedule the request was about, so a 404 can name it.
    public var resource: APIResource?

    public init(
        _ kind: Kind, method: String, path: String, retryAfter: TimeInterval? = nil, resource: APIResource? = nil
    ) {
        self.kind = kind
        self.method = method
        self.path = path
        self.retryAfter = retryAfter
        self.resource = resource
    }

    /// The HTTP status, when a response arrived.
    public var status: Int? {
        switch kind {
        case .http(let status, _, _), .undecodable(let status, _): status
        case .network, .insecureURL, .outcomeUnknown: nil
        }
    }

    public var description: String {
        let request = "\(method) \(path)"
        switch kind {
        case .http(let status, let code, let message):
            return "\(request): HTTP \(status)" + [code, message].compactMap { $0 }.map { ": \($0)" }.joined()
        case .network(let host, let underlying):
            return "\(request): cannot reach \(host): \(underlying)"
        case .undecodable(let status, let excerpt):
            return "\(request): HTTP \(status) with an unexpected body: \(excerpt)"
        case .insecureURL(let url):
            return "\(request): refusing to send the API key over plain http to \(url)"
        case .outcomeUnknown:
            return "\(request): the request may or may not have reached the service"
        }
    }
}

/// A run or schedule a request is about.
public enum APIResource: Sendable, Hashable {
    case run(id: String)
    case schedule(id: String)
}
