import ArgumentParser
import CodecloudCore
import Foundation

/// `git codecloud pick`: keep one attempt of a fan-out, clear the others away.
struct Pick: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "pick",
        abstract: "Keep one attempt of 'fix --attempts N'; remove the others' worktrees and branches.",
        discussion: """
            The kept attempt's branch is checked out in the main worktree (or stays in its own \\
            with --keep-worktree) and linked to its run for followup. Every other attempt's \\
            worktree and local branch are removed; each branch tip is kept first under \\
            refs/codecloud/backup/<branch>/<time>, so nothing is lost. A worktree with local \\
            changes is refused unless --force, which saves them first as a commit under \\
            refs/codecloud/backup/<branch>/<time>-worktree. Without RUN, on a terminal, pick \\
            asks which attempt of the last fan-out to keep.

            Examples:
              $ git codecloud pick jd7x8k9m2n3p4q5r
              $ git codecloud pick
              $ git codecloud pick jd7x8k9m2n3p4q5r --keep-worktree --force
            """
    )

    @Argument(help: ArgumentHelp("The attempt (run id) to keep.", valueName: "run"), completion: .runIdentifiers)
    var run: String?
    @Flag(help: "Leave the kept attempt in its worktree instead of checking it out in the main one.")
    var keepWorktree = false
    @Flag(help: "Remove worktrees with local changes too, after saving the changes under refs/codecloud/backup/.")
    var force = false
    @Flag(help: "Print one JSON object with what was kept and removed on stdout.")
    var json = false

    func validate() throws {
        if let run { try usageCheck { try RunIdentifier.validate(run) } }
    }

    mutating func run(in environment: Environment) async throws {
        let driver = try RunDriver.make(in: environment)
        let picker = AttemptPicker(session: driver.session)
        let runID = try run ?? ask(picker, in: environment)
        let outcome = try await picker.pick(.init(runID: runID, keepWorktree: keepWorktree, force: force))
        if json {
            environment.output.out(try JSONOutput.encode(outcome))
            return
        }
        for removed in outcome.removed {
            var line = "Removed attempt \(removed.runID)"
            if let worktree = removed.worktree { line += ": worktree \(worktree)" }
            if let branch = removed.branch, let backup = removed.backupReference { line += ", branch '\(branch)' (its tip is kept as \(backup))" }
            environment.output.err(line + "\n")
            if let saved = removed.savedChangesReference { environment.output.err("  its local changes are saved as \(saved)\n") }
        }
        if let saved = outcome.savedChangesReference {
            environment.output.err("The kept worktree's local changes are saved as \(saved)\n")
        }
        if let landing = outcome.landing {
            environment.output.err(landing.summary)
        } else {
            environment.output.err("Kept run \(outcome.runID) on branch '\(outcome.branch ?? "?")' in \(outcome.worktree ?? "its worktree")\n")
        }
        environment.output.hint("iterate with 'git codecloud followup \"…\"'\(outcome.landing == nil ? " from \(outcome.worktree ?? "its worktree")" : "")")
    }

    /// Without RUN: on a terminal, a numbered list of the last fan-out's attempts and a question.
    private func ask(_ picker: AttemptPicker, in environment: Environment) throws -> String {
        let attempts = try picker.lastGroup()
        guard !attempts.isEmpty else {
            throw WorkflowError(
                "no attempts to pick from in this checkout",
                hint: "make some with 'git codecloud fix \"…\" --attempts 3', or pass a run id", exitCode: .usage)
        }
        guard environment.terminal.stdinIsTTY, environment.terminal.stderrIsTTY else {
            throw WorkflowError(
                "which attempt? pass a run id",
                hint: "the last fan-out's attempts: \(attempts.joined(separator: " "))", exitCode: .usage)
        }
        let repository = try? environment.openRepository()
        let record = repository.map { FanOutRecord($0, environment: environment) }
        for (index, id) in attempts.enumerated() {
            let branch = (try? record?.branch(ofRun: id)) ?? nil
            let worktree = (try? record?.worktree(ofRun: id)) ?? nil
            environment.output.err("  \(index + 1)) \(id)\(branch.map { "  \($0)" } ?? "")\(worktree.map { "  \($0)" } ?? "")\n")
        }
        let answer = environment.input.readAnswer(prompt: "Keep which attempt? [1-\(attempts.count)] ", output: environment.output)?
            .trimmingCharacters(in: .whitespaces) ?? ""
        if let number = Int(answer), attempts.indices.contains(number - 1) { return attempts[number - 1] }
        if attempts.contains(answer) { return answer }
        throw WorkflowError("no attempt '\(TerminalText.line(answer, limit: 40))'", hint: "answer with a number from 1 to \(attempts.count)", exitCode: .usage)
    }
}
