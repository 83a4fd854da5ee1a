import CodecloudAPI
@testable import CodecloudCLI
import CodecloudCore
import CodecloudTestSupport
import Foundation
import Testing

/// `git codecloud schedule …` in process against a loopback stand-in for the schedule API.
@Suite struct ScheduleCommandTests {
    /// A scratch HOME and a loopback server answering the schedule endpoints from fixtures.
    final class Harness: @unchecked Sendable {
        let home: ScratchHome
        let server: LoopbackHTTPServer

        init() throws {
            home = try ScratchHome()
            server = try LoopbackHTTPServer { request in
                let path = request.url.path
                switch (request.method, path) {
                case ("POST", "/api/v1/schedules"):
                    return Self.json(#"{"id":"sch_new","type":"recurring","status":"active","next_run_at":"2030-01-07T09:00:00.000Z","message":"Schedule created"}"#)
                case ("GET", "/api/v1/schedules"):
                    return request.url.query?.contains("status=deleted") == true
                        ? Self.json(#"{"schedules":[]}"#) : Self.fixture("listSchedules.response")
                case ("GET", "/api/v1/schedules/sch_9f8e7d6c5b4a"):
                    return Self.fixture("getSchedule.response")
                case ("GET", "/api/v1/schedules/sch_gone"):
                    return Self.json(#"{"id":"sch_gone","type":"once","status":"deleted","prompt":"p","total_runs":0,"total_skips":0,"created_at":"2030-01-01T00:00:00.000Z"}"#)
                case ("DELETE", "/api/v1/schedules/sch_9f8e7d6c5b4a"):
                    return Self.json(#"{"message":"Schedule deleted"}"#)
                default:
                    return Self.fixture("getSchedule.response.404", status: 404)
                }
            }
        }

        deinit {
            server.stop()
            home.remove()
        }

        static func json(_ text: String, status: Int = 200) -> HTTPResponse {
            HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(text.utf8))
        }

        static func fixture(_ name: String, status: Int = 200) -> HTTPResponse {
            HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Fixtures.data(name))
        }

        func run(_ arguments: [String], timeZone: String = "UTC", input: String = "", terminal: Bool = false) async -> (code: Int32, stdout: String, stderr: String) {
            let output = CapturedOutput()
            let environment = home.environment(
                ["CODECLOUD_API_URL": server.baseURL.absoluteString, "CODECLOUD_API_KEY": "cc_test_key", "TZ": timeZone],
                output: output, input: .text(input),
                terminal: TerminalTraits(stdinIsTTY: terminal, stdoutIsTTY: terminal, stderrIsTTY: terminal))
            let code = await CommandRunner.run(arguments, environment: environment)
            return (code, output.stdout, output.stderr)
        }

        /// The JSON body of the one POST sent.
        func createdBody() throws -> [String: Any] {
            let posts = server.requests.filter { $0.method == "POST" }
            try #require(posts.count == 1)
            return try #require(try JSONSerialization.jsonObject(with: posts[0].body ?? Data()) as? [String: Any])
        }
    }

    static let target = ["-R", "octo/widgets", "-b", "main"]

    // MARK: create

    @Test func createRecurringSendsTheScheduleAndPrintsTheNextThreeRuns() async throws {
        let harness = try Harness()
        let result = await harness.run(
            ["schedule", "create", "--cron", "0 9 * * MON-FRI", "--first-run", "2030-01-07T09:00:00Z"] + Self.target + ["Run the tests"])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout == """
            Created schedule sch_new: recurring (0 9 * * MON-FRI) on octo/widgets (main)
            Next runs:
              2030-01-07 09:00 UTC
              2030-01-08 09:00 UTC
              2030-01-09 09:00 UTC

            """)
        let body = try harness.createdBody()
        #expect(body["type"] as? String == "recurring")
        #expect(body["cron"] as? String == "0 9 * * MON-FRI")
        #expect(body["run_at"] as? String == "2030-01-07T09:00:00.000Z")
        #expect(body["repo"] as? String == "octo/widgets")
        #expect(body["branch"] as? String == "main")
        #expect(body["prompt"] as? String == "Run the tests")
        #expect(body["auto_create_pr"] as? Bool == true)
        #expect(body["mode"] == nil)
    }

    @Test func createOnceReadsLocalTimeAndPrintsJSONWithStableKeys() async throws {
        let harness = try Harness()
        let result = await harness.run(
            ["schedule", "create", "--at", "2030-03-01T10:00", "--plan", "--json"] + Self.target + ["Plan the migration"],
            timeZone: "Europe/Berlin")
        #expect(result.code == 0, "\(result.stderr)")
        let body = try harness.createdBody()
        #expect(body["type"] as? String == "once")
        #expect(body["run_at"] as? String == "2030-03-01T09:00:00.000Z")
        #expect(body["mode"] as? String == "plan")
        #expect(body["auto_create_pr"] == nil)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["id", "type", "status", "cron", "run_at", "repo", "branch", "next_runs"])
        #expect(object["id"] as? String == "sch_new")
        // The stand-in answers next_run_at 2030-01-07T09:00Z to every create; the service's word wins.
        #expect(object["next_runs"] as? [String] == ["2030-01-07T09:00:00.000Z"])
    }

    @Test func noPRIsSent() async throws {
        let harness = try Harness()
        let result = await harness.run(["schedule", "create", "--cron", "30 2 * * *", "--no-pr"] + Self.target + ["Tidy up"])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(try harness.createdBody()["auto_create_pr"] as? Bool == false)
    }

    @Test(arguments: [
        (["--cron", "* * * * FRI-MOM"], "error: day-of-week field 'FRI-MOM': 'MOM' is not a day name (SUN–SAT) or number 0–7\n"),
        (["--cron", "0,10 * * * *"], "error: cron expression '0,10 * * * *' fires every 10 minutes at the closest (e.g. 00:00 and 00:10); the minimum is 15 minutes\n"),
        (["--cron", "0 9 * *"], "error: cron expression '0 9 * *' has 4 fields; expected 5 (minute hour day-of-month month day-of-week)\n"),
        (["--cron", "0 0 31 4 *"], "error: cron expression '0 0 31 4 *' never fires (no such day in the months given)\n"),
        (["--at", "next tuesday"], "error: --at 'next tuesday' is not an ISO 8601 time\n"),
        (["--at", "2020-01-01T00:00:00Z"], "error: --at 2020-01-01T00:00:00Z is in the past\n"),
        (["--cron", "0 9 * * *", "--at", "2030-01-01T00:00:00Z"], "error: --cron and --at cannot be combined\n"),
        ([], "error: say when the schedule runs: --cron EXPRESSION or --at TIME\n"),
    ])
    func badTimingIsAUsageErrorAndNothingIsSent(_ timing: [String], _ firstLine: String) async throws {
        let harness = try Harness()
        let result = await harness.run(["schedule", "create"] + timing + Self.target + ["Do it"])
        #expect(result.code == CodecloudExitCode.usage.rawValue)
        #expect(result.stderr.hasPrefix(firstLine), "\(result.stderr)")
        #expect(result.stderr.contains("hint: "))
        #expect(result.stdout.isEmpty)
        #expect(harness.server.requests.isEmpty)
    }

    // MARK: list

    @Test func listPrintsATable() async throws {
        let harness = try Harness()
        let result = await harness.run(["schedule", "list", "-L", "5", "--status", "active"])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout == """
            ID                STATUS     WHEN         NEXT RUN (UTC)    RUNS  SKIPS  REPOSITORY    PROMPT
            sch_9f8e7d6c5b4a  active     0 */6 * * *  2025-02-16 00:00  12    3      acme/web-api  Run the test suite and fix any failures
            sch_1a2b3c4d5e6f  completed  once         -                 1     0      acme/web-api  Deploy the new feature branch

            """)
        let query = harness.server.requests.first?.url.query ?? ""
        #expect(query.contains("limit=5") && query.contains("status=active"))
    }

    @Test func listJSONIsTheServicesEntries() async throws {
        let harness = try Harness()
        let result = await harness.run(["schedule", "list", "--json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["id"] as? String } == ["sch_9f8e7d6c5b4a", "sch_1a2b3c4d5e6f"])
        #expect(Set(entries[0].keys) == ["id", "type", "status", "prompt", "repo", "cron", "next_run_at", "total_runs", "total_skips", "last_run_at", "created_at"])
    }

    @Test func anEmptyListPrintsNothingAndSucceeds() async throws {
        let harness = try Harness()
        let result = await harness.run(["schedule", "list", "--status", "deleted"])
        #expect(result.code == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "No schedules with status deleted.\n")
        let json = await harness.run(["schedule", "list", "--status", "deleted", "--json"])
        #expect(json.code == 0)
        #expect(json.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" || json.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    @Test(arguments: [["--status", "paused"], ["-L", "0"], ["-L", "101"]])
    func badListOptionsAreUsageErrors(_ options: [String]) async throws {
        let harness = try Harness()
        let result = await harness.run(["schedule", "list"] + options)
        #expect(result.code == CodecloudExitCode.usage.rawValue)
        #expect(harness.server.requests.isEmpty)
    }

    // MARK: show

    @Test func showPrintsTimingCountersAndRuns() async throws {
        let harness = try Harness()
        let result = await harness.run(["schedule", "show", "sch_9f8e7d6c5b4a"])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout == """
            schedule    sch_9f8e7d6c5b4a
            type        recurring (0 */6 * * *)
            status      active
            repository  acme/web-api
            next run    2025-02-16 00:00 UTC
            last run    2025-02-15 18:00 UTC  def456ghi789jkl0
            runs        12 created, 3 skipped
            created     2025-02-12 18:00 UTC

            prompt:
                Run the test suite and fix any failures

            """)
    }

    @Test func showJSONIncludesTheLastRunID() async throws {
        let harness = try Harness()
        let result = await harness.run(["schedule", "show", "sch_9f8e7d6c5b4a", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["id", "type", "status", "prompt", "repo", "cron", "next_run_at", "total_runs", "total_skips", "last_run_at", "created_at", "last_run_id"])
    }

    @Test func aMissingScheduleIsAClearError() async throws {
        let harness = try Harness()
        let result = await harness.run(["schedule", "show", "sch_missing"])
        #expect(result.code == CodecloudExitCode.failure.rawValue)
        #expect(result.stderr.hasPrefix("error: schedule 'sch_missing' was not found on codecloud"))
        #expect(result.stderr.contains("hint: list your schedules with 'git codecloud schedule list'"))
        #expect(result.stdout.isEmpty)
    }

    // MARK: delete

    @Test func deleteFromAScriptNeedsYes() async throws {
        let harness = try Harness()
        let refused = await harness.run(["schedule", "delete", "sch_9f8e7d6c5b4a"])
        #expect(refused.code == CodecloudExitCode.usage.rawValue)
        #expect(refused.stderr == "error: not deleting schedule 'sch_9f8e7d6c5b4a' without confirmation\nhint: pass --yes to delete it from a script\n")
        #expect(harness.server.requests.isEmpty)

        let deleted = await harness.run(["schedule", "delete", "sch_9f8e7d6c5b4a", "--yes"])
        #expect(deleted.code == 0, "\(deleted.stderr)")
        #expect(harness.server.requests.map { "\($0.method) \($0.url.path)" }
            == ["GET /api/v1/schedules/sch_9f8e7d6c5b4a", "DELETE /api/v1/schedules/sch_9f8e7d6c5b4a"])
    }

    @Test func deletingADeletedScheduleSaysSoAndSendsNoDelete() async throws {
        let harness = try Harness()
        let again = await harness.run(["schedule", "delete", "sch_gone", "--yes"])
        #expect(again.code == 0)
        #expect(again.stderr == "Schedule sch_gone was already deleted.\n")
        #expect(!harness.server.requests.contains { $0.method == "DELETE" })
    }

    @Test func deleteOnATerminalAsksFirst() async throws {
        let harness = try Harness()
        let kept = await harness.run(["schedule", "delete", "sch_9f8e7d6c5b4a"], input: "n\n", terminal: true)
        #expect(kept.code == 0)
        #expect(kept.stderr.contains("Delete schedule sch_9f8e7d6c5b4a, recurring (0 */6 * * *) on acme/web-api: \"Run the test suite and fix any failures\"? [y/N] "))
        #expect(kept.stderr.hasSuffix("Schedule sch_9f8e7d6c5b4a kept.\n"))
        #expect(!harness.server.requests.contains { $0.method == "DELETE" })

        let deleted = await harness.run(["schedule", "delete", "sch_9f8e7d6c5b4a"], input: "y\n", terminal: true)
        #expect(deleted.code == 0)
        #expect(harness.server.requests.filter { $0.method == "DELETE" }.count == 1)
    }

    @Test func deletingAMissingScheduleIsAClearError() async throws {
        let harness = try Harness()
        let result = await harness.run(["schedule", "delete", "sch_missing", "--yes"])
        #expect(result.code == CodecloudExitCode.failure.rawValue)
        #expect(result.stderr.hasPrefix("error: schedule 'sch_missing' was not found on codecloud"))
    }
}
