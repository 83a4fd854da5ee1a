import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Answers every request: control endpoints under `/_emulator`, the codecloud API under `/api/v1`
/// (through the fault injector and the request log), and the emulated PR pages.
struct EmulatorResponder: HTTPResponder {
    typealias Context = EmulatorRequestContext

    /// Largest request body read (prompts are capped at 100,000 characters; tools add some).
    static let maximumBodySize = 4 << 20
    /// Largest git push accepted over http.
    static let maximumGitBodySize = 256 << 20

    let service: EmulatorService
    let gitHost: GitHost
    let faults: FaultInjector
    let webhooks: WebhookDispatcher
    let clock: any EmulatorClock
    /// Accepted keys by their bearer token.
    let keys: [String: APIKey]
    /// The accounts' default repository, used when a run names none.
    let defaultRepository: String?

    func respond(to request: Request, context: Context) async throws -> Response {
        let target = RequestTarget(request)
        if target.segments.first == "_emulator" {
            return await handleControl(request, target)
        }
        var entry = RequestLogEntry(method: target.method, path: target.path, query: request.uri.query, time: Date())
        let fault = await faults.take(method: target.method, path: target.path)
        entry.fault = fault?.kind
        let response: Response?
        switch fault?.kind {
        case .status?:
            var headers = HTTPFields()
            if let retryAfter = fault?.retryAfter { headers[.retryAfter] = retryAfter }
            let status = fault?.status ?? 500
            let error = ServiceError(status: status, type: "Injected Fault", message: fault?.message ?? "fault injected by the emulator: status \(status)")
            response = JSONResponse.make(status, error.body, headers: headers)
        case .malformed?:
            response = JSONResponse.raw(200, Data(#"{"id": "truncated", "status": "compl"#.utf8))
        case .drop?:
            // Hang up without a byte of response, as a crashed proxy would.
            context.channel.close(promise: nil)
            response = nil
        case .delay?:
            try? await Task.sleep(for: .milliseconds(fault?.delayMilliseconds ?? 0))
            response = await handleAPI(request, target)
        case .patch?:
            response = await FaultContext.$patch.withValue(fault?.body) { await handleAPI(request, target) }
        case .ignoreOffset?:
            var firstPage = target
            firstPage.query.values["offset"] = nil
            response = await handleAPI(request, firstPage)
        case .failFollowUp?:
            let reason = fault?.message ?? "fault injected by the emulator: the follow-up failed"
            response = await FaultContext.$failFollowUp.withValue(reason) { await handleAPI(request, target) }
        case nil:
            response = await handleAPI(request, target)
        }
        entry.status = response.map { Int($0.status.code) }
        await faults.log(entry)
        return response ?? JSONResponse.empty(500)
    }

    // MARK: - The API

    private func handleAPI(_ request: Request, _ target: RequestTarget) async -> Response {
        do {
            return try await route(request, target)
        } catch let error as ServiceError {
            return JSONResponse.error(error)
        } catch {
            return JSONResponse.error(.internalError("\(error)"))
        }
    }

    private func route(_ request: Request, _ target: RequestTarget) async throws -> Response {
        let segments = target.segments
        let method = target.method
        guard segments.count >= 2, segments[0] == "api", segments[1] == "v1" else {
            if segments.count >= 3, segments[1].hasSuffix(".git"), method == "GET" || method == "POST" {
                return try await serveGit(request, target)
            }
            if segments.count == 4, segments[2] == "pull", let number = Int(segments[3]) {
                return try await pullRequestPage(repo: "\(segments[0])/\(segments[1])", number: number, method: method)
            }
            throw ServiceError.notFound("No route for \(method) \(target.path)")
        }
        guard let route = APIRoute(Array(segments.dropFirst(2))) else {
            throw ServiceError.notFound("No route for \(method) \(target.path)")
        }
        switch (method, route) {
        case ("GET", .models):
            return models(target)
        case ("GET", .providers):
            return JSONResponse.make(200, ["providers": ModelCatalogue.providers])
        case ("POST", .agents):
            let account = try authenticate(request)
            let body = try CreateRunRequest(BodyReader(body: await readBody(request)), defaultRepository: defaultRepository)
            return JSONResponse.make(201, await service.createRun(body, account: account))
        case ("GET", .agents):
            let account = try authenticate(request)
            let query = target.query
            let limit = try query.integer("limit", in: 1...100) ?? 20
            let offset = try query.integer("offset", in: 0...Int(Int32.max)) ?? 0
            let status = try query.choice("status", as: RunStatus.self)
            let runs = await service.runs(of: account, status: status, limit: limit, offset: offset)
            return JSONResponse.make(200, ["runs": runs.map(RunSummaryBody.init)])
        case ("GET", .run(let id)):
            let account = try authenticate(request)
            try Self.checkRunID(id)
            return JSONResponse.make(200, RunDetailBody(try await service.run(id, of: account)))
        case ("POST", .runMessage(let id)):
            let account = try authenticate(request)
            try Self.checkRunID(id)
            let header = request.headers[HTTPField.Name("Idempotency-Key")!]
            let body = try FollowUpRequest(BodyReader(body: await readBody(request)), idempotencyHeader: header)
            return JSONResponse.make(200, try await service.followUp(id, body, account: account))
        case ("POST", .schedules):
            let account = try authenticate(request)
            let body = try CreateScheduleRequest(BodyReader(body: await readBody(request)))
            return JSONResponse.make(201, try await service.createSchedule(body, account: account))
        case ("GET", .schedules):
            let account = try authenticate(request)
            let limit = try target.query.integer("limit", in: 1...100) ?? 20
            let status = try target.query.choice("status", as: ScheduleStatus.self)
            let schedules = await service.schedules(of: account, status: status, limit: limit)
            return JSONResponse.make(200, ["schedules": schedules.map { ScheduleBody($0, detailed: false) }])
        case ("GET", .schedule(let id)):
            let account = try authenticate(request)
            return JSONResponse.make(200, ScheduleBody(try await service.schedule(id, of: account), detailed: true))
        case ("DELETE", .schedule(let id)):
            let account = try authenticate(request)
            try await service.deleteSchedule(id, account: account)
            return JSONResponse.empty(204)
        default:
            var headers = HTTPFields()
            headers[.allow] = route.allowedMethods
            let error = ServiceError.methodNotAllowed("\(method) is not allowed on \(target.path); use \(route.allowedMethods)")
            return JSONResponse.make(405, error.body, headers: headers)
        }
    }

    private func models(_ target: RequestTarget) -> Response {
        struct ModelsBody: Encodable {
            var generatedAt: String
            var source: String
            var models: [String: [ModelEntry]]
        }
        var models = ModelCatalogue.models
        if let provider = target.query.values["provider"] {
            // Unknown providers get an empty map: the endpoint documents no error answer.
            models = models.filter { $0.key == provider }
        }
        return JSONResponse.make(200, ModelsBody(generatedAt: ModelCatalogue.generatedAt, source: ModelCatalogue.source, models: models))
    }

    /// Git's smart HTTP protocol for `/owner/repo.git/...`, answered by `git http-backend`.
    private func serveGit(_ request: Request, _ target: RequestTarget) async throws -> Response {
        let repo = "\(target.segments[0])/\(target.segments[1].dropLast(4))"
        guard AgentOptions.isRepositoryName(repo), gitHost.repositoryExists(repo) else {
            throw ServiceError.notFound("Repository not found: \(repo)")
        }
        let body: Data
        do {
            body = Data(try await request.body.collect(upTo: Self.maximumGitBodySize).readableBytesView)
        } catch {
            throw ServiceError.validation("body", "could not be read (at most \(Self.maximumGitBodySize >> 20) MiB)")
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let answer = try await gitHost.serveHTTP(
            method: target.method, path: request.uri.path, query: request.uri.query, headers: headers, body: body
        )
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        return Response(status: .init(code: answer.status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    private func pullRequestPage(repo: String, number: Int, method: String) async throws -> Response {
        guard method == "GET", let (pullRequest, runID) = await service.pullRequest(repo: repo, number: number) else {
            throw ServiceError.notFound("No pull request \(repo)#\(number)")
        }
        struct Page: Encodable {
            var url, title, branch, repo, state: String
            var number: Int
            var runID: String
            enum CodingKeys: String, CodingKey {
                case url, title, branch, repo, state, number
                case runID = "run_id"
            }
        }
        return JSONResponse.make(200, Page(
            url: pullRequest.url, title: pullRequest.title, branch: pullRequest.branch, repo: pullRequest.repo,
            state: "open", number: pullRequest.number, runID: runID
        ))
    }

    /// The caller's account from `Authorization: Bearer <key>`.
    private func authenticate(_ request: Request) throws(ServiceError) -> Account {
        guard let header = request.headers[.authorization] else {
            throw .unauthorized("Missing API key: send Authorization: Bearer <key>")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw .unauthorized("Invalid Authorization header: expected Bearer <key>")
        }
        guard let key = keys[parts[1].trimmingCharacters(in: .whitespaces)] else {
            throw .unauthorized("Invalid API key")
        }
        return Account(key)
    }

    /// Run ids are short strings of letters, digits, `_` and `-`; anything else is a 400, as documented.
    private static func checkRunID(_ id: String) throws(ServiceError) {
        let allowed = id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        guard !id.isEmpty, id.count <= 64, allowed else {
            throw .validation("id", "Invalid run ID format")
        }
    }

    private func readBody(_ request: Request) async throws(ServiceError) -> Data {
        do {
            let buffer = try await request.body.collect(upTo: Self.maximumBodySize)
            return Data(buffer.readableBytesView)
        } catch {
            throw .validation("body", "could not be read (at most \(Self.maximumBodySize >> 20) MiB)")
        }
    }

    // MARK: - Control endpoints

    private func handleControl(_ request: Request, _ target: RequestTarget) async -> Response {
        do {
            switch (target.method, target.segments.dropFirst().joined(separator: "/")) {
            case ("GET", "health"):
                return JSONResponse.make(200, ["status": "ok"])
            case ("POST", "faults"):
                let rule = try FaultRule(BodyReader(body: await readBody(request)))
                await faults.add(rule)
                return JSONResponse.make(201, rule)
            case ("GET", "faults"):
                return JSONResponse.make(200, ["faults": await faults.pending()])
            case ("GET", "requests"):
                return JSONResponse.make(200, ["requests": await faults.requestLog()])
            case ("GET", "webhooks"):
                return JSONResponse.make(200, ["deliveries": await webhooks.log()])
            case ("POST", "plan"):
                let body = try BodyReader(body: await readBody(request))
                let keyText = try body.string("key", required: true) ?? ""
                let plan = try body.choice("plan", required: true, as: Plan.self) ?? .starter
                guard let key = keys[keyText] else { throw ServiceError.validation("key", "not one of the emulator's --api-key values") }
                let deleted = await service.changePlan(of: Account(key), to: plan)
                return JSONResponse.make(200, ["plan": .string(plan.rawValue), "deleted_schedules": JSONValue.array(deleted.map(JSONValue.string))] as [String: JSONValue])
            case ("POST", "reset"):
                await service.reset()
                await faults.reset()
                await webhooks.reset()
                return JSONResponse.empty(204)
            case ("GET", "clock"):
                return JSONResponse.make(200, ["now": WireCoding.timestamp(clock.now())])
            case ("POST", "clock"):
                let body = try BodyReader(body: await readBody(request))
                if let now = try body.date("now") {
                    clock.set(to: now)
                } else if case .number(let seconds)? = try body.value("advance_seconds") {
                    clock.advance(by: seconds)
                } else {
                    throw ServiceError.validation("body", "send {\"advance_seconds\": N} or {\"now\": \"<ISO 8601>\"}")
                }
                await service.fireDueSchedules()
                return JSONResponse.make(200, ["now": WireCoding.timestamp(clock.now())])
            default:
                throw ServiceError.notFound("No emulator control endpoint \(target.method) \(target.path)")
            }
        } catch let error as ServiceError {
            return JSONResponse.error(error)
        } catch {
            return JSONResponse.error(.internalError("\(error)"))
        }
    }
}

/// A request's method, decoded path segments and query.
struct RequestTarget {
    var method: String
    /// The path without a trailing slash.
    var path: String
    var segments: [String]
    var query: QueryParameters

    init(_ request: Request) {
        method = request.method.rawValue
        var path = request.uri.path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        self.path = path
        segments = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        query = QueryParameters(request.uri.query)
    }
}

/// Query-string values, decoded, with validation in the API's wording.
struct QueryParameters {
    /// The first value of each parameter.
    var values: [String: String] = [:]

    init(_ query: String?) {
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            let key = decode(parts[0])
            if values[key] == nil { values[key] = parts.count > 1 ? decode(parts[1]) : "" }
        }
    }

    /// An integer parameter within bounds.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(ServiceError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text) else { throw .validation(name, "Expected integer, received '\(text)'") }
        guard range.contains(value) else {
            throw .validation(name, range.upperBound == Int(Int32.max)
                ? "Number must be greater than or equal to \(range.lowerBound)"
                : "Number must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    /// A parameter limited to an enumeration's raw values.
    func choice<Choice: RawRepresentable & CaseIterable>(_ name: String, as: Choice.Type) throws(ServiceError) -> Choice?
    where Choice.RawValue == String {
        guard let text = values[name] else { return nil }
        guard let choice = Choice(rawValue: text) else {
            throw .validation(name, BodyReader.invalidChoice(text, Choice.allCases.map(\.rawValue)))
        }
        return choice
    }
}

/// The API's resources under `/api/v1`.
enum APIRoute {
    case models, providers, agents, run(String), runMessage(String), schedules, schedule(String)

    /// Recognises a path below `/api/v1`; `nil` for unknown paths.
    init?(_ resource: [String]) {
        switch resource.count {
        case 1 where resource[0] == "models": self = .models
        case 1 where resource[0] == "providers": self = .providers
        case 1 where resource[0] == "agents": self = .agents
        case 1 where resource[0] == "schedules": self = .schedules
        case 2 where resource[0] == "schedules": self = .schedule(resource[1])
        case 3 where resource[0] == "agents" && resource[1] == "run": self = .run(resource[2])
        case 4 where resource[0] == "agents" && resource[1] == "run" && resource[3] == "message": self = .runMessage(resource[2])
        default: return nil
        }
    }

    /// The methods this resource answers, for 405's `Allow` header.
    var allowedMethods: String {
        switch self {
        case .models, .providers, .run: "GET"
        case .agents, .schedules: "GET, POST"
        case .runMessage: "POST"
        case .schedule: "GET, DELETE"
        }
    }
}
