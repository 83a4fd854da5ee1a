import Foundation
import Testing
@testable import CodecloudEmulator

@Suite("Control endpoints: faults, request log, reset, clock")
struct FaultTests {
    @Test("status faults answer the next N matching requests, with Retry-After")
    func statusFault() async throws {
        try await EmulatorHarness.with { harness in
            let added = try await harness.request("POST", "/_emulator/faults", body: [
                "path": "/api/v1/agents", "method": "GET", "count": 2, "kind": "status", "status": 503, "retry_after": 2,
            ])
            #expect(added.status == 201)
            for _ in 0..<2 {
                let faulted = try await harness.request("GET", "/api/v1/agents")
                #expect(faulted.status == 503)
                #expect(faulted.headers["retry-after"] == "2")
                #expect(faulted.json["error"] is String && faulted.json["message"] is String)
            }
            let created = try await harness.request("POST", "/api/v1/agents", body: ["prompt": "x", "blank_workspace": true])
            #expect(created.status == 201)
            #expect(try await harness.request("GET", "/api/v1/agents").status == 200)
        }
    }

    @Test("delay faults slow the answer down and then handle the request")
    func delayFault() async throws {
        try await EmulatorHarness.with { harness in
            _ = try await harness.request("POST", "/_emulator/faults", body: ["path": "/api/v1/models", "count": 1, "kind": "delay", "delay_ms": 300])
            let started = ContinuousClock.now
            let response = try await harness.request("GET", "/api/v1/models")
            #expect(ContinuousClock.now - started >= .milliseconds(300))
            #expect(response.status == 200)
            #expect(response.json["models"] != nil)
        }
    }

    @Test("drop faults close the connection without an answer")
    func dropFault() async throws {
        try await EmulatorHarness.with { harness in
            _ = try await harness.request("POST", "/_emulator/faults", body: ["path": "/api/v1/agents/run/*", "count": 1, "kind": "drop"])
            await #expect(throws: (any Error).self) {
                _ = try await harness.request("GET", "/api/v1/agents/run/abc", freshConnection: true)
            }
            let log = try await harness.request("GET", "/_emulator/requests").json["requests"] as? [[String: Any]]
            #expect(log?.first?["fault"] as? String == "drop")
            #expect(log?.first?["status"] == nil)
            #expect(try await harness.request("GET", "/api/v1/agents/run/abc").status == 404)
        }
    }

    @Test("malformed faults answer 200 with a body that is not JSON")
    func malformedFault() async throws {
        try await EmulatorHarness.with { harness in
            _ = try await harness.request("POST", "/_emulator/faults", body: ["path": "/api/v1/providers", "count": 1, "kind": "malformed"])
            let response = try await harness.request("GET", "/api/v1/providers")
            #expect(response.status == 200)
            #expect((try? JSONSerialization.jsonObject(with: response.body)) == nil)
        }
    }

    @Test("fault rules are validated", arguments: [
        ["count": 1, "kind": "status", "status": 503],
        ["path": "/api/v1/agents", "kind": "teapot"],
        ["path": "/api/v1/agents", "kind": "status"],
        ["path": "/api/v1/agents", "kind": "delay"],
        ["path": "/api/v1/agents", "kind": "drop", "count": 0],
    ] as [[String: AnyHashableSendable]])
    func faultValidation(body: [String: AnyHashableSendable]) async throws {
        try await EmulatorHarness.with { harness in
            let response = try await harness.request("POST", "/_emulator/faults", body: body.mapValues(\.value))
            #expect(response.status == 400)
        }
    }

    @Test("the request log lists method, path, status and fault, and never the key")
    func requestLog() async throws {
        try await EmulatorHarness.with { harness in
            _ = try await harness.request("POST", "/_emulator/faults", body: ["path": "/api/v1/schedules", "count": 1, "kind": "status", "status": 500])
            _ = try await harness.request("GET", "/api/v1/agents?limit=5")
            _ = try await harness.request("GET", "/api/v1/schedules")
            let log = try await harness.request("GET", "/_emulator/requests")
            #expect(!log.text.contains(harness.key))
            let entries = try #require(log.json["requests"] as? [[String: Any]])
            #expect(entries.count == 2)
            #expect(entries[0]["method"] as? String == "GET")
            #expect(entries[0]["path"] as? String == "/api/v1/agents")
            #expect(entries[0]["query"] as? String == "limit=5")
            #expect(entries[0]["status"] as? Int == 200)
            #expect(timestamp(entries[0]["time"]) != nil)
            #expect(entries[1]["status"] as? Int == 500)
            #expect(entries[1]["fault"] as? String == "status")
        }
    }

    @Test("reset forgets runs, faults and the log")
    func reset() async throws {
        try await EmulatorHarness.with { harness in
            _ = try await harness.createRun(["prompt": "x", "blank_workspace": true])
            _ = try await harness.request("POST", "/_emulator/faults", body: ["path": "/api/v1/providers", "count": 5, "kind": "malformed"])
            #expect(try await harness.request("POST", "/_emulator/reset").status == 204)
            #expect((try await harness.request("GET", "/api/v1/agents").json["runs"] as? [Any])?.isEmpty == true)
            #expect(try await harness.request("GET", "/api/v1/providers").json["providers"] != nil)
            #expect((try await harness.request("GET", "/_emulator/requests").json["requests"] as? [Any])?.count == 2)
        }
    }

    @Test("the clock can be read, advanced and set")
    func clock() async throws {
        try await EmulatorHarness.with { harness in
            #expect(try await harness.request("GET", "/_emulator/clock").json["now"] as? String == "2026-01-01T00:00:00.000Z")
            let advanced = try await harness.request("POST", "/_emulator/clock", body: ["advance_seconds": 3600])
            #expect(advanced.json["now"] as? String == "2026-01-01T01:00:00.000Z")
            let set = try await harness.request("POST", "/_emulator/clock", body: ["now": "2026-02-01T09:30:00Z"])
            #expect(set.json["now"] as? String == "2026-02-01T09:30:00.000Z")
            #expect(try await harness.request("POST", "/_emulator/clock", body: ["when": "later"]).status == 400)
            #expect(try await harness.request("GET", "/_emulator/nothing").status == 404)
        }
    }
}

/// A Sendable wrapper for heterogeneous JSON test arguments.
struct AnyHashableSendable: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    let value: any Sendable
    init(stringLiteral value: String) { self.value = value }
    init(integerLiteral value: Int) { self.value = value }
}
