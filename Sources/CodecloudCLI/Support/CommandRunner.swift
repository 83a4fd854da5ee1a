import ArgumentParser
import CodecloudCore
import Foundation
import Synchronization

/// Runs the command tree for one process and turns every outcome into an exit status.
/// Errors are printed git-style: one `error: …` line, then an optional `hint: …` line.
public enum CommandRunner {
    /// Sets up the process for a command; call first in `main`, before any thread exists.
    /// SIGINT and SIGTERM go to one receiving thread (`SignalRelay`). SIGPIPE is ignored: a
    /// child that exits without reading its stdin, or `git codecloud list | head -1`, must not
    /// kill the tool; writes fail with EPIPE instead, and are handled.
    public static func prepareProcess() {
        SignalRelay.install()
        signal(SIGPIPE, SIG_IGN)
    }

    /// `run`, from synchronous code: blocks the calling thread (the main thread, which has
    /// nothing else to do) until the command ends; returns the exit code.
    public static func runToCompletion(_ arguments: [String], environment: Environment) -> Int32 {
        let code = Mutex<Int32>(CodecloudExitCode.failure.rawValue)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let result = await run(arguments, environment: environment)
            code.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return code.withLock { $0 }
    }

    /// Parses `arguments` (without the program name), runs the command, returns the exit code.
    public static func run(_ arguments: [String], environment: Environment) async -> Int32 {
        // The task-local lets shell-completion callbacks, which ArgumentParser calls without
        // arguments of ours, see this run's environment.
        await CommandContext.$environment.withValue(environment) {
            await parseAndRun(arguments, environment: environment)
        }
    }

    private static func parseAndRun(_ arguments: [String], environment: Environment) async -> Int32 {
        do {
            // The async parse: completion callbacks (run and schedule identifiers) are async.
            var command = try await GitCodecloud.asyncParseAsRoot(OptionalValueSpelling.expand(arguments))
            if var command = command as? any EnvironmentCommand {
                try await command.run(in: environment)
            } else if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return CodecloudExitCode.success.rawValue
        } catch let error as any PresentableError
            where error.exitCode == .authenticationRequired && !(environment.variables["CODECLOUD_API_KEY"] ?? "").isEmpty
                && arguments.first != "auth" {
            // A stored key would not help: the variable wins over it.
            return present(
                CLIError(error.message, hint: "the key comes from CODECLOUD_API_KEY, which overrides stored keys: fix or unset it",
                         exitCode: error.exitCode),
                output: environment.output)
        } catch {
            return present(error, output: environment.output, arguments: arguments)
        }
    }

    /// Prints `error` on stderr and returns its exit code. `arguments` name the command whose
    /// help a usage mistake points to.
    static func present(_ error: any Error, output: OutputStreams, arguments: [String] = []) -> Int32 {
        if let presentable = error as? any PresentableError {
            output.err("error: \(presentable.message)\n")
            if let hint = presentable.hint { output.err("hint: \(hint)\n") }
            return presentable.exitCode.rawValue
        }
        // ArgumentParser's own outcomes: help and version go to stdout with exit 0; usage
        // mistakes to stderr with exit 64 (EX_USAGE).
        let code = GitCodecloud.exitCode(for: error)
        let text = GitCodecloud.fullMessage(for: error)
        if code == .success {
            if !text.isEmpty { output.out(text + "\n") }
            return CodecloudExitCode.success.rawValue
        }
        if code == .validationFailure {
            // The brief message alone: our own `ValidationError` text as thrown, or the parser's
            // one-line report of what it could not parse. Everything around it is ours.
            output.err(usageMessage(GitCodecloud.message(for: error), helpCommand: helpCommand(for: arguments)))
            return CodecloudExitCode.usage.rawValue
        }
        if !text.isEmpty { output.err("error: \(text)\n") }
        return code.rawValue
    }
}

/// A usage mistake, git-style: `error: <message>` in the tool's lower-case voice, then `hint:`
/// lines (the message's own `\nhint: …` lines, as `usageCheck` and our `validate()`s write
/// them), or where the full help is when there are none.
func usageMessage(_ message: String, helpCommand: String) -> String {
    let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    var text = lowercasingFirstWord(lines.first ?? "invalid usage")
    var hints = lines.dropFirst().map { $0.hasPrefix("hint: ") ? String($0.dropFirst(6)) : $0 }
    // The parser's suggestions ("… '--bogus'. Did you mean '--json'?", "…. Please provide one
    // of 'a' and 'b'.") read better as a hint; with other wording they stay in the message.
    for marker in [". Did you mean ", ". Please provide one of "] {
        guard let range = text.range(of: marker) else { continue }
        let suggestion = String(text[range.upperBound...])
        text = String(text[..<range.lowerBound])
        hints.insert(marker.hasSuffix("mean ") ? "did you mean \(suggestion)" : "use one of \(suggestion.trimmingCharacters(in: CharacterSet(charactersIn: ".:")))", at: 0)
    }
    if hints.isEmpty { hints.append("see '\(helpCommand)'") }
    return "error: \(text)\n" + hints.map { "hint: \($0)\n" }.joined()
}

/// `git codecloud <subcommand …> --help` for the deepest subcommand `arguments` name, found in
/// our own command tree (not in the parser's text).
func helpCommand(for arguments: [String]) -> String {
    var command: any ParsableCommand.Type = GitCodecloud.self
    var names = ["git codecloud"]
    for argument in arguments {
        if argument == "--" { break }
        if argument.hasPrefix("-") { continue }
        let next = command.configuration.subcommands.first {
            ($0.configuration.commandName ?? $0._commandName) == argument || $0.configuration.aliases.contains(argument)
        }
        guard let next else { break }
        command = next
        names.append(next.configuration.commandName ?? next._commandName)
    }
    return (names + ["--help"]).joined(separator: " ")
}

/// "Unexpected argument" → "unexpected argument"; acronyms ("URL …") stay.
private func lowercasingFirstWord(_ text: String) -> String {
    guard let first = text.first, first.isUppercase,
          text.dropFirst().first.map({ !$0.isUppercase }) ?? true else { return text }
    return first.lowercased() + text.dropFirst()
}

/// Runs a CodecloudCore check from a command's `validate()`. ArgumentParser reports only a
/// `ValidationError` as a usage mistake (anything else would print as `Error: WorkflowError(…)`
/// with exit 1), so a usage error from the check is re-thrown as one, its hint on the next line.
func usageCheck(_ check: () throws -> Void) throws {
    do {
        try check()
    } catch let error as any PresentableError where error.exitCode == .usage {
        throw ValidationError(error.message + (error.hint.map { "\nhint: \($0)" } ?? ""))
    }
}

/// A command whose work needs the process environment. `run(in:)` receives the one
/// `Environment` value; nothing below the CLI reads globals.
protocol EnvironmentCommand: AsyncParsableCommand {
    mutating func run(in environment: Environment) async throws
}

extension EnvironmentCommand {
    mutating func run() async throws {
        try await run(in: .current())
    }
}

extension Environment {
    /// The real process environment: variables, working directory, standard streams.
    public static func current() -> Environment {
        let variables = ProcessInfo.processInfo.environment
        // A seam for end-to-end tests only (the editor, the done signal): pipes that act as a terminal.
        let assumed = variables["GIT_CODECLOUD_ASSUME_TTY"] == "1"
        return Environment(
            variables: variables,
            currentDirectory: FileManager.default.currentDirectoryPath,
            output: .standard,
            terminal: TerminalTraits(
                stdinIsTTY: assumed || isatty(STDIN_FILENO) == 1,
                stdoutIsTTY: assumed || isatty(STDOUT_FILENO) == 1,
                stderrIsTTY: assumed || isatty(STDERR_FILENO) == 1
            ),
            input: .standard
        )
    }
}

/// Errors found by the CLI layer itself (bad option combinations discovered after parsing).
public struct CLIError: PresentableError {
    public var message: String
    public var hint: String?
    public var exitCode: CodecloudExitCode

    public init(_ message: String, hint: String? = nil, exitCode: CodecloudExitCode = .usage) {
        self.message = message
        self.hint = hint
        self.exitCode = exitCode
    }
}

/// Options that take an optional value, spelled the way git spells them (`--worktree` or
/// `--worktree=PATH`, like `git log --decorate[=short]`). ArgumentParser has no option whose
/// value may be left out, so `--worktree=PATH` is handed to it as `--worktree-path=PATH`.
enum OptionalValueSpelling {
    /// `--name=VALUE` → the option that takes the value.
    static let options = ["--worktree": "--worktree-path"]
    /// The subcommands that have those options (the others report `--worktree=…` as unknown).
    static let commands: Set = ["fix", "run", "execute", "followup", "wait", "checkout"]

    /// `arguments` with every `--name=VALUE` of an optional-value option rewritten, up to `--`.
    static func expand(_ arguments: [String]) -> [String] {
        guard let command = arguments.first, commands.contains(command) else { return arguments }
        var expanded: [String] = []
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            if argument == "--" {
                expanded.append(argument)
                expanded.append(contentsOf: rest)
                break
            }
            if let equals = argument.firstIndex(of: "="), let option = options[String(argument[..<equals])] {
                // One token, so a value starting with `-` stays a value; an empty one as two,
                // which ArgumentParser takes as an empty value for the command to refuse.
                let value = argument[argument.index(after: equals)...]
                expanded += value.isEmpty ? [option, ""] : [option + "=" + value]
            } else {
                expanded.append(argument)
            }
        }
        return expanded
    }
}
