import CodecloudCore
import CodecloudProcess
import Foundation

/// A temporary HOME (and XDG_CONFIG_HOME) so nothing a test runs reads or writes the user's real
/// git config or credentials. Removed on `remove()`.
public struct ScratchHome: Sendable {
    /// The temporary home directory.
    public let path: String

    public init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("codecloud-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    /// `$HOME/.config`.
    public var configHome: String { path + "/.config" }

    /// Variables for a test Environment and its child processes: scratch HOME, no system git
    /// config, no prompts, fixed author, the real PATH (to find git).
    public func variables(_ extra: [String: String] = [:]) -> [String: String] {
        [
            "HOME": path,
            "XDG_CONFIG_HOME": configHome,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "author@example.com",
            "GIT_COMMITTER_NAME": "Test Committer", "GIT_COMMITTER_EMAIL": "committer@example.com",
            "LANG": "C",
        ].merging(extra) { _, new in new }
    }

    /// An Environment rooted here, writing into `output`.
    public func environment(
        _ extra: [String: String] = [:], output: CapturedOutput, input: InputSource = .text(""),
        terminal: TerminalTraits = TerminalTraits()
    ) -> Environment {
        Environment(
            variables: variables(extra), currentDirectory: path, output: output.streams, terminal: terminal, input: input)
    }

    /// Runs `git` with this home's variables (for test setup such as `git config --global …`).
    @discardableResult
    public func git(_ arguments: String...) throws -> String {
        try ChildProcess.run("git", arguments, in: path, environment: variables()).stdout
    }

    /// Deletes the directory.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
