@testable import CodecloudCLI
import Foundation
import Testing

/// Drives real bash completion: bash, git's own completion script and ours, completing
/// `git codecloud …` lines exactly as pressing TAB would (git's completion entry point,
/// git's word splitting).
@Suite(.enabled(if: GitCompletionScript.path != nil, "git's bash completion script is not installed"))
struct BashCompletionTests {
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
        let results = try Self.complete(["git codecloud sta", "git -C /tmp codecloud sta", "git-codecloud sta"])
        #expect(results == [["status"], ["status"], ["status"]])
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
        let results = try Self.complete(lines)
        for (line, (offered, wanted)) in zip(lines, zip(results, expected)) {
            #expect(Set(wanted).isSubset(of: Set(offered)), "\(line): offered \(offered), expected \(wanted)")
        }
    }

    /// As installed: bash-completion loads `completions/git-codecloud` on demand when git's
    /// completion asks for `_git_codecloud`; nothing is sourced by hand.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: GitCompletionScript.bashCompletionLibrary), "bash-completion is not installed"))
    func bashCompletionLoadsTheInstalledScriptOnDemand() throws {
        #expect(try Self.complete(["git codecloud sta", "git codecloud completion z"], asInstalled: true) == [["status"], ["zsh"]])
    }

    // MARK: - Driving bash

    /// The candidates bash offers for each line, TAB pressed at its end.
    static func complete(_ lines: [String], asInstalled: Bool = false) throws -> [[String]] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("codecloud-bash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let home = scratch.appendingPathComponent("home")
        let completions = scratch.appendingPathComponent("share/bash-completion/completions")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: completions, withIntermediateDirectories: true)
        let script = completions.appendingPathComponent("git-codecloud")
        try ShellCompletionScripts.script(for: .bash).write(to: script, atomically: true, encoding: .utf8)

        let setup = asInstalled
            ? "source \(GitCompletionScript.bashCompletionLibrary)\n_completion_loader git\n"
            : "source '\(GitCompletionScript.path!)'\nsource '\(script.path)'\n"
        let driver = setup + #"""
            complete_line() {
                COMP_LINE="$1"
                COMP_POINT=${#COMP_LINE}
                read -ra COMP_WORDS <<< "$COMP_LINE"
                [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                COMPREPLY=()
                local function
                function=$(complete -p "${COMP_WORDS[0]}" | sed -E 's/.* -F ([^ ]+) .*/\1/')
                "$function" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
                printf '%s\n' "${COMPREPLY[@]}" "--end--"
            }
            while IFS= read -r line; do complete_line "$line"; done
            """#
        let driverFile = scratch.appendingPathComponent("driver.bash")
        try driver.write(to: driverFile, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["--norc", "--noprofile", driverFile.path]
        process.environment = [
            "HOME": home.path,
            "PATH": "/usr/bin:/bin",
            "XDG_DATA_DIRS": scratch.appendingPathComponent("share").path + ":/usr/share",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0",
        ]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(lines.map { $0 + "\n" }.joined().utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()

        let text = String(decoding: data, as: UTF8.self)
        var results: [[String]] = [[]]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line == "--end--" { results.append([]) } else { results[results.count - 1].append(String(line)) }
        }
        return Array(results.dropLast())
    }
}

/// git's bash completion script, wherever this system keeps it, and bash-completion's loader.
enum GitCompletionScript {
    static let bashCompletionLibrary = "/usr/share/bash-completion/bash_completion"

    static let path: String? = [
        "/usr/share/bash-completion/completions/git",
        "/usr/share/git-core/contrib/completion/git-completion.bash",
        "/usr/share/git/completion/git-completion.bash",
        "/opt/homebrew/etc/bash_completion.d/git-completion.bash",
        "/usr/local/etc/bash_completion.d/git-completion.bash",
    ].first { FileManager.default.fileExists(atPath: $0) }
}
