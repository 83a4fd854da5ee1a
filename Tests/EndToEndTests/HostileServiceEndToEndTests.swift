import CodecloudEmulator
import CodecloudProcess
import CodecloudTestSupport
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RunLoopEndToEnd {
    /// The built CLI against an emulator told to answer within the reference but not the way
    /// it normally does (issue 11): odd `Retry-After` values, unknown statuses, a follow-up that
    /// fails at once, an ignored `offset`, hostile text. Nothing crashes, hangs or reaches the
    /// terminal raw.
    @Suite("Hostile service")
    struct HostileService {
        /// Text an agent or a compromised service could send: clipboard write (OSC 52), a
        /// disguised link (OSC 8), clear screen (CSI 2J), C1 CSI, a right-to-left override.
        static let hostile = "done\u{1B}]52;c;ZWNobyBwd25lZA==\u{07} \u{1B}]8;;https://evil.example\u{1B}\\docs\u{1B}]8;;\u{1B}\\ \u{1B}[2J\u{1B}[H \u{9B}31mred \u{202E}txt.exe"

        /// The control characters in `text` a terminal would act on (newline and tab excepted).
        static func rawControls(in text: String) -> [String] {
            text.unicodeScalars.filter { scalar in
                switch scalar.value {
                case 0x0A, 0x09: false
                case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
                default: false
                }
            }.map { String(format: "U+%04X", $0.value) }
        }

        @Test("Retry-After values that are not delay-seconds or an HTTP-date, or ask for a day, neither trap nor stall",
              arguments: ["inf", "1e300", "0x10", "86400", "Fri, 01 Jan 2100 00:00:00 GMT"])
        func retryAfterValues(value: String) async throws {
            try await withRunLoopWorld { world in
                try await world.injectFault([
                    "path": "/api/v1/agents/run/*", "method": "GET", "count": 1, "kind": "status", "status": 503, "retry_after": value,
                ])
                let started = ContinuousClock.now

                let result = try await world.codecloud("fix", "Add a CONTRIBUTING guide", "--timeout", "15s")

                #expect(result.status == 0, "\(result.stderr)")
                #expect(!result.stderr.contains("Fatal error"), "\(result.stderr)")
                #expect(ContinuousClock.now - started < .seconds(40), "a server-requested delay outlasted --timeout")
                let runID = try submittedRunID(in: result.stderr)
                let polls = try await world.requestLog().filter { $0.path == "/api/v1/agents/run/\(runID)" }
                #expect(polls.first?.status == 503)
                #expect(polls.last?.status == 200)
            }
        }

        @Test("a Retry-After on a poll never holds waiting past --timeout, even one within the client's retry budget")
        func retryAfterBoundedByTimeout() async throws {
            // The gate never opens: the run cannot complete before --timeout, however slow the machine.
            try await withRunLoopWorld(gate: AgentGate()) { world in
                try await world.injectFault([
                    "path": "/api/v1/agents/run/*", "method": "GET", "count": 1, "kind": "status", "status": 503, "retry_after": "15",
                ])
                let started = ContinuousClock.now

                let result = try await world.codecloud("fix", "Add a CONTRIBUTING guide", "--timeout", "2s")

                #expect(result.status == 5, "\(result.stderr)")
                #expect(ContinuousClock.now - started < .seconds(12), "slept the server's 15 s past a 2 s timeout")
                #expect(result.stderr.contains("still waiting, next try in ") && !result.stderr.contains("next try in 15s"), "\(result.stderr)")
            }
        }

        @Test("an unknown status is shown by name, in the progress lines and in --json; waiting ends at --timeout")
        func lastingUnknownStatus() async throws {
            try await withRunLoopWorld { world in
                try await world.injectFault([
                    "path": "/api/v1/agents/run/*", "method": "GET", "count": 10_000, "kind": "patch", "body": ["status": "paused"],
                ])

                let result = try await world.codecloud("fix", "Add a CONTRIBUTING guide", "--timeout", "2s", "--json")

                #expect(result.status == 5, "\(result.stderr)")
                let runID = try submittedRunID(in: result.stderr)
                #expect(result.stderr.contains("paused · "), "the progress line names the status: \(result.stderr)")
                #expect(result.stderr.contains("warning: run \(runID) reports status 'paused', which this version of git-codecloud does not know"), "\(result.stderr)")
                #expect(result.stderr.contains("error: run \(runID) is still paused after 2s"), "\(result.stderr)")
                let report = try #require(try parseJSON(result.stdout) as? [String: Any], "stdout: \(result.stdout)")
                #expect(report["run_id"] as? String == runID)
                let error = try #require(report["error"] as? [String: Any])
                #expect((error["message"] as? String)?.contains("still paused") == true)
                #expect(error["exit_code"] as? Int == 5)
            }
        }

        @Test("an unknown status that passes is waited through; the run lands")
        func passingUnknownStatus() async throws {
            try await withRunLoopWorld(agentDelay: 0.5) { world in
                try await world.injectFault([
                    "path": "/api/v1/agents/run/*", "method": "GET", "count": 2, "kind": "patch", "body": ["status": "provisioning"],
                ])

                let result = try await world.codecloud("fix", "Add a CONTRIBUTING guide", "--timeout", "60s")

                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stderr.contains("reports status 'provisioning'"), "\(result.stderr)")
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == "codecloud/add-a-contributing-guide")
            }
        }

        @Test("a follow-up that fails before the first poll, completedAt unchanged, ends waiting at once (exit 3)")
        func followUpFailingAtOnce() async throws {
            try await withRunLoopWorld { world in
                let fix = try await world.codecloud("fix", "Add a CONTRIBUTING guide")
                #expect(fix.status == 0, "\(fix.stderr)")
                let runID = try submittedRunID(in: fix.stderr)
                let completedBefore = try await world.run(runID)["completedAt"] as? String
                try await world.injectFault([
                    "path": "/api/v1/agents/run/*", "method": "POST", "count": 1, "kind": "fail_followup", "message": "sandbox lost",
                ])
                let started = ContinuousClock.now

                let result = try await world.codecloud("followup", "Mention the code of conduct", "--timeout", "60s")

                #expect(result.status == 3, "\(result.stderr)")
                #expect(result.stderr.contains("error: run \(runID) failed: sandbox lost"), "\(result.stderr)")
                #expect(ContinuousClock.now - started < .seconds(30), "waited for a completion that would never come")
                let after = try await world.run(runID)
                #expect(after["status"] as? String == "failed")
                #expect(after["completedAt"] as? String == completedBefore, "the fault must leave completedAt as it was")
            }
        }

        @Test("list against a service that ignores offset: one extra request, no duplicates, a note on stderr")
        func listWithIgnoredOffset() async throws {
            // A closed gate keeps the repository's run (and the others) from finishing.
            try await withRunLoopWorld(gate: AgentGate()) { world in
                // The repository's run is the oldest; 100 newer blank-workspace runs push it to page two.
                let own = try await Self.createRun(world, ["prompt": "Add a CONTRIBUTING guide", "repo": RunLoopWorld.repository])
                for index in 0..<100 {
                    _ = try await Self.createRun(world, ["prompt": "Scratch \(index)", "blank_workspace": true])
                }

                let paged = try await world.codecloud("list")
                #expect(paged.status == 0, "\(paged.stderr)")
                #expect(paged.stdout.contains(own), "with offset honoured the run on page two is found: \(paged.stdout)")
                #expect(!paged.stderr.contains("note:"), "\(paged.stderr)")

                try await world.injectFault(["path": "/api/v1/agents", "method": "GET", "count": 100, "kind": "ignore_offset"])
                let before = try await world.requestLog().filter { $0.method == "GET" && $0.path == "/api/v1/agents" }.count

                let result = try await world.codecloud("list", "--json")

                #expect(result.status == 0, "\(result.stderr)")
                let lists = try await world.requestLog().filter { $0.method == "GET" && $0.path == "/api/v1/agents" }.count - before
                #expect(lists == 2, "one request for the page, one to learn that paging does not work")
                #expect(result.stderr.contains("note: the service repeated the same runs instead of the next page"), "\(result.stderr)")
                let runs = try #require(try parseJSON(result.stdout) as? [[String: Any]])
                let ids = runs.compactMap { $0["id"] as? String }
                #expect(Set(ids).count == ids.count)

                let all = try await world.codecloud("list", "--all", "-L", "100")
                let rows = all.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ").first.map(String.init) ?? "" }
                #expect(rows.count == 100 && Set(rows).count == 100, "\(all.stdout)")
            }
        }

        @Test("hostile text in results, titles, branch names, URLs and errors is made visible; --json keeps it verbatim")
        func hostileTextNeverReachesTheTerminal() async throws {
            try await withRunLoopWorld { world in
                let hostile = Self.hostile
                try await world.injectFault([
                    "path": "/api/v1/agents/run/*", "method": "GET", "count": 10_000, "kind": "patch",
                    "body": [
                        "result": hostile, "title": "Title \(hostile)", "model": "model\u{1B}[8m",
                        "prs": [["url": "https://example.test/pr/1\u{1B}]8;;https://evil.example\u{07}", "number": 1,
                                 "branch": "codecloud/x\u{1B}[2J", "repo": RunLoopWorld.repository, "title": hostile] as [String: any Sendable]] as [any Sendable],
                    ] as [String: any Sendable],
                ])
                try await world.injectFault([
                    "path": "/api/v1/agents", "method": "GET", "count": 10_000, "kind": "patch", "body": ["title": "Listed \(hostile)"],
                ])

                let fix = try await world.codecloud("fix", "Add a CONTRIBUTING guide", "--no-checkout")
                #expect(fix.status == 0, "\(fix.stderr)")
                let runID = try submittedRunID(in: fix.stderr)
                #expect(Self.rawControls(in: fix.stdout + fix.stderr).isEmpty, "\(Self.rawControls(in: fix.stdout + fix.stderr))")
                #expect(fix.stdout.contains("done^[]52;c;ZWNobyBwd25lZA==^G"), "escapes are shown, not acted on: \(fix.stdout)")
                #expect(fix.stdout.contains("\\u{9b}31mred"), "\(fix.stdout)")
                #expect(fix.stderr.contains("(codecloud/x^[[2J)"), "\(fix.stderr)")

                for arguments in [["show", runID], ["list"], ["list", "--all"], ["status"]] {
                    let result = try await world.codecloud(arguments)
                    #expect(Self.rawControls(in: result.stdout + result.stderr).isEmpty,
                            "\(arguments): \(Self.rawControls(in: result.stdout + result.stderr))\n\(result.stdout)\(result.stderr)")
                }

                let json = try await world.codecloud("show", runID, "--json")
                #expect(Self.rawControls(in: json.stdout).isEmpty, "JSON escapes control characters as \\uXXXX")
                let detail = try #require(try parseJSON(json.stdout) as? [String: Any])
                #expect(detail["result"] as? String == hostile, "--json keeps the service's text verbatim")
                #expect((detail["prs"] as? [[String: Any]])?.first?["branch"] as? String == "codecloud/x\u{1B}[2J")

                // The branch name is refused by the landing (no control characters in a ref),
                // and the refusal that names it is shown inert too.
                let checkout = try await world.codecloud("checkout", runID)
                #expect(checkout.status != 0)
                #expect(Self.rawControls(in: checkout.stdout + checkout.stderr).isEmpty, "\(checkout.stderr)")
            }
        }

        @Test("a hostile error message from the service is shown inert")
        func hostileErrorMessage() async throws {
            try await withRunLoopWorld { world in
                try await world.injectFault([
                    "path": "/api/v1/agents", "method": "POST", "count": 1, "kind": "status", "status": 400, "message": "Validation Error: \(Self.hostile)",
                ])

                let result = try await world.codecloud("fix", "Add a CONTRIBUTING guide")

                #expect(result.status == 1, "\(result.stderr)")
                #expect(result.stderr.contains("error: codecloud refused the request (HTTP 400: Injected Fault: Validation Error: done^[]52;"), "\(result.stderr)")
                #expect(Self.rawControls(in: result.stderr).isEmpty, "\(Self.rawControls(in: result.stderr))")
            }
        }

        @Test("--timeout too large to hold is a usage error, not a trap", arguments: ["9999999999999999h", "99999999999999999999s", "169h"])
        func overflowingTimeout(value: String) async throws {
            try await withRunLoopWorld { world in
                let result = try await world.codecloud("wait", "jd7x8k9m2n3p4q5r", "--timeout", value)

                #expect(result.status == 64, "\(result.stderr)")
                #expect(result.stderr.hasPrefix("error: the value '\(value)' is invalid for '--timeout <duration>'"), "\(result.stderr)")
                #expect(result.stderr.contains("at most 168h"), "\(result.stderr)")
                #expect(try await world.requestLog().isEmpty, "nothing was sent")
            }
        }

        @Test("Ctrl-C at the hidden auth login prompt restores terminal echo")
        func interruptedKeyPromptRestoresEcho() async throws {
            try await withRunLoopWorld { world in
                let master = c_posix_openpt(O_RDWR | O_NOCTTY)
                try #require(master >= 0 && c_grantpt(master) == 0 && c_unlockpt(master) == 0, "no pseudo-terminal")
                defer { close(master) }
                var name = [CChar](repeating: 0, count: 128)
                try #require(c_ptsname_r(master, &name, name.count) == 0)
                let slave = open(String(cString: name), O_RDWR | O_NOCTTY)
                try #require(slave >= 0)
                defer { close(slave) }
                func echoing() -> Bool {
                    var settings = termios()
                    return tcgetattr(slave, &settings) == 0 && settings.c_lflag & tcflag_t(ECHO) != 0
                }
                #expect(echoing())
                var variables = world.variables
                variables["CODECLOUD_API_KEY"] = nil
                let pid = try Spawn.start(
                    world.productsDirectory + "/git-codecloud", ["auth", "login"], in: world.work, environment: variables,
                    streams: Spawn.Streams(input: slave, output: slave, error: slave))
                var ended: Spawn.Termination?
                defer { if ended == nil { kill(pid, SIGKILL); _ = Spawn.waitForExit(pid) } }
                try await awaitCondition("the prompt never switched echo off") { !echoing() }

                kill(pid, SIGINT)

                try await awaitCondition("auth login did not end on SIGINT") {
                    if ended == nil { ended = Spawn.terminationIfEnded(pid) }
                    return ended != nil
                }
                #expect(ended == .signalled(SIGINT))
                #expect(echoing(), "the terminal was left without echo")
            }
        }

        /// Creates a run through the API directly (no CLI); returns its id.
        static func createRun(_ world: RunLoopWorld, _ body: [String: any Sendable]) async throws -> String {
            var request = URLRequest(url: URL(string: world.emulator.baseURL.absoluteString + "/api/v1/agents")!)
            request.httpMethod = "POST"
            request.setValue("Bearer \(RunLoopWorld.apiKey)", forHTTPHeaderField: "Authorization")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            let (data, _) = try await URLSession.shared.data(for: request)
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            return try #require(json["id"] as? String, "\(json)")
        }
    }
}

extension RunLoopWorld {
    /// `git codecloud <arguments>` with the arguments as an array.
    func codecloud(_ arguments: [String]) async throws -> ProcessResult {
        let variables = self.variables, directory = work
        return try await offTheCooperativePool {
            try ProcessRunner.run("git", ["codecloud"] + arguments, in: directory, environment: variables, input: "")
        }
    }
}

// The pseudo-terminal calls glibc has but the Glibc module does not import (they need
// _XOPEN_SOURCE).
@_silgen_name("posix_openpt") private func c_posix_openpt(_ flags: Int32) -> Int32
@_silgen_name("grantpt") private func c_grantpt(_ descriptor: Int32) -> Int32
@_silgen_name("unlockpt") private func c_unlockpt(_ descriptor: Int32) -> Int32
@_silgen_name("ptsname_r") private func c_ptsname_r(_ descriptor: Int32, _ buffer: UnsafeMutablePointer<CChar>, _ length: Int) -> Int32
