import Foundation

/// Typed access to every codecloud endpoint. A value type: cheap to copy, safe to share.
public struct CodecloudClient: Sendable {
    /// Where and how requests are sent.
    public let configuration: ClientConfiguration
    let transport: any HTTPTransport

    public init(configuration: ClientConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        self.transport = transport
    }

    /// The same client with another retry policy (the waiter polls with `.never` and retries
    /// on its own schedule).
    public func with(retryPolicy: RetryPolicy) -> CodecloudClient {
        var configuration = configuration
        configuration.retryPolicy = retryPolicy
        return CodecloudClient(configuration: configuration, transport: transport)
    }

    // MARK: Runs

    /// Queues a run (`POST /api/v1/agents`). Never repeated once it may have reached the
    /// service: an unanswered attempt throws `.outcomeUnknown` instead of risking a duplicate run.
    public func createRun(_ request: CreateRunRequest) async throws -> CreateRunResponse {
        if let tools = request.tools { try ToolDefinition.validate(tools) }
        let call = APICall(method: "POST", path: "/api/v1/agents", body: try encode(request), replay: .onlyIfNeverSent)
        return try await decode(CreateRunResponse.self, from: perform(call), of: call)
    }

    /// One run with its PRs, tokens and timestamps (`GET /api/v1/agents/run/{id}`).
    public func run(id: String) async throws -> RunDetail {
        let call = APICall(method: "GET", path: "/api/v1/agents/run/\(segment(id))", resource: .run(id: id))
        return try await decode(RunDetail.self, from: perform(call), of: call)
    }

    /// `run(id:)` with the answer's `Date` header (`HTTPResponse.serverDate`): the service's
    /// clock at the time it answered, to compare the run's own timestamps with.
    public func runWithServerDate(id: String) async throws -> (run: RunDetail, serverDate: Date?) {
        let call = APICall(method: "GET", path: "/api/v1/agents/run/\(segment(id))", resource: .run(id: id))
        let response = try await perform(call)
        return (try decode(RunDetail.self, from: response, of: call), response.serverDate)
    }

    /// Runs, newest first (`GET /api/v1/agents`); `limit` 1...100, `offset` 0-based.
    public func runs(limit: Int? = nil, offset: Int? = nil, status: RunStatus? = nil) async throws -> [RunSummary] {
        let call = APICall(
            method: "GET", path: "/api/v1/agents",
            query: query(["limit": limit.map(String.init), "offset": offset.map(String.init), "status": status?.rawValue]))
        return try await decode(RunList.self, from: perform(call), of: call).runs
    }

    /// Sends a follow-up on a completed run (`POST /api/v1/agents/run/{id}/message`). Repeated
    /// on failure only with the request's own idempotency key, in the body and the header.
    public func sendFollowUp(runID: String, _ request: FollowUpRequest) async throws -> FollowUpResponse {
        if let tools = request.tools { try ToolDefinition.validate(tools) }
        let call = APICall(
            method: "POST", path: "/api/v1/agents/run/\(segment(runID))/message",
            headers: ["Idempotency-Key": request.idempotencyKey], body: try encode(request),
            resource: .run(id: runID))
        return try await decode(FollowUpResponse.self, from: perform(call), of: call)
    }

    // MARK: Schedules

    /// Creates a schedule (`POST /api/v1/schedules`). Like create-run, never repeated once sent:
    /// the API documents no idempotency for it.
    public func createSchedule(_ request: CreateScheduleRequest) async throws -> CreateScheduleResponse {
        if let tools = request.tools { try ToolDefinition.validate(tools) }
        let call = APICall(method: "POST", path: "/api/v1/schedules", body: try encode(request), replay: .onlyIfNeverSent)
        return try await decode(CreateScheduleResponse.self, from: perform(call), of: call)
    }

    /// Schedules (`GET /api/v1/schedules`); `limit` 1...100.
    public func schedules(limit: Int? = nil, status: ScheduleStatus? = nil) async throws -> [Schedule] {
        let call = APICall(
            method: "GET", path: "/api/v1/schedules",
            query: query(["limit": limit.map(String.init), "status": status?.rawValue]))
        return try await decode(ScheduleList.self, from: perform(call), of: call).schedules
    }

    /// One schedule with its counters (`GET /api/v1/schedules/{id}`).
    public func schedule(id: String) async throws -> Schedule {
        let call = APICall(method: "GET", path: "/api/v1/schedules/\(segment(id))", resource: .schedule(id: id))
        return try await decode(Schedule.self, from: perform(call), of: call)
    }

    /// Deletes a schedule (`DELETE /api/v1/schedules/{id}`). A 404 on a retry, after an earlier
    /// attempt may have gone through, counts as deleted.
    public func deleteSchedule(id: String) async throws {
        let call = APICall(method: "DELETE", path: "/api/v1/schedules/\(segment(id))", resource: .schedule(id: id))
        _ = try await perform(call)
    }

    // MARK: Public catalog (no key sent)

    /// Recent models grouped by provider (`GET /api/v1/models`), optionally of one provider.
    public func models(provider: String? = nil) async throws -> ModelsResponse {
        let call = APICall(method: "GET", path: "/api/v1/models", query: query(["provider": provider]), authenticated: false)
        return try await decode(ModelsResponse.self, from: perform(call), of: call)
    }

    /// Providers and the credentials each needs (`GET /api/v1/providers`).
    public func providers() async throws -> [Provider] {
        let call = APICall(method: "GET", path: "/api/v1/providers", authenticated: false)
        return try await decode(ProviderList.self, from: perform(call), of: call).providers
    }

    // MARK: Building blocks

    private func encode(_ value: some Encodable) throws -> Data {
        try WireFormat.makeEncoder().encode(value)
    }

    private func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponse, of call: APICall) throws -> T {
        do {
            return try WireFormat.makeDecoder().decode(type, from: response.body)
        } catch {
            configuration.logger?("codecloud: \(call.method) \(call.path): cannot decode \(T.self): \(error)")
            throw APIError(
                .undecodable(status: response.status, excerpt: Self.excerpt(of: response.body)),
                method: call.method, path: call.path, resource: call.resource)
        }
    }

    private func query(_ items: KeyValuePairs<String, String?>) -> [URLQueryItem] {
        items.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
    }

    /// An id as one path segment: anything but unreserved characters is percent-encoded, so an
    /// id can never change the path it is placed in.
    private func segment(_ id: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id
    }

    /// The first 200 characters of a body on one line, for error messages.
    static func excerpt(of body: Data) -> String {
        let text = String(decoding: body.prefix(400), as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return "(empty body)" }
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}

/// One logical API call, before retries.
struct APICall: Sendable {
    /// Whether the call may be sent again after a failed attempt.
    enum Replay: Sendable {
        /// Safe to repeat: reads, deletes, keyed follow-ups.
        case whenRetryable
        /// No idempotency: repeat only when the previous attempt certainly never left this machine.
        case onlyIfNeverSent
    }

    var method: String
    var path: String
    var query: [URLQueryItem] = []
    var headers: [String: String] = [:]
    var body: Data?
    var authenticated = true
    var replay: Replay = .whenRetryable
    var resource: APIResource?
}
