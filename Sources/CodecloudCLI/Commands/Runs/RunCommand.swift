import ArgumentParser
import CodecloudAPI
import CodecloudCore

/// `git codecloud run`: the general form of `fix` and `plan`.
struct RunCommand: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Submit a run in any mode, optionally in a blank workspace.",
        discussion: """
            The general form behind fix and plan. With --blank-workspace the agent starts in an \
            empty sandbox: no repository is cloned and no PR is made.

            Examples:
              $ git codecloud run "Add a CHANGELOG" --mode execute
              $ git codecloud run "Outline a CLI" --mode plan --blank-workspace
              $ git codecloud run -F task.md --mode execute --no-pr --json
              $ git codecloud run "Fix the flaky test" --mode execute --attempts 2
            """
    )

    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case execute, plan
    }

    @OptionGroup var prompt: PromptOptions
    @Option(help: "execute changes code; plan only describes the change.")
    var mode: Mode = .execute
    @Flag(help: "Run in an empty sandbox: no repository, no branch, no PR.")
    var blankWorkspace = false
    @OptionGroup(title: "Repository") var context: ContextOptions
    @OptionGroup(title: "Agent") var agent: AgentOptions
    @Flag(help: "Do not ask for a pull request.")
    var noPR = false
    @OptionGroup(title: "Waiting") var wait: WaitOptions
    @OptionGroup(title: "Checkout") var landing: LandingOptions
    @OptionGroup(title: "Attempts") var fanOut: AttemptOptions

    func validate() throws {
        if fanOut.attempts != nil, mode == .plan || blankWorkspace {
            throw ValidationError("--attempts needs execute mode in a repository (each attempt lands as a branch)")
        }
        try fanOut.validate(landing: landing)
        if blankWorkspace, context.repo != nil || context.branch != nil {
            throw ValidationError("--blank-workspace runs in an empty sandbox; drop --repo and --branch")
        }
    }

    mutating func run(in environment: Environment) async throws {
        if let attempts = fanOut.attempts {
            try await SubmitFlow(prompt: prompt, context: context, agent: agent, wait: wait, landing: landing)
                .fanOut(attempts: attempts, createPR: !noPR, in: environment)
            return
        }
        try await SubmitFlow(prompt: prompt, context: context, agent: agent, wait: wait, landing: landing)
            .run(mode: mode == .plan ? .plan : .execute, createPR: !noPR, blankWorkspace: blankWorkspace, in: environment)
    }
}
