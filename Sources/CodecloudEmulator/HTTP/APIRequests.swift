import Foundation

/// Fields shared by runs and schedules: where and how the agent works.
struct AgentOptions: Sendable {
    var repo: String?
    var branch: String?
    var model: String?
    var provider: String?
    var mode: RunMode?
    var autoCreatePR: Bool
    var webhookURL: String?
    var tools: JSONValue?

    /// No options: the service's defaults everywhere.
    static let empty = AgentOptions()

    private init() {
        autoCreatePR = false
    }

    /// Reads and validates the shared fields.
    init(_ body: BodyReader) throws(ServiceError) {
        repo = try body.string("repo")
        if let repo, !Self.isRepositoryName(repo) {
            throw body.invalid("repo", "repo must be in format: owner/repo")
        }
        branch = try body.string("branch")
        if let branch, !Self.isBranchName(branch) {
            throw body.invalid("branch", "invalid branch name '\(branch)'")
        }
        model = try body.string("model", length: 1...200)
        provider = try body.string("provider", length: 1...100)
        if let provider, ModelCatalogue.provider(provider) == nil {
            throw body.invalid("provider", BodyReader.invalidChoice(provider, ModelCatalogue.providers.map(\.id)))
        }
        mode = try body.choice("mode", as: RunMode.self)
        autoCreatePR = try body.bool("auto_create_pr") ?? false
        webhookURL = try body.url("webhook_url")
        tools = try Self.tools(body)
    }

    /// `owner/repo`, GitHub's character set, and never a path that could leave the git root.
    static func isRepositoryName(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let owner = parts[0], name = parts[1]
        let allowedOwner = owner.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        let allowedName = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        return !owner.isEmpty && owner.count <= 39 && allowedOwner && !owner.hasPrefix("-")
            && !name.isEmpty && name.count <= 100 && allowedName && name != "." && name != ".."
    }

    /// The rules of `git check-ref-format --branch`, checked without running git.
    static func isBranchName(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 255, !text.hasPrefix("-"), !text.hasPrefix("/"), !text.hasSuffix("/"),
              !text.hasSuffix("."), !text.hasSuffix(".lock"), !text.contains(".."), !text.contains("//"),
              !text.contains("@{"), text != "@"
        else { return false }
        let forbidden: Set<Character> = [" ", "~", "^", ":", "?", "*", "[", "\\", "\u{7f}"]
        return !text.contains { forbidden.contains($0) || ($0.asciiValue.map { $0 < 0x20 } ?? false) }
            && !text.split(separator: "/").contains { $0.hasPrefix(".") }
    }

    /// Validates `tools`: at most 50 ToolDefinitions. Kept as the client sent them.
    static func tools(_ body: BodyReader) throws(ServiceError) -> JSONValue? {
        guard let items = try body.array("tools", maximum: 50) else { return nil }
        for (index, item) in items.enumerated() {
            let tool = try BodyReader(item, path: "tools.\(index).")
            let name = try tool.string("name", required: true) ?? ""
            let nameAllowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
            guard !name.isEmpty, name.count <= 64, nameAllowed else {
                throw tool.invalid("name", "must be 1-64 letters, digits, '_' or '-'")
            }
            _ = try tool.string("description", required: true)
            let parameters = try tool.object("parameters", required: true)
            _ = try parameters?.object("properties", required: true)
            for required in try parameters?.array("required") ?? [] {
                guard case .string = required else { throw tool.invalid("parameters.required", "Expected array of strings") }
            }
            let endpoint = try tool.object("endpoint", required: true)
            _ = try endpoint?.url("url", required: true)
            _ = try endpoint?.choice("method", required: true, as: HTTPMethodName.self)
            if let headers = try endpoint?.value("headers") {
                guard case .object(let fields) = headers, fields.values.allSatisfy({ if case .string = $0 { true } else { false } }) else {
                    throw tool.invalid("endpoint.headers", "Expected object of strings")
                }
            }
        }
        return .array(items)
    }
}

/// The methods a tool endpoint may use.
enum HTTPMethodName: String, CaseIterable {
    case GET, POST, PUT, PATCH, DELETE
}

/// `POST /api/v1/agents`.
struct CreateRunRequest: Sendable {
    var prompt: String
    var options: AgentOptions
    var blankWorkspace: Bool

    /// Reads a run request; `defaultRepository` stands in for the account's default when `repo` is absent.
    init(_ body: BodyReader, defaultRepository: String?) throws(ServiceError) {
        prompt = try body.string("prompt", required: true, length: 1...100_000) ?? ""
        guard !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw body.invalid("prompt", "String must contain at least 1 non-blank character(s)")
        }
        options = try AgentOptions(body)
        if options.repo == nil { options.repo = defaultRepository }
        blankWorkspace = try body.bool("blank_workspace") ?? false
        if blankWorkspace {
            // The reference: repo, branch and auto_create_pr are ignored for a blank workspace.
            options.repo = nil
            options.branch = nil
            options.autoCreatePR = false
        } else if options.repo == nil {
            throw body.invalid("repo", "Required (this account has no default repository; pass owner/repo or blank_workspace, or start the emulator with --default-repo)")
        }
    }
}

/// `POST /api/v1/agents/run/{id}/message`.
struct FollowUpRequest: Sendable {
    var prompt: String
    var mode: RunMode?
    var updatePR: Bool
    var idempotencyKey: String?
    var tools: JSONValue?

    init(_ body: BodyReader, idempotencyHeader: String?) throws(ServiceError) {
        prompt = try body.string("prompt", required: true, length: 1...100_000) ?? ""
        guard !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw body.invalid("prompt", "String must contain at least 1 non-blank character(s)")
        }
        mode = try body.choice("mode", as: RunMode.self)
        updatePR = try body.bool("update_pr") ?? false
        idempotencyKey = try body.string("idempotency_key", length: 1...255) ?? idempotencyHeader
        if let key = idempotencyKey, key.isEmpty || key.count > 255 {
            throw body.invalid("idempotency_key", "must be 1-255 characters")
        }
        tools = try AgentOptions.tools(body)
        if updatePR, mode == .plan {
            throw body.invalid("update_pr", "only valid for execute mode")
        }
    }
}

/// `POST /api/v1/schedules`.
struct CreateScheduleRequest: Sendable {
    var type: ScheduleType
    var cron: String?
    var runAt: Date?
    var prompt: String
    var options: AgentOptions

    init(_ body: BodyReader) throws(ServiceError) {
        type = try body.choice("type", required: true, as: ScheduleType.self) ?? .once
        cron = try body.string("cron")
        runAt = try body.date("run_at")
        prompt = try body.string("prompt", required: true, length: 1...100_000) ?? ""
        guard !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw body.invalid("prompt", "String must contain at least 1 non-blank character(s)")
        }
        options = try AgentOptions(body)
        switch type {
        case .once:
            guard runAt != nil else { throw body.invalid("run_at", "Required for once schedules") }
        case .recurring:
            guard let cron, !cron.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw body.invalid("cron", "Required for recurring schedules")
            }
        }
    }
}
