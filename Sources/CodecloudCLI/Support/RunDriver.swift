import CodecloudAPI
import CodecloudCore
import Foundation
import Synchronization

/// The shared tail of every command that waits for a run: wait, report, land; and the
/// interruption rules around it (Ctrl-C detaches; the run keeps going on codecloud).
struct RunDriver {
    let session: RunSession
    let environment: Environment
    /// `--verify`/`--iterate`: what to check after landing (see RunDriver+Review.swift).
    var review = ReviewSettings()

    /// A session with the stored key, for commands that need one (exit 4 without).
    static func make(in environment: Environment, context: ContextOptions? = nil) throws -> RunDriver {
        let configuration = try Dependencies.configuration(
            flags: ConfigurationFlags(remote: context?.remote), environment: environment)
        let credential = try ClientFactory.requireKey(configuration: configuration, environment: environment)
        let client = ClientFactory.makeClient(
            configuration: configuration, apiKey: credential.key, environment: environment, transport: Dependencies.transport(for: environment))
        // The catalogue check must never hold a run up: one quick request, no retries.
        let catalogue = ClientFactory.makeClient(
            configuration: configuration, apiKey: nil, environment: environment,
            transport: Dependencies.transport(for: environment, timeout: 3), retryPolicy: .never)
        let session = RunSession(
            environment: environment, configuration: configuration, client: client,
            modelCheck: ModelCheck(fetchCatalogue: { try await catalogue.models() }))
        var driver = RunDriver(session: session, environment: environment)
        driver.review.secrets = [credential.key]
        return driver
    }

    /// Waits for `runID`, prints the report, then lands the PR branch as `landing` asks.
    func finish(
        runID: String, previousCompletion: Date? = nil, timeout: TimeoutDuration?, json: Bool,
        landing: LandingPreferences, context: RepositoryContext? = nil
    ) async throws {
        let run: RunDetail
        let started = ContinuousClock.now
        do {
            do {
                run = try await session.wait(
                    forRun: runID, previousCompletion: previousCompletion, timeout: timeout?.duration,
                    observer: ProgressPrinter(environment: environment))
            } catch let error as APIError where error.status != 404 {
                // Waiting failed, not the run: it goes on, so say how to pick it up again.
                throw WorkflowError(
                    error.message, hint: (error.hint.map { $0 + "; then " } ?? "") + "resume with 'git codecloud wait \(runID)'",
                    exitCode: error.exitCode)
            }
        } catch let error as any PresentableError where json {
            // A script still learns the run id and why, on stdout.
            environment.output.out(try JSONOutput.encode(UnfinishedReport(runID: runID, error: ReportedError(error))))
            throw error
        }
        signalDone(run, waited: ContinuousClock.now - started)
        try await landReviewing(run, landing: landing, json: json, context: context, timeout: timeout)
    }

    /// Lands finished `run` (when it has a PR and landing is wanted) and prints the report.
    /// A refusal to touch local work still shows the run's result first, then the refusal.
    func land(_ run: RunDetail, landing: LandingPreferences, json: Bool, context: RepositoryContext? = nil, early: EarlyFetch? = nil) throws {
        var outcome: LandingOutcome?
        var refusal: (any Error)?
        do {
            outcome = try session.land(run, preferences: landing, context: context, early: early)
        } catch {
            refusal = error
        }
        var reported = refusal
        if let presentable = refusal as? any PresentableError, presentable.exitCode == .localWorkProtected {
            reported = WorkflowError(
                presentable.message,
                hint: (presentable.hint.map { $0 + "; then " } ?? "") + "land it with 'git codecloud checkout \(run.id)'",
                exitCode: .localWorkProtected)
        }
        let error = (reported as? any PresentableError).map(ReportedError.init)
        let report = RunReport(run: run, landing: outcome, error: error)
        if let outcome {
            try reviewLanding(run, landed: outcome, report: report, json: json)
        } else {
            try report.print(to: environment, json: json)
            if review.command != nil, refusal == nil, !landing.checkout, run.mode != .plan, !run.prs.isEmpty {
                environment.output.warning("the check was not run: it needs the branch checked out (--no-checkout)")
            }
        }
        if let reported { throw reported }
        if outcome != nil, !json {
            environment.output.hint("review with 'git codecloud review'; iterate with 'git codecloud followup \"…\"'")
        } else if !landing.checkout, !run.prs.isEmpty, run.mode != .plan, !json {
            environment.output.hint("check the branch out when you want it: git codecloud checkout \(run.id)")
        }
    }
}

/// Tracks the runs a command is working on, so an interruption can say how to resume.
final class ResumePoint: Sendable {
    private let runIDs = Mutex<[String]>([])
    private let review = Mutex<ReviewSettings?>(nil)
    private let resumeCommand = Mutex<String?>(nil)

    /// Records the run being worked on, the `--verify`/`--iterate` loop to resume with, and the
    /// command that picks it up again (default: `git codecloud wait <id>` with that loop).
    func set(_ id: String, review: ReviewSettings? = nil, resumeWith command: String? = nil) {
        runIDs.withLock { $0 = [id] }
        self.review.withLock { $0 = review }
        resumeCommand.withLock { $0 = command }
    }
    /// Records the runs being worked on (a fan-out's attempts): one `wait` resumes them all.
    func set(all ids: [String]) { runIDs.withLock { $0 = ids } }
    /// The run ids as `git codecloud wait` takes them (space-separated), if any.
    var current: String? { runIDs.withLock { $0.isEmpty ? nil : $0.joined(separator: " ") } }
    var all: [String] { runIDs.withLock { $0 } }
    /// ` --verify … --iterate N`, what resuming needs to carry on the same loop.
    var resumeFlags: String { review.withLock { $0?.resumeFlags ?? "" } }
    /// The command to resume with.
    var command: String? {
        guard let ids = current else { return nil }
        return resumeCommand.withLock { $0 } ?? "git codecloud wait \(ids)\(resumeFlags)"
    }
}

/// Runs `body` so that SIGINT/SIGTERM cancel waiting. What has been sent stays sent; an
/// interruption ends the command with exit 130 and the exact command to resume.
func interruptible(
    in environment: Environment, json: Bool = false, _ body: @escaping @Sendable (ResumePoint) async throws -> Void
) async throws {
    let resume = ResumePoint()
    let monitor = InterruptMonitor(output: environment.output.err)
    let outcome = Mutex<Result<Void, any Error>>(.success(()))
    await monitor.run {
        do { try await body(resume) } catch { outcome.withLock { $0 = .failure(error) } }
    }
    let result = outcome.withLock { $0 }
    // A child (`git fetch`) killed by the same Ctrl-C may report before the signal is seen here.
    let childInterruption = if case .failure(let error) = result, let presentable = error as? any PresentableError,
                               presentable.exitCode == .interrupted { presentable.message } else { String?.none }
    guard monitor.receivedSignal != nil || childInterruption != nil, case .failure = result else { return try result.get() }
    if let id = resume.current, let command = resume.command {
        // An interrupted `git fetch` says what it left alone ("nothing was changed").
        let interrupted = WorkflowError(
            childInterruption ?? (resume.all.count > 1
                ? "interrupted; runs \(resume.all.joined(separator: ", ")) keep going on codecloud"
                : "interrupted; run \(id) keeps going on codecloud"),
            hint: "resume with '\(command)'", exitCode: .interrupted)
        // Waiting was cancelled before any report: a script still gets the run id on stdout.
        if json, case .failure(let error) = result, error is CancellationError || (error as? TransportError)?.code == .cancelled {
            if resume.all.count > 1 {
                environment.output.out(try JSONOutput.encode(UnfinishedRunsReport(runIDs: resume.all, error: ReportedError(interrupted))))
            } else {
                environment.output.out(try JSONOutput.encode(UnfinishedReport(runID: id, error: ReportedError(interrupted))))
            }
        }
        throw interrupted
    }
    throw WorkflowError("interrupted before anything was sent", exitCode: .interrupted)
}

/// `UnfinishedReport` for several runs (a fan-out, `wait A B C`): every id to resume with.
struct UnfinishedRunsReport: Encodable {
    var runIDs: [String]
    var error: ReportedError

    enum CodingKeys: String, CodingKey { case runIDs = "run_ids", error }
}
