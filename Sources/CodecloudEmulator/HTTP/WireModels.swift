import Foundation

/// `RunDetail`: camelCase timestamps, snake_case PR and token fields, exactly as the reference shows.
struct RunDetailBody: Encodable {
    struct PullRequest: Encodable {
        var url: String
        var number: Int
        var branch: String
        var repo: String
        var title: String
    }

    var id: String
    var title: String
    var status: RunStatus
    var mode: RunMode
    var model: String
    var provider: String
    var result: String?
    var plan: String?
    var error: String?
    var repo: String?
    var prompt: String
    var prURL: String?
    var prNumber: Int?
    var prs: [PullRequest]
    var inputTokens: Int?
    var outputTokens: Int?
    var scheduleID: String?
    var createdAt: Date
    var startedAt: Date?
    var completedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, title, status, mode, model, provider, result, plan, error, repo, prompt, prs
        case createdAt, startedAt, completedAt
        case prURL = "pr_url"
        case prNumber = "pr_number"
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case scheduleID = "schedule_id"
    }

    init(_ run: RunRecord) {
        id = run.id
        title = run.title
        status = run.status
        mode = run.mode
        model = run.model
        provider = run.provider
        // The reference: result only when completed, plan only for completed plan runs, error only when failed.
        result = run.status == .completed ? run.result : nil
        plan = run.status == .completed ? run.plan : nil
        error = run.status == .failed ? run.error : nil
        repo = run.repo
        prompt = run.prompt
        prURL = run.pullRequests.first?.url
        prNumber = run.pullRequests.first?.number
        prs = run.pullRequests.map { PullRequest(url: $0.url, number: $0.number, branch: $0.branch, repo: $0.repo, title: $0.title) }
        inputTokens = run.inputTokens
        outputTokens = run.outputTokens
        scheduleID = run.scheduleID
        createdAt = run.createdAt
        startedAt = run.startedAt
        completedAt = run.completedAt
    }
}

/// `RunSummary`, one entry of `GET /api/v1/agents`.
struct RunSummaryBody: Encodable {
    var id: String
    var title: String
    var status: RunStatus
    var model: String
    var provider: String
    var repo: String?
    var createdAt: Date
    var completedAt: Date?

    init(_ run: RunRecord) {
        id = run.id
        title = run.title
        status = run.status
        model = run.model
        provider = run.provider
        repo = run.repo
        createdAt = run.createdAt
        completedAt = run.completedAt
    }
}

/// `ScheduleDetail` (and, without `last_run_id`, `ScheduleSummary`).
struct ScheduleBody: Encodable {
    var id: String
    var type: ScheduleType
    var status: ScheduleStatus
    var prompt: String
    var repo: String?
    var cron: String?
    var nextRunAt: Date?
    var totalRuns: Int
    var totalSkips: Int
    var lastRunAt: Date?
    var createdAt: Date
    var lastRunID: String?

    enum CodingKeys: String, CodingKey {
        case id, type, status, prompt, repo, cron
        case nextRunAt = "next_run_at"
        case totalRuns = "total_runs"
        case totalSkips = "total_skips"
        case lastRunAt = "last_run_at"
        case createdAt = "created_at"
        case lastRunID = "last_run_id"
    }

    init(_ schedule: ScheduleRecord, detailed: Bool) {
        id = schedule.id
        type = schedule.type
        status = schedule.status
        prompt = schedule.prompt
        repo = schedule.repo
        cron = schedule.cron
        nextRunAt = schedule.nextRunAt
        totalRuns = schedule.totalRuns
        totalSkips = schedule.totalSkips
        lastRunAt = schedule.lastRunAt
        createdAt = schedule.createdAt
        lastRunID = detailed ? schedule.lastRunID : nil
    }
}

/// `CreateScheduleResponse`.
struct CreatedScheduleBody: Encodable {
    var id: String
    var type: ScheduleType
    var status: ScheduleStatus
    var nextRunAt: Date?
    var message: String

    enum CodingKeys: String, CodingKey {
        case id, type, status, message
        case nextRunAt = "next_run_at"
    }
}

/// `{id, status, message}`: the answer to creating a run and to a follow-up.
struct RunAcceptedBody: Codable {
    var id: String
    var status: RunStatus
    var message: String
}
