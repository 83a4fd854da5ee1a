import ArgumentParser
import CodecloudAPI
import CodecloudCore
import Foundation

/// `-R/--repo`, `-b/--branch`, `--remote`: override what is inferred from the checkout.
struct ContextOptions: ParsableArguments {
    @Option(name: [.customShort("R"), .long], help: ArgumentHelp("Repository on codecloud instead of the one inferred from the remote.", valueName: "owner/repo"))
    var repo: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Branch the agent starts from instead of the current branch's upstream.", valueName: "branch"),
            completion: .remoteBranches)
    var branch: String?

    @Option(help: ArgumentHelp("Git remote to infer the repository from and fetch the PR branch from.", valueName: "name"),
            completion: .gitRemotes)
    var remote: String?

    var overrides: ContextOverrides { ContextOverrides(repository: repo, branch: branch, remote: remote) }

    func validate() throws { try usageCheck(overrides.validate) }
}

/// The prompt: a positional argument, or `-F/--prompt-file FILE` (`-` reads stdin).
struct PromptOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("What the agent should do.", valueName: "prompt"))
    var prompt: String?

    @Option(name: [.customShort("F"), .customLong("prompt-file")], help: ArgumentHelp("Read the prompt from a file; - reads standard input.", valueName: "file"))
    var promptFile: String?

    func validate() throws {
        if prompt != nil, promptFile != nil {
            throw ValidationError("give the prompt either as an argument or with --prompt-file, not both")
        }
        if prompt == nil, promptFile == nil {
            throw ValidationError("missing prompt: say what the agent should do, or pass --prompt-file FILE")
        }
        if let prompt { try usageCheck { try Prompt.validate(prompt) } }
    }

    /// The prompt text, read from the file or stdin when asked; checked before anything is sent.
    func resolve(in environment: Environment) throws -> String {
        let text = try prompt ?? PromptOptions.read(promptFile ?? "-", in: environment)
        try Prompt.validate(text)
        return text
    }

    /// The file's (or stdin's) text without the newlines that end it, as `git commit -F` does.
    static func read(_ path: String, in environment: Environment) throws -> String {
        let text: String
        if path == "-" {
            text = environment.input.readAll()
        } else {
            let absolute = path.hasPrefix("/") ? path : environment.currentDirectory + "/" + path
            guard let data = FileManager.default.contents(atPath: absolute) else {
                throw CLIError("cannot read prompt file '\(path)'", hint: "check the path, or pass the prompt as an argument")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        return String(text.reversed().drop { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }.reversed())
    }
}

/// `--model`, `--provider`, `--webhook-url`, `--tools`: what the agent runs with.
struct AgentOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Model id (see git codecloud models); default: codecloud.model, then the account's.", valueName: "id"),
            completion: .modelIdentifiers)
    var model: String?

    @Option(help: ArgumentHelp("Provider id (see git codecloud providers); default: codecloud.provider, then the account's.", valueName: "id"),
            completion: .providerIdentifiers)
    var provider: String?

    @Option(help: ArgumentHelp("URL codecloud posts completion webhooks to.", valueName: "url"))
    var webhookURL: String?

    @Option(help: ArgumentHelp("JSON file with an array of tool definitions (at most 50) the agent may call.", valueName: "file.json"))
    var tools: String?

    func validate() throws {
        if let webhookURL, URL(string: webhookURL)?.scheme.map({ ["http", "https"].contains($0.lowercased()) }) != true {
            throw ValidationError("--webhook-url must be an http(s) URL, got '\(webhookURL)'")
        }
    }

    /// The tool definitions from `--tools`, decoded and validated (usage errors).
    func loadTools(in environment: Environment) throws -> [ToolDefinition]? {
        guard let tools else { return nil }
        let path = tools.hasPrefix("/") ? tools : environment.currentDirectory + "/" + tools
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read tools file '\(tools)'", hint: "pass a JSON file holding an array of tool definitions")
        }
        let definitions: [ToolDefinition]
        do {
            definitions = try WireFormat.makeDecoder().decode([ToolDefinition].self, from: data)
        } catch {
            throw CLIError("'\(tools)' is not a JSON array of tool definitions: \(JSONErrorDescription(error))",
                           hint: "each tool needs name, description, parameters.properties and endpoint.url/method")
        }
        try ToolDefinition.validate(definitions)
        return definitions
    }
}

/// `--no-wait`, `--timeout`, `--json`.
struct WaitOptions: ParsableArguments {
    @Flag(help: "Print the run id and return at once instead of waiting.")
    var noWait = false

    @Option(help: ArgumentHelp("Stop waiting after this long (e.g. 90s, 10m, 1h; at most 168h); the run goes on (exit 5).", valueName: "duration"))
    var timeout: TimeoutDuration?

    @Flag(help: "Print one JSON object with the run (and what was checked out) on stdout.")
    var json = false

    func validate() throws {
        try TimeoutDuration.validate(timeout)
    }
}

/// `--no-checkout`, then where and how to check out (`PlacementOptions`).
struct LandingOptions: ParsableArguments {
    @Flag(help: "Do not fetch or check out the PR branch.")
    var noCheckout = false

    @OptionGroup var placement: PlacementOptions

    var preferences: LandingPreferences { placement.preferences(checkout: !noCheckout) }

    func validate() throws {
        if noCheckout, placement.worktree || placement.worktreePath != nil || placement.force {
            throw ValidationError("--no-checkout cannot be combined with --worktree or --force")
        }
    }
}

/// `--worktree[=PATH]` (`--worktree-path PATH`), `--force`: where the branch is checked out,
/// and whether a diverged one may move. `checkout` takes only these.
struct PlacementOptions: ParsableArguments {
    @Flag(help: ArgumentHelp(
        "Check the branch out in a new linked worktree, leaving this one alone: beside the repository, or at PATH with --worktree=PATH."))
    var worktree = false

    @Option(help: ArgumentHelp("Same as --worktree=PATH.", valueName: "path"))
    var worktreePath: String?

    @Flag(help: "Move a local branch that has diverged from the PR branch (its old tip is saved under refs/codecloud/backup/), and replace ignored files the PR branch adds (saved first under .git/codecloud/backup/).")
    var force = false

    func preferences(checkout: Bool = true) -> LandingPreferences {
        let choice: WorktreeChoice? = worktreePath.map { .path($0) } ?? (worktree ? .besideRepository : nil)
        return LandingPreferences(checkout: checkout, worktree: choice, force: force)
    }

    func validate() throws {
        if let worktreePath, worktreePath.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--worktree=PATH needs a path; leave out '=PATH' to use the default beside the repository")
        }
    }
}

/// A `--timeout` value: `90`, `90s`, `10m`, `1h30m`; between 1 second and 168 hours
/// (`DurationText`). Anything longer, or a number too large to hold, is a usage error, found by
/// `validate(_:)` (every command with a `--timeout` calls it from its `validate()`), so the
/// message is ours rather than the parser's.
struct TimeoutDuration: ExpressibleByArgument, Sendable {
    /// The value as typed.
    var text: String
    private var parsed: Duration?

    /// The timeout; only read after `validate(_:)` accepted it.
    var duration: Duration { parsed ?? .zero }

    init?(argument: String) {
        text = argument
        parsed = DurationText.seconds(in: argument).map { .seconds($0) }
    }

    /// Refuses a value that is not a duration from 1 second to 168 hours.
    static func validate(_ timeout: TimeoutDuration?) throws {
        guard let timeout, timeout.parsed == nil else { return }
        throw ValidationError(
            "the value '\(timeout.text)' is invalid for '--timeout <duration>'\n"
                + "hint: --timeout takes a duration such as 90s, 10m or 1h30m (a number alone is seconds), at least 1s and at most 168h")
    }

    static var defaultValueDescription: String { "none" }
}

/// A short description of a JSON decoding error (`DecodingError` prints a wall of text).
func JSONErrorDescription(_ error: any Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, let context):
        "missing '\(key.stringValue)' at \(path(context.codingPath))"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
        "wrong type at \(path(context.codingPath))"
    case DecodingError.dataCorrupted(let context):
        context.codingPath.isEmpty ? "not valid JSON" : "bad value at \(path(context.codingPath))"
    default:
        "\(error)"
    }
}

private func path(_ codingPath: [any CodingKey]) -> String {
    codingPath.isEmpty ? "the top level" : codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
}
