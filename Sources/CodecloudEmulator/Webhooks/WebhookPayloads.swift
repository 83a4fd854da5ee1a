import Foundation

/// `agent.completed` / `agent.failed`: the documented run payload.
struct RunEventPayload: Encodable, Sendable {
    struct PullRequest: Encodable, Sendable {
        var url: String
        var number: Int
        var branch: String
    }

    struct Usage: Encodable, Sendable {
        var inputTokens: Int
        var outputTokens: Int

        enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens"
            case outputTokens = "output_tokens"
        }
    }

    var event: String
    var runID: String
    var status: RunStatus
    var mode: RunMode
    var repo: String?
    var result: String?
    var plan: String?
    var error: String?
    var pr: PullRequest?
    var usage: Usage?
    var createdAt: Date
    var completedAt: Date?

    enum CodingKeys: String, CodingKey {
        case event, status, mode, repo, result, plan, error, pr, usage
        case runID = "run_id"
        case createdAt = "created_at"
        case completedAt = "completed_at"
    }

    init(_ run: RunRecord) {
        event = run.status == .completed ? "agent.completed" : "agent.failed"
        runID = run.id
        status = run.status
        mode = run.mode
        repo = run.repo
        result = run.status == .completed && run.mode == .execute ? run.result : nil
        plan = run.status == .completed && run.mode == .plan ? run.plan : nil
        error = run.status == .failed ? run.error : nil
        pr = run.pullRequests.first.map { PullRequest(url: $0.url, number: $0.number, branch: $0.branch) }
        if let input = run.inputTokens, let output = run.outputTokens {
            usage = Usage(inputTokens: input, outputTokens: output)
        }
        createdAt = run.createdAt
        completedAt = run.completedAt
    }
}

/// `agent.progress`: fire-and-forget, with the agent's latest output.
struct ProgressPayload: Encodable, Sendable {
    var event = "agent.progress"
    var runID: String
    var status = "running"
    var thinking: String

    enum CodingKeys: String, CodingKey {
        case event, status, thinking
        case runID = "run_id"
    }
}

/// `schedule.run.executed`, `schedule.run.skipped` and `schedule.deleted`.
struct ScheduleEventPayload: Encodable, Sendable {
    var event: String
    var scheduleID: String
    var runID: String?
    var reason: String?
    var nextRunAt: Date?
    var totalSkips: Int?
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case event, reason
        case scheduleID = "schedule_id"
        case runID = "run_id"
        case nextRunAt = "next_run_at"
        case totalSkips = "total_skips"
        case createdAt = "created_at"
    }

    init(event: String, scheduleID: String, nextRunAt: Date?, createdAt: Date) {
        self.event = event
        self.scheduleID = scheduleID
        self.nextRunAt = nextRunAt
        self.createdAt = createdAt
    }
}
