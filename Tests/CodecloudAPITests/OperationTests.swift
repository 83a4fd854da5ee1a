@testable import CodecloudAPI
import CodecloudTestSupport
import Foundation
import Testing

/// Each operation builds the documented request and decodes the fixture responses.
@Suite struct OperationTests {
    @Test func createRunSendsTheFixtureBodyWithHeaders() async throws {
        let harness = ClientHarness()
        harness.transport.stub("POST", "/api/v1/agents", .fixture("createRun.response", status: 201))
        let tool = ToolDefinition(
            name: "search_inventory", description: "Search product inventory",
            parameters: ToolParameters(
                properties: .object([
                    "query": .object(["type": .string("string"), "description": .string("Search query")]),
                    "limit": .object(["type": .string("number"), "description": .string("Max results")]),
                ]),
                required: ["query"]),
            endpoint: ToolEndpoint(url: "https://api.example.com/search", method: "POST", headers: ["Authorization": "Bearer token-abc"]))
        let response = try await harness.client.createRun(CreateRunRequest(
            prompt: "Add JWT-based authentication to the /login endpoint and cover it with tests",
            repo: "acme/web-api", branch: "main", model: "claude-sonnet-4-5", provider: "anthropic", mode: .execute,
            autoCreatePR: true, webhookURL: "https://hooks.acme.dev/codecloud", tools: [tool]))

        #expect(response == CreateRunResponse(id: "jd7x8k9m2n3p4q5r", status: .queued, message: "Agent run queued successfully"))
        let request = try #require(harness.transport.requests.first)
        #expect(request.url.absoluteString == "https://codecloud.test/api/v1/agents")
        #expect(request.headers["Authorization"] == "Bearer \(secretKey)")
        #expect(request.headers["User-Agent"] == "git-codecloud/9.9.9")
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.headers["Accept"] == "application/json")
        #expect(bodyObject(request) == Fixtures.object("createRun.request"))
        harness.transport.verifyAllUsed()
    }

    @Test func createRunOmitsAbsentFields() async throws {
        let harness = ClientHarness()
        harness.transport.stub("POST", "/api/v1/agents", .fixture("createRun.response", status: 201))
        _ = try await harness.client.createRun(CreateRunRequest(prompt: "Fix the flaky test in tests/test_cache.py"))
        #expect(bodyObject(harness.transport.requests.first) == Fixtures.object("createRun.request.minimal"))

        harness.transport.stub("POST", "/api/v1/agents", .fixture("createRun.response", status: 201))
        _ = try await harness.client.createRun(CreateRunRequest(
            prompt: "Write a haiku about continuous integration", mode: .plan, blankWorkspace: true))
        #expect(bodyObject(harness.transport.requests.last) == Fixtures.object("createRun.request.blank-workspace"))
        harness.transport.verifyAllUsed()
    }

    @Test func createRunRejectsAnInvalidToolBeforeSending() async throws {
        let harness = ClientHarness()
        let tool = ToolDefinition(
            name: "bad name!", description: "x", parameters: ToolParameters(properties: .object([:])),
            endpoint: ToolEndpoint(url: "https://example.com", method: "POST"))
        await #expect(throws: ToolValidationError.self) {
            _ = try await harness.client.createRun(CreateRunRequest(prompt: "p", tools: [tool]))
        }
        #expect(harness.transport.requests.isEmpty)
    }

    @Test func getRunDecodesACompletedRunWithItsPR() async throws {
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/agents/run/jd7x8k9m2n3p4q5r", .fixture("getRun.response"))
        let run = try await harness.client.run(id: "jd7x8k9m2n3p4q5r")
        #expect(run.status == .completed)
        #expect(run.mode == .execute)
        #expect(run.prs == [PullRequest(
            url: "https://github.com/acme/web-api/pull/42", number: 42, branch: "codecloud/add-auth",
            repo: "acme/web-api", title: "Add JWT authentication")])
        #expect(run.prURL == "https://github.com/acme/web-api/pull/42")
        #expect(run.prNumber == 42)
        #expect(run.inputTokens == 12500)
        #expect(run.outputTokens == 3200)
        #expect(run.createdAt == utc("2025-01-16T12:00:00Z"))
        #expect(run.startedAt == utc("2025-01-16T12:00:04.127Z"))
        #expect(run.completedAt == utc("2025-01-16T12:05:00Z"))
        #expect(harness.transport.requests.first?.body == nil)
        #expect(harness.transport.requests.first?.headers["Content-Type"] == nil)
        harness.transport.verifyAllUsed()
    }

    @Test(arguments: [
        ("getRun.response.queued", RunStatus.queued),
        ("getRun.response.failed", RunStatus.failed),
        ("getRun.response.plan", RunStatus.completed),
        ("getRun.response.multi-pr", RunStatus.completed),
    ])
    func getRunDecodesEveryVariant(fixture: String, status: RunStatus) async throws {
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/agents/run/x1", .fixture(fixture))
        let run = try await harness.client.run(id: "x1")
        #expect(run.status == status)
        harness.transport.verifyAllUsed()
    }

    @Test func getRunVariantsCarryTheirSpecificFields() async throws {
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/agents/run/a", .fixture("getRun.response.failed"))
        harness.transport.stub("GET", "/api/v1/agents/run/b", .fixture("getRun.response.plan"))
        harness.transport.stub("GET", "/api/v1/agents/run/c", .fixture("getRun.response.multi-pr"))
        let failed = try await harness.client.run(id: "a")
        let plan = try await harness.client.run(id: "b")
        let multi = try await harness.client.run(id: "c")
        #expect(failed.error?.hasPrefix("Sandbox could not clone") == true)
        #expect(failed.scheduleID == "sch_9f8e7d6c5b4a")
        #expect(plan.mode == .plan)
        #expect(plan.plan?.hasPrefix("1. Extract") == true)
        #expect(multi.prs.map(\.repo) == ["acme/web-api", "acme/worker"])
        harness.transport.verifyAllUsed()
    }

    @Test func runIDIsOneEscapedPathSegment() async throws {
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/agents/run/..%2Fschedules", .fixture("getRun.response"))
        _ = try await harness.client.run(id: "../schedules")
        #expect(harness.transport.requests.first?.url.absoluteString == "https://codecloud.test/api/v1/agents/run/..%2Fschedules")
    }

    @Test func listRunsSendsFiltersAndDecodes() async throws {
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/agents", query: ["limit": "10", "offset": "20", "status": "completed"], .fixture("listRuns.response"))
        harness.transport.stub("GET", "/api/v1/agents", query: [:], .fixture("listRuns.response.empty"))
        let runs = try await harness.client.runs(limit: 10, offset: 20, status: .completed)
        #expect(runs.map(\.id) == ["k2m4n6p8q1r3s5t7", "jd7x8k9m2n3p4q5r", "h5j7k9m1n3p5q7r9"])
        #expect(runs.map(\.status) == [.running, .completed, .failed])
        #expect(runs[1].completedAt == utc("2025-01-16T12:05:00.000Z"))
        #expect(runs[2].repo == nil)
        #expect(try await harness.client.runs().isEmpty)
        #expect(harness.transport.requests.last?.url.query == nil)
        harness.transport.verifyAllUsed()
    }

    @Test func followUpSendsTheKeyInBodyAndHeader() async throws {
        let harness = ClientHarness()
        harness.transport.stub("POST", "/api/v1/agents/run/jd7x8k9m2n3p4q5r/message", .fixture("sendFollowUp.response"))
        let response = try await harness.client.sendFollowUp(runID: "jd7x8k9m2n3p4q5r", FollowUpRequest(
            prompt: "Now add unit tests for the authentication endpoint", mode: .execute, updatePR: true,
            idempotencyKey: "gcc-5f0c2a9e-3b1d-4c57-9a0e-7d2c6b1e8f44"))
        #expect(response == FollowUpResponse(id: "jd7x8k9m2n3p4q5r", status: .running, message: "Follow-up prompt scheduled"))
        let request = try #require(harness.transport.requests.first)
        #expect(request.headers["Idempotency-Key"] == "gcc-5f0c2a9e-3b1d-4c57-9a0e-7d2c6b1e8f44")
        #expect(bodyObject(request) == Fixtures.object("sendFollowUp.request"))
        harness.transport.verifyAllUsed()
    }

    @Test func followUpGeneratesAFreshKeyPerRequest() {
        let first = FollowUpRequest(prompt: "a")
        let second = FollowUpRequest(prompt: "a")
        #expect(first.idempotencyKey != second.idempotencyKey)
        #expect(first.idempotencyKey.hasPrefix("gcc-"))
    }

    @Test func createScheduleSendsBothShapes() async throws {
        let harness = ClientHarness()
        harness.transport.stub("POST", "/api/v1/schedules", .fixture("createSchedule.response", status: 201), .fixture("createSchedule.response", status: 201))
        let created = try await harness.client.createSchedule(CreateScheduleRequest(
            type: .recurring, cron: "0 */6 * * *", prompt: "Run the test suite and fix any failures", repo: "acme/web-api",
            branch: "main", model: "claude-sonnet-4-5", provider: "anthropic", mode: .execute,
            webhookURL: "https://hooks.acme.dev/codecloud", autoCreatePR: true))
        _ = try await harness.client.createSchedule(CreateScheduleRequest(
            type: .once, runAt: utc("2025-03-01T09:00:00Z"), prompt: "Deploy the new feature branch", repo: "acme/web-api"))
        #expect(created == CreateScheduleResponse(
            id: "sch_9f8e7d6c5b4a", type: .recurring, status: .active, nextRunAt: utc("2025-02-16T00:00:00Z"),
            message: "Schedule created successfully"))
        let requests = harness.transport.requests
        #expect(bodyObject(requests[0]) == Fixtures.object("createSchedule.request"))
        #expect(bodyObject(requests[1]) == Fixtures.object("createSchedule.request.once"))
        harness.transport.verifyAllUsed()
    }

    @Test func listAndGetSchedules() async throws {
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/schedules", query: ["limit": "5", "status": "active"], .fixture("listSchedules.response"))
        harness.transport.stub("GET", "/api/v1/schedules/sch_9f8e7d6c5b4a", .fixture("getSchedule.response"))
        let schedules = try await harness.client.schedules(limit: 5, status: .active)
        #expect(schedules.map(\.type) == [.recurring, .once])
        #expect(schedules[0].totalSkips == 3)
        #expect(schedules[1].nextRunAt == nil)
        let detail = try await harness.client.schedule(id: "sch_9f8e7d6c5b4a")
        #expect(detail.lastRunID == "def456ghi789jkl0")
        #expect(detail.totalRuns == 12)
        #expect(detail.cron == "0 */6 * * *")
        #expect(detail.createdAt == utc("2025-02-12T18:00:00Z"))
        harness.transport.verifyAllUsed()
    }

    @Test func deleteScheduleAcceptsNoContent() async throws {
        let harness = ClientHarness()
        harness.transport.stub("DELETE", "/api/v1/schedules/sch_9f8e7d6c5b4a", .status(204))
        try await harness.client.deleteSchedule(id: "sch_9f8e7d6c5b4a")
        #expect(harness.transport.requests.first?.headers["Authorization"] == "Bearer \(secretKey)")
        harness.transport.verifyAllUsed()
    }

    @Test func deleteUnknownScheduleNamesIt() async throws {
        let harness = ClientHarness()
        harness.transport.stub("DELETE", "/api/v1/schedules/nope", .fixture("deleteSchedule.response.404", status: 404))
        let error = await apiError { try await harness.client.deleteSchedule(id: "nope") }
        #expect(error?.kind == .http(status: 404, code: "Not Found", message: "Schedule not found"))
        #expect(error?.resource == .schedule(id: "nope"))
        #expect(error?.method == "DELETE")
        #expect(error?.path == "/api/v1/schedules/nope")
    }

    @Test func modelsAreGroupedByProviderAndSentWithoutKey() async throws {
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/models", query: [:], .fixture("listModels.response"))
        harness.transport.stub("GET", "/api/v1/models", query: ["provider": "anthropic"], .fixture("listModels.response.anthropic"))
        let all = try await harness.client.models()
        #expect(all.source == "https://models.dev")
        #expect(all.generatedAt == utc("2026-01-28T15:36:36.566Z"))
        #expect(Set(all.models.keys) == ["anthropic", "openai", "google"])
        let sonnet = try #require(all.models["anthropic"]?.first)
        #expect(sonnet == Model(
            id: "claude-sonnet-4-5", name: "Claude Sonnet 4.5", reasoning: true, toolCall: true,
            limit: ModelLimits(context: 200000, output: 64000), pricing: ModelPricing(input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75),
            releaseDate: "2025-09-29"))
        #expect(all.models["google"]?.first?.pricing == nil)
        let filtered = try await harness.client.models(provider: "anthropic")
        #expect(Array(filtered.models.keys) == ["anthropic"])
        #expect(harness.transport.requests.allSatisfy { $0.headers["Authorization"] == nil })
        harness.transport.verifyAllUsed()
    }

    @Test func providersListTheirCredentialsWithoutKey() async throws {
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/providers", .fixture("listProviders.response"))
        let providers = try await harness.client.providers()
        #expect(providers.map(\.id) == ["anthropic", "openai", "azure"])
        #expect(providers[1].credentials.first?.isRequired == true)
        #expect(providers[2].credentials.map(\.isRequired) == [true, true, false])
        #expect(harness.transport.requests.first?.headers["Authorization"] == nil)
        harness.transport.verifyAllUsed()
    }

    /// Every error fixture decodes into the server's `{error, message}` verbatim.
    @Test(arguments: Fixtures.names.filter { $0.contains(".response.4") || $0.contains(".response.5") })
    func errorFixturesSurfaceTheServerText(fixture: String) async throws {
        let status = Int(fixture.split(separator: ".").last!.prefix(3))!
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/agents/run/r1", .fixture(fixture, status: status))
        let error = await apiError { _ = try await harness.client.run(id: "r1") }
        let expected = Fixtures.object(fixture)
        #expect(error?.kind == .http(status: status, code: expected["error"] as? String, message: expected["message"] as? String))
    }
}
