import CodecloudProcess
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the project's own check (`--verify CMD`, `codecloud.verify`) on a landed tip.
public enum Verification {
    /// How much of the check's output is kept for a follow-up prompt (the end of it).
    static let keptBytes = 256 * 1024

    /// The check's result and the end of its combined output.
    public struct Outcome: Sendable {
        public var result: CheckResult
        /// The last part of stdout and stderr together, as written.
        public var outputTail: String
    }

    /// Runs `command` through `/bin/sh -c` in `directory`, streaming its stdout and stderr to
    /// this process's stderr (stdout stays data), through `TerminalOutputFilter`: the code it
    /// runs is the agent's. The child has no stdin and no API key in its
    /// environment. It runs in a process group of its own (its streams are pipes, so it never
    /// needs the terminal): when the command is interrupted (Ctrl-C, SIGTERM cancel the task)
    /// the whole check, grandchildren included, gets SIGINT, then SIGKILL 5 s later.
    public static func run(_ command: String, in directory: String, environment: Environment) throws -> Outcome {
        var variables = environment.variables
        variables["CODECLOUD_API_KEY"] = nil
        let (pid, reader): (pid_t, Int32) = try Spawn.lock.withLock {
            let pipe = try Spawn.makePipe()
            let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
            defer {
                _ = close(pipe.write)
                if null >= 0 { _ = close(null) }
            }
            do {
                let pid = try Spawn.spawn(
                    "/bin/sh", ["-c", command], in: directory, environment: variables,
                    streams: Spawn.Streams(input: null >= 0 ? null : nil, output: pipe.write, error: pipe.write),
                    ownProcessGroup: true)
                return (pid, pipe.read)
            } catch {
                _ = close(pipe.read)
                throw error
            }
        }
        var kept = Data()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var filter = TerminalOutputFilter(keepColours: environment.stderrIsInteractive)
        var interruptedAt: ContinuousClock.Instant?
        var killed = false
        while true {
            var descriptor = pollfd(fd: reader, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 100)
            if Task.isCancelled {
                if interruptedAt == nil {
                    interruptedAt = .now
                    kill(-pid, SIGINT)
                } else if !killed, let since = interruptedAt, ContinuousClock.now - since > .seconds(5) {
                    killed = true
                    kill(-pid, SIGKILL)
                }
            }
            if ready == 0 || (ready < 0 && errno == EINTR) { continue }
            let count = buffer.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            let chunk = Data(buffer[0..<count])
            // Already filtered (colours kept on a terminal, every other control dropped): written
            // as is, since `err` would make the kept colours visible as text.
            environment.output.errControl(filter.filter(chunk))
            kept.append(chunk)
            if kept.count > keptBytes { kept.removeFirst(kept.count - keptBytes) }
        }
        close(reader)
        let status = Spawn.waitForExit(pid)
        return Outcome(result: CheckResult(command: command, status: status), outputTail: String(decoding: kept, as: UTF8.self))
    }

    // MARK: The follow-up that reports a failed check

    /// Lines and characters of output a follow-up prompt carries at most.
    static let promptLines = 60, promptCharacters = 4_000

    /// The follow-up prompt for a failed check: the command, its exit status and the last lines
    /// of its output with control sequences stripped, secrets scrubbed (`secrets`, credentials
    /// in URLs, token-shaped words, values of credential-like variables) and the size capped.
    public static func followUpPrompt(for outcome: Outcome, landed: String, secrets: [String], environment: Environment) -> String {
        let excerpt = excerpt(of: outcome.outputTail, secrets: secrets + credentialValues(in: environment.variables))
        var prompt = """
            The check `\(scrub(outcome.result.command, secrets: secrets))` failed with exit status \(outcome.result.status) \
            on the branch at \(landed). Fix the code so that it passes; do not weaken or skip the check.
            """
        if excerpt.isEmpty {
            prompt += "\n\nIt printed nothing."
        } else {
            prompt += "\n\nThe last lines of its output:\n\n```\n\(excerpt)\n```\n"
        }
        return prompt
    }

    /// The end of `text`: ANSI stripped, scrubbed, at most `promptLines` lines and
    /// `promptCharacters` characters. Scrubbed before it is cut, so no secret survives half-cut.
    static func excerpt(of text: String, secrets: [String]) -> String {
        let clean = scrub(stripControlSequences(text), secrets: secrets)
        var lines = clean.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        var excerpt = lines.suffix(promptLines).joined(separator: "\n")
        if excerpt.count > promptCharacters {
            excerpt = "…" + String(excerpt.suffix(promptCharacters - 1))
        }
        return excerpt
    }

    /// `text` without ANSI escape sequences (CSI, OSC, two-byte escapes) and other control
    /// characters except newline and tab; carriage-return redraws keep their last state.
    public static func stripControlSequences(_ text: String) -> String {
        var result = ""
        var scalars = text.unicodeScalars.makeIterator()
        var line = ""
        while let scalar = scalars.next() {
            switch scalar {
            case "\u{1B}":
                guard let kind = scalars.next() else { break }
                if kind == "[" {
                    while let next = scalars.next(), !(0x40...0x7E).contains(next.value) {}
                } else if kind == "]" || kind == "P" || kind == "_" || kind == "^" {
                    // OSC/DCS/APC/PM: up to BEL or ESC \.
                    while let next = scalars.next() {
                        if next == "\u{07}" { break }
                        if next == "\u{1B}" { _ = scalars.next(); break }
                    }
                }
            case "\n":
                result += line + "\n"
                line = ""
            case "\r":
                line = ""
            case "\t":
                line.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) { continue }
                line.unicodeScalars.append(scalar)
            }
        }
        return result + line
    }

    /// `text` with every secret value, credentials inside URLs, and token-shaped words replaced.
    public static func scrub(_ text: String, secrets: [String]) -> String {
        var text = text
        for secret in Set(secrets) where secret.count >= 6 {
            text = text.replacingOccurrences(of: secret, with: "[redacted]")
        }
        let patterns = [
            (#"([A-Za-z][A-Za-z0-9+.-]*://)[^/\s@]+@"#, "$1[redacted]@"),
            (#"(?i)(authorization:\s*(bearer|basic|token)\s+)\S+"#, "$1[redacted]"),
            (#"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}"#, "$1 [redacted]"),
            (#"\b(gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,}|cc_[A-Za-z0-9_]{8,}|sk-[A-Za-z0-9_-]{16,}|xox[baprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16})\b"#, "[redacted]"),
        ]
        for (pattern, template) in patterns {
            text = text.replacingOccurrences(of: pattern, with: template, options: .regularExpression)
        }
        return text
    }

    /// Values of variables whose names say they hold a credential (`*TOKEN*`, `*SECRET*`,
    /// `*PASSWORD*`, `*API_KEY*`, …), to be scrubbed from anything sent to the agent.
    static func credentialValues(in variables: [String: String]) -> [String] {
        let markers = ["TOKEN", "SECRET", "PASSWORD", "PASSWD", "API_KEY", "APIKEY", "ACCESS_KEY", "PRIVATE_KEY", "CREDENTIAL", "AUTH"]
        return variables.compactMap { name, value in
            let upper = name.uppercased()
            return markers.contains(where: upper.contains) && value.count >= 8 ? value : nil
        }
    }
}

/// Passes a check's output on to stderr without the control sequences that code under test
/// (written by the agent) could use against the terminal: cursor movement, title and
/// clipboard (OSC), device queries. Colours (SGR, `ESC [ … m`) are kept when stderr is an
/// interactive terminal. Works on a stream: an escape sequence or UTF-8 character split
/// between two chunks is held back until the next one.
struct TerminalOutputFilter {
    var keepColours: Bool
    private var pending: [UInt8] = []

    init(keepColours: Bool) { self.keepColours = keepColours }

    /// The printable part of `chunk` (with what was held back before it).
    mutating func filter(_ chunk: Data) -> String {
        let bytes = pending + [UInt8](chunk)
        pending = []
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        scanning: while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x1B:
                guard index + 1 < bytes.count else { pending = Array(bytes[index...]); break scanning }
                let kind = bytes[index + 1]
                if kind == UInt8(ascii: "[") {
                    guard let end = bytes[(index + 2)...].firstIndex(where: { (0x40...0x7E).contains($0) }) else {
                        if bytes.count - index < 64 { pending = Array(bytes[index...]) }
                        break scanning
                    }
                    let parameters = bytes[(index + 2)..<end]
                    if keepColours, bytes[end] == UInt8(ascii: "m"),
                       parameters.allSatisfy({ (0x30...0x39).contains($0) || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ":") }) {
                        output += bytes[index...end]
                    }
                    index = end + 1
                } else if [UInt8(ascii: "]"), UInt8(ascii: "P"), UInt8(ascii: "_"), UInt8(ascii: "^"), UInt8(ascii: "X")].contains(kind) {
                    // A string sequence: up to BEL or ESC \.
                    var end = index + 2
                    while end < bytes.count, bytes[end] != 0x07, !(bytes[end] == 0x1B && end + 1 < bytes.count && bytes[end + 1] == UInt8(ascii: "\\")) {
                        end += 1
                    }
                    guard end < bytes.count else {
                        if bytes.count - index < 4096 { pending = Array(bytes[index...]) }
                        break scanning
                    }
                    index = end + (bytes[end] == 0x07 ? 1 : 2)
                } else {
                    index += 2
                }
            case 0x0A, 0x0D, 0x09, 0x08:
                output.append(byte)
                index += 1
            case 0x00..<0x20, 0x7F:
                index += 1
            case 0xC2 where index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1]):
                index += 2  // a C1 control character, UTF-8 encoded
            default:
                output.append(byte)
                index += 1
            }
        }
        // An incomplete UTF-8 character at the end waits for the rest of it.
        if pending.isEmpty, let lead = output.lastIndex(where: { $0 & 0xC0 != 0x80 }), output[lead] >= 0xC0 {
            let needed = output[lead] >= 0xF0 ? 4 : output[lead] >= 0xE0 ? 3 : 2
            if output.count - lead < needed {
                pending = Array(output[lead...])
                output.removeSubrange(lead...)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
