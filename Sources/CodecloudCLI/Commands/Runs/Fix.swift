import ArgumentParser
import CodecloudCore

/// `git codecloud fix`: the whole loop, from a prompt to a checked-out branch with the agent's work.
struct Fix: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Have an agent make a change, wait, and check out its PR branch.",
        discussion: """
            Submits an execute-mode run for this repository and branch (inferred from the \
            checkout), waits for it, then fetches the agent's pull-request branch and checks it \
            out as a local branch tracking the remote. Nothing local is touched if the work tree \
            has changes (use --worktree) or the branch has diverged (use --force).

            Examples:
              $ git codecloud fix "Add JWT authentication to the API"
              $ git codecloud fix -F task.md --worktree
              $ git codecloud fix "Bump dependencies" --no-wait
              $ git codecloud fix "Speed up the parser" --attempts 3 && git codecloud pick
              $ git codecloud fix "Make the tests pass" --verify "make test" --iterate 2
            """
    )

    @OptionGroup var prompt: PromptOptions
    @OptionGroup(title: "Repository") var context: ContextOptions
    @OptionGroup(title: "Agent") var agent: AgentOptions
    @Flag(help: "Do not ask for a pull request (nothing to check out afterwards).")
    var noPR = false
    @OptionGroup(title: "Waiting") var wait: WaitOptions
    @OptionGroup(title: "Checkout") var landing: LandingOptions
    @OptionGroup(title: "Attempts") var fanOut: AttemptOptions
    @OptionGroup(title: "Verify") var verify: VerifyOptions

    func validate() throws { try fanOut.validate(landing: landing) }

    mutating func run(in environment: Environment) async throws {
        if let attempts = fanOut.attempts {
            try await SubmitFlow(prompt: prompt, context: context, agent: agent, wait: wait, landing: landing, verify: verify)
                .fanOut(attempts: attempts, createPR: !noPR, in: environment)
            return
        }
        try await SubmitFlow(prompt: prompt, context: context, agent: agent, wait: wait, landing: landing, verify: verify)
            .run(mode: .execute, createPR: !noPR, in: environment)
    }
}
