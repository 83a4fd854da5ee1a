import ArgumentParser
import CodecloudCore
import CodecloudGit
import Foundation

/// `git codecloud review`: what the agent changed in one round, through git's diff and pager.
struct Review: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Show what the agent changed in the latest round of a run (or another round, or all of it).",
        discussion: """
            Every landing of a run (fix, followup, execute, wait, checkout) records a round: the \
            tip your branch had and the tip landed, under refs/codecloud/rounds/<run>/. review \
            runs 'git diff' between them, so your pager, colours and diff options apply (give \
            them directly: --stat, -w, -U5). When the agent rewrote the branch instead of adding \
            commits, it shows 'git range-diff' and says when the patches are the same. RUN \
            defaults to the run linked to the current branch.

            Examples:
              $ git codecloud review
              $ git codecloud review --round 1 --stat
              $ git codecloud review jd7x8k9m2n3p4q5r --all
            """
    )

    @Option(help: ArgumentHelp("Show round N instead of the latest.", valueName: "n"))
    var round: Int?
    @Flag(help: "Show the whole run: the latest tip against the commit the run started from.")
    var all = false
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp(
        "[RUN] and options for git diff (--stat, -w, -U5, …); anything after -- goes to git as is.",
        valueName: "run-and-git-diff-options"))
    var words: [String] = []

    func validate() throws {
        if round != nil, all { throw ValidationError("--round and --all exclude each other") }
        if let round, round < 1 { throw ValidationError("rounds are numbered from 1, got --round \(round)") }
        _ = try DiffArguments(words)
    }

    mutating func run(in environment: Environment) async throws {
        let arguments = try DiffArguments(words)
        let driver = try RunDriver.make(in: environment)
        let reference = try driver.session.resolveRun(arguments.run)
        if let note = reference.note { environment.output.err(note + "\n") }
        let runID = reference.id
        let repository = try environment.openRepository()
        let rounds = try RoundBook(repository).rounds(ofRun: runID)
        guard let latest = rounds.last else {
            throw WorkflowError(
                "this checkout has no rounds of run \(runID) yet",
                hint: "rounds are recorded when a run lands: git codecloud checkout \(runID); git codecloud diff \(runID) shows the whole branch")
        }
        let output = environment.output
        if all {
            guard let start = try RoundBook(repository).startCommit(ofRun: runID) ?? rounds.first?.previous else {
                throw WorkflowError("this checkout does not know where run \(runID) started", hint: "git codecloud diff \(runID) compares it with its base branch")
            }
            output.err("run \(runID), all \(rounds.count) \(rounds.count == 1 ? "round" : "rounds"): \(start.short)...\(latest.landed.short)\n")
            try git(["diff"] + arguments.gitOptions + ["\(start.hex)...\(latest.landed.hex)", "--"], in: environment)
            return
        }
        let number = self.round ?? latest.number
        guard let round = rounds.first(where: { $0.number == number }) else {
            throw WorkflowError(
                "run \(runID) has \(rounds.count) \(rounds.count == 1 ? "round" : "rounds") in this checkout; there is no round \(number)",
                hint: "pick one of 1…\(rounds.count), or --all for the whole run", exitCode: .usage)
        }
        guard let previous = round.previous else {
            output.err("round \(number) of run \(runID): landed \(round.landed.short); this checkout did not know the tip before it\n")
            try git(["show", "--format=fuller"] + arguments.gitOptions + [round.landed.hex, "--"], in: environment)
            return
        }
        let inspector = RoundInspector(repository: repository, environment: environment)
        let check = round.check.map { $0.passed ? "; check passed" : "; check failed (exit \($0.status))" } ?? ""
        switch try inspector.shape(from: previous, to: round.landed) {
        case .unchanged:
            output.err("round \(number) of run \(runID): no change (\(round.landed.short))\(check)\n")
        case .appended:
            output.err("round \(number) of run \(runID): \(previous.short)..\(round.landed.short)\(check)\n")
            try git(["diff"] + arguments.gitOptions + [previous.hex, round.landed.hex, "--"], in: environment)
        case .rewritten(let sameChanges):
            output.err("round \(number) of run \(runID): the agent rewrote the branch (\(previous.short) is not an ancestor of \(round.landed.short)); showing git range-diff\(check)\n")
            if sameChanges {
                output.err("round \(number) has no effective change: the rewritten commits carry the same patches (same git patch-id)\n")
            }
            try git(["range-diff"] + arguments.gitOptions.filter { !$0.hasPrefix("--stat") } + ["\(previous.hex)...\(round.landed.hex)"], in: environment)
        }
    }

    private func git(_ arguments: [String], in environment: Environment) throws {
        let status = try runInheritingTerminal("git", arguments, in: environment)
        if status != 0 { throw WorkflowError("git \(arguments[0]) exited with status \(status)") }
    }
}

/// `diff`'s and `review`'s words: an optional run id, then git's own diff options, given
/// directly (`--stat`) or after `--` (passed as they are).
struct DiffArguments {
    var run: String?
    var gitOptions: [String] = []

    init(_ words: [String]) throws {
        var rest = words[...]
        while let word = rest.popFirst() {
            if word == "--" {
                gitOptions += rest
                break
            }
            if word.hasPrefix("-") {
                gitOptions.append(word)
            } else if run == nil {
                try usageCheck { try RunIdentifier.validate(word) }
                run = word
            } else {
                throw ValidationError(
                    "unexpected argument '\(word)'\nhint: give git diff options with their value attached (-U5, --stat=100), or after --")
            }
        }
    }
}
