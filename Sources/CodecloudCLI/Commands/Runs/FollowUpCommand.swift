import ArgumentParser
import CodecloudAPI
import CodecloudCore

/// `git codecloud followup`: iterate on a run and re-sync its branch.
struct FollowUpCommand: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "followup",
        abstract: "Send a follow-up to a finished run, wait, and update its branch.",
        discussion: """
            Continues the same run (same workspace, same PR): the agent's new commits are \
            pushed to the PR branch and the local branch is fast-forwarded. RUN defaults to the \
            run linked to the current branch. Retries reuse one idempotency key, so a follow-up \
            is never processed twice. Without a prompt, on a terminal, the prompt is written in \
            git's editor (GIT_EDITOR, core.editor, VISUAL, EDITOR) on a template showing the \
            run, its PR, the last round and the last result; an empty message sends nothing.

            Examples:
              $ git codecloud followup "Also add unit tests for the token parser"
              $ git codecloud followup jd7x8k9m2n3p4q5r "Rename the flag to --strict"
              $ git codecloud followup --plan "How would you make this faster?"
              $ git codecloud followup            # write the prompt in your editor
              $ git codecloud followup "Fix the flaky test" --verify "make test" --iterate 2
            """
    )

    @Argument(help: ArgumentHelp("[RUN] PROMPT: the run id (optional) and the follow-up instruction.", valueName: "run-and-prompt"))
    var words: [String] = []
    @Option(name: [.customShort("F"), .customLong("prompt-file")], help: ArgumentHelp("Read the prompt from a file; - reads standard input.", valueName: "file"))
    var promptFile: String?
    @Flag(help: "Answer with a plan instead of changes.")
    var plan = false
    @Flag(help: "Make changes (the default unless the run was a plan).")
    var execute = false
    @Flag(help: "Do not push the changes to the run's PR branch.")
    var noUpdatePR = false
    @Option(help: ArgumentHelp("JSON file with tool definitions replacing the run's.", valueName: "file.json"))
    var tools: String?
    @OptionGroup(title: "Waiting") var wait: WaitOptions
    @OptionGroup(title: "Checkout") var landing: LandingOptions
    @OptionGroup(title: "Verify") var verify: VerifyOptions

    func validate() throws {
        if plan, execute { throw ValidationError("--plan and --execute exclude each other") }
        let maximum = promptFile == nil ? 2 : 1
        if words.count > maximum {
            throw ValidationError(promptFile == nil ? "expected [RUN] PROMPT; quote the prompt" : "with --prompt-file, only RUN may be given")
        }
    }

    mutating func run(in environment: Environment) async throws {
        // `followup RUN` alone must not send the run id as a prompt to some other run.
        let onlyRunID = words.count == 1 && promptFile == nil && RunIdentifier.looksLikeRunID(words[0])
        let (explicitRun, promptText): (String?, String?) = switch (words.count, promptFile) {
        case (2, _): (words[0], words[1])
        case (1, nil): onlyRunID ? (words[0], nil) : (nil, words[0])
        case (1, _?): (words[0], nil)
        default: (nil, nil)
        }
        let editing = promptText == nil && promptFile == nil
        if editing, !MessageEditor.isAvailable(in: environment) {
            if onlyRunID {
                throw CLIError("'\(words[0])' is a run id, and no follow-up prompt was given", hint: "git codecloud followup \(words[0]) \"what to do next\"")
            }
            throw CLIError("missing prompt: say what the agent should do next", hint: "on a terminal, leave the prompt out to write it in your editor")
        }
        let prompt = editing ? "" : try promptText ?? PromptOptions.read(promptFile ?? "-", in: environment)
        let mode: RunMode? = plan ? .plan : (execute ? .execute : nil)
        let followUp = FollowUp(
            prompt: prompt, mode: mode, updatePR: !noUpdatePR,
            tools: try AgentOptions(tools: tools).loadTools(in: environment))
        try await send(
            followUp, to: explicitRun, wait: wait, landing: landing.preferences, verify: verify,
            editing: editing ? .followUp : nil, in: environment)
    }
}

/// Sends `followUp` to a run (explicit or inferred), then waits and re-syncs like `fix`.
/// Shared by `followup` and `execute`.
func send(
    _ followUp: FollowUp, to explicitRun: String?, wait: WaitOptions, landing: LandingPreferences,
    verify: VerifyOptions? = nil, editing: PromptTemplate? = nil, in environment: Environment
) async throws {
    var driver = try RunDriver.make(in: environment)
    if let verify { try driver.apply(verify) }
    let reference = try driver.session.resolveRun(explicitRun)
    if let note = reference.note { environment.output.err(note + "\n") }
    var followUp = followUp
    if let editing { followUp.prompt = try await editing.compose(for: reference.id, base: followUp.prompt, driver: driver) }
    try await interruptible(in: environment, json: wait.json) { [followUp, driver] resume in
        resume.set(reference.id, review: driver.review)
        let previousCompletion = try await driver.session.followUp(
            runID: reference.id, followUp, landing: wait.noWait ? nil : landing)
        if wait.noWait {
            environment.output.out(reference.id + "\n")
            environment.output.hint("follow it with 'git codecloud wait \(reference.id)'")
            return
        }
        environment.output.err("Sent follow-up to run \(reference.id)\n")
        let landing = followUp.mode == .plan ? LandingPreferences(checkout: false) : landing
        try await driver.finish(
            runID: reference.id, previousCompletion: previousCompletion, timeout: wait.timeout, json: wait.json, landing: landing)
    }
}

extension AgentOptions {
    /// Only `--tools`, for commands that take no other agent option.
    init(tools: String?) {
        self.init()
        self.tools = tools
    }
}
