import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
}

/// The seam between the client and the network: URLSession in production, a stub in unit tests.
/// A transport throws only when no HTTP response arrived (connection refused, timeout, …).
public protocol HTTPTransport: Sendable {
    /// Sends `request` once; no retries, no redirects followed.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// Production transport over URLSession (FoundationNetworking/libcurl on Linux).
/// Redirects are not followed: a redirect could carry the Authorization header somewhere else.
///
/// Requests with a body (creates and follow-ups) do not ride a pooled HTTP/1.1 connection: they
/// go through their own session with `Connection: close`. When a reused keep-alive connection
/// turns out to be dead, libcurl re-sends the request on a new one by itself, unseen by the
/// client's retry policy; for a create that could be a silent second run, and a re-sent POST
/// lost its body and stalled until the request timeout (Tests/Reliability/FINDINGS.md, finding
/// 2). Over HTTP/2 the header means nothing; there the separate session only keeps writes off
/// the connection that polling keeps busy (docs/ARCHITECTURE.md).
public struct URLSessionTransport: HTTPTransport {
    private let reads: LazySession
    private let writes: LazySession

    /// A transport whose requests time out after `timeout` seconds without progress. Each
    /// session is made at its first request (a configuration costs about 5 M instructions at
    /// start-up, and most commands only read).
    public init(timeout: TimeInterval = 30) {
        reads = LazySession { Self.session(timeout: timeout) }
        writes = LazySession { Self.session(timeout: timeout) }
    }

    private static func session(timeout: TimeInterval) -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration, delegate: RedirectRefuser(), delegateQueue: nil)
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        for (name, value) in request.headers {
            urlRequest.setValue(value, forHTTPHeaderField: name)
        }
        let session = (request.body == nil ? reads : writes).session
        if request.body != nil { urlRequest.setValue("close", forHTTPHeaderField: "Connection") }
        let (data, http) = try await Self.exchange(urlRequest, on: session)
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String {
                headers[name.lowercased()] = value
            }
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: data)
    }
}

extension URLSessionTransport {
    /// One request and its answer. Not `URLSession.data(for:)`: on Linux its cancellation
    /// handler cancels the URLSession task synchronously (a `DispatchQueue.sync` onto the
    /// session's queue) while Swift holds the cancelled task's status lock, and the session's
    /// queue, finishing the same request at that moment, waits for that lock: Ctrl-C then hung
    /// the CLI for good (seen in about one interrupt in ten, caught with gdb). Here the
    /// cancellation handler only schedules the cancel and returns.
    static func exchange(_ request: URLRequest, on session: URLSession) async throws -> (Data, HTTPURLResponse) {
        let pending = PendingExchange()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let task = session.dataTask(with: request) { data, response, error in
                    if let error {
                        continuation.resume(throwing: error)
                    } else if let http = response as? HTTPURLResponse {
                        continuation.resume(returning: (data ?? Data(), http))
                    } else {
                        continuation.resume(throwing: URLError(.badServerResponse))
                    }
                }
                pending.start(task)
            }
        } onCancel: {
            pending.cancel()
        }
    }
}

/// A URLSession made the first time it is asked for.
private final class LazySession: @unchecked Sendable {  // `made` guarded by `lock`
    private let lock = NSLock()
    private let make: @Sendable () -> URLSession
    private var made: URLSession?

    init(_ make: @escaping @Sendable () -> URLSession) { self.make = make }

    var session: URLSession {
        lock.withLock {
            if let made { return made }
            let session = make()
            made = session
            return session
        }
    }
}

/// A data task that may be cancelled before or after it starts; cancelling never blocks.
private final class PendingExchange: @unchecked Sendable {  // state guarded by `lock`
    private let lock = NSLock()
    private var task: URLSessionDataTask?
    private var cancelled = false

    func start(_ task: URLSessionDataTask) {
        let cancelledAlready = lock.withLock {
            self.task = task
            return cancelled
        }
        task.resume()
        if cancelledAlready { Self.cancelSoon(task) }
    }

    func cancel() {
        let task = lock.withLock {
            cancelled = true
            return self.task
        }
        if let task { Self.cancelSoon(task) }
    }

    private static func cancelSoon(_ task: URLSessionDataTask) {
        DispatchQueue.global().async { task.cancel() }
    }
}

/// Hands 3xx responses back to the client instead of following them.
private final class RedirectRefuser: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
