import Foundation
import Testing
@testable import CodecloudEmulator

/// The fault kinds that make the emulator answer within the reference but not the way it
/// normally does (issue 11).
@Suite("Control endpoints: hostile-service faults")
struct HostileFaultTests {
    @Test("status faults send Retry-After as written and a custom error message")
    func headerValuesAsWritten() async throws {
        try await EmulatorHarness.with { harness in
            let cases: [(value: Any, header: String)] = [
                ("inf", "inf"), ("0x10", "0x10"), ("Fri, 01 Jan 2100 00:00:00 GMT", "Fri, 01 Jan 2100 00:00:00 GMT"), (1e300, "1e+300"),
            ]
            for (value, header) in cases {
                let added = try await harness.request("POST", "/_emulator/faults", body: [
                    "path": "/api/v1/agents", "method": "GET", "count": 1, "kind": "status", "status": 503, "retry_after": value,
                    "message": "busy \u{1B}[2J",
                ])
                #expect(added.status == 201, "\(value)")
                let faulted = try await harness.request("GET", "/api/v1/agents")
                #expect(faulted.status == 503)
                #expect(faulted.headers["retry-after"] == header)
                #expect(faulted.json["message"] as? String == "busy \u{1B}[2J")
            }
        }
    }

    @Test("patch faults merge fields into an object, or into every element of a list")
    func patch() async throws {
        // The runs need not run: a closed gate holds them before any agent process is spawned.
        try await EmulatorHarness.with(configure: { $0.agentGate = AgentGate() }) { harness in
            let created = try await harness.request("POST", "/api/v1/agents", body: ["prompt": "x", "blank_workspace": true])
            let id = try #require(created.json["id"] as? String)
            _ = try await harness.request("POST", "/_emulator/faults", body: [
                "path": "/api/v1/agents/run/*", "count": 1, "kind": "patch", "body": ["status": "paused", "title": "\u{9B}2J"],
            ])
            let run = try await harness.request("GET", "/api/v1/agents/run/\(id)")
            #expect(run.json["status"] as? String == "paused")
            #expect(run.json["title"] as? String == "\u{9B}2J")
            #expect(run.json["id"] as? String == id, "the rest of the answer is the real one")
            #expect(try await harness.request("GET", "/api/v1/agents/run/\(id)").json["status"] as? String != "paused")

            _ = try await harness.request("POST", "/_emulator/faults", body: ["path": "/api/v1/agents", "method": "GET", "count": 1, "kind": "patch", "body": ["status": "paused"]])
            let list = try await harness.request("GET", "/api/v1/agents")
            #expect((list.json["runs"] as? [[String: Any]])?.map { $0["status"] as? String } == ["paused"])

            let refused = try await harness.request("POST", "/_emulator/faults", body: ["path": "/api/v1/agents", "kind": "patch"])
            #expect(refused.status == 400)
        }
    }

    @Test("ignore_offset faults answer the first page whatever the offset")
    func ignoreOffset() async throws {
        try await EmulatorHarness.with(configure: { $0.agentGate = AgentGate() }) { harness in
            for index in 0..<3 { _ = try await harness.request("POST", "/api/v1/agents", body: ["prompt": "x\(index)", "blank_workspace": true]) }
            let second = try await harness.request("GET", "/api/v1/agents?limit=2&offset=2")
            #expect((second.json["runs"] as? [Any])?.count == 1)
            _ = try await harness.request("POST", "/_emulator/faults", body: ["path": "/api/v1/agents", "method": "GET", "count": 1, "kind": "ignore_offset"])
            let ignored = try await harness.request("GET", "/api/v1/agents?limit=2&offset=2")
            let first = try await harness.request("GET", "/api/v1/agents?limit=2")
            #expect((ignored.json["runs"] as? [[String: Any]])?.map { $0["id"] as? String } == (first.json["runs"] as? [[String: Any]])?.map { $0["id"] as? String })
        }
    }
}
