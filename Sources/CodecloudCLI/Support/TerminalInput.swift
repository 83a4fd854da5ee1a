import CodecloudCore
import CodecloudProcess
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The terminal side of stdin: the hidden key prompt (echo off) and putting the terminal back
// when a signal ends the process at that prompt. Core sees only `InputSource`.

extension InputSource {
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
