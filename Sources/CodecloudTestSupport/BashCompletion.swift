import CodecloudTestSandbox
import Foundation

/// Drives real bash completion in a child bash: git's own completion script plus a
/// git-codecloud script, completing lines exactly as pressing TAB at their end would.
public enum BashCompletion {
    /// git's bash completion script, wherever this system keeps it (nil: not installed).
    public static let gitCompletionScript: String? = [
        "/usr/share/bash-completion/completions/git",
        "/usr/share/git-core/contrib/completion/git-completion.bash",
        "/usr/share/git/completion/git-completion.bash",
        "/opt/homebrew/etc/bash_completion.d/git-completion.bash",
        "/usr/local/etc/bash_completion.d/git-completion.bash",
    ].first { FileManager.default.fileExists(atPath: $0) }

    /// bash-completion's loader, which sources `completions/<command>` on demand.
    public static let bashCompletionLibrary = "/usr/share/bash-completion/bash_completion"

    /// Whether bash-completion is installed.
    public static var hasBashCompletionLibrary: Bool { FileManager.default.fileExists(atPath: bashCompletionLibrary) }

    /// The candidates bash offers for each of `lines` with `script` as git-codecloud's
    /// completion. `asInstalled` puts the script where bash-completion finds it and sources
    /// only bash-completion (as a login shell would); otherwise both scripts are sourced.
    /// `variables` are added to the child's environment (PATH defaults to /usr/bin:/bin).
    public static func complete(
        _ lines: [String], script: String, asInstalled: Bool = false, variables: [String: String] = [:], in directory: String? = nil
    ) throws -> [[String]] {
        let scratchDirectory = try ScratchDirectory(prefix: "codecloud-bash")
        defer { scratchDirectory.remove() }
        let scratch = scratchDirectory.url
        let home = scratch.appendingPathComponent("home")
        let completions = scratch.appendingPathComponent("share/bash-completion/completions")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: completions, withIntermediateDirectories: true)
        let installed = completions.appendingPathComponent("git-codecloud")
        try script.write(to: installed, atomically: true, encoding: .utf8)

        guard let gitCompletionScript else { throw BashCompletionError.gitCompletionMissing }
        let setup = asInstalled
            ? "source \(bashCompletionLibrary)\n_completion_loader git\n"
            : "source '\(gitCompletionScript)'\nsource '\(installed.path)'\n"
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

        let environment = [
            "HOME": home.path,
            "PATH": "/usr/bin:/bin",
            "XDG_DATA_DIRS": scratch.appendingPathComponent("share").path + ":/usr/share",
            "XDG_CACHE_HOME": scratch.appendingPathComponent("cache").path,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0",
        ].merging(variables) { _, new in new }
        let result = try ProcessRunner.run(
            "/bin/bash", ["--norc", "--noprofile", driverFile.path], in: directory ?? scratch.path,
            environment: environment, input: lines.map { $0 + "\n" }.joined())
        var results: [[String]] = [[]]
        for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line == "--end--" { results.append([]) } else { results[results.count - 1].append(String(line)) }
        }
        return Array(results.dropLast())
    }
}

/// Why bash completion cannot be driven here.
public enum BashCompletionError: Error {
    case gitCompletionMissing
}
