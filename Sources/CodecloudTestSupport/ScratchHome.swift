import CodecloudCore
import CodecloudProcess
import CodecloudTestSandbox
import Foundation

/// A developer-like HOME (`DeveloperHome`) in a scratch directory of its own, for workflows and
/// commands run in-process: nothing a test runs reads or writes the user's real git config or
/// credentials. Removed with the value, or at `remove()`.
public final class ScratchHome: @unchecked Sendable {
    private let scratch: ScratchDirectory
    /// The temporary home directory.
    public let path: String

    public init() throws {
        scratch = try ScratchDirectory(prefix: "codecloud-home")
        path = scratch.path
    }

    /// `$HOME/.config`.
    public var configHome: String { path + "/.config" }

    /// Variables for a test Environment and its child processes (`DeveloperHome.variables`).
    public func variables(_ extra: [String: String] = [:]) -> [String: String] {
        DeveloperHome.variables(home: path, extra: extra)
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

    /// Deletes the directory now.
    public func remove() {
        scratch.remove()
    }
}
