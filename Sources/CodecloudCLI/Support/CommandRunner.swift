import ArgumentParser
import CodecloudCore
import Foundation

/// Runs the command tree for one process and turns every outcome into an exit status.
/// Errors are printed git-style: one `error: …` line, then an optional `hint: …` line.
public enum CommandRunner {
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
        } catch {
            return present(error, output: environment.output)
        }
    }

    /// Prints `error` on stderr and returns its exit code.
    static func present(_ error: any Error, output: OutputStreams) -> Int32 {
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
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let first = lines.first.map(String.init) ?? text
            output.err("error: \(first.replacingOccurrences(of: "Error: ", with: ""))\n")
            let rest = lines.dropFirst().joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if !rest.isEmpty { output.err(rest + "\n") }
            return CodecloudExitCode.usage.rawValue
        }
        if !text.isEmpty { output.err("error: \(text)\n") }
        return code.rawValue
    }
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
        Environment(
            variables: ProcessInfo.processInfo.environment,
            currentDirectory: FileManager.default.currentDirectoryPath,
            output: .standard,
            terminal: TerminalTraits(
                stdinIsTTY: isatty(STDIN_FILENO) == 1,
                stdoutIsTTY: isatty(STDOUT_FILENO) == 1,
                stderrIsTTY: isatty(STDERR_FILENO) == 1
            )
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
