import Foundation

/// A run's status on the wire.
enum RunStatus: String, Codable, Sendable, CaseIterable {
    case queued, running, completed, failed
}

/// What a run (or follow-up) is asked to do.
enum RunMode: String, Codable, Sendable, CaseIterable {
    case execute, plan
}

/// A schedule's kind.
enum ScheduleType: String, Codable, Sendable, CaseIterable {
    case once, recurring
}

/// A schedule's status on the wire.
enum ScheduleStatus: String, Codable, Sendable, CaseIterable {
    case active, completed, deleted
}

/// A pull request the emulated host opened for a run.
struct PullRequestRecord: Codable, Sendable, Equatable {
    var url: String
    var number: Int
    var branch: String
    var repo: String
    var title: String
}

/// Everything the emulator knows about one agent run.
struct RunRecord: Codable, Sendable {
    var id: String
    /// Fingerprint of the API key that owns the run (never the key itself).
    var owner: String
    /// Creation order, which is also the order queued runs start in.
    var sequence: Int
    var title: String
    var status: RunStatus
    var mode: RunMode
    var model: String
    var provider: String
    var prompt: String
    var repo: String?
    var branch: String?
    var autoCreatePR: Bool
    var blankWorkspace: Bool
    var webhookURL: String?
    var tools: JSONValue?
    var result: String?
    var plan: String?
    var error: String?
    var pullRequests: [PullRequestRecord]
    var inputTokens: Int?
    var outputTokens: Int?
    var scheduleID: String?
    var createdAt: Date
    var startedAt: Date?
    var completedAt: Date?
    /// The private directory the agent works in; kept so follow-ups continue there.
    var workspace: String?
}

/// Everything the emulator knows about one schedule.
struct ScheduleRecord: Codable, Sendable {
    var id: String
    var owner: String
    var sequence: Int
    var type: ScheduleType
    var status: ScheduleStatus
    var prompt: String
    var repo: String?
    var branch: String?
    var model: String?
    var provider: String?
    var mode: RunMode?
    var webhookURL: String?
    var autoCreatePR: Bool
    var tools: JSONValue?
    var cron: String?
    var runAt: Date?
    var nextRunAt: Date?
    var totalRuns: Int
    var totalSkips: Int
    var lastRunAt: Date?
    var lastRunID: String?
    var createdAt: Date
}

/// A follow-up answer kept for its idempotency key.
struct IdempotencyRecord: Codable, Sendable {
    var body: JSONValue
    var createdAt: Date
}

/// The whole emulator state: what `--state FILE` saves and loads.
struct EmulatorState: Codable, Sendable {
    var runs: [String: RunRecord] = [:]
    var schedules: [String: ScheduleRecord] = [:]
    /// Follow-up responses by owner and idempotency key.
    var idempotency: [String: IdempotencyRecord] = [:]
    /// The last PR number used in each repository.
    var pullRequestNumbers: [String: Int] = [:]
    /// The last sequence number handed out.
    var sequence: Int = 0
}
