import ArgumentParser
import CodecloudCore

/// `git codecloud execute`: approve a plan and turn it into code on a branch.
struct Execute: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "execute",
        abstract: "Approve a plan: the same run makes the changes, then its branch is checked out.",
        discussion: """
            Sends an execute-mode follow-up (with a PR) to a completed plan run, waits, and \
            checks out the PR branch. RUN defaults to the run linked to the current branch, else \
            the last run submitted from this checkout (typically the plan you just read).

            Examples:
              $ git codecloud plan "Add rate limiting" && git codecloud execute
              $ git codecloud execute jd7x8k9m2n3p4q5r
              $ git codecloud execute -m "Go ahead, but skip step 3"
              $ git codecloud execute --edit          # amend the plan in your editor first
              $ git codecloud execute --verify "make test" --iterate 1
            """
    )

    @Argument(help: ArgumentHelp("The plan run's id.", valueName: "run"), completion: .runIdentifiers)
    var run: String?
    @Option(name: [.customShort("m"), .customLong("message")], help: ArgumentHelp("What to tell the agent with the approval.", valueName: "prompt"))
    var message: String?
    @OptionGroup(title: "Waiting") var wait: WaitOptions
    @Flag(help: "Review and amend the plan in git's editor before approving it; an empty plan sends nothing.")
    var edit = false
    @OptionGroup(title: "Checkout") var landing: LandingOptions
    @OptionGroup(title: "Verify") var verify: VerifyOptions

    static let defaultPrompt = "The plan is approved. Carry it out now and open a pull request with the changes."

    func validate() throws {
        if let run { try usageCheck { try RunIdentifier.validate(run) } }
        if let message { try usageCheck { try Prompt.validate(message) } }
    }

    mutating func run(in environment: Environment) async throws {
        let followUp = FollowUp(prompt: message ?? Self.defaultPrompt, mode: .execute, updatePR: true, approvesPlan: true)
        try await send(
            followUp, to: run, wait: wait, landing: landing.preferences, verify: verify, editing: edit ? .plan : nil, in: environment)
    }
}
