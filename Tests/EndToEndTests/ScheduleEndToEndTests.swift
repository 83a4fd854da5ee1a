import CodecloudEmulator
import CodecloudTestSupport
import Foundation
import Testing

/// The built `git-codecloud`, run by the real `git` inside a checkout, against an in-process
/// emulator: schedules from creation to deletion, and their ids completing in real bash.
@Suite struct ScheduleEndToEndTests {
    @Test func createListShowCompleteAndDeleteAgainstTheEmulator() async throws {
        let sandbox = try GitSandbox()
        let work = try sandbox.makeRepository(remote: try sandbox.makeBareRemote("octo/widgets"))
        let emulator = try await Emulator.start(EmulatorConfiguration(
            gitRoot: URL(fileURLWithPath: sandbox.scratch.path + "/remotes"), apiKeys: [APIKey("cc_e2e")],
            workDirectory: URL(fileURLWithPath: try sandbox.scratch.makeDirectory("emulator"))))
        do {
            try await exercise(emulator: emulator, sandbox: sandbox, work: work)
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }

    private func exercise(emulator: Emulator, sandbox: GitSandbox, work: String) async throws {

        var variables = sandbox.variables
        variables["PATH"] = try BuiltProducts.directory() + ":" + (variables["PATH"] ?? "/usr/bin:/bin")
        variables["CODECLOUD_API_URL"] = emulator.baseURL.absoluteString
        variables["CODECLOUD_API_KEY"] = "cc_e2e"
        variables["XDG_CACHE_HOME"] = try sandbox.scratch.makeDirectory("cache")
        variables["TZ"] = "UTC"
        func codecloud(_ arguments: String...) async throws -> ProcessResult {
            try await ProcessRunner.runDetached("git", ["codecloud"] + arguments, in: work, environment: variables)
        }

        // Too frequent: refused before anything is sent.
        let refused = try await codecloud("schedule", "create", "--cron", "*/10 * * * *", "Too often")
        #expect(refused.status == 64)
        #expect(refused.stderr.hasPrefix("error: cron expression '*/10 * * * *' fires every 10 minutes at the closest"))

        // The repository comes from the checkout's remote.
        let created = try await codecloud("schedule", "create", "--cron", "0 9 * * MON-FRI", "--json", "Run the tests and fix failures")
        #expect(created.status == 0, "\(created.stderr)")
        let schedule = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
        let id = try #require(schedule["id"] as? String)
        #expect(schedule["repo"] as? String == "octo/widgets")
        #expect((schedule["next_runs"] as? [String])?.count == 3)

        let list = try await codecloud("schedule", "list")
        #expect(list.status == 0)
        #expect(list.stdout.contains(id) && list.stdout.contains("0 9 * * MON-FRI") && list.stdout.contains("octo/widgets"))
        #expect(list.stdout.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 2)

        let shown = try await codecloud("schedule", "show", id)
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("type        recurring (0 9 * * MON-FRI)"))
        #expect(shown.stdout.contains("runs        0 created, 0 skipped"))

        if BashCompletion.gitCompletionScript != nil {
            let script = try await codecloud("completion", "bash").stdout
            var completionVariables = variables.filter { ["PATH", "CODECLOUD_API_URL", "CODECLOUD_API_KEY", "XDG_CACHE_HOME"].contains($0.key) }
            // A loaded CI machine can take longer than a TAB's default 0.8 s for a cold process
            // to reach the emulator; what is tested here is that the ids arrive at all.
            completionVariables["CODECLOUD_COMPLETION_TIMEOUT"] = "60"
            let shellVariables = completionVariables
            let candidates = try await offTheCooperativePool {
                try BashCompletion.complete(
                    ["git codecloud schedule show ", "git codecloud schedule delete \(id.prefix(3))"], script: script,
                    variables: shellVariables)
            }
            #expect(candidates == [[id], [id]])
        }

        let deleted = try await codecloud("schedule", "delete", id, "--yes")
        #expect(deleted.status == 0, "\(deleted.stderr)")
        let afterwards = try await codecloud("schedule", "list", "--status", "active")
        #expect(afterwards.status == 0 && afterwards.stdout.isEmpty)
        let missing = try await codecloud("schedule", "show", "nope")
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("error: schedule 'nope' was not found on codecloud"))
    }
}
