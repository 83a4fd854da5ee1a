import CodecloudProcess
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Source of stdin: the real one, or fixed text in tests.
public struct InputSource: Sendable {
    private let readAllText: @Sendable () -> String
    private let readSecretLine: @Sendable (_ prompt: String, _ output: OutputStreams) -> String?
    private let readVisibleLine: (@Sendable () -> String?)?

    public init(
        readAll: @escaping @Sendable () -> String,
        readSecret: @escaping @Sendable (_ prompt: String, _ output: OutputStreams) -> String?,
        readLine: (@Sendable () -> String?)? = nil
    ) {
        self.readAllText = readAll
        self.readSecretLine = readSecret
        self.readVisibleLine = readLine
    }

    /// Prints `prompt` on stderr and reads one line, echoed (a confirmation's answer). Without
    /// a line reader, the first line of everything on stdin.
    public func readAnswer(prompt: String, output: OutputStreams) -> String? {
        output.err(prompt)
        if let readVisibleLine { return readVisibleLine() }
        return readAll().split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init)
    }

    /// Everything on stdin up to end of file.
    public func readAll() -> String { readAllText() }

    /// Prints `prompt` on stderr and reads one line without echoing it (stdin is a terminal).
    public func readSecret(prompt: String, output: OutputStreams) -> String? { readSecretLine(prompt, output) }

    /// The process's stdin; secrets are read with terminal echo switched off.
    public static let standard = InputSource(
        readAll: { String(decoding: FileDescriptorIO.readToEnd(STDIN_FILENO), as: UTF8.self) },
        readSecret: { prompt, output in
            output.err(prompt)
            var saved = termios()
            let isTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
            if isTerminal {
                var silent = saved
                silent.c_lflag &= ~tcflag_t(ECHO)
                // Ctrl-C or a kill while echo is off must not leave the terminal silent: the
                // signal thread restores these settings before the process dies.
                TerminalModes.restoreOnSignal(saved)
                tcsetattr(STDIN_FILENO, TCSANOW, &silent)
            }
            defer {
                if isTerminal {
                    tcsetattr(STDIN_FILENO, TCSANOW, &saved)
                    TerminalModes.restoreOnSignal(nil)
                    output.err("\n")  // the user's Return was not echoed
                }
            }
            return readLine(strippingNewline: true)
        },
        readLine: { Swift.readLine(strippingNewline: true) })

    /// Fixed text, for tests: `readAll` returns it, `readSecret` its first line.
    public static func text(_ text: String) -> InputSource {
        InputSource(
            readAll: { text },
            readSecret: { prompt, output in
                output.err(prompt)
                return text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init)
            })
    }
}

/// Terminal settings to put back if a signal ends the process while they are changed (echo
/// off at the hidden key prompt). `SignalRelay` calls `restoreIfChanged()` before it ends the
/// process.
public enum TerminalModes {
    private static let pending = Mutex<termios?>(nil)

    /// Remembers `settings` to restore on a signal; nil when they are back.
    public static func restoreOnSignal(_ settings: termios?) {
        pending.withLock { $0 = settings }
    }

    /// Restores the remembered settings on stdin, if any, and ends the hidden line; returns
    /// whether it did.
    @discardableResult
    public static func restoreIfChanged() -> Bool {
        guard var settings = pending.withLock({ value -> termios? in
            defer { value = nil }
            return value
        }) else { return false }
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        FileDescriptorIO.writeAll(Data("\n".utf8), to: STDERR_FILENO)
        return true
    }
}
