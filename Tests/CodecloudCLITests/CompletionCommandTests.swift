import ArgumentParser
@testable import CodecloudCLI
import CodecloudCore
import CodecloudTestSupport
import Foundation
import Testing

@Suite struct CompletionCommandTests {
    private func run(_ arguments: [String]) async -> (code: Int32, output: CapturedOutput) {
        let output = CapturedOutput()
        let environment = Environment(variables: [:], currentDirectory: "/", output: output.streams)
        let code = await CommandRunner.run(arguments, environment: environment)
        return (code, output)
    }

    @Test(arguments: Shell.allCases)
    func printsTheScriptOnStdout(_ shell: Shell) async {
        let (code, output) = await run(["completion", shell.rawValue])
        #expect(code == 0)
        #expect(output.stdout == ShellCompletionScripts.script(for: shell))
        #expect(output.stderr.isEmpty)
    }

    @Test func unknownShellIsAUsageError() async {
        let (code, output) = await run(["completion", "powershell"])
        #expect(code == CodecloudExitCode.usage.rawValue)
        #expect(output.stderr.hasPrefix("error: "))
        #expect(output.stdout.isEmpty)
    }

    @Test func bashScriptDefinesGitsHookAndKeepsTheDirectCommand() {
        let script = ShellCompletionScripts.script(for: .bash)
        #expect(script.contains("\n_git_codecloud() {\n"))
        #expect(script.contains("complete -o filenames -F _git-codecloud git-codecloud\n"))
    }

    @Test func zshScriptRenamesTheCommandWordWhenCalledByGit() {
        let script = ShellCompletionScripts.script(for: .zsh)
        #expect(script.hasPrefix("#compdef git-codecloud\n"))
        let hook = script.range(of: "[[ \"${words[1]}\" == codecloud ]] && words[1]=git-codecloud")
        let commandName = script.range(of: "local -r command_name=\"${words[1]}\"")
        #expect(hook != nil && commandName != nil && hook!.lowerBound < commandName!.lowerBound)
    }

    @Test func fishScriptCompletesGitCodecloud() {
        let script = ShellCompletionScripts.script(for: .fish)
        #expect(script.contains("complete -c git -f -n '__fish_seen_subcommand_from codecloud'"))
    }

    @Test func hiddenCommandsAreNotOffered() {
        for shell in Shell.allCases {
            #expect(!ShellCompletionScripts.script(for: shell).contains("generate-shell-integration"), "\(shell)")
        }
    }
}

/// Identifier completion through ArgumentParser's callback, with the run's environment.
@Suite struct IdentifierCompletionKindTests {
    struct Probe: AsyncParsableCommand {
        @Argument(completion: .scheduleIdentifiers) var schedule: String
        @Option(completion: .runIdentifiers) var run: String?
    }

    struct FixedSource: CompletionSource {
        let apiURL = "http://127.0.0.1:1"
        func identifiers(of subject: CompletionSubject, limit: Int) async throws -> [String] {
            subject == .runs ? ["run_abc", "run_abd", "run_x"] : ["sch_1", "sch_2"]
        }
    }

    /// What the shell would receive for `arguments` (ArgumentParser's `---completion` protocol).
    static func complete(_ arguments: [String], cacheHome: String) async throws -> [String] {
        let environment = Environment(
            variables: ["XDG_CACHE_HOME": cacheHome], currentDirectory: "/", output: CapturedOutput().streams)
        let message: String = await CommandContext.$environment.withValue(environment) {
            await CompletionSources.$override.withValue({ _ in FixedSource() }) {
                do {
                    _ = try await Probe.asyncParseAsRoot(arguments)
                    return ""
                } catch {
                    return Probe.fullMessage(for: error)
                }
            }
        }
        // ArgumentParser formats the answer for the shell it last saw requesting, a process-wide
        // value other tests running in parallel may set (zsh adds a blank entry): keep the ids.
        return message.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    @Test func completesRunIdentifiersMatchingThePrefix() async throws {
        let scratch = try ScratchDirectory(prefix: "codecloud-completion")
        let cacheHome = scratch.path
        defer { scratch.remove() }
        let candidates = try await Self.complete(
            ["---completion", "--", "--run", "2", "8", "probe", "--run", "run_ab"], cacheHome: cacheHome)
        #expect(candidates == ["run_abc", "run_abd"])
    }

    @Test func completesScheduleIdentifiersAndCachesThem() async throws {
        let scratch = try ScratchDirectory(prefix: "codecloud-completion")
        let cacheHome = scratch.path
        defer { scratch.remove() }
        let candidates = try await Self.complete(
            ["---completion", "--", "positional@0", "1", "0", "probe", ""], cacheHome: cacheHome)
        #expect(candidates == ["sch_1", "sch_2"])
        let cached = CompletionCache(path: cacheHome + "/git-codecloud/completion-cache.json")
            .entry(for: .schedules, apiURL: "http://127.0.0.1:1")
        #expect(cached?.identifiers == ["sch_1", "sch_2"])
    }
}
