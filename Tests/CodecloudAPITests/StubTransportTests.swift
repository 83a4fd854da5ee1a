import CodecloudAPI
import CodecloudTestSupport
import Foundation
import Testing

/// The stub transport checks its own expectations: a test never has to remember to.
@Suite struct StubTransportTests {
    @Test("a reply left unused fails the test when the transport is released, without verifyAllUsed")
    func unusedReplyFailsTheTest() {
        withKnownIssue("the unused reply is reported at release") {
            let transport = StubTransport()
            transport.stub("GET", "/api/v1/models", .json(200, #"{"models":[]}"#))
        }
    }

    @Test("every reply used: nothing is reported")
    func usedRepliesPass() async throws {
        let transport = StubTransport()
        transport.stub("GET", "/api/v1/models", .json(200, #"{"models":[]}"#))
        let response = try await transport.send(HTTPRequest(method: "GET", url: URL(string: "https://codecloud.test/api/v1/models")!))
        #expect(response.status == 200)
    }

    @Test("allowUnusedStubs(because:) is the explicit way to leave replies unused")
    func explicitOptOut() {
        let transport = StubTransport()
        transport.stub("GET", "/api/v1/models", .json(200, #"{"models":[]}"#))
        transport.allowUnusedStubs(because: "this test checks the opt-out itself")
    }
}
