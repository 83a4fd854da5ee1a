import ArgumentParser
import CodecloudCore

/// `git codecloud plan`: ask for a plan, wait, print it.
struct Plan: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Have an agent write a plan (no changes), wait, and print it.",
        discussion: """
            Submits a plan-mode run and prints the plan on stdout when it is ready. Nothing is \
            checked out. Approve it with 'git codecloud execute', which turns the same run into \
            code and checks out its branch.

            Examples:
              $ git codecloud plan "Split the user service into read and write paths"
              $ git codecloud plan -F idea.md > plan.md
              $ git codecloud plan "Migrate to Swift 6" && git codecloud execute
            """
    )

    @OptionGroup var prompt: PromptOptions
    @OptionGroup(title: "Repository") var context: ContextOptions
    @OptionGroup(title: "Agent") var agent: AgentOptions
    @OptionGroup(title: "Waiting") var wait: WaitOptions

    mutating func run(in environment: Environment) async throws {
        try await SubmitFlow(prompt: prompt, context: context, agent: agent, wait: wait, landing: LandingOptions())
            .run(mode: .plan, createPR: false, in: environment)
    }
}
