import CodecloudAPI
import CodecloudCore
import Foundation

/// What the editor is opened on when a prompt is written there.
enum PromptTemplate: Sendable {
    /// `followup` without a prompt: an empty message above the run's context, commented out.
    case followUp
    /// `execute --edit`: the plan itself, to amend before it is approved.
    case plan

    /// Opens the editor for run `runID` and returns the prompt to send; `base` is the prompt
    /// the command would send otherwise (`execute`'s approval).
    func compose(for runID: String, base: String, driver: RunDriver) async throws -> String {
        let environment = driver.environment
        let run = try await driver.session.client.run(id: runID)
        switch self {
        case .followUp:
            let text = "\n" + Self.context(of: run, instructions: [
                "Write the follow-up for run \(run.id) above. Lines starting with '#' are",
                "ignored, and an empty message aborts the follow-up (nothing is sent).",
            ], environment: environment)
            let message = try MessageEditor.edit(text, fileName: "CODECLOUD_FOLLOWUP_EDITMSG", purpose: "follow-up prompt", in: environment)
            try Prompt.validate(message)
            return message
        case .plan:
            guard let plan = run.plan, !plan.isEmpty else {
                throw WorkflowError("run \(run.id) has no plan to edit", hint: "see it with 'git codecloud show \(run.id)'")
            }
            let text = Verification.stripControlSequences(plan) + "\n\n" + Self.context(of: run, instructions: [
                "Review and amend the plan above; it is sent to run \(run.id) with the approval.",
                "Lines starting with '#' are ignored, and an empty plan aborts (nothing is sent).",
            ], environment: environment)
            let edited = try MessageEditor.edit(text, fileName: "CODECLOUD_PLAN_EDITMSG", purpose: "plan", in: environment)
            let message = base + "\n\nCarry out this plan, as reviewed and amended:\n\n" + edited
            try Prompt.validate(message)
            return message
        }
    }

    /// The commented-out context: the run, its PR, the last round's stat and check, the last result.
    static func context(of run: RunDetail, instructions: [String], environment: Environment) -> String {
        var lines = instructions.map { "# " + $0 }
        lines.append("#")
        let title = run.title.map { " " + Verification.stripControlSequences($0) } ?? ""
        lines.append("# Run:    \(run.id) (\(run.status))\(title)")
        for pullRequest in run.prs {
            lines.append("# PR:     #\(pullRequest.number) \(Verification.stripControlSequences(pullRequest.url)) (\(Verification.stripControlSequences(pullRequest.branch)))")
        }
        if let repository = try? environment.openRepository(), let round = try? RoundBook(repository).rounds(ofRun: run.id).last {
            var line = "# Last round: round \(round.number) at \(round.landed.short)"
            if let previous = round.previous,
               let stat = try? RoundInspector(repository: repository, environment: environment).stat(from: previous, to: round.landed) {
                line += ", \(stat.text)"
            }
            if let check = round.check {
                line += check.passed ? "; check passed: \(check.command)" : "; check failed (exit \(check.status)): \(check.command)"
            }
            lines.append(line)
        }
        if let result = run.result, !result.isEmpty {
            lines.append("#")
            lines.append("# Last result:")
            lines.append(MessageEditor.commented(result))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension RunDriver {
    /// Takes `--verify`/`--iterate` (or `codecloud.verify`) for this command.
    mutating func apply(_ verify: VerifyOptions) throws {
        let settings = try verify.settings(in: environment)
        review.command = settings.command
        review.iterations = settings.iterations
    }
}
