@testable import CodecloudAPI
import CodecloudTestSupport
import Foundation
import Testing

/// The retry policy, pinned: what is repeated, how often, how long it waits.
@Suite struct RetryTests {
    @Test func getRetriesThrough503sWithBackoff() async throws {
        let harness = ClientHarness()
        harness.transport.stub(
            "GET", "/api/v1/agents/run/r1",
            .json(503, #"{"error":"Service Unavailable","message":"try later"}"#), .status(503), .fixture("getRun.response"))
        let run = try await harness.client.run(id: "r1")
        #expect(run.id == "jd7x8k9m2n3p4q5r")
        #expect(harness.transport.requests.count == 3)
        #expect(harness.sleeper.waits == [0.5, 1.0])
        #expect(harness.notices.lines.isEmpty, "repeating a read needs no word")
        harness.transport.verifyAllUsed()
    }

    @Test func getGivesUpAfterMaxAttempts() async throws {
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/agents", .status(502), .status(504), .status(503), .status(503))
        let error = await apiError { _ = try await harness.client.runs() }
        #expect(error?.status == 503)
        #expect(harness.transport.requests.count == 4)
        #expect(harness.sleeper.waits == [0.5, 1.0, 2.0])
        harness.transport.verifyAllUsed()
    }

    @Test func backoffIsCappedAndJittered() {
        let policy = RetryPolicy(baseDelay: 1, maxDelay: 5, jitter: 0.5, random: { 1.0 })
        #expect(policy.backoff(afterAttempt: 1) == 0.5)
        #expect(policy.backoff(afterAttempt: 3) == 2)
        #expect(policy.backoff(afterAttempt: 10) == 2.5)
        let noJitter = RetryPolicy(baseDelay: 1, maxDelay: 5, jitter: 0)
        #expect(noJitter.backoff(afterAttempt: 10) == 5)
    }

    @Test func tooManyRequestsHonoursRetryAfterSeconds() async throws {
        let harness = ClientHarness()
        harness.transport.stub(
            "GET", "/api/v1/schedules", .json(429, #"{"error":"Too Many Requests","message":"slow down"}"#, headers: ["Retry-After": "3"]),
            .fixture("listSchedules.response"))
        _ = try await harness.client.schedules()
        #expect(harness.sleeper.waits == [3])
        harness.transport.verifyAllUsed()
    }

    @Test func retryAfterAsHTTPDate() async throws {
        let harness = ClientHarness()  // the sleeper's clock reads 1_700_000_000 = Tue, 14 Nov 2023 22:13:20 GMT
        harness.transport.stub(
            "GET", "/api/v1/providers", .response(HTTPResponse(status: 503, headers: ["Retry-After": "Tue, 14 Nov 2023 22:13:27 GMT"])),
            .fixture("listProviders.response"))
        _ = try await harness.client.providers()
        #expect(harness.sleeper.waits == [7])
        harness.transport.verifyAllUsed()
    }

    @Test func retryAfterBeyondTheBudgetEndsRetries() async throws {
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/agents", .status(429, headers: ["Retry-After": "120"]))
        let error = await apiError { _ = try await harness.client.runs() }
        #expect(error?.status == 429)
        #expect(error?.retryAfter == 120)
        #expect(harness.sleeper.waits.isEmpty)
        harness.transport.verifyAllUsed()
    }

    @Test func getRetriesNetworkErrors() async throws {
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/models", .network(.timedOut), .network(.networkConnectionLost), .fixture("listModels.response"))
        _ = try await harness.client.models()
        #expect(harness.transport.requests.count == 3)
        harness.transport.verifyAllUsed()
    }

    @Test func networkFailureNamesTheHost() async throws {
        var harness = ClientHarness()
        harness.maxAttempts = 2
        harness.transport.stub("GET", "/api/v1/agents", .network(.cannotConnectToHost), .network(.cannotConnectToHost))
        let error = await apiError { _ = try await harness.client.runs() }
        #expect(error?.kind == .network(host: "codecloud.test", underlying: "connection refused"))
        harness.transport.verifyAllUsed()
    }

    /// An unusable proxy variable fails the same way every time: one attempt, its reason shown.
    @Test func unusableSettingIsNotRetried() async throws {
        var harness = ClientHarness()
        harness.maxAttempts = 4
        harness.transport.stub("GET", "/api/v1/agents", .failure(TransportError(.unusableSetting, detail: "https_proxy is not a usable proxy: the port is out of range")))
        let error = await apiError { _ = try await harness.client.runs() }
        #expect(error?.kind == .network(host: "codecloud.test", underlying: "https_proxy is not a usable proxy: the port is out of range"))
        #expect(harness.transport.requests.count == 1)
        harness.transport.verifyAllUsed()
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/agents/run/x", .fixture("getRun.response.404", status: 404))
        harness.transport.stub("GET", "/api/v1/agents/run/y", .fixture("getRun.response.500", status: 500))
        _ = await apiError { _ = try await harness.client.run(id: "x") }
        _ = await apiError { _ = try await harness.client.run(id: "y") }
        #expect(harness.transport.requests.count == 2)
        harness.transport.verifyAllUsed()
    }

    // MARK: create run: never a duplicate

    @Test(arguments: [TransportError.Code.timedOut, .networkConnectionLost, .cannotParseResponse, .secureConnectionFailed])
    func createRunIsSentOnceWhenTheOutcomeIsUnknown(code: TransportError.Code) async throws {
        let harness = ClientHarness()
        harness.transport.stub("POST", "/api/v1/agents", .network(code))
        let error = await apiError { _ = try await harness.client.createRun(CreateRunRequest(prompt: "p")) }
        #expect(error?.kind == .outcomeUnknown(method: "POST", path: "/api/v1/agents"))
        #expect(harness.transport.requests.count == 1)
        #expect(harness.sleeper.waits.isEmpty)
        harness.transport.verifyAllUsed()
    }

    @Test(arguments: [502, 503, 504])
    func createRunGatewayErrorIsAnUnknownOutcome(status: Int) async throws {
        let harness = ClientHarness()
        harness.transport.stub("POST", "/api/v1/agents", .status(status))
        let error = await apiError { _ = try await harness.client.createRun(CreateRunRequest(prompt: "p")) }
        #expect(error?.kind == .outcomeUnknown(method: "POST", path: "/api/v1/agents"))
        #expect(harness.transport.requests.count == 1)
        harness.transport.verifyAllUsed()
    }

    @Test func createRunWaitsOutATooManyRequestsThatSaysWhenToComeBack() async throws {
        let harness = ClientHarness()
        harness.transport.stub(
            "POST", "/api/v1/agents", .status(429, headers: ["Retry-After": "2"]), .fixture("createRun.response", status: 201))
        let created = try await harness.client.createRun(CreateRunRequest(prompt: "p"))
        #expect(created.id == "jd7x8k9m2n3p4q5r")
        #expect(harness.transport.requests.count == 2)
        #expect(harness.sleeper.waits == [2])
        // Sending a create twice is never silent, even when it is safe.
        #expect(harness.notices.lines == ["codecloud refused POST /api/v1/agents for now (HTTP 429) and asked to wait; sending it again in 2.0 s"])
        harness.transport.verifyAllUsed()
    }

    @Test func createRunIsNotRetriedOnATooManyRequestsWithoutRetryAfter() async throws {
        let harness = ClientHarness()
        harness.transport.stub("POST", "/api/v1/agents", .status(429))
        let error = await apiError { _ = try await harness.client.createRun(CreateRunRequest(prompt: "p")) }
        #expect(error?.status == 429)
        #expect(harness.transport.requests.count == 1)
        #expect(harness.sleeper.waits.isEmpty)
        harness.transport.verifyAllUsed()
    }

    @Test func createRunGivesUpWhenRetryAfterOverrunsTheBudget() async throws {
        let harness = ClientHarness()
        harness.transport.stub("POST", "/api/v1/agents", .status(429, headers: ["Retry-After": "3600"]))
        let error = await apiError { _ = try await harness.client.createRun(CreateRunRequest(prompt: "p")) }
        #expect(error?.status == 429)
        #expect(error?.retryAfter == 300)  // clamped to the five-minute ceiling
        #expect(harness.transport.requests.count == 1)
        harness.transport.verifyAllUsed()
    }

    @Test(arguments: [TransportError.Code.cannotConnectToHost, .cannotFindHost])
    func createRunRetriesWhenNothingWasSent(code: TransportError.Code) async throws {
        let harness = ClientHarness()
        harness.transport.stub("POST", "/api/v1/agents", .network(code), .fixture("createRun.response", status: 201))
        let created = try await harness.client.createRun(CreateRunRequest(prompt: "p"))
        #expect(created.id == "jd7x8k9m2n3p4q5r")
        #expect(harness.transport.requests.count == 2)
        #expect(harness.notices.lines.count == 1)
        #expect(harness.notices.lines.first?.hasPrefix("POST /api/v1/agents never reached codecloud.test (") == true, "\(harness.notices.lines)")
        harness.transport.verifyAllUsed()
    }

    @Test func createScheduleIsNotRepeatedEither() async throws {
        let harness = ClientHarness()
        harness.transport.stub("POST", "/api/v1/schedules", .network(.timedOut))
        let error = await apiError {
            _ = try await harness.client.createSchedule(CreateScheduleRequest(type: .recurring, cron: "0 * * * *", prompt: "p"))
        }
        #expect(error?.kind == .outcomeUnknown(method: "POST", path: "/api/v1/schedules"))
        harness.transport.verifyAllUsed()
    }

    // MARK: follow-up: repeated only with the same key

    @Test func followUpRetryReusesTheIdempotencyKey() async throws {
        let harness = ClientHarness()
        harness.transport.stub(
            "POST", "/api/v1/agents/run/r1/message", .network(.timedOut), .status(502), .fixture("sendFollowUp.response"))
        let request = FollowUpRequest(prompt: "again")
        _ = try await harness.client.sendFollowUp(runID: "r1", request)
        let sent = harness.transport.requests
        #expect(sent.count == 3)
        #expect(Set(sent.map { $0.headers["Idempotency-Key"] }) == [request.idempotencyKey])
        #expect(Set(sent.map { bodyObject($0)["idempotency_key"] as? String }) == [request.idempotencyKey])
        #expect(Set(sent.compactMap(\.body)).count == 1)
        harness.transport.verifyAllUsed()
    }

    // MARK: delete

    @Test func deleteRetriedAfterALostResponseCountsA404AsDone() async throws {
        let harness = ClientHarness()
        harness.transport.stub(
            "DELETE", "/api/v1/schedules/s1", .network(.networkConnectionLost), .fixture("deleteSchedule.response.404", status: 404))
        try await harness.client.deleteSchedule(id: "s1")
        #expect(harness.transport.requests.count == 2)
        harness.transport.verifyAllUsed()
    }

    @Test func deleteRefusedConnectionThen404IsStillNotFound() async throws {
        let harness = ClientHarness()
        harness.transport.stub(
            "DELETE", "/api/v1/schedules/s1", .network(.cannotConnectToHost), .fixture("deleteSchedule.response.404", status: 404))
        let error = await apiError { try await harness.client.deleteSchedule(id: "s1") }
        #expect(error?.status == 404)
        harness.transport.verifyAllUsed()
    }

    @Test func cancellationIsNotRetried() async throws {
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/agents", .failure(CancellationError()))
        await #expect(throws: CancellationError.self) { _ = try await harness.client.runs() }
        #expect(harness.transport.requests.count == 1)
        harness.transport.verifyAllUsed()
    }
}
