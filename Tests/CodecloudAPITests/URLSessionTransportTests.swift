import CodecloudAPI
import CodecloudTestSupport
import Foundation
import Testing

/// The production transport against a real loopback HTTP server.
@Suite struct URLSessionTransportTests {
    @Test func roundTripsHeadersAndBody() async throws {
        let server = try LoopbackHTTPServer { request in
            HTTPResponse(status: 201, headers: ["Content-Type": "application/json", "X-Echo": request.headers["Idempotency-Key"] ?? ""],
                         body: request.body ?? Data())
        }
        defer { server.stop() }
        let client = CodecloudClient(
            configuration: ClientConfiguration(baseURL: server.baseURL, apiKey: secretKey, userAgent: "git-codecloud/test", retryPolicy: .never),
            transport: URLSessionTransport(timeout: 5))
        let response = try await URLSessionTransport(timeout: 5).send(HTTPRequest(
            method: "POST", url: server.baseURL.appendingPathComponent("echo"), headers: ["Idempotency-Key": "k1"],
            body: Data(#"{"id":"r1","status":"running","message":"ok"}"#.utf8)))
        #expect(response.status == 201)
        #expect(response.headers["x-echo"] == "k1")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"id":"r1","status":"running","message":"ok"}"#)

        _ = try? await client.runs(limit: 1)
        let seen = try #require(server.requests.last)
        #expect(seen.url.path == "/api/v1/agents")
        #expect(seen.url.query == "limit=1")
        #expect(seen.headers["Authorization"] == "Bearer \(secretKey)")
        #expect(seen.headers["User-Agent"] == "git-codecloud/test")
    }

    @Test func redirectsAreNotFollowed() async throws {
        let server = try LoopbackHTTPServer { request in
            request.url.path == "/start"
                ? HTTPResponse(status: 302, headers: ["Location": "/elsewhere"])
                : HTTPResponse(status: 200, body: Data("followed".utf8))
        }
        defer { server.stop() }
        let response = try await URLSessionTransport(timeout: 5).send(HTTPRequest(
            method: "GET", url: server.baseURL.appendingPathComponent("start"), headers: ["Authorization": "Bearer x"]))
        #expect(response.status == 302)
        #expect(server.requests.map(\.url.path) == ["/start"])
    }

    /// A refused connection is classified as "never sent", so the create-run rule may retry it.
    @Test func refusedConnectionIsCannotConnectToHost() async throws {
        let server = try LoopbackHTTPServer { _ in HTTPResponse(status: 200) }
        let url = server.baseURL.appendingPathComponent("x")
        server.stop()
        do {
            _ = try await URLSessionTransport(timeout: 5).send(HTTPRequest(method: "GET", url: url))
            Issue.record("expected a connection failure")
        } catch let error as URLError {
            #expect(error.code == .cannotConnectToHost)
        }
    }
}
