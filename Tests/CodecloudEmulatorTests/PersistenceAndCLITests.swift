import CodecloudProcess
import CodecloudTestSandbox
import Foundation
import Testing
@testable import CodecloudEmulator
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

@Suite("State file and the command line")
struct PersistenceAndCLITests {
    @Test("--state keeps runs, PRs, schedules and follow-up workspaces across a restart")
    func stateSurvivesRestart() async throws {
        let stateScratch = try ScratchDirectory(prefix: "emulator-tests")
        defer { stateScratch.remove() }
        let stateDirectory = stateScratch.url
        let stateFile = stateDirectory.appendingPathComponent("state.json")
        // Both emulators serve the same repositories, as a restart with the same --git-root does.
        let gitRoot = stateDirectory.appendingPathComponent("git")
        var runID = ""
        var scheduleID = ""
        try await EmulatorHarness.with(configure: {
            $0.stateFile = stateFile
            $0.workDirectory = nil
            $0.gitRoot = gitRoot
        }) { first in
            try await first.makeRepository("octo/hello")
            runID = try await first.createRun(["prompt": "Add auth", "repo": "octo/hello", "auto_create_pr": true])
            try await first.waitForRun(runID, status: "completed")
            let schedule = try await first.request("POST", "/api/v1/schedules", body: ["type": "recurring", "cron": "0 * * * *", "prompt": "p"])
            scheduleID = try #require(schedule.json["id"] as? String)
        }
        #expect(FileManager.default.fileExists(atPath: stateFile.path))
        #expect(try !String(contentsOf: stateFile, encoding: .utf8).contains("cc_test"))

        try await EmulatorHarness.with(configure: {
            $0.stateFile = stateFile
            $0.workDirectory = nil
            $0.gitRoot = gitRoot
        }) { second in
            let run = try await second.run(runID)
            #expect(run["status"] as? String == "completed")
            #expect((run["prs"] as? [[String: Any]])?.first?["branch"] as? String == "codecloud/add-auth")
            #expect(try await second.request("GET", "/api/v1/schedules/\(scheduleID)").status == 200)

            _ = try await second.request("POST", "/api/v1/agents/run/\(runID)/message", body: ["prompt": "More", "update_pr": true])
            try await second.waitForRun(runID, status: "completed")
            let bare = gitRoot.appendingPathComponent("octo/hello.git")
            #expect(try await second.git(["rev-list", "--count", "codecloud/add-auth"], in: bare) == "3\n")
        }
    }

    @Test("the executable prints its address, serves the API and stops on SIGTERM")
    func commandLine() async throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("codecloud-emulator")
        let binary = FileManager.default.isExecutableFile(atPath: executable.path)
            ? executable
            : Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("codecloud-emulator")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the codecloud-emulator product first")
        let scratchDirectory = try ScratchDirectory(prefix: "emulator-tests")
        defer { scratchDirectory.remove() }
        let scratch = scratchDirectory.url

        let process = try ChildProcess.start(
            binary.path, ["--port", "0", "--git-root", scratch.appendingPathComponent("git").path, "--api-key", "cc_cli:pro"],
            in: scratch.path, environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": scratch.path],
            ownProcessGroup: true)
        defer { if process.termination == nil { process.send(SIGTERM) } }

        try await awaitCondition(timeout: .seconds(60), "the emulator printed no line") {
            process.stdoutSoFar.contains("\n") || process.outputEnded()
        }
        let line = String(process.stdoutSoFar.prefix { $0 != "\n" }) + "\n"
        let prefix = "codecloud-emulator listening on http://127.0.0.1:"
        #expect(line.hasPrefix(prefix), "\(line)")
        let port = try #require(Int(line.dropFirst(prefix.count).trimmingCharacters(in: .whitespacesAndNewlines)))
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/api/v1/providers")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains("anthropic"))

        process.send(SIGTERM)
        try await awaitCondition(timeout: .seconds(60), "the emulator did not exit on SIGTERM") { process.termination != nil }
        guard case .exited = process.waitForTermination() else {
            Issue.record("the emulator was killed by \(process.waitForTermination()) instead of exiting")
            return
        }
    }

    @Test("--api-key accepts KEY, KEY:starter and KEY:pro only")
    func keyArguments() {
        #expect(APIKey(argument: "cc_test") == APIKey("cc_test", plan: .starter))
        #expect(APIKey(argument: "cc_test:pro") == APIKey("cc_test", plan: .pro))
        #expect(APIKey(argument: "cc_test:starter") == APIKey("cc_test"))
        #expect(APIKey(argument: "cc_test:enterprise") == nil)
        #expect(APIKey(argument: ":pro") == nil)
    }
}
