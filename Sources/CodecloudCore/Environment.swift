import CodecloudProcess
import Foundation

/// Everything a workflow may learn about the process it runs in. Only the CLI layer builds one
/// from the real process (`Environment.current()`); tests build their own, so every workflow
/// runs unchanged in tests with its own HOME, variables and captured output.
public struct Environment: Sendable {
    /// Environment variables (`CODECLOUD_API_KEY`, `CODECLOUD_API_URL`, `CODECLOUD_DEBUG`, …).
    public var variables: [String: String]
    /// Directory the command was started in; repository discovery starts here.
    public var currentDirectory: String
    /// Where output goes.
    public var output: OutputStreams
    /// Whether stdin, stdout and stderr are terminals.
    public var terminal: TerminalTraits
    /// Where stdin comes from (`auth login` reads the key from it); nothing unless the CLI
    /// passes the terminal's (`InputSource.standard`).
    public var input: InputSource

    public init(
        variables: [String: String],
        currentDirectory: String,
        output: OutputStreams,
        terminal: TerminalTraits = TerminalTraits(),
        input: InputSource = .text("")
    ) {
        self.variables = variables
        self.currentDirectory = currentDirectory
        self.output = output
        self.terminal = terminal
        self.input = input
    }

    /// The user's home directory (`HOME`), if set.
    public var homeDirectory: String? { variables["HOME"].flatMap { $0.isEmpty ? nil : $0 } }

    /// `$XDG_CONFIG_HOME`, or `$HOME/.config`.
    public var configHome: String? {
        if let xdg = variables["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg }
        return homeDirectory.map { $0 + "/.config" }
    }

    /// Whether `CODECLOUD_DEBUG` asks for request logging.
    public var debugLogging: Bool {
        guard let value = variables["CODECLOUD_DEBUG"] else { return false }
        return !["", "0", "false", "no"].contains(value.lowercased())
    }

    /// `CODECLOUD_COMPLETION_TIMEOUT`: how many seconds a shell's TAB may wait for the service
    /// to list run or schedule ids (default 0.8); nil when unset or not a non-negative number.
    public var completionTimeout: TimeInterval? {
        guard let text = variables["CODECLOUD_COMPLETION_TIMEOUT"], let seconds = TimeInterval(text),
              seconds.isFinite, seconds >= 0 else { return nil }
        return seconds
    }

    /// Whether colour and live status lines may be used on stderr.
    public var stderrIsInteractive: Bool {
        terminal.stderrIsTTY && variables["TERM"] != "dumb" && variables["NO_COLOR"] == nil
    }
}

/// Which standard streams are terminals.
public struct TerminalTraits: Sendable, Equatable {
    public var stdinIsTTY: Bool
    public var stdoutIsTTY: Bool
    public var stderrIsTTY: Bool

    public init(stdinIsTTY: Bool = false, stdoutIsTTY: Bool = false, stderrIsTTY: Bool = false) {
        self.stdinIsTTY = stdinIsTTY
        self.stdoutIsTTY = stdoutIsTTY
        self.stderrIsTTY = stderrIsTTY
    }
}

/// Destination for the two output streams: stdout carries data only, stderr everything else.
public struct OutputStreams: Sendable {
    private let writeOut: @Sendable (String) -> Void
    private let writeErr: @Sendable (String) -> Void

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.writeOut = out
        self.writeErr = err
    }

    /// Writes `text` to stdout (add your own newline). Control characters and escape
    /// sequences are made visible (`TerminalText.sanitize`): no text from the service or the
    /// agent can drive the terminal, whichever command prints it.
    public func out(_ text: String) { writeOut(TerminalText.sanitize(text)) }
    /// Writes `text` to stderr (add your own newline), sanitised like `out`.
    public func err(_ text: String) { writeErr(TerminalText.sanitize(text)) }
    /// Writes the tool's own terminal control sequence (the live status line's `\r` and
    /// erase-line) to stderr unchanged. Never pass text from the service through here.
    public func errControl(_ sequence: String) { writeErr(sequence) }

    /// Prints one `warning: …` line on stderr.
    public func warning(_ text: String) { writeErr(TerminalText.sanitize("warning: \(text)\n")) }
    /// Prints one `hint: …` line on stderr.
    public func hint(_ text: String) { writeErr("hint: \(text)\n") }

    /// The process's real stdout and stderr, unbuffered per call.
    public static let standard = OutputStreams(
        out: { text in FileDescriptorIO.writeAll(Data(text.utf8), to: STDOUT_FILENO) },
        err: { text in FileDescriptorIO.writeAll(Data(text.utf8), to: STDERR_FILENO) }
    )
}
