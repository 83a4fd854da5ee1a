import CodecloudAPI
import CodecloudTestSupport
import Foundation
import Testing

/// The key goes only where it should, and never into logs.
@Suite struct SecurityTests {
    @Test(arguments: ["http://codecloud.dev", "http://10.0.0.5:8080", "http://128.0.0.1", "ftp://codecloud.dev", "http://localhost.evil.com"])
    func keyIsNotSentOverPlainHTTPToOtherHosts(base: String) async throws {
        var harness = ClientHarness()
        harness.baseURL = URL(string: base)!
        let error = await apiError { _ = try await harness.client.runs() }
        #expect(error?.kind == .insecureURL(base))
        #expect(harness.transport.requests.isEmpty)
    }

    @Test(arguments: ["http://127.0.0.1:8080", "http://127.1.2.3", "http://localhost:9000", "http://[::1]:8080", "https://codecloud.dev"])
    func keyMayGoToLoopbackOrHTTPS(base: String) async throws {
        var harness = ClientHarness()
        harness.baseURL = URL(string: base)!
        harness.transport.stub("GET", "/api/v1/agents", .fixture("listRuns.response.empty"))
        _ = try await harness.client.runs()
        #expect(harness.transport.requests.first?.headers["Authorization"] == "Bearer \(secretKey)")
        harness.transport.verifyAllUsed()
    }

    @Test func publicEndpointsWorkOverPlainHTTPBecauseNoKeyIsSent() async throws {
        var harness = ClientHarness()
        harness.baseURL = URL(string: "http://mirror.example.com")!
        harness.transport.stub("GET", "/api/v1/providers", .fixture("listProviders.response"))
        _ = try await harness.client.providers()
        #expect(harness.transport.requests.first?.headers["Authorization"] == nil)
        harness.transport.verifyAllUsed()
    }

    @Test func noKeyMeansNoAuthorizationHeader() async throws {
        var harness = ClientHarness()
        harness.apiKey = nil
        harness.transport.stub("GET", "/api/v1/agents", .fixture("listRuns.response.401", status: 401))
        let error = await apiError { _ = try await harness.client.runs() }
        #expect(error?.status == 401)
        #expect(harness.transport.requests.first?.headers["Authorization"] == nil)
    }

    @Test func logHasOneLinePerAttemptAndNeverTheKey() async throws {
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/agents", query: ["limit": "1"], .status(503), .fixture("listRuns.response"))
        harness.transport.stub("POST", "/api/v1/agents", .network(.timedOut))
        _ = try await harness.client.runs(limit: 1)
        _ = await apiError { _ = try await harness.client.createRun(CreateRunRequest(prompt: "p")) }
        let lines = harness.log.lines
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("codecloud: GET https://codecloud.test/api/v1/agents?limit=1 → 503 in "))
        #expect(lines[0].contains("(attempt 1/4); retrying in 0.5 s"))
        #expect(lines[1].contains("→ 200 in ") && lines[1].contains("(attempt 2/4)"))
        #expect(lines[2].contains("POST https://codecloud.test/api/v1/agents → timed out"))
        #expect(lines[2].contains("outcome unknown"))
        #expect(!lines.joined().contains(secretKey))
        #expect(!lines.joined().lowercased().contains("authorization"))
    }

    @Test func undecodableBodyShowsStatusAndExcerpt() async throws {
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/agents/run/r1", .response(HTTPResponse(status: 200, body: Data("<html>\n<b>Gateway</b> says hi</html>".utf8))))
        let error = await apiError { _ = try await harness.client.run(id: "r1") }
        #expect(error?.kind == .undecodable(status: 200, excerpt: "<html> <b>Gateway</b> says hi</html>"))
        #expect(harness.log.lines.contains { $0.contains("cannot decode RunDetail") })
    }

    @Test func longExcerptIsCut() async throws {
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/providers", .response(HTTPResponse(status: 200, body: Data(String(repeating: "x", count: 5000).utf8))))
        let error = await apiError { _ = try await harness.client.providers() }
        guard case .undecodable(_, let excerpt) = error?.kind else { return }
        #expect(excerpt.count == 201)
        #expect(excerpt.hasSuffix("…"))
    }
}
