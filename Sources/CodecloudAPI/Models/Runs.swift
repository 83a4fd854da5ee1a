import Foundation

/// Body of `POST /api/v1/agents`: queue a new run. Absent fields take the account's defaults.
public struct CreateRunRequest: Encodable, Sendable, Hashable {
    /// The instruction for the agent (at most 100,000 characters).
    public var prompt: String
    /// `owner/repo`; the account's default repository when absent.
    public var repo: String?
    /// Branch to start from; the repository's default branch when absent.
    public var branch: String?
    public var model: String?
    public var provider: String?
    public var mode: RunMode?
    /// Open a PR with the agent's changes when the run completes.
    public var autoCreatePR: Bool?
    public var webhookURL: String?
    /// Empty sandbox: nothing cloned, no PR; repo, branch and autoCreatePR are ignored.
    public var blankWorkspace: Bool?
    public var tools: [ToolDefinition]?

    /// The longest prompt the service accepts.
    public static let maximumPromptLength = 100_000

    enum CodingKeys: String, CodingKey {
        case prompt, repo, branch, model, provider, mode, tools
        case autoCreatePR = "auto_create_pr"
        case webhookURL = "webhook_url"
        case blankWorkspace = "blank_workspace"
    }
}

/// Answer to creating a run: its id and initial status (`queued`).
public struct CreateRunResponse: Codable, Sendable, Hashable {
    public var id: String
    public var status: RunStatus
    public var message: String?
}

/// One pull request a run created. Its branch name comes from the service; never build it.
public struct PullRequest: Codable, Sendable, Hashable {
    public var url: String
    public var number: Int
    public var branch: String
    /// `owner/repo` the PR lives in (a run may create PRs in several repositories).
    public var repo: String
    public var title: String?
}

/// Everything about one run (`GET /api/v1/agents/run/{id}`).
/// Wire keys: timestamps camelCase (`createdAt`), everything else snake_case.
/// A new field is one property here and its case in `CodingKeys` (see Lenient.swift).
public struct RunDetail: Codable, Sendable, Hashable {
    public var id: String
    public var title: String?
    public var status: RunStatus
    public var mode: RunMode?
    public var model: String?
    public var provider: String?
    /// The agent's output (completed execute runs).
    public var result: String?
    /// The agent's plan (completed plan runs).
    public var plan: String?
    /// Why the run failed.
    public var error: String?
    /// `owner/repo`; absent for blank-workspace runs.
    public var repo: String?
    public var prompt: String
    public var prURL: String?
    public var prNumber: Int?
    /// Every PR the run created; empty when none (also when the server omits the field).
    @DefaultEmpty public var prs: [PullRequest] = []
    public var inputTokens: Int?
    public var outputTokens: Int?
    /// The schedule that created this run, if any.
    public var scheduleID: String?
    public var createdAt: Date
    public var startedAt: Date?
    public var completedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, title, status, mode, model, provider, result, plan, error, repo, prompt, prs
        case prURL = "pr_url"
        case prNumber = "pr_number"
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case scheduleID = "schedule_id"
        case createdAt, startedAt, completedAt
    }
}

/// One entry of `GET /api/v1/agents`.
public struct RunSummary: Codable, Sendable, Hashable {
    public var id: String
    public var title: String?
    public var status: RunStatus
    public var model: String?
    public var provider: String?
    public var repo: String?
    public var createdAt: Date
    public var completedAt: Date?
}

extension RunSummary {
    /// The summary of a run read in full.
    public init(_ run: RunDetail) {
        self.init(
            id: run.id, title: run.title, status: run.status, model: run.model, provider: run.provider,
            repo: run.repo, createdAt: run.createdAt, completedAt: run.completedAt)
    }
}

extension CreateRunRequest {
    /// A request with the account's defaults for everything but the prompt; set the other
    /// fields as needed. (Here rather than in the type, so the memberwise init stays.)
    public init(prompt: String) {
        self.prompt = prompt
    }
}

/// Wire envelope of `GET /api/v1/agents`.
struct RunList: Decodable {
    var runs: [RunSummary]
}

/// Body of `POST /api/v1/agents/run/{id}/message`: a follow-up on a completed run.
/// The idempotency key is sent in the body and as the `Idempotency-Key` header; a retry with the
/// same key cannot start the follow-up twice.
public struct FollowUpRequest: Encodable, Sendable, Hashable {
    public var prompt: String
    /// Defaults to the original run's mode.
    public var mode: RunMode?
    /// Push to the existing PR branch (or open one); execute mode only.
    public var updatePR: Bool?
    /// Exactly-once key, valid 24 hours on the service. Generated fresh unless given.
    public var idempotencyKey: String = FollowUpRequest.newIdempotencyKey()
    /// Replaces the original run's tools when present.
    public var tools: [ToolDefinition]?

    /// A fresh random key (`gcc-<uuid>`).
    public static func newIdempotencyKey() -> String {
        "gcc-" + UUID().uuidString.lowercased()
    }

    enum CodingKeys: String, CodingKey {
        case prompt, mode, tools
        case updatePR = "update_pr"
        case idempotencyKey = "idempotency_key"
    }
}

extension FollowUpRequest {
    /// A follow-up with a fresh idempotency key and the original run's settings; set the
    /// other fields as needed.
    public init(prompt: String) {
        self.prompt = prompt
    }
}

/// Answer to a follow-up: the same run id, now `running`.
public struct FollowUpResponse: Codable, Sendable, Hashable {
    public var id: String
    public var status: RunStatus
    public var message: String?
}
