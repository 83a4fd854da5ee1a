import CodecloudAPI
import CodecloudTestSupport
import Foundation
import Testing

/// A key that must never show up in logs or output.
let secretKey = "cc_live_TOPSECRET_4f9a2b7c"

/// A client over `transport` with a recording sleeper and a log collector.
struct ClientHarness {
    let transport = StubTransport()
    let sleeper = RecordingSleeper()
    let log = LogCollector()
    let notices = LogCollector()
    var apiKey: String? = secretKey
    var baseURL = URL(string: "https://codecloud.test")!
    var maxAttempts = 4

    var client: CodecloudClient {
        CodecloudClient(
            configuration: ClientConfiguration(
                baseURL: baseURL, apiKey: apiKey, userAgent: "git-codecloud/9.9.9",
                retryPolicy: sleeper.policy(maxAttempts: maxAttempts), logger: log.sink, notice: notices.sink),
            transport: transport)
    }
}

/// Collects logger lines.
final class LogCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []

    var lines: [String] { lock.withLock { collected } }

    var sink: @Sendable (String) -> Void {
        { [self] line in lock.withLock { collected.append(line) } }
    }
}

/// The request body parsed as JSON, for comparison with a fixture regardless of key order.
func bodyObject(_ request: HTTPRequest?) -> NSDictionary {
    Fixtures.jsonObject(request?.body ?? Data())
}

/// A fixed UTC date for readable expectations.
func utc(_ text: String) -> Date {
    WireFormat.parseTimestamp(text)!
}

/// Runs `body` and returns the APIError it throws (failing the test when it throws anything else or nothing).
func apiError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> APIError? {
    do {
        try await body()
        Issue.record("expected an APIError, got success", sourceLocation: sourceLocation)
    } catch let error as APIError {
        return error
    } catch {
        Issue.record("expected an APIError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
