import CodecloudAPI
import CodecloudGit
import Foundation

/// The run loop's steps — submit, follow up, wait, land — for one command invocation.
/// Commands compose them; each step is usable alone (`wait`, `checkout`) and in tests.
public struct RunSession: Sendable {
    public let environment: Environment
    public let configuration: Configuration
    public let client: CodecloudClient
    public var waiter: RunWaiter
    /// Checks `--model`/`--provider` before submitting; nil skips the check.
    public var modelCheck: ModelCheck?

    public init(
        environment: Environment, configuration: Configuration, client: CodecloudClient,
        waiter: RunWaiter? = nil, modelCheck: ModelCheck? = nil
    ) {
        self.environment = environment
        self.configuration = configuration
        self.client = client
        // Polls are not retried inside the client: the waiter retries them itself, so a
        // server-requested delay is bounded by the outage budget and --timeout, never by the
        // client's own retry budget on top of them.
        let poller = client.with(retryPolicy: .never)
        self.waiter = waiter ?? RunWaiter(fetch: { id in try await poller.run(id: id) })
        self.modelCheck = modelCheck
    }

    // MARK: Submitting

    /// A run that the service accepted.
    public struct Submission: Sendable {
        /// The new run's id.
        public var runID: String
        /// What was inferred from the checkout (nil for blank-workspace runs).
        public var context: RepositoryContext?
    }

    /// Submits `run` exactly once. Warns first about work the agent will not see (unpushed
    /// commits, no upstream, uncommitted changes), then records the run in the checkout's config.
    ///
    /// The create request is not cancellable: once sent, an interrupted request would leave
    /// its outcome unknown, and creating is never retried. An unknown outcome (timeout, lost
    /// connection) is reported as such, with how to check, never re-sent.
    public func submit(_ run: NewRun) async throws -> Submission {
        try run.validate()
        let model = run.model ?? configuration.model, provider = run.provider ?? configuration.provider
        try await modelCheck?.verify(model: model, provider: provider)
        let context = run.blankWorkspace ? nil : try ContextResolver.resolve(run.context, in: environment)
        for warning in context?.warnings ?? [] { environment.output.warning(warning) }

        var request = CreateRunRequest(prompt: run.prompt)
        request.repo = context?.repository.description
        request.branch = context?.branch
        request.model = model
        request.provider = provider
        request.mode = run.mode
        request.autoCreatePR = run.blankWorkspace ? nil : (run.mode == .execute && run.createPR)
        request.webhookURL = run.webhookURL
        request.blankWorkspace = run.blankWorkspace ? true : nil
        request.tools = run.tools
        let client = self.client
        let created = try await Task.detached { try await client.createRun(request) }.value
        record(created.id, base: context?.branch)
        recordStartCommit(created.id, context: context)
        return Submission(runID: created.id, context: context)
    }

    /// Remembers the run in the checkout (if there is one) so later commands need no run id.
    private func record(_ runID: String, base: String?) {
        guard let repository = try? environment.openRepository() else { return }
        do {
            try RunLinks(repository).recordSubmission(runID: runID, base: base)
        } catch {
            environment.output.warning("could not record run \(runID) in this checkout's git config: \(error)")
        }
    }

    /// Sends a follow-up to completed run `runID` and returns the run's previous `completedAt`,
    /// the baseline `wait` needs to tell the new result from the old one. The idempotency key
    /// is generated once here and reused by every retry, so a retried follow-up is never
    /// processed twice.
    public func followUp(runID: String, _ followUp: FollowUp, landing: LandingPreferences? = nil) async throws -> Date? {
        try Prompt.validate(followUp.prompt)
        if let tools = followUp.tools { try ToolDefinition.validate(tools) }
        let current = try await client.run(id: runID)
        guard current.status == .completed else {
            let next = current.status.isFinished
                ? "start a new run with git codecloud fix"
                : "wait for it first: git codecloud wait \(runID)"
            throw WorkflowError("run \(runID) is \(current.status); only completed runs take follow-ups", hint: next)
        }
        if followUp.approvesPlan, current.mode != .plan {
            throw WorkflowError(
                "run \(runID) is not a plan (it ran in \(current.mode.map { "\($0)" } ?? "execute") mode), so there is nothing to approve",
                hint: "iterate on it with git codecloud followup \(runID) \"…\"", exitCode: .usage)
        }
        if followUp.approvesPlan, current.repo == nil {
            throw WorkflowError(
                "run \(runID) ran in a blank workspace, so its plan cannot be carried out in a repository",
                hint: "start a run in the repository: git codecloud fix -F plan.md", exitCode: .usage)
        }
        if let landing, let request = try landingRequest(for: current, preferences: landing),
           (followUp.mode ?? current.mode) != .plan, followUp.updatePR {
            try Lander.checkBeforeFollowUp(request, in: environment)
        }
        var request = FollowUpRequest(prompt: followUp.prompt)
        request.mode = followUp.mode
        request.updatePR = (followUp.mode ?? current.mode) == .plan ? nil : followUp.updatePR
        request.tools = followUp.tools
        let client = self.client
        _ = try await Task.detached { try await client.sendFollowUp(runID: runID, request) }.value
        return current.completedAt
    }

    // MARK: Waiting

    /// Waits for run `runID` to finish; see `RunWaiter.wait`.
    public func wait(
        forRun runID: String, previousCompletion: Date? = nil, timeout: Duration? = nil,
        observer: (any RunProgressObserver)? = nil
    ) async throws -> RunDetail {
        try await waiter.wait(forRun: runID, previousCompletion: previousCompletion, timeout: timeout, observer: observer)
    }

    // MARK: Landing

    /// Fetches and checks out the PR branch of finished run `run`, as `preferences` ask.
    /// Returns nil when there is nothing to land (plan mode, no PR, `--no-checkout`).
    /// Refusals to touch local work throw with exit code 6 before anything changes. `early` is
    /// a fetch begun before the service answered (`EarlyFetch`), used if it fits.
    public func land(
        _ run: RunDetail, preferences: LandingPreferences, context: RepositoryContext? = nil, early: EarlyFetch? = nil
    ) throws -> LandingOutcome? {
        guard run.status == .completed, let request = try landingRequest(for: run, preferences: preferences, context: context) else {
            early?.abandon()
            return nil
        }
        return try Lander.land(request, in: environment, early: early)
    }

    /// What landing `run`'s PR branch asks for; nil when there is nothing to land (no PR,
    /// `--no-checkout`).
    func landingRequest(for run: RunDetail, preferences: LandingPreferences, context: RepositoryContext? = nil) throws -> LandingRequest? {
        guard preferences.checkout, let pullRequest = pullRequest(of: run, preferring: context?.repository) else { return nil }
        let repository = try RepositorySlug(validating: pullRequest.repo)
        let recordedBase = (try? environment.openRepository()).flatMap { try? RunLinks($0).base(ofRun: run.id) }
        return LandingRequest(
            repository: repository, branch: pullRequest.branch, runID: run.id, prNumber: pullRequest.number,
            baseBranch: recordedBase ?? context?.branch, force: preferences.force, worktree: preferences.worktree,
            remote: configuration.remote)
    }

    /// Refuses, before anything is fetched, a run whose branch `checkout` cannot land: one that
    /// has not completed (wait for it, or see why it failed), or one that made no pull request
    /// (a plan, or an agent that changed nothing).
    public func checkLandable(_ run: RunDetail) throws {
        guard run.status == .completed else {
            let hint = run.status.isFinished ? "see why with 'git codecloud show \(run.id)'" : "wait for it: git codecloud wait \(run.id)"
            throw WorkflowError("run \(run.id) is \(run.status); only a completed run has a branch to check out", hint: hint)
        }
        guard pullRequest(of: run, preferring: nil) != nil else {
            throw WorkflowError(
                "run \(run.id) made no pull request, so there is no branch to check out",
                hint: run.mode == .plan && run.repo != nil
                    ? "turn the plan into code with 'git codecloud execute \(run.id)'" : "see its result with 'git codecloud show \(run.id)'")
        }
    }

    /// The PR to land: the one in the checkout's repository when a run made several.
    public func pullRequest(of run: RunDetail, preferring repository: RepositorySlug?) -> PullRequest? {
        if let repository, let match = run.prs.first(where: { (try? RepositorySlug(validating: $0.repo))?.matches(repository) == true }) {
            return match
        }
        return run.prs.first
    }

    // MARK: Finding runs

    /// The run a command is about: `explicit`, else the one linked to the checked-out branch,
    /// else the last one submitted from this checkout.
    public func resolveRun(_ explicit: String?) throws -> RunReference {
        if let explicit {
            try RunIdentifier.validate(explicit)
            return .explicit(explicit)
        }
        let repository: Repository
        do {
            repository = try environment.openRepository()
        } catch let error as GitError where error.kind == .notARepository {
            throw WorkflowError("no run given", hint: "pass a run id; git codecloud list --all shows your runs", exitCode: .usage)
        }
        let links = RunLinks(repository)
        let branch = try repository.head().branchName
        if let branch, let linked = try links.linkedRun(ofBranch: branch) { return .linkedToBranch(linked, branch: branch) }
        if let last = try links.lastRun() { return .lastSubmitted(last) }
        let place = branch.map { "branch '\($0)'" } ?? "this checkout"
        throw WorkflowError("no run given, and none is linked to \(place)", hint: "pass a run id; git codecloud list shows recent runs", exitCode: .usage)
    }
}

// MARK: Diff

extension RunSession {
    /// The two revisions `git codecloud diff` compares for a run: its base branch (as the
    /// remote has it, when there is a tracking ref) and its landed branch.
    public struct DiffRange: Sendable, Equatable {
        public var base: String
        public var head: String
    }

    /// Finds what run `runID` changed: the local branch linked to it (or its PR branch as
    /// fetched) against the branch it started from.
    public func diffRange(forRun runID: String) async throws -> DiffRange {
        let repository = try environment.openRepository()
        let links = RunLinks(repository)
        var head: String?
        if let current = try repository.head().branchName, try links.linkedRun(ofBranch: current) == runID {
            head = current
        }
        // The service is asked only when the checkout does not know the run's branch itself.
        let detail = head == nil ? try await client.run(id: runID) : nil
        if head == nil, let detail, let pullRequest = pullRequest(of: detail, preferring: nil) {
            if try repository.branchCommit(pullRequest.branch) != nil {
                head = pullRequest.branch
            } else if let remote = try repository.remoteNames().first(where: {
                try repository.commit(ofReference: "refs/remotes/\($0)/\(pullRequest.branch)") != nil
            }) {
                head = "\(remote)/\(pullRequest.branch)"
            }
        }
        guard let head else {
            guard let detail, pullRequest(of: detail, preferring: nil) != nil else {
                throw WorkflowError(
                    "run \(runID) made no pull request, so there is nothing to diff",
                    hint: detail?.mode == .plan && detail?.repo != nil
                        ? "turn the plan into code with 'git codecloud execute \(runID)'"
                        : "see its result with 'git codecloud show \(runID)'")
            }
            throw WorkflowError(
                "run \(runID)'s branch is not in this checkout", hint: "check it out first: git codecloud checkout \(runID)")
        }
        guard let base = try links.base(ofRun: runID) else {
            throw WorkflowError(
                "this checkout does not know which branch run \(runID) started from",
                hint: "compare by hand: git diff BASE...\(head)")
        }
        let upstream = try repository.upstream(ofBranch: base)
        if let tracking = upstream?.trackingReference, try repository.commit(ofReference: tracking) != nil {
            return DiffRange(base: String(tracking.dropFirst("refs/remotes/".count)), head: head)
        }
        return DiffRange(base: base, head: head)
    }
}

/// What a run id looks like, checked before it is sent anywhere.
public enum RunIdentifier {
    /// Throws a usage error for text that cannot be a run id (codecloud's are letters and
    /// digits, like `jd7x8k9m2n3p4q5r`), pointing at `--worktree=PATH` when it looks like a path.
    public static func validate(_ text: String) throws {
        let allowed = text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_-".unicodeScalars.contains($0)) }
        guard text.isEmpty || !allowed || text.hasPrefix("-") else { return }
        let looksLikePath = text.contains("/") || text.hasPrefix(".") || text.hasPrefix("~")
        throw WorkflowError(
            "'\(text)' is not a run id",
            hint: looksLikePath
                ? "to land in a directory, attach it to the option: --worktree=\(text)"
                : "run ids are letters and digits; git codecloud list shows them",
            exitCode: .usage)
    }

    /// Whether `text` has the shape of a codecloud run id (16 lower-case letters and digits,
    /// both present): a one-word "prompt" like that is a run id given without its prompt.
    public static func looksLikeRunID(_ text: String) -> Bool {
        text.count == 16 && text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
            && text.contains(where: \.isNumber) && text.contains(where: \.isLetter)
    }
}
