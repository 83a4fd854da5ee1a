import Foundation

/// A codecloud billing plan; it decides how many runs of one key may run at once.
public enum Plan: String, Sendable, Codable, CaseIterable {
    /// The unpaid plan: moving a key to it deletes the key's schedules (`schedule.deleted`).
    case free
    /// One run at a time.
    case starter
    /// Five runs at a time.
    case pro

    /// Concurrent runs allowed (Starter 1, Pro 5, as the reference documents; free as starter).
    public var concurrencyLimit: Int {
        switch self {
        case .free, .starter: 1
        case .pro: 5
        }
    }
}

/// An API key the emulator accepts, with its plan.
public struct APIKey: Sendable, Hashable, Codable {
    /// The bearer token clients send.
    public var key: String
    /// The plan deciding the key's concurrency.
    public var plan: Plan

    /// Creates a key; starter unless told otherwise.
    public init(_ key: String, plan: Plan = .starter) {
        self.key = key
        self.plan = plan
    }

    /// Parses the command line's `KEY[:starter|pro]` form; `nil` for an empty key or an unknown plan.
    public init?(argument: String) {
        var key = Substring(argument)
        var plan = Plan.starter
        if let colon = argument.lastIndex(of: ":") {
            guard let named = Plan(rawValue: String(argument[argument.index(after: colon)...])) else { return nil }
            key = argument[..<colon]
            plan = named
        }
        guard !key.isEmpty else { return nil }
        self.init(String(key), plan: plan)
    }
}

/// Everything that shapes one emulator instance.
public struct EmulatorConfiguration: Sendable {
    /// TCP port on 127.0.0.1; 0 picks a free one (read it back from `Emulator.port`).
    public var port: Int
    /// Directory holding the bare repositories: `owner/repo` is `<gitRoot>/owner/repo.git`.
    public var gitRoot: URL
    /// Accepted API keys.
    public var apiKeys: [APIKey]
    /// `owner/repo` used when a run (or a scheduled firing) names no repository, as an account's
    /// default repository is; `nil` makes `repo` required.
    public var defaultRepository: String?
    /// Shell command run as the agent (`/bin/sh -c`); `nil` uses the built-in deterministic agent.
    public var agentCommand: String?
    /// Seconds after which an agent is killed and its run failed.
    public var agentTimeout: TimeInterval
    /// Seconds every run (and follow-up) waits before its agent starts, to make runs observable.
    public var agentDelay: TimeInterval
    /// Test hook: when set, every run and follow-up waits at this gate (after `agentDelay`, in
    /// `running`) until the test lets it through. Not settable from the command line.
    public var agentGate: AgentGate?
    /// Secret for `X-Codecloud-Signature`; `nil` sends no signature.
    public var webhookSecret: String?
    /// Multiplies the webhook retry delays (1 s, 5 s, 30 s); tests use small values.
    public var webhookRetryScale: Double
    /// JSON file the state is saved to on every change and loaded from at start.
    public var stateFile: URL?
    /// Private directory for workspaces and git's HOME; `nil` makes a temporary one, removed at stop.
    public var workDirectory: URL?
    /// The emulator's clock; `nil` uses the system clock.
    public var clock: (any EmulatorClock)?
    /// How often (real seconds) due schedules are looked for between clock adjustments.
    public var schedulerInterval: TimeInterval

    /// Creates a configuration; only the git root is required.
    public init(
        port: Int = 0,
        gitRoot: URL,
        apiKeys: [APIKey] = [APIKey("cc_test")],
        defaultRepository: String? = nil,
        agentCommand: String? = nil,
        agentTimeout: TimeInterval = 600,
        agentDelay: TimeInterval = 0,
        webhookSecret: String? = nil,
        webhookRetryScale: Double = 1,
        stateFile: URL? = nil,
        workDirectory: URL? = nil,
        clock: (any EmulatorClock)? = nil,
        schedulerInterval: TimeInterval = 1
    ) {
        self.port = port
        self.gitRoot = gitRoot
        self.apiKeys = apiKeys
        self.defaultRepository = defaultRepository
        self.agentCommand = agentCommand
        self.agentTimeout = agentTimeout
        self.agentDelay = agentDelay
        self.webhookSecret = webhookSecret
        self.webhookRetryScale = webhookRetryScale
        self.stateFile = stateFile
        self.workDirectory = workDirectory
        self.clock = clock
        self.schedulerInterval = schedulerInterval
    }
}
