import CodecloudAPI
import Foundation
import Testing

/// An `HTTPTransport` that answers from registered stubs, like GitHub CLI's httpmock:
/// register `(method, path[, query])` → responses; any request without a matching stub fails
/// the test, and so does a stub with replies left over when the transport is released (at the
/// end of the test that made it) or at `verifyAllUsed()`, whichever comes first. A test that
/// means to leave replies unused says so with `allowUnusedStubs(because:)`. Every request is
/// recorded for assertions.
public final class StubTransport: HTTPTransport, @unchecked Sendable {
    private struct Stub {
        var method: String
        var path: String
        var query: [String: String]?
        var replies: [StubReply]
        var location: SourceLocation
        /// Whether its leftover replies were already reported.
        var reported = false

        func matches(_ request: HTTPRequest) -> Bool {
            guard request.method == method,
                  let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false),
                  components.percentEncodedPath == path
            else { return false }
            guard let query else { return true }
            let actual = Dictionary(
                (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
            return actual == query
        }
    }

    private let lock = NSLock()
    private var stubs: [Stub] = []
    private var recorded: [HTTPRequest] = []
    private var unusedAllowed = false

    public init() {}

    /// Unused replies fail the test that made the transport, with the line that registered them.
    deinit {
        if !unusedAllowed { reportUnused() }
    }

    /// Answers the next `method path` request (with exactly `query`, when given) with each of
    /// `replies` in turn, one per request.
    public func stub(
        _ method: String, _ path: String, query: [String: String]? = nil, _ replies: StubReply...,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        precondition(!replies.isEmpty, "a stub needs at least one reply")
        lock.withLock {
            stubs.append(Stub(method: method, path: path, query: query, replies: replies, location: sourceLocation))
        }
    }

    /// Every request sent so far, in order.
    public var requests: [HTTPRequest] { lock.withLock { recorded } }

    /// Records a test failure for each stub with replies left over now (the release of the
    /// transport checks again, reporting each leftover once).
    public func verifyAllUsed(sourceLocation: SourceLocation = #_sourceLocation) {
        reportUnused()
    }

    /// Lets replies go unused without failing the test (a stub for a request that may or may
    /// not be sent). Rare on purpose: say why.
    public func allowUnusedStubs(because reason: String) {
        lock.withLock { unusedAllowed = true }
    }

    private func reportUnused() {
        let leftovers: [Stub] = lock.withLock {
            let indices = stubs.indices.filter { !stubs[$0].replies.isEmpty && !stubs[$0].reported }
            for index in indices { stubs[index].reported = true }
            return indices.map { stubs[$0] }
        }
        for stub in leftovers {
            Issue.record(
                "stub \(stub.method) \(stub.path) has \(stub.replies.count) unused repl\(stub.replies.count == 1 ? "y" : "ies")",
                sourceLocation: stub.location)
        }
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let reply: StubReply? = lock.withLock {
            recorded.append(request)
            guard let index = stubs.firstIndex(where: { $0.matches(request) && !$0.replies.isEmpty }) else { return nil }
            return stubs[index].replies.removeFirst()
        }
        guard let reply else {
            Issue.record("unexpected request: \(request.method) \(request.url.absoluteString)")
            throw StubTransportError.unexpectedRequest(method: request.method, url: request.url.absoluteString)
        }
        switch reply {
        case .response(let response): return response
        case .failure(let error): throw error
        }
    }
}

/// Thrown to the client for a request no stub matches (the test has already been failed).
public enum StubTransportError: Error, Equatable {
    case unexpectedRequest(method: String, url: String)
}

/// What a stub answers: a response, or a thrown transport error.
public enum StubReply: Sendable {
    case response(HTTPResponse)
    case failure(any Error)

    /// A JSON response with `body` as the exact text.
    public static func json(_ status: Int = 200, _ body: String, headers: [String: String] = [:]) -> StubReply {
        .response(HTTPResponse(
            status: status, headers: headers.merging(["Content-Type": "application/json"]) { own, _ in own },
            body: Data(body.utf8)))
    }

    /// A response whose body is `Tests/Fixtures/api/<name>.json`.
    public static func fixture(_ name: String, status: Int = 200, headers: [String: String] = [:]) -> StubReply {
        .response(HTTPResponse(
            status: status, headers: headers.merging(["Content-Type": "application/json"]) { own, _ in own },
            body: Fixtures.data(name)))
    }

    /// A response with a status and no body.
    public static func status(_ status: Int, headers: [String: String] = [:]) -> StubReply {
        .response(HTTPResponse(status: status, headers: headers))
    }

    /// A transport failure, e.g. `.network(.timedOut)`.
    public static func network(_ code: TransportError.Code) -> StubReply {
        .failure(TransportError(code))
    }
}
