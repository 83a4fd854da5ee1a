import Foundation

/// Body of `POST /api/v1/schedules`. `once` needs `runAt`; `recurring` needs `cron`.
public struct CreateScheduleRequest: Encodable, Sendable, Hashable {
    public var type: ScheduleType
    /// 5-field cron; at least 15 minutes between runs.
    public var cron: String?
    /// When to run (`once`), or the first run (`recurring`).
    public var runAt: Date?
    public var prompt: String
    public var repo: String?
    public var branch: String?
    public var model: String?
    public var provider: String?
    public var mode: RunMode?
    public var webhookURL: String?
    public var autoCreatePR: Bool?
    public var tools: [ToolDefinition]?

    enum CodingKeys: String, CodingKey {
        case type, cron, prompt, repo, branch, model, provider, mode, tools
        case runAt = "run_at"
        case webhookURL = "webhook_url"
        case autoCreatePR = "auto_create_pr"
    }
}

extension CreateScheduleRequest {
    /// A schedule of `type` for `prompt`; set `cron` or `runAt` and the other fields as needed.
    public init(type: ScheduleType, prompt: String) {
        self.type = type
        self.prompt = prompt
    }
}

/// Answer to creating a schedule.
public struct CreateScheduleResponse: Codable, Sendable, Hashable {
    public var id: String
    public var type: ScheduleType
    public var status: ScheduleStatus
    public var nextRunAt: Date?
    public var message: String?

    enum CodingKeys: String, CodingKey {
        case id, type, status, message
        case nextRunAt = "next_run_at"
    }
}

/// A schedule with its counters: an entry of `GET /api/v1/schedules` (the wire's
/// ScheduleSummary) or the answer of `GET /api/v1/schedules/{id}` (ScheduleDetail, which adds
/// `last_run_id`).
public struct Schedule: Codable, Sendable, Hashable {
    public var id: String
    public var type: ScheduleType
    public var status: ScheduleStatus
    public var prompt: String
    public var repo: String?
    public var cron: String?
    public var nextRunAt: Date?
    /// Runs created so far.
    public var totalRuns: Int
    /// Firings skipped because a limit was reached.
    public var totalSkips: Int
    public var lastRunAt: Date?
    public var createdAt: Date
    /// The most recent run this schedule created (`GET /api/v1/schedules/{id}` only).
    public var lastRunID: String?

    enum CodingKeys: String, CodingKey {
        case id, type, status, prompt, repo, cron
        case nextRunAt = "next_run_at"
        case totalRuns = "total_runs"
        case totalSkips = "total_skips"
        case lastRunAt = "last_run_at"
        case createdAt = "created_at"
        case lastRunID = "last_run_id"
    }
}

/// Wire envelope of `GET /api/v1/schedules`.
struct ScheduleList: Decodable {
    var schedules: [Schedule]
}
