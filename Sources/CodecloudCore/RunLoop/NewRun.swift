import CodecloudAPI

/// A new run as the user asked for it (`fix`, `plan`, `run`), before anything is sent.
public struct NewRun: Sendable {
    /// The instruction for the agent.
    public var prompt: String
    /// Execute (change code) or plan (describe the change).
    public var mode: RunMode
    /// Ask the service to open a PR with the agent's changes.
    public var createPR: Bool
    /// Run in an empty sandbox: no repository, no branch, no PR.
    public var blankWorkspace: Bool
    /// Model and provider; nil falls back to configuration, then the account's defaults.
    public var model: String?
    public var provider: String?
    /// Where the service posts completion webhooks.
    public var webhookURL: String?
    /// External HTTP tools the agent may call.
    public var tools: [ToolDefinition]?
    /// `-R`, `-b`, `--remote`.
    public var context: ContextOverrides

    public init(
        prompt: String, mode: RunMode, createPR: Bool = true, blankWorkspace: Bool = false,
        model: String? = nil, provider: String? = nil, webhookURL: String? = nil,
        tools: [ToolDefinition]? = nil, context: ContextOverrides = ContextOverrides()
    ) {
        self.prompt = prompt
        self.mode = mode
        self.createPR = createPR
        self.blankWorkspace = blankWorkspace
        self.model = model
        self.provider = provider
        self.webhookURL = webhookURL
        self.tools = tools
        self.context = context
    }

    /// Checks what can be checked without sending anything (usage errors, exit 64).
    public func validate() throws {
        try Prompt.validate(prompt)
        if let tools { try ToolDefinition.validate(tools) }
        try context.validate()
    }
}

/// A follow-up on an existing run (`followup`, `execute`).
public struct FollowUp: Sendable {
    public var prompt: String
    /// nil keeps the run's mode.
    public var mode: RunMode?
    /// Push the agent's changes to the run's PR branch (creating the PR if there is none).
    public var updatePR: Bool
    public var tools: [ToolDefinition]?
    /// Sent only to a plan (`execute` approves one; any other run is refused before sending).
    public var approvesPlan: Bool

    public init(prompt: String, mode: RunMode? = nil, updatePR: Bool = true, tools: [ToolDefinition]? = nil, approvesPlan: Bool = false) {
        self.prompt = prompt
        self.mode = mode
        self.updatePR = updatePR
        self.tools = tools
        self.approvesPlan = approvesPlan
    }
}

/// How a finished run's PR branch is brought into the checkout.
public struct LandingPreferences: Sendable, Equatable {
    /// Fetch and check out the branch at all (`--no-checkout` turns it off).
    public var checkout: Bool
    /// Check out into a new linked worktree instead of the current work tree.
    public var worktree: WorktreeChoice?
    /// Move a diverged local branch, saving its old tip under `refs/codecloud/backup/…`.
    public var force: Bool

    public init(checkout: Bool = true, worktree: WorktreeChoice? = nil, force: Bool = false) {
        self.checkout = checkout
        self.worktree = worktree
        self.force = force
    }
}

/// Rules for prompts, checked before any request.
public enum Prompt {
    /// Throws a usage error for an empty or over-long prompt.
    public static func validate(_ prompt: String) throws {
        if prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw WorkflowError("the prompt is empty", hint: "say what the agent should do, e.g. \"Add input validation to the signup form\"", exitCode: .usage)
        }
        let limit = CreateRunRequest.maximumPromptLength
        if prompt.count > limit {
            throw WorkflowError(
                "the prompt has \(prompt.count) characters; codecloud accepts at most \(limit)",
                hint: "shorten it, or put the details in a file in the repository and refer to it", exitCode: .usage)
        }
    }
}
