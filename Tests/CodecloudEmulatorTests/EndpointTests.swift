import Foundation
import Testing
@testable import CodecloudEmulator

@Suite("Endpoints: shapes, validation and errors")
struct EndpointTests {
    @Test("models and providers are public and shaped like models.dev")
    func catalogueIsPublic() async throws {
        try await EmulatorHarness.with { harness in

            let models = try await harness.request("GET", "/api/v1/models", key: .some(nil))
            #expect(models.status == 200)
            #expect(models.json["source"] as? String == "https://models.dev")
            #expect(timestamp(models.json["generatedAt"]) != nil)
            let grouped = try #require(models.json["models"] as? [String: [[String: Any]]])
            #expect(Set(grouped.keys) == ["anthropic", "openai", "google", "xai"])
            let sonnet = try #require(grouped["anthropic"]?.first { $0["id"] as? String == "claude-sonnet-4-5" })
            #expect(sonnet["tool_call"] as? Bool == true)
            #expect((sonnet["limit"] as? [String: Any])?["context"] as? Int == 200_000)
            #expect((sonnet["cost"] as? [String: Any])?["output"] as? Double == 15)

            let filtered = try await harness.request("GET", "/api/v1/models?provider=openai", key: .some(nil))
            #expect((filtered.json["models"] as? [String: Any]).map { Array($0.keys) } == ["openai"])
            let unknown = try await harness.request("GET", "/api/v1/models?provider=nobody", key: .some(nil))
            #expect(unknown.status == 200)
            #expect((unknown.json["models"] as? [String: Any])?.isEmpty == true)

            let providers = try await harness.request("GET", "/api/v1/providers", key: .some(nil))
            #expect(providers.status == 200)
            let list = try #require(providers.json["providers"] as? [[String: Any]])
            let anthropic = try #require(list.first { $0["id"] as? String == "anthropic" })
            let credential = try #require((anthropic["credentials"] as? [[String: Any]])?.first)
            #expect(credential["key"] as? String == "ANTHROPIC_API_KEY")
            #expect(credential["required"] as? Bool == true)
        }
    }

    @Test("every authenticated endpoint answers 401 without a valid bearer key", arguments: [
        ("POST", "/api/v1/agents"), ("GET", "/api/v1/agents"), ("GET", "/api/v1/agents/run/abc"),
        ("POST", "/api/v1/agents/run/abc/message"), ("POST", "/api/v1/schedules"), ("GET", "/api/v1/schedules"),
        ("GET", "/api/v1/schedules/abc"), ("DELETE", "/api/v1/schedules/abc"),
    ])
    func authenticationIsRequired(method: String, path: String) async throws {
        try await EmulatorHarness.with { harness in
            for key: String? in [nil, "cc_wrong"] {
                let body: [String: Any]? = method == "POST" ? ["prompt": "x"] : nil
                let response = try await harness.request(method, path, body: body, key: .some(key))
                #expect(response.status == 401)
                #expect(response.json["error"] as? String == "Unauthorized")
                #expect(!response.message.isEmpty)
            }
            let basic = try await harness.request(method, path, headers: ["Authorization": "Basic Y2NfdGVzdA=="])
            #expect(basic.status == 401)
        }
    }

    @Test("creating a run answers 201 queued with an id of 16 lowercase letters and digits")
    func createRun() async throws {
        try await EmulatorHarness.with { harness in
            try await harness.makeRepository("octo/hello")
            let response = try await harness.request("POST", "/api/v1/agents", body: ["prompt": "Add JWT auth", "repo": "octo/hello"])
            #expect(response.status == 201)
            #expect(response.json["status"] as? String == "queued")
            #expect(response.json["message"] is String)
            let id = try #require(response.json["id"] as? String)
            #expect(id.count == 16 && id.allSatisfy { $0.isNumber || ("a"..."z").contains($0) })
        }
    }

    @Test("run validation errors name the field", arguments: [
        ValidationCase("prompt: Required") { ["repo": "octo/hello"] },
        ValidationCase("prompt: Expected string, received number") { ["prompt": 3, "repo": "octo/hello"] },
        ValidationCase("prompt: String must contain at least 1 character(s)") { ["prompt": "", "repo": "octo/hello"] },
        ValidationCase("prompt: String must contain at most 100000 character(s)") { ["prompt": String(repeating: "a", count: 100_001), "repo": "octo/hello"] },
        ValidationCase("repo: repo must be in format: owner/repo") { ["prompt": "x", "repo": "not-a-repo"] },
        ValidationCase("repo: repo must be in format: owner/repo") { ["prompt": "x", "repo": "octo/.."] },
        ValidationCase("repo: Required") { ["prompt": "x"] },
        ValidationCase("mode: Invalid enum value. Expected 'execute' | 'plan', received 'yolo'") { ["prompt": "x", "repo": "octo/hello", "mode": "yolo"] },
        ValidationCase("branch: invalid branch name") { ["prompt": "x", "repo": "octo/hello", "branch": "bad..name"] },
        ValidationCase("auto_create_pr: Expected boolean, received string") { ["prompt": "x", "repo": "octo/hello", "auto_create_pr": "yes"] },
        ValidationCase("webhook_url: Invalid url") { ["prompt": "x", "repo": "octo/hello", "webhook_url": "not a url"] },
        ValidationCase("provider: Invalid enum value.") { ["prompt": "x", "repo": "octo/hello", "provider": "nobody"] },
        ValidationCase("tools: Expected array, received string") { ["prompt": "x", "repo": "octo/hello", "tools": "nope"] },
        ValidationCase("tools.0.name: must be 1-64") { ["prompt": "x", "repo": "octo/hello", "tools": [["name": "bad name!"]]] },
        ValidationCase("tools.1.parameters: Required") { ["prompt": "x", "repo": "octo/hello", "tools": [validTool(), ["name": "t2", "description": "d"]]] },
        ValidationCase("tools: Array must contain at most 50 element(s)") { ["prompt": "x", "repo": "octo/hello", "tools": Array(repeating: validTool(), count: 51)] },
    ])
    func runValidation(_ validation: ValidationCase) async throws {
        try await EmulatorHarness.with { harness in
            let response = try await harness.request("POST", "/api/v1/agents", body: validation.body())
            #expect(response.status == 400)
            #expect(response.json["error"] as? String == "Validation Error")
            #expect(response.message.hasPrefix(validation.expected), "\(response.message)")
        }
    }

    @Test("bodies that are not JSON objects are rejected")
    func malformedBodies() async throws {
        try await EmulatorHarness.with { harness in
            for body in [Data("{not json".utf8), Data("[1,2]".utf8), Data()] {
                let response = try await harness.request("POST", "/api/v1/agents", body: body)
                #expect(response.status == 400)
                #expect(response.message.hasPrefix("body: "), "\(response.message)")
            }
        }
    }

    @Test("a valid tool list and blank_workspace without repo are accepted")
    func acceptsToolsAndBlankWorkspace() async throws {
        try await EmulatorHarness.with { harness in
            let response = try await harness.request("POST", "/api/v1/agents", body: [
                "prompt": "Scratch work", "blank_workspace": true, "tools": [validTool()], "model": "gpt-5", "mode": "plan",
            ])
            #expect(response.status == 201, "\(response.text)")
            let run = try await harness.waitForRun(try #require(response.json["id"] as? String), status: "completed")
            #expect(run["provider"] as? String == "openai")
            #expect(run["repo"] == nil)
            #expect((run["prs"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("--default-repo stands in for a missing repo")
    func defaultRepository() async throws {
        try await EmulatorHarness.with(configure: { $0.defaultRepository = "octo/hello" }) { harness in
            try await harness.makeRepository("octo/hello")
            let id = try await harness.createRun(["prompt": "Fix the flaky test"])
            let run = try await harness.waitForRun(id, status: "completed")
            #expect(run["repo"] as? String == "octo/hello")
        }
    }

    @Test("listing runs: newest first, limit 1..100, offset, status filter")
    func listRuns() async throws {
        try await EmulatorHarness.with { harness in
            var ids: [String] = []
            for index in 0..<3 {
                ids.append(try await harness.createRun(["prompt": "blank \(index)", "blank_workspace": true]))
            }
            for id in ids { try await harness.waitForRun(id, status: "completed") }
            let all = try await harness.request("GET", "/api/v1/agents")
            let runs = try #require(all.json["runs"] as? [[String: Any]])
            #expect(runs.compactMap { $0["id"] as? String } == ids.reversed())
            #expect(Set(runs[0].keys).isSubset(of: ["id", "title", "status", "model", "provider", "repo", "createdAt", "completedAt"]))

            let page = try await harness.request("GET", "/api/v1/agents?limit=1&offset=1")
            #expect((page.json["runs"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[1]])
            let failed = try await harness.request("GET", "/api/v1/agents?status=failed")
            #expect((failed.json["runs"] as? [Any])?.isEmpty == true)
            let completed = try await harness.request("GET", "/api/v1/agents?status=completed&limit=100")
            #expect((completed.json["runs"] as? [Any])?.count == 3)

            for query in ["limit=0", "limit=101", "limit=abc", "offset=-1", "status=cancelled"] {
                let response = try await harness.request("GET", "/api/v1/agents?\(query)")
                #expect(response.status == 400, "\(query)")
                #expect(response.json["error"] as? String == "Validation Error")
            }
        }
    }

    @Test("runs are private to their key; unknown ids are 404, malformed ids 400")
    func runLookup() async throws {
        try await EmulatorHarness.with(keys: [APIKey("cc_one"), APIKey("cc_two", plan: .pro)]) { harness in
            let id = try await harness.createRun(["prompt": "mine", "blank_workspace": true])
            let other = try await harness.request("GET", "/api/v1/agents/run/\(id)", key: "cc_two")
            #expect(other.status == 404)
            let otherList = try await harness.request("GET", "/api/v1/agents", key: "cc_two")
            #expect((otherList.json["runs"] as? [Any])?.isEmpty == true)
            let unknown = try await harness.request("GET", "/api/v1/agents/run/zzzzzzzzzzzzzzzz")
            #expect(unknown.status == 404)
            #expect(unknown.json["error"] as? String == "Not Found")
            let malformed = try await harness.request("GET", "/api/v1/agents/run/bad%20id%21")
            #expect(malformed.status == 400)
            #expect(malformed.message.contains("Invalid run ID format"))
        }
    }

    @Test("unknown paths are 404 and wrong methods 405, both with the error body")
    func routing() async throws {
        try await EmulatorHarness.with { harness in
            let missing = try await harness.request("GET", "/api/v1/nothing")
            #expect(missing.status == 404)
            #expect(missing.json["error"] as? String == "Not Found")
            let wrongMethod = try await harness.request("PUT", "/api/v1/agents", body: [:] as [String: Any])
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.headers["allow"] == "GET, POST")
            #expect(wrongMethod.json["message"] is String)
        }
    }
}

/// A ToolDefinition that passes validation.
func validTool(_ name: String = "search_inventory") -> [String: Any] {
    [
        "name": name, "description": "Search product inventory",
        "parameters": ["properties": ["query": ["type": "string"]], "required": ["query"]],
        "endpoint": ["url": "https://api.example.com/search", "method": "POST", "headers": ["Authorization": "Bearer t"]],
    ]
}

/// A request body and the start of the message it must be rejected with.
struct ValidationCase: Sendable, CustomTestStringConvertible {
    let expected: String
    let body: @Sendable () -> [String: Any]

    init(_ expected: String, body: @escaping @Sendable () -> [String: Any]) {
        self.expected = expected
        self.body = body
    }

    var testDescription: String { expected }
}
