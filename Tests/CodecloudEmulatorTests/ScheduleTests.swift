import Foundation
import Testing
@testable import CodecloudEmulator

@Suite("Schedules: validation, firings on the manual clock, skips, deletion")
struct ScheduleTests {
    @Test("a recurring schedule answers 201 with its first firing")
    func createRecurring() async throws {
        try await EmulatorHarness.with { harness in
            let response = try await harness.request("POST", "/api/v1/schedules", body: [
                "type": "recurring", "cron": "0 */6 * * *", "prompt": "Run the tests", "repo": "octo/hello", "auto_create_pr": true,
            ])
            #expect(response.status == 201, "\(response.text)")
            #expect(response.json["type"] as? String == "recurring")
            #expect(response.json["status"] as? String == "active")
            #expect(response.json["next_run_at"] as? String == "2026-01-01T06:00:00.000Z")
            #expect(response.json["message"] is String)
            let id = try #require(response.json["id"] as? String)
            let detail = try await harness.request("GET", "/api/v1/schedules/\(id)")
            #expect(detail.json["cron"] as? String == "0 */6 * * *")
            #expect(detail.json["total_runs"] as? Int == 0)
            #expect(detail.json["total_skips"] as? Int == 0)
            #expect(detail.json["created_at"] as? String == "2026-01-01T00:00:00.000Z")
            #expect(detail.json["prompt"] as? String == "Run the tests")
            #expect(detail.json["repo"] as? String == "octo/hello")
        }
    }

    @Test("schedule validation names the field", arguments: [
        ValidationCase("type: Required") { ["prompt": "x", "cron": "0 * * * *"] },
        ValidationCase("type: Invalid enum value.") { ["type": "daily", "prompt": "x"] },
        ValidationCase("prompt: Required") { ["type": "recurring", "cron": "0 * * * *"] },
        ValidationCase("run_at: Required for once schedules") { ["type": "once", "prompt": "x"] },
        ValidationCase("run_at: must be in the future") { ["type": "once", "prompt": "x", "run_at": "2025-12-31T23:00:00Z"] },
        ValidationCase("run_at: Invalid datetime") { ["type": "once", "prompt": "x", "run_at": "tomorrow"] },
        ValidationCase("cron: Required for recurring schedules") { ["type": "recurring", "prompt": "x"] },
        ValidationCase("cron: minute field '61'") { ["type": "recurring", "prompt": "x", "cron": "61 * * * *"] },
        ValidationCase("cron: day-of-week field 'MON-FRY'") { ["type": "recurring", "prompt": "x", "cron": "0 9 * * MON-FRY"] },
        ValidationCase("cron: cron expression '*/5 * * * *' fires every 5 minutes") { ["type": "recurring", "prompt": "x", "cron": "*/5 * * * *"] },
        ValidationCase("cron: '0 0 30 2 *' never fires") { ["type": "recurring", "prompt": "x", "cron": "0 0 30 2 *"] },
        ValidationCase("repo: repo must be in format: owner/repo") { ["type": "recurring", "prompt": "x", "cron": "0 * * * *", "repo": "x"] },
    ])
    func validation(_ validation: ValidationCase) async throws {
        try await EmulatorHarness.with { harness in
            let response = try await harness.request("POST", "/api/v1/schedules", body: validation.body())
            #expect(response.status == 400)
            #expect(response.json["error"] as? String == "Validation Error")
            #expect(response.message.hasPrefix(validation.expected), "\(response.message)")
        }
    }

    @Test("recurring schedules fire on the clock, creating runs with schedule_id")
    func recurringFirings() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        try await EmulatorHarness.with { harness in
            try await harness.makeRepository("octo/hello")
            let created = try await harness.request("POST", "/api/v1/schedules", body: [
                "type": "recurring", "cron": "0 */6 * * *", "prompt": "Nightly fixes", "repo": "octo/hello", "webhook_url": receiver.url,
            ])
            let id = try #require(created.json["id"] as? String)

            await harness.emulator.advanceClock(by: 5 * 3600)
            #expect(try await harness.request("GET", "/api/v1/schedules/\(id)").json["total_runs"] as? Int == 0)
            await harness.emulator.advanceClock(by: 3600)
            let detail = try await harness.request("GET", "/api/v1/schedules/\(id)").json
            #expect(detail["total_runs"] as? Int == 1)
            #expect(detail["last_run_at"] as? String == "2026-01-01T06:00:00.000Z")
            #expect(detail["next_run_at"] as? String == "2026-01-01T12:00:00.000Z")
            let runID = try #require(detail["last_run_id"] as? String)
            let run = try await harness.waitForRun(runID, status: "completed")
            #expect(run["schedule_id"] as? String == id)
            #expect(run["prompt"] as? String == "Nightly fixes")

            let executed = try #require(try await receiver.wait(for: "schedule.run.executed").first)
            #expect(executed.json["schedule_id"] as? String == id)
            #expect(executed.json["run_id"] as? String == runID)
            #expect(executed.json["next_run_at"] as? String == "2026-01-01T12:00:00.000Z")
            _ = try await receiver.wait(for: "agent.completed")

            // Missed firings collapse into one: a day later there is one more run, not four.
            await harness.emulator.advanceClock(by: 24 * 3600)
            let later = try await harness.request("GET", "/api/v1/schedules/\(id)").json
            #expect(later["total_runs"] as? Int == 2)
            #expect(later["next_run_at"] as? String == "2026-01-02T12:00:00.000Z")
        }
    }

    @Test("a once schedule fires at run_at and completes")
    func onceSchedule() async throws {
        try await EmulatorHarness.with { harness in
            let created = try await harness.request("POST", "/api/v1/schedules", body: [
                "type": "once", "run_at": "2026-01-01T09:00:00Z", "prompt": "Deploy", "blank_workspace": true,
            ])
            #expect(created.json["next_run_at"] as? String == "2026-01-01T09:00:00.000Z")
            let id = try #require(created.json["id"] as? String)
            // Driven through the HTTP clock endpoint, as scripts would.
            _ = try await harness.request("POST", "/_emulator/clock", body: ["now": "2026-01-01T09:00:00Z"])
            let detail = try await harness.request("GET", "/api/v1/schedules/\(id)").json
            #expect(detail["status"] as? String == "completed")
            #expect(detail["total_runs"] as? Int == 1)
            #expect(detail["next_run_at"] == nil)
            await harness.emulator.advanceClock(by: 86400)
            #expect(try await harness.request("GET", "/api/v1/schedules/\(id)").json["total_runs"] as? Int == 1)
        }
    }

    @Test("a recurring schedule's run_at is its first firing, then the cron takes over")
    func recurringWithFirstRun() async throws {
        try await EmulatorHarness.with { harness in
            let created = try await harness.request("POST", "/api/v1/schedules", body: [
                "type": "recurring", "cron": "0 9 * * MON-FRI", "run_at": "2026-01-01T00:30:00Z", "prompt": "Triage",
            ])
            #expect(created.json["next_run_at"] as? String == "2026-01-01T00:30:00.000Z")
            let id = try #require(created.json["id"] as? String)
            await harness.emulator.advanceClock(by: 1800)
            let detail = try await harness.request("GET", "/api/v1/schedules/\(id)").json
            #expect(detail["total_runs"] as? Int == 1)
            // 2026-01-01 is a Thursday: next is the same day at 09:00.
            #expect(detail["next_run_at"] as? String == "2026-01-01T09:00:00.000Z")
        }
    }

    @Test("a firing while the key is at its concurrency limit is skipped, not queued")
    func skippedAtLimit() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        // The gate never opens: the busy run holds the key's one slot for the whole test.
        try await EmulatorHarness.with(configure: { $0.agentGate = AgentGate() }) { harness in
            let busy = try await harness.createRun(["prompt": "busy", "blank_workspace": true])
            let created = try await harness.request("POST", "/api/v1/schedules", body: [
                "type": "recurring", "cron": "0 * * * *", "prompt": "hourly", "webhook_url": receiver.url,
            ])
            let id = try #require(created.json["id"] as? String)
            await harness.emulator.advanceClock(by: 3600)
            let detail = try await harness.request("GET", "/api/v1/schedules/\(id)").json
            #expect(detail["total_runs"] as? Int == 0)
            #expect(detail["total_skips"] as? Int == 1)
            #expect(detail["last_run_id"] == nil)
            let runs = try await harness.request("GET", "/api/v1/agents").json["runs"] as? [[String: Any]]
            #expect(runs?.compactMap { $0["id"] as? String } == [busy])
            let skipped = try #require(try await receiver.wait(for: "schedule.run.skipped").first)
            #expect(skipped.json["reason"] as? String == "concurrent_limit")
            #expect(skipped.json["total_skips"] as? Int == 1)
            #expect(skipped.json["next_run_at"] as? String == "2026-01-01T02:00:00.000Z")
        }
    }

    @Test("listing, filtering and deleting schedules; deleted schedules stop firing")
    func listAndDelete() async throws {
        try await EmulatorHarness.with { harness in
            var ids: [String] = []
            for cron in ["0 * * * *", "30 2 * * *"] {
                let created = try await harness.request("POST", "/api/v1/schedules", body: ["type": "recurring", "cron": cron, "prompt": "p"])
                ids.append(try #require(created.json["id"] as? String))
            }
            let list = try await harness.request("GET", "/api/v1/schedules?limit=10").json["schedules"] as? [[String: Any]]
            #expect(list?.compactMap { $0["id"] as? String } == ids.reversed())
            #expect(list?.first?["last_run_id"] == nil)

            let deleted = try await harness.request("DELETE", "/api/v1/schedules/\(ids[0])")
            #expect(deleted.status == 204)
            #expect(deleted.body.isEmpty)
            #expect(try await harness.request("DELETE", "/api/v1/schedules/zzzzzzzzzzzzzzzz").status == 404)
            #expect(try await harness.request("GET", "/api/v1/schedules/zzzzzzzzzzzzzzzz").status == 404)
            let detail = try await harness.request("GET", "/api/v1/schedules/\(ids[0])").json
            #expect(detail["status"] as? String == "deleted")
            #expect(detail["next_run_at"] == nil)

            await harness.emulator.advanceClock(by: 2 * 3600)
            #expect(try await harness.request("GET", "/api/v1/schedules/\(ids[0])").json["total_runs"] as? Int == 0)
            let active = try await harness.request("GET", "/api/v1/schedules?status=active").json["schedules"] as? [[String: Any]]
            #expect(active?.compactMap { $0["id"] as? String } == [ids[1]])
            let deletedList = try await harness.request("GET", "/api/v1/schedules?status=deleted").json["schedules"] as? [[String: Any]]
            #expect(deletedList?.compactMap { $0["id"] as? String } == [ids[0]])
            for query in ["limit=0", "limit=101", "status=paused"] {
                #expect(try await harness.request("GET", "/api/v1/schedules?\(query)").status == 400, "\(query)")
            }
        }
    }

    @Test("moving a key to the free plan deletes its schedules with schedule.deleted")
    func planDowngrade() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        try await EmulatorHarness.with { harness in
            let created = try await harness.request("POST", "/api/v1/schedules", body: [
                "type": "recurring", "cron": "0 * * * *", "prompt": "hourly", "webhook_url": receiver.url,
            ])
            let id = try #require(created.json["id"] as? String)
            let changed = try await harness.request("POST", "/_emulator/plan", body: ["key": harness.key, "plan": "free"])
            #expect(changed.status == 200)
            #expect(changed.json["deleted_schedules"] as? [String] == [id])
            #expect(!changed.text.contains(harness.key))
            let deleted = try #require(try await receiver.wait(for: "schedule.deleted").first)
            #expect(deleted.json["schedule_id"] as? String == id)
            #expect(deleted.json["reason"] as? String == "plan_downgrade")
            #expect(try await harness.request("GET", "/api/v1/schedules/\(id)").json["status"] as? String == "deleted")
            #expect(try await harness.request("POST", "/_emulator/plan", body: ["key": "cc_unknown", "plan": "pro"]).status == 400)
        }
    }
}
