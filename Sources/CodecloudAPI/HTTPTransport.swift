import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One HTTP request as the client builds it; the transport sends it verbatim.
public struct HTTPRequest: Sendable, Hashable {
    /// Upper-case method: `GET`, `POST`, `DELETE`.
    public var method: String
    /// Absolute URL including the query.
    public var url: URL
    /// Header names as sent (`Authorization`, `User-Agent`, …).
    public var headers: [String: String]
    /// JSON body, if any.
    public var body: Data?

    public init(method: String, url: URL, headers: [String: String] = [:], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// One HTTP response; header names are lower-cased so lookups need no case folding.
public struct HTTPResponse: Sendable, Hashable {
    /// HTTP status code.
    public var status: Int
    /// Headers with lower-cased names.
    public var headers: [String: String]
    /// Raw body (may be empty).
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.body = body
    }

    /// The `Date` header (any HTTP-date form, `RetryAfter.httpDate`): when the server made this
    /// answer, on its own clock. Nil when it is missing or not a date.
    public var serverDate: Date? { headers["date"].flatMap(RetryAfter.httpDate) }
}

/// The seam between the client and the network: AsyncHTTPClient in production, a stub in unit
/// tests. A transport throws only when no HTTP response arrived (connection refused, timeout, …),
/// and then a `TransportError`.
public protocol HTTPTransport: Sendable {
    /// Sends `request` once; no retries, no redirects followed.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// Why no HTTP response arrived.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        /// Nothing listens there, or the network path is down: nothing was sent.
        case cannotConnectToHost
        /// The host name did not resolve: nothing was sent.
        case cannotFindHost
        /// The connection could not be made in time: nothing was sent.
        case connectTimedOut
        /// No progress for the transport's timeout after the request went out.
        case timedOut
        /// The connection closed before the whole answer arrived.
        case networkConnectionLost
        /// What came back is not HTTP.
        case cannotParseResponse
        /// The answer's body is larger than `HTTPClientTransport.maximumResponseBytes`.
        case responseTooLarge
        /// TLS could not be set up (certificate, protocol).
        case secureConnectionFailed
        /// The proxy refused or could not be used.
        case proxyFailed
        /// The URL cannot be requested (scheme, host).
        case unsupportedURL
        /// A setting from the environment cannot be used (a proxy variable): nothing was sent, and
        /// trying again cannot help.
        case unusableSetting
        /// The request was cancelled (Ctrl-C).
        case cancelled
        /// Anything else.
        case other
    }

    public var code: Code
    /// What the underlying library said (never a header, never the body): shown where the code
    /// alone would say too little (an unusable setting, a proxy failure, an unclassified error).
    public var detail: String

    public init(_ code: Code, detail: String = "") {
        self.code = code
        self.detail = detail
    }

    public var description: String { detail.isEmpty ? "\(code)" : "\(code): \(detail)" }
}

/// Production transport over AsyncHTTPClient (SwiftNIO, BoringSSL built in; the system's CA
/// bundle). Redirects are not followed: a redirect could carry the Authorization header
/// somewhere else. Proxies come from the environment as libcurl reads them (`ProxySettings`).
///
/// Requests with a body (creates and follow-ups) never ride a pooled connection: they go
/// through a client whose connections serve one request each, with `Connection: close`. A
/// reused keep-alive connection that turns out to be dead must never make a create ambiguous,
/// or be re-sent behind the client's retry policy (Tests/Reliability/FINDINGS.md, finding 2).
///
/// The clients live as long as the process (one event loop group, made at the first request),
/// so a command that sends nothing starts no threads.
public struct HTTPClientTransport: HTTPTransport {
    /// The largest answer read; a bigger one is a `responseTooLarge` failure, not memory spent
    /// on whatever a broken or hostile service sends. The API's largest page is far smaller.
    public static let maximumResponseBytes = 16 << 20

    /// The default for the longest one exchange may take in all, however steadily bytes trickle
    /// in (the idle timeout alone would let a service that sends a byte every few seconds hold a
    /// command for ever): ten idle timeouts, at least five minutes. Every API answer is small.
    public static func defaultTotalLimit(forIdleTimeout timeout: TimeInterval) -> TimeInterval {
        max(timeout * 10, 300)
    }

    private let timeout: TimeInterval
    private let totalLimit: TimeInterval
    private let proxies: ProxySettings

    /// A transport whose requests fail after `timeout` seconds without progress (connecting,
    /// sending or receiving), or `totalLimit` seconds in all, with the proxies `proxies` names.
    public init(timeout: TimeInterval = 30, totalLimit: TimeInterval? = nil, proxies: ProxySettings = ProxySettings([:])) {
        self.timeout = timeout
        self.totalLimit = totalLimit ?? Self.defaultTotalLimit(forIdleTimeout: timeout)
        self.proxies = proxies
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let proxy: ProxySettings.Proxy?
        do {
            proxy = try proxies.proxy(for: request.url)
        } catch {
            throw TransportError(.unusableSetting, detail: error.description)
        }
        let writes = request.body != nil
        let client = ClientPool.shared.client(for: ClientPool.Key(timeout: timeout, proxy: proxy, oneRequestPerConnection: writes))
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers {
            outgoing.headers.replaceOrAdd(name: name, value: value)
        }
        if let body = request.body {
            outgoing.headers.replaceOrAdd(name: "Connection", value: "close")
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        // AsyncHTTPClient's deadline covers the answer's head only, not its body: the total limit
        // is a race of its own.
        let limit = totalLimit, prepared = outgoing
        do {
            return try await withThrowingTaskGroup(of: HTTPResponse?.self) { group in
                group.addTask { try await Self.exchange(prepared, on: client) }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(Int64((limit * 1000).rounded())))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else {
                    throw TransportError(.timedOut, detail: "no complete answer within \(Int(limit)) s")
                }
                return response
            }
        } catch {
            throw Self.classify(error)
        }
    }

    /// One request and its whole answer (at most `maximumResponseBytes`).
    private static func exchange(_ outgoing: HTTPClientRequest, on client: HTTPClient) async throws -> HTTPResponse {
        let response = try await client.execute(outgoing, deadline: .distantFuture)
        let body = try await response.body.collect(upTo: maximumResponseBytes)
        var headers: [String: String] = [:]
        for (name, value) in response.headers {
            let key = name.lowercased()
            headers[key] = headers[key].map { $0 + ", " + value } ?? value
        }
        return HTTPResponse(status: Int(response.status.code), headers: headers, body: Data(body.readableBytesView))
    }

    /// The `TransportError` for what AsyncHTTPClient, NIO or BoringSSL threw.
    static func classify(_ error: any Error) -> TransportError {
        let detail = String(describing: error)
        switch error {
        case let error as TransportError:
            return error
        case is CancellationError:
            return TransportError(.cancelled)
        case is NIOTooManyBytesError:
            return TransportError(.responseTooLarge, detail: "more than \(maximumResponseBytes >> 20) MiB")
        case let error as HTTPClientError:
            switch error {
            case .cancelled: return TransportError(.cancelled)
            case .connectTimeout, .tlsHandshakeTimeout, .httpProxyHandshakeTimeout, .socksHandshakeTimeout, .getConnectionFromPoolTimeout:
                return TransportError(.connectTimedOut, detail: detail)
            case .readTimeout, .writeTimeout, .deadlineExceeded:
                return TransportError(.timedOut, detail: detail)
            case .remoteConnectionClosed, .bodyLengthMismatch, .uncleanShutdown:
                return TransportError(.networkConnectionLost, detail: detail)
            case .proxyAuthenticationRequired:
                return TransportError(.proxyFailed, detail: "it asks for credentials")
            case .invalidProxyResponse:
                return TransportError(.proxyFailed, detail: "it refused the connection")
            case .invalidURL, .emptyHost, .emptyScheme:
                return TransportError(.unsupportedURL, detail: detail)
            default:
                return TransportError(.cannotParseResponse, detail: detail)
            }
        case let error as NIOConnectionError:
            let resolved = error.dnsAError == nil || error.dnsAAAAError == nil
            return TransportError(resolved || !error.connectionErrors.isEmpty ? .cannotConnectToHost : .cannotFindHost, detail: detail)
        case let error as IOError where [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains(error.errnoCode):
            return TransportError(.cannotConnectToHost, detail: detail)
        case is SocketAddressError:
            return TransportError(.cannotFindHost, detail: detail)
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return TransportError(.secureConnectionFailed, detail: detail)
        case is IOError, is ChannelError:
            return TransportError(.networkConnectionLost, detail: detail)
        case is HTTPParserError:
            return TransportError(.cannotParseResponse, detail: detail)
        default:
            return TransportError(.other, detail: detail)
        }
    }
}

/// The process's AsyncHTTPClient instances, one per configuration, never shut down (a process
/// talks to one service; the event loop threads end with it).
private final class ClientPool: @unchecked Sendable {  // `clients` guarded by `lock`
    static let shared = ClientPool()

    struct Key: Hashable {
        var timeout: TimeInterval
        var proxy: ProxySettings.Proxy?
        var oneRequestPerConnection: Bool
    }

    private let lock = NSLock()
    private var clients: [Key: HTTPClient] = [:]

    func client(for key: Key) -> HTTPClient {
        lock.withLock {
            if let client = clients[key] { return client }
            let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: Self.configuration(for: key))
            clients[key] = client
            return client
        }
    }

    private static func configuration(for key: Key) -> HTTPClient.Configuration {
        let limit = TimeAmount.milliseconds(Int64((key.timeout * 1000).rounded()))
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: limit, read: limit, write: limit),
            proxy: key.proxy.map { proxy in
                switch proxy.kind {
                case .http:
                    return .server(
                        host: proxy.host, port: proxy.port,
                        authorization: proxy.username.map { .basic(username: $0, password: proxy.password ?? "") })
                case .socks5:
                    return .socksServer(host: proxy.host, port: proxy.port)
                }
            })
        // A failed connection attempt fails the request at once: the client's retry policy decides
        // what is tried again (AsyncHTTPClient would otherwise retry until the connect timeout).
        configuration.connectionPool.retryConnectionEstablishment = false
        if key.oneRequestPerConnection { configuration.maximumUsesPerConnection = 1 }
        return configuration
    }
}
