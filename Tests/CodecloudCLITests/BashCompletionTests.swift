@testable import CodecloudCLI
import CodecloudTestSupport
import Foundation
import Testing

/// Drives real bash completion: bash, git's own completion script and ours, completing
/// `git codecloud …` lines exactly as pressing TAB would (git's completion entry point,
/// git's word splitting).
@Suite(.enabled(if: BashCompletion.gitCompletionScript != nil, "git's bash completion script is not installed"))
struct BashCompletionTests {
    static func complete(_ lines: [String], asInstalled: Bool = false) throws -> [[String]] {
        try BashCompletion.complete(lines, script: ShellCompletionScripts.script(for: .bash), asInstalled: asInstalled)
    }

    @Test func gitCodecloudOffersEveryVisibleCommand() async throws {
        let tree = try await CommandTreeDescription.current()
        let visible = (tree.command.subcommands ?? []).filter(\.isVisible).map(\.commandName)
        let candidates = try Self.complete(["git codecloud "])[0]
        #expect(Set(visible).isSubset(of: Set(candidates)), "offered: \(candidates)")
        #expect(!candidates.contains("generate-shell-integration"))
    }

    @Test func completionOffersTheThreeShells() throws {
        #expect(try Self.complete(["git codecloud completion "])[0] == ["bash", "zsh", "fish"])
    }

    @Test func aPrefixCompletesToOneCommandEvenAfterGitOptions() throws {
        let results = try Self.complete(["git codecloud sta", "git -C /tmp codecloud sta", "git-codecloud sta", "git codecloud schedule cr"])
        #expect(results == [["status"], ["status"], ["status"], ["create"]])
    }

    /// `git codecloud <command> --` offers every visible long option of every command
    /// (`fix --`, `schedule create --`, … as the tree grows).
    @Test func everyCommandOffersItsLongOptions() async throws {
        let tree = try await CommandTreeDescription.current()
        var lines: [String] = []
        var expected: [[String]] = []
        func visit(_ command: CommandTreeDescription.Command, path: String) {
            guard command.isVisible, command.commandName != "help" else { return }
            let subcommands = (command.subcommands ?? []).filter(\.isVisible)
            if subcommands.isEmpty {
                lines.append("git codecloud \(path) --")
                expected.append((command.arguments ?? []).filter(\.isVisible)
                    .flatMap { $0.names ?? [] }.filter { $0.kind == "long" }.map(\.spelling))
            }
            subcommands.forEach { visit($0, path: path + " " + $0.commandName) }
        }
        (tree.command.subcommands ?? []).forEach { visit($0, path: $0.commandName) }
        #expect(lines.contains("git codecloud fix --") && lines.contains("git codecloud schedule create --"))
        let results = try Self.complete(lines)
        for (line, (offered, wanted)) in zip(lines, zip(results, expected)) {
            #expect(!wanted.isEmpty && Set(wanted).isSubset(of: Set(offered)), "\(line): offered \(offered), expected \(wanted)")
        }
    }

    /// As installed: bash-completion loads `completions/git-codecloud` on demand when git's
    /// completion asks for `_git_codecloud`; nothing is sourced by hand.
    @Test func remotesAndTheirBranchesCompleteFromTheCheckout() throws {
        let sandbox = try GitSandbox()
        let work = try sandbox.makeRepository(remote: try sandbox.makeBareRemote("octo/widgets"))
        try sandbox.git("remote", "add", "upstream", try sandbox.makeBareRemote("acme/widgets"), in: work)
        try sandbox.git("push", "--quiet", "origin", "main:release/1.0", in: work)
        let results = try BashCompletion.complete(
            ["git codecloud fix --remote ", "git codecloud fix -b rel", "git codecloud list --remote up"],
            script: ShellCompletionScripts.script(for: .bash), in: work)
        #expect(results == [["origin", "upstream"], ["release/1.0"], ["upstream"]])
    }

    @Test(.enabled(if: BashCompletion.hasBashCompletionLibrary, "bash-completion is not installed"))
    func bashCompletionLoadsTheInstalledScriptOnDemand() throws {
        #expect(try Self.complete(["git codecloud sta", "git codecloud completion z"], asInstalled: true) == [["status"], ["zsh"]])
    }
}
