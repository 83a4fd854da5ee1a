import Foundation

/// How an injected fault spoils a response.
enum FaultKind: String, Codable, Sendable, CaseIterable {
    /// Answer with `status` (and `Retry-After` when given) instead of handling the request.
    case status
    /// Wait `delay_ms` before handling the request normally.
    case delay
    /// Close the connection without answering.
    case drop
    /// Answer 200 with a body that is not valid JSON.
    case malformed
    /// Handle the request normally, then merge `body` (a JSON object) into the answer: into the
    /// object itself, or into every element of its `runs` or `schedules` list. Reproduces
    /// services that answer within the reference but not as the emulator does: an unknown
    /// `status`, hostile text in `result`, `title`, `prs[].branch`, huge token counts.
    case patch
    /// Handle a list request as if it had no `offset` (a service that ignores the undocumented
    /// parameter and answers the first page again).
    case ignoreOffset = "ignore_offset"
    /// Accept a follow-up (answer `running` as usual), but fail the run at once with `message`
    /// as its error, leaving `completedAt` as it was before the follow-up.
    case failFollowUp = "fail_followup"
}

/// What the fault being applied asks of the code below the responder, for this request only.
enum FaultContext {
    /// Fields merged into the JSON answer (`patch`).
    @TaskLocal static var patch: [String: JSONValue]?
    /// The error a follow-up fails with at once (`fail_followup`).
    @TaskLocal static var failFollowUp: String?

    /// `body` with `patch` merged in, when it is a JSON object (into each element of a
    /// `runs`/`schedules` list); unchanged otherwise.
    static func apply(_ patch: [String: JSONValue], to body: Data) -> Data {
        guard case .object(var object)? = JSONValue.parse(body) else { return body }
        func merged(_ value: JSONValue) -> JSONValue {
            guard case .object(var fields) = value else { return value }
            for (key, replacement) in patch { fields[key] = replacement }
            return .object(fields)
        }
        var listed = false
        for key in ["runs", "schedules"] {
            if case .array(let items)? = object[key] {
                object[key] = .array(items.map(merged))
                listed = true
            }
        }
        if !listed { for (key, replacement) in patch { object[key] = replacement } }
        return WireCoding.encode(JSONValue.object(object))
    }
}

/// A rule from `POST /_emulator/faults`: spoil the next `remaining` requests that match.
struct FaultRule: Codable, Sendable {
    /// Exact path, or a prefix ending in `*` (`/api/v1/agents/run/*`).
    var path: String
    /// Only this method, when set (upper case).
    var method: String?
    var remaining: Int
    var kind: FaultKind
    var status: Int?
    var delayMilliseconds: Int?
    var retryAfter: String?
    /// `status`: the error body's `message`; `fail_followup`: the run's `error`.
    var message: String?
    /// `patch`: the fields merged into the answer.
    var body: [String: JSONValue]?

    enum CodingKeys: String, CodingKey {
        case path, method, kind, status, message, body
        case remaining = "count"
        case delayMilliseconds = "delay_ms"
        case retryAfter = "retry_after"
    }

    /// True when this rule applies to a request.
    func matches(method requestMethod: String, path requestPath: String) -> Bool {
        if let method, method != requestMethod { return false }
        if path.hasSuffix("*") { return requestPath.hasPrefix(String(path.dropLast())) }
        return path == requestPath
    }

    /// Reads and checks a rule from the fault endpoint's body.
    init(_ body: BodyReader) throws(ServiceError) {
        path = try body.string("path", required: true, length: 1...2000) ?? ""
        guard path.hasPrefix("/") else { throw body.invalid("path", "must start with /") }
        method = try body.string("method", length: 1...10)?.uppercased()
        kind = try body.choice("kind", required: true, as: FaultKind.self) ?? .status
        remaining = try Self.integer(body, "count") ?? 1
        guard remaining >= 1 else { throw body.invalid("count", "must be at least 1") }
        status = try Self.integer(body, "status")
        delayMilliseconds = try Self.integer(body, "delay_ms")
        retryAfter = try body.value("retry_after").map { value throws(ServiceError) in
            switch value {
            case .string(let text): return text
            // Sent as written: 2 → "2", 1e300 → "1e+300" (no Int conversion that could trap).
            case .number(let seconds): return seconds.rounded() == seconds && abs(seconds) < 1e15 ? String(Int64(seconds)) : String(seconds)
            default: throw body.invalid("retry_after", "Expected seconds or an HTTP date")
            }
        }
        message = try body.string("message", length: 0...100_000)
        if let value = try body.value("body") {
            guard case .object(let fields) = value else { throw body.invalid("body", "Expected an object of fields to merge into the answer") }
            self.body = fields
        }
        switch kind {
        case .patch:
            guard self.body != nil else { throw body.invalid("body", "Required for kind patch: an object of fields") }
        case .ignoreOffset, .failFollowUp:
            break
        case .status:
            guard let status, (100...599).contains(status) else { throw body.invalid("status", "Required for kind status: 100-599") }
        case .delay:
            guard let delay = delayMilliseconds, delay >= 0 else { throw body.invalid("delay_ms", "Required for kind delay: milliseconds >= 0") }
        case .drop, .malformed:
            break
        }
    }

    private static func integer(_ body: BodyReader, _ key: String) throws(ServiceError) -> Int? {
        guard let value = try body.value(key) else { return nil }
        guard case .number(let number) = value, number.rounded() == number, abs(number) < 1e9 else {
            throw body.invalid(key, "Expected integer")
        }
        return Int(number)
    }
}

/// One line of the request log (`GET /_emulator/requests`). The Authorization header is never kept.
struct RequestLogEntry: Codable, Sendable {
    var method: String
    var path: String
    var query: String?
    /// The status sent; absent when the connection was dropped.
    var status: Int?
    /// The fault applied, if any.
    var fault: FaultKind?
    var time: Date
}

/// Holds fault rules and the request log.
actor FaultInjector {
    private var rules: [FaultRule] = []
    private var entries: [RequestLogEntry] = []

    /// Adds a rule; older rules match first.
    func add(_ rule: FaultRule) { rules.append(rule) }

    /// The fault for this request, consuming one use of the first matching rule.
    func take(method: String, path: String) -> FaultRule? {
        guard let index = rules.firstIndex(where: { $0.matches(method: method, path: path) }) else { return nil }
        let rule = rules[index]
        rules[index].remaining -= 1
        if rules[index].remaining == 0 { rules.remove(at: index) }
        return rule
    }

    /// Rules still waiting for requests.
    func pending() -> [FaultRule] { rules }

    /// Appends to the request log (bounded, oldest dropped).
    func log(_ entry: RequestLogEntry) {
        entries.append(entry)
        if entries.count > 10_000 { entries.removeFirst(entries.count - 10_000) }
    }

    /// The request log, oldest first.
    func requestLog() -> [RequestLogEntry] { entries }

    /// Forgets every rule and log entry.
    func reset() {
        rules = []
        entries = []
    }
}
