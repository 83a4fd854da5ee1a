import ArgumentParser
import CodecloudCore
import CodecloudProcess
import Foundation

/// `git codecloud diff`: what a run changed, through git's own diff and pager.
struct Diff: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what a run changed: its branch against the branch it started from.",
        discussion: """
            Runs 'git diff BASE...BRANCH' (so your pager, colours and diff settings apply). \
            git diff's options can be given directly (attach values: -U5); anything after -- \
            goes to git diff as is. 'git codecloud review' shows one round at a time.

            Examples:
              $ git codecloud diff
              $ git codecloud diff jd7x8k9m2n3p4q5r
              $ git codecloud diff --stat
            """
    )

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp(
        "[RUN] and options for git diff (--stat, -w, -U5, …); anything after -- goes to git diff as is.",
        valueName: "run-and-git-diff-options"))
    var words: [String] = []

    func validate() throws {
        _ = try DiffArguments(words)
    }

    mutating func run(in environment: Environment) async throws {
        let arguments = try DiffArguments(words)
        let gitOptions = arguments.gitOptions
        let driver = try RunDriver.make(in: environment)
        let reference = try driver.session.resolveRun(arguments.run)
        if let note = reference.note { environment.output.err(note + "\n") }
        let range = try await driver.session.diffRange(forRun: reference.id)
        let status = try runInheritingTerminal("git", ["diff"] + gitOptions + ["\(range.base)...\(range.head)", "--"], in: environment)
        if status != 0 { throw WorkflowError("git diff exited with status \(status)") }
    }
}

/// Runs a program with this process's terminal (stdin, stdout, stderr), so pagers and colours
/// work, and returns its exit status.
func runInheritingTerminal(_ program: String, _ arguments: [String], in environment: Environment) throws -> Int32 {
    // In this process's group, not a new one as Foundation's Process would: the pager must be in
    // the terminal's foreground group, or reading the keyboard stops it (SIGTTIN).
    let pid = try Spawn.start(program, arguments, in: environment.currentDirectory, environment: environment.variables)
    // Ctrl-C in the pager is the pager's business; dying first would leave it stopped with
    // the terminal in raw mode.
    return SignalRelay.leavingSignalsToChild { Spawn.waitForExit(pid) }
}
