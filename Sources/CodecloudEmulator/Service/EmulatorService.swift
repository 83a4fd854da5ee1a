import Crypto
import Foundation

/// The caller of an authenticated request: a fingerprint of its key (never the key) and its plan.
struct Account: Sendable, Hashable {
    var id: String
    var plan: Plan

    /// The account behind an API key.
    init(_ key: APIKey) {
        id = Self.fingerprint(of: key.key)
        plan = key.plan
    }

    /// A stable, non-reversible id for a key, safe to keep in the state file.
    static func fingerprint(of key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}

/// The stateful heart of the emulator: runs and their lifecycle, the git host, follow-ups,
/// schedules and webhooks. The HTTP layer validates requests and calls in here.
actor EmulatorService {
    /// How long an idempotency key answers with its first response.
    static let idempotencyWindow: TimeInterval = 24 * 60 * 60

    private var state: EmulatorState
    private let store: any StateStore
    private let clock: any EmulatorClock
    private let gitHost: GitHost
    private let agent: any Agent
    private let webhooks: WebhookDispatcher
    private let workspaces: URL
    private let agentDelay: TimeInterval
    /// The tests' gate between `running` and the agent's start (nil outside tests).
    private let agentGate: AgentGate?
    private let defaultRepository: String?
    private var plans: [String: Plan]
    private var baseURL = "http://127.0.0.1"
    /// What this process keeps about each run beside its persisted `RunRecord`, in one record
    /// per run id (nothing else is keyed by run).
    private var live: [String: LiveRun] = [:]
    /// Branch names handed out but perhaps not pushed yet, per repository.
    private var reservedBranches: [String: Set<String>] = [:]

    /// A run's in-process state: its execution and its webhook queue.
    private struct LiveRun {
        /// The executing task, so a reset or stop can cancel it.
        var execution: Task<Void, Never>?
        /// Output tokens the run had before its current execution (follow-ups add to them).
        var outputTokensBefore = 0
        /// When agent output was last sent as `agent.progress` (at most five a second).
        var lastProgressSent: Date?
        /// The run's webhooks (`agent.progress`, then `agent.completed`/`agent.failed`), in the
        /// order they happened. One task sends them one at a time, each after the previous one's
        /// delivery (and its retries) ended, so a receiver never sees a later event first.
        let webhooks: AsyncStream<WebhookDelivery>.Continuation
        let sender: Task<Void, Never>

        init(webhooks dispatcher: WebhookDispatcher) {
            let (stream, continuation) = AsyncStream.makeStream(of: WebhookDelivery.self)
            webhooks = continuation
            sender = Task {
                for await delivery in stream { await dispatcher.deliver(delivery) }
            }
        }

        /// Cancels the execution and takes no more webhooks; those queued still go out (a reset
        /// of the dispatcher abandons their retries). The sender is never cancelled: cancelling
        /// a task inside `URLSession.data(for:)` deadlocks on Linux (see "Cancelling a request
        /// never blocks" in docs/ARCHITECTURE.md).
        func cancel() {
            execution?.cancel()
            webhooks.finish()
        }
    }

    init(
        store: any StateStore, clock: any EmulatorClock, gitHost: GitHost, agent: any Agent,
        webhooks: WebhookDispatcher, workspaces: URL, agentDelay: TimeInterval, keys: [APIKey],
        defaultRepository: String?, agentGate: AgentGate? = nil
    ) throws {
        self.agentGate = agentGate
        self.defaultRepository = defaultRepository
        self.store = store
        self.clock = clock
        self.gitHost = gitHost
        self.agent = agent
        self.webhooks = webhooks
        self.workspaces = workspaces
        self.agentDelay = agentDelay
        plans = Dictionary(keys.map { (Account($0).id, $0.plan) }, uniquingKeysWith: { _, last in last })
        state = try store.load() ?? EmulatorState()
        // A run that was executing when the emulator stopped cannot be picked up again.
        for (id, run) in state.runs where run.status == .running {
            state.runs[id]?.status = .failed
            state.runs[id]?.error = "the emulator stopped while this run was executing"
            state.runs[id]?.completedAt = clock.now()
        }
    }

    /// Tells the service its public address (known once the port is bound) and starts queued runs.
    func start(baseURL: String) {
        self.baseURL = baseURL
        for owner in Set(state.runs.values.map(\.owner)) { startQueuedRuns(of: owner) }
        persist()
    }

    /// Cancels everything in flight.
    func stop() {
        live.values.forEach { $0.cancel() }
        live = [:]
    }

    /// Forgets all runs, schedules and idempotency keys (repositories stay).
    func reset() {
        stop()
        state = EmulatorState()
        reservedBranches = [:]
        persist()
    }

    // MARK: - Runs

    /// Creates a queued run and starts it when the account has a free slot.
    func createRun(_ request: CreateRunRequest, account: Account) -> RunAcceptedBody {
        let run = newRun(
            prompt: request.prompt, options: request.options, blankWorkspace: request.blankWorkspace,
            scheduleID: nil, owner: account.id
        )
        state.runs[run.id] = run
        startQueuedRuns(of: account.id)
        persist()
        return RunAcceptedBody(id: run.id, status: .queued, message: "Agent run queued")
    }

    /// The account's runs, newest first.
    func runs(of account: Account, status: RunStatus?, limit: Int, offset: Int) -> [RunRecord] {
        let runs = state.runs.values
            .filter { $0.owner == account.id && (status == nil || $0.status == status) }
            .sorted { $0.sequence > $1.sequence }
        return Array(runs.dropFirst(offset).prefix(limit))
    }

    /// One of the account's runs.
    func run(_ id: String, of account: Account) throws(ServiceError) -> RunRecord {
        guard let run = state.runs[id], run.owner == account.id else { throw .notFound("Agent run not found: \(id)") }
        return run
    }

    /// Starts a follow-up on a completed run, or replays the answer recorded for its idempotency key.
    func followUp(_ id: String, _ request: FollowUpRequest, account: Account) throws(ServiceError) -> JSONValue {
        var run = try run(id, of: account)
        let now = clock.now()
        // Keys are scoped to the account and the run: the same key on another run is a new request.
        let idempotencySlot = request.idempotencyKey.map { "\(account.id) \(id) \($0)" }
        if let idempotencySlot, let earlier = state.idempotency[idempotencySlot],
           now.timeIntervalSince(earlier.createdAt) < Self.idempotencyWindow {
            return earlier.body
        }
        guard run.status == .completed else {
            throw .badRequest("Agent run \(id) cannot be resumed: its status is \(run.status.rawValue); follow-ups need a completed run")
        }
        let mode = request.mode ?? run.mode
        if request.updatePR {
            guard mode == .execute else { throw .validation("update_pr", "only valid for execute mode") }
            guard run.repo != nil else { throw .validation("update_pr", "this run has no repository (blank_workspace), so it cannot have a PR") }
        }
        run.mode = mode
        if let tools = request.tools { run.tools = tools }
        run.result = nil
        run.plan = nil
        run.error = nil
        if let failure = FaultContext.failFollowUp {
            // A `fail_followup` fault: failed before anyone could see it running, and
            // `completedAt` left as the earlier completion set it.
            run.status = .failed
            run.error = failure
            state.runs[id] = run
        } else {
            state.runs[id] = run
            launch(id, followUp: request)
        }

        let body = JSONValue.parse(WireCoding.encode(RunAcceptedBody(id: id, status: .running, message: "Follow-up started"))) ?? .null
        if let idempotencySlot {
            state.idempotency = state.idempotency.filter { now.timeIntervalSince($0.value.createdAt) < Self.idempotencyWindow }
            state.idempotency[idempotencySlot] = IdempotencyRecord(body: body, createdAt: now)
        }
        persist()
        return body
    }

    /// A PR by repository and number, for the emulated PR page.
    func pullRequest(repo: String, number: Int) -> (PullRequestRecord, runID: String)? {
        for run in state.runs.values {
            if let pullRequest = run.pullRequests.first(where: { $0.repo == repo && $0.number == number }) {
                return (pullRequest, run.id)
            }
        }
        return nil
    }

    private func newRun(prompt: String, options: AgentOptions, blankWorkspace: Bool, scheduleID: String?, owner: String) -> RunRecord {
        state.sequence += 1
        let provider = options.provider ?? options.model.flatMap(ModelCatalogue.provider(ofModel:)) ?? ModelCatalogue.defaultProvider
        let model = options.model ?? ModelCatalogue.models[provider]?.first(where: { $0.id == ModelCatalogue.defaultModel })?.id
            ?? ModelCatalogue.models[provider]?.first?.id ?? ModelCatalogue.defaultModel
        return RunRecord(
            id: Identifiers.make(), owner: owner, sequence: state.sequence, title: Self.title(for: prompt),
            status: .queued, mode: options.mode ?? .execute, model: model, provider: provider, prompt: prompt,
            repo: blankWorkspace ? nil : options.repo, branch: blankWorkspace ? nil : options.branch,
            autoCreatePR: !blankWorkspace && options.autoCreatePR, blankWorkspace: blankWorkspace,
            webhookURL: options.webhookURL, tools: options.tools, pullRequests: [],
            scheduleID: scheduleID, createdAt: clock.now()
        )
    }

    /// Starts queued runs, oldest first, while the account is under its plan's limit.
    private func startQueuedRuns(of owner: String) {
        let limit = (plans[owner] ?? .starter).concurrencyLimit
        var active = activeRuns(of: owner)
        let queued = state.runs.values.filter { $0.owner == owner && $0.status == .queued }.sorted { $0.sequence < $1.sequence }
        for run in queued where active < limit {
            launch(run.id, followUp: nil)
            active += 1
        }
    }

    private func activeRuns(of owner: String) -> Int {
        state.runs.values.count { $0.owner == owner && $0.status == .running }
    }

    /// Moves a run to `running` now and executes it in the background.
    private func launch(_ id: String, followUp: FollowUpRequest?) {
        guard var run = state.runs[id] else { return }
        run.status = .running
        run.startedAt = clock.now()
        run.completedAt = nil
        run.inputTokens = (run.inputTokens ?? 0) + TokenEstimate.tokens(in: followUp?.prompt ?? run.prompt)
        run.outputTokens = run.outputTokens ?? 0
        state.runs[id] = run
        if live[id] == nil { live[id] = LiveRun(webhooks: webhooks) }
        live[id]?.outputTokensBefore = run.outputTokens ?? 0
        live[id]?.lastProgressSent = nil
        live[id]?.execution = Task { await self.execute(id, followUp: followUp) }
    }

    private func execute(_ id: String, followUp: FollowUpRequest?) async {
        if let run = state.runs[id] {
            progress(id, run.repo.map { "Preparing a workspace with \($0)" } ?? "Preparing an empty workspace", heartbeat: true)
        }
        if agentDelay > 0 {
            do { try await Task.sleep(for: .seconds(agentDelay)) } catch { return }
        }
        if let agentGate { await agentGate.pass() }
        guard let run = state.runs[id], !Task.isCancelled else { return }
        let workspace: URL
        do {
            workspace = try await prepareWorkspace(for: run)
        } catch {
            return finish(id, .failed(message: "\(error)"))
        }
        let prompt = followUp?.prompt ?? run.prompt
        let task = AgentTask(runID: id, prompt: prompt, mode: run.mode, tools: run.tools, isFollowUp: followUp != nil, workspace: workspace)
        // The agent's reports are applied here, one after another in the order it made them
        // (a task per report could be scheduled out of order).
        let (reports, sink) = AsyncStream.makeStream(of: String.self)
        async let performed = Self.perform(task, by: agent, reportingTo: sink)
        for await latest in reports { progress(id, latest) }
        var outcome = await performed
        guard !Task.isCancelled, state.runs[id] != nil else { return }
        if case .finished = outcome, run.mode == .execute, let repo = run.repo {
            do {
                try await publish(id, repo: repo, workspace: workspace, prompt: prompt, wantsPR: followUp?.updatePR ?? run.autoCreatePR)
            } catch {
                outcome = .failed(message: "\(error)")
            }
        }
        guard !Task.isCancelled else { return }
        finish(id, outcome)
    }

    /// Runs the agent, handing its reports to `sink` and ending the stream when it is done.
    private nonisolated static func perform(
        _ task: AgentTask, by agent: any Agent, reportingTo sink: AsyncStream<String>.Continuation
    ) async -> AgentOutcome {
        defer { sink.finish() }
        return await agent.perform(task) { sink.yield($0) }
    }

    /// The run's workspace: kept from earlier executions, or a fresh clone (or empty sandbox).
    private func prepareWorkspace(for run: RunRecord) async throws -> URL {
        if let path = run.workspace, FileManager.default.fileExists(atPath: path) {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        let directory = workspaces.appendingPathComponent(run.id, isDirectory: true)
        try? FileManager.default.removeItem(at: directory)
        if let repo = run.repo {
            guard gitHost.repositoryExists(repo) else {
                throw GitHostError(message: "repository '\(repo)' not found (no bare repository at \(gitHost.repositoryURL(repo).path))")
            }
            // After a restart lost the workspace, a run with a PR continues from its PR branch.
            let branch: String
            if let pullRequest = run.pullRequests.first(where: { $0.repo == repo }) {
                branch = pullRequest.branch
            } else if let requested = run.branch {
                branch = requested
            } else {
                branch = try await gitHost.defaultBranch(of: repo)
            }
            guard await gitHost.branchExists(branch, in: repo) else {
                throw GitHostError(message: "branch '\(branch)' not found in repository '\(repo)'")
            }
            try await gitHost.clone(repo, branch: branch, into: directory)
        } else {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        state.runs[run.id]?.workspace = directory.path
        return directory
    }

    /// Commits the agent's work and, when a PR is wanted, pushes it to the run's PR branch (opening the PR first if needed).
    private func publish(_ id: String, repo: String, workspace: URL, prompt: String, wantsPR: Bool) async throws {
        _ = try await gitHost.commitAll(in: workspace, message: Self.commitMessage(for: prompt))
        guard wantsPR, let run = state.runs[id] else { return }
        if let existing = run.pullRequests.first(where: { $0.repo == repo }) {
            return try await gitHost.push(from: workspace, to: existing.branch)
        }
        guard try await gitHost.hasUnpublishedCommits(in: workspace) else { return }
        let branch = try await reserveBranch(in: repo, for: run.prompt)
        do {
            try await gitHost.push(from: workspace, to: branch)
        } catch {
            reservedBranches[repo]?.remove(branch)
            throw error
        }
        let number = (state.pullRequestNumbers[repo] ?? 0) + 1
        state.pullRequestNumbers[repo] = number
        let pullRequest = PullRequestRecord(
            url: "\(baseURL)/\(repo)/pull/\(number)", number: number, branch: branch, repo: repo, title: run.title
        )
        state.runs[id]?.pullRequests.append(pullRequest)
    }

    /// `codecloud/<slug>`, made unique within the repository (`-2`, `-3`, …).
    private func reserveBranch(in repo: String, for prompt: String) async throws -> String {
        let existing = await gitHost.branches(in: repo)
        let recorded = state.runs.values.flatMap(\.pullRequests).filter { $0.repo == repo }.map(\.branch)
        let taken = existing.union(recorded).union(reservedBranches[repo] ?? [])
        let base = "codecloud/\(Slug.make(from: prompt))"
        var candidate = base
        var suffix = 2
        while taken.contains(candidate) {
            candidate = "\(base)-\(suffix)"
            suffix += 1
        }
        reservedBranches[repo, default: []].insert(candidate)
        return candidate
    }

    /// Records the agent's latest output and sends it as `agent.progress`; agent output is sent at
    /// most five times a second, heartbeats (status lines of the emulator's own) always.
    private func progress(_ id: String, _ latest: String, heartbeat: Bool = false) {
        guard var run = state.runs[id], run.status == .running, let record = live[id] else { return }
        if !heartbeat {
            run.outputTokens = record.outputTokensBefore + TokenEstimate.tokens(in: latest)
            state.runs[id] = run
            let now = Date()
            guard now.timeIntervalSince(record.lastProgressSent ?? .distantPast) >= 0.2 else { return }
            live[id]?.lastProgressSent = now
        }
        guard let url = run.webhookURL else { return }
        let payload = ProgressPayload(runID: id, thinking: String(latest.suffix(500)))
        record.webhooks.yield(WebhookDelivery(event: payload.event, payload: payload, to: url, retries: false))
    }

    private func finish(_ id: String, _ outcome: AgentOutcome) {
        guard var run = state.runs[id] else { return }
        switch outcome {
        case .finished(let output):
            run.status = .completed
            if run.mode == .plan { run.plan = output } else { run.result = output }
            run.error = nil
            run.outputTokens = (live[id]?.outputTokensBefore ?? 0) + TokenEstimate.tokens(in: output)
        case .failed(let message):
            run.status = .failed
            run.error = message
            run.result = nil
            run.plan = nil
        }
        run.completedAt = clock.now()
        state.runs[id] = run
        live[id]?.execution = nil
        persist()
        if let url = run.webhookURL {
            let payload = RunEventPayload(run)
            live[id]?.webhooks.yield(WebhookDelivery(event: payload.event, payload: payload, to: url, retries: true))
        }
        startQueuedRuns(of: run.owner)
        persist()
    }

    // MARK: - Schedules

    /// Validates and stores a schedule.
    func createSchedule(_ request: CreateScheduleRequest, account: Account) throws(ServiceError) -> CreatedScheduleBody {
        let now = clock.now()
        if let runAt = request.runAt, runAt <= now {
            throw .validation("run_at", "must be in the future (now is \(WireCoding.timestamp(now)))")
        }
        var nextRunAt = request.runAt
        var cronText: String?
        if request.type == .recurring, let text = request.cron {
            let cron = try CronSchedule(text)
            cronText = text
            if nextRunAt == nil {
                guard let next = cron.nextFiring(after: now) else { throw .validation("cron", "'\(text)' never fires") }
                nextRunAt = next
            }
        }
        state.sequence += 1
        let options = request.options
        let schedule = ScheduleRecord(
            id: Identifiers.make(), owner: account.id, sequence: state.sequence, type: request.type, status: .active,
            prompt: request.prompt, repo: options.repo, branch: options.branch, model: options.model,
            provider: options.provider, mode: options.mode, webhookURL: options.webhookURL,
            autoCreatePR: options.autoCreatePR, tools: options.tools, cron: cronText, runAt: request.runAt,
            nextRunAt: nextRunAt, totalRuns: 0, totalSkips: 0, createdAt: now
        )
        state.schedules[schedule.id] = schedule
        persist()
        return CreatedScheduleBody(id: schedule.id, type: schedule.type, status: .active, nextRunAt: nextRunAt, message: "Schedule created")
    }

    /// The account's schedules, newest first.
    func schedules(of account: Account, status: ScheduleStatus?, limit: Int) -> [ScheduleRecord] {
        let schedules = state.schedules.values
            .filter { $0.owner == account.id && (status == nil || $0.status == status) }
            .sorted { $0.sequence > $1.sequence }
        return Array(schedules.prefix(limit))
    }

    /// One of the account's schedules.
    func schedule(_ id: String, of account: Account) throws(ServiceError) -> ScheduleRecord {
        guard let schedule = state.schedules[id], schedule.owner == account.id else { throw .notFound("Schedule not found: \(id)") }
        return schedule
    }

    /// Stops a schedule's future firings; its runs are not affected.
    func deleteSchedule(_ id: String, account: Account) throws(ServiceError) {
        _ = try schedule(id, of: account)
        state.schedules[id]?.status = .deleted
        state.schedules[id]?.nextRunAt = nil
        persist()
    }

    /// Fires every schedule whose time has come on the emulator's clock.
    func fireDueSchedules() {
        let now = clock.now()
        let due = state.schedules.values
            .filter { $0.status == .active && ($0.nextRunAt.map { $0 <= now } ?? false) }
            .sorted { ($0.nextRunAt ?? now, $0.sequence) < ($1.nextRunAt ?? now, $1.sequence) }
        guard !due.isEmpty else { return }
        for schedule in due { fire(schedule.id, now: now) }
        persist()
    }

    private func fire(_ id: String, now: Date) {
        guard var schedule = state.schedules[id] else { return }
        let limit = (plans[schedule.owner] ?? .starter).concurrencyLimit
        let busy = state.runs.values.count { $0.owner == schedule.owner && ($0.status == .running || $0.status == .queued) }
        // Missed firings collapse into this one: the next firing is the first one after now.
        switch schedule.type {
        case .once:
            schedule.status = .completed
            schedule.nextRunAt = nil
        case .recurring:
            schedule.nextRunAt = schedule.cron.flatMap { try? CronSchedule($0) }?.nextFiring(after: now)
        }
        var event: ScheduleEventPayload
        if busy >= limit {
            // The reference: a firing over the concurrency limit is skipped, not queued.
            schedule.totalSkips += 1
            event = ScheduleEventPayload(event: "schedule.run.skipped", scheduleID: id, nextRunAt: schedule.nextRunAt, createdAt: now)
            event.reason = "concurrent_limit"
            event.totalSkips = schedule.totalSkips
        } else {
            var options = AgentOptions.empty
            options.repo = schedule.repo ?? defaultRepository
            options.branch = schedule.branch
            options.model = schedule.model
            options.provider = schedule.provider
            options.mode = schedule.mode
            options.autoCreatePR = schedule.autoCreatePR
            options.webhookURL = schedule.webhookURL
            options.tools = schedule.tools
            let run = newRun(prompt: schedule.prompt, options: options, blankWorkspace: options.repo == nil, scheduleID: id, owner: schedule.owner)
            state.runs[run.id] = run
            startQueuedRuns(of: schedule.owner)
            schedule.totalRuns += 1
            schedule.lastRunID = run.id
            schedule.lastRunAt = now
            event = ScheduleEventPayload(event: "schedule.run.executed", scheduleID: id, nextRunAt: schedule.nextRunAt, createdAt: now)
            event.runID = run.id
        }
        state.schedules[id] = schedule
        if let url = schedule.webhookURL {
            Task { [event] in await webhooks.send(event: event.event, payload: event, to: url) }
        }
    }

    /// Changes a key's plan, as the dashboard would. A move to the free plan deletes the key's
    /// active schedules and sends `schedule.deleted` for each (runs in progress go on).
    func changePlan(of account: Account, to plan: Plan) -> [String] {
        plans[account.id] = plan
        guard plan == .free else { return [] }
        let now = clock.now()
        var deleted: [String] = []
        for schedule in state.schedules.values.sorted(by: { $0.sequence < $1.sequence })
        where schedule.owner == account.id && schedule.status == .active {
            state.schedules[schedule.id]?.status = .deleted
            state.schedules[schedule.id]?.nextRunAt = nil
            deleted.append(schedule.id)
            if let url = schedule.webhookURL {
                var event = ScheduleEventPayload(event: "schedule.deleted", scheduleID: schedule.id, nextRunAt: nil, createdAt: now)
                event.reason = "plan_downgrade"
                Task { [event] in await webhooks.send(event: event.event, payload: event, to: url) }
            }
        }
        persist()
        return deleted
    }

    // MARK: - Helpers

    private func persist() {
        do {
            try store.save(state)
        } catch {
            FileHandle.standardError.write(Data("codecloud-emulator: could not save state: \(error)\n".utf8))
        }
    }

    /// The run's title: the prompt's first line, shortened.
    static func title(for prompt: String) -> String {
        let line = prompt.split(whereSeparator: \.isNewline).first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? prompt
        return line.count > 72 ? String(line.prefix(71)) + "…" : line
    }

    static func commitMessage(for prompt: String) -> String {
        "\(title(for: prompt))\n\nCommitted by the codecloud emulator's agent.\n"
    }
}

/// Rough token counts from text length (about four characters a token), as estimates go.
enum TokenEstimate {
    static func tokens(in text: String) -> Int { (text.utf8.count + 3) / 4 }
}

/// Run and schedule ids: 16 lowercase letters and digits, like `jd7x8k9m2n3p4q5r`.
enum Identifiers {
    static func make() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<16).map { _ in alphabet.randomElement()! })
    }
}

/// Branch-name slugs: lowercase words joined by `-`, at most 40 characters.
enum Slug {
    static func make(from text: String) -> String {
        var slug = ""
        for character in text.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
            if slug.count >= 40 { break }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "task" : slug
    }
}
