import CodecloudAPI
import CodecloudGit
import Foundation
import Synchronization

/// The fetch of a run's PR branch begun before the service has said what the branch is.
///
/// A run landed here before is recorded (`codecloud-run.<id>.remote` and `.remoteBranch`), so landing
/// it again (`checkout` after a follow-up, or after the branch was deleted) starts `git fetch`
/// of that branch at once, and the service's answer and the fetch overlap instead of following
/// each other: over a real network both take a round trip or more.
///
/// The fetch is used only when it must have seen the run's final push: the service's answer
/// names the same remote and branch, and the run finished before the fetch began on the
/// service's own clock (its `completedAt` against the answer's `Date` header, less the time
/// since the fetch started, less a second). Otherwise it is stopped and the branch fetched
/// again, as if it had never begun.
public final class EarlyFetch: Sendable {
    let pending: PendingFetch
    private let claimed = Mutex(false)

    init(_ pending: PendingFetch) { self.pending = pending }

    /// Starts fetching run `runID`'s PR branch from the remote it was last landed from here;
    /// nil (nothing started) when it was never landed here, the remote is gone, `remote` names
    /// another one, or anything else stands in the way (the landing will say what).
    public static func start(forRun runID: String, remote explicit: String?, in environment: Environment) -> EarlyFetch? {
        guard let repository = try? environment.openRepository(), !repository.isBare,
              let landed = try? RunLinks(repository).landedBranch(ofRun: runID),
              explicit == nil || explicit == landed.remote,
              Repository.isValidBranchName(landed.branch),
              let remote = try? repository.remotes().first(where: { $0.name == landed.remote }),
              let pending = try? BranchFetcher.start(branch: landed.branch, remote: remote, repository: repository, environment: environment)
        else { return nil }
        if environment.debugLogging {
            environment.output.err("codecloud: fetching \(remote.name)/\(landed.branch) while asking the service (run \(runID) was landed here before)\n")
        }
        return EarlyFetch(pending)
    }

    /// This fetch when `run`, as the service answered at `serverDate`, finished before the
    /// fetch began (see the type); otherwise the fetch is stopped and nil returned.
    public func ifBegunAfterFinishing(_ run: RunDetail, serverDate: Date?) -> EarlyFetch? {
        let sinceStart = ContinuousClock.now - pending.startedAt
        let seconds = Double(sinceStart.components.seconds) + Double(sinceStart.components.attoseconds) / 1e18
        if let completed = run.completedAt, let serverDate, completed.addingTimeInterval(seconds + 1) <= serverDate {
            return self
        }
        abandon()
        return nil
    }

    /// The fetch, once, if it is of `branch` from `remote`; nil otherwise (and it is stopped).
    func claim(remote: Remote, branch: String) -> PendingFetch? {
        let first = claimed.withLock { taken in
            defer { taken = true }
            return !taken
        }
        guard first, pending.remote == remote, pending.branch == branch else {
            abandon()
            return nil
        }
        return pending
    }

    /// Stops the fetch if nobody waited for it; harmless after it was used. A stopped fetch is
    /// never claimed afterwards: the landing then fetches anew.
    public func abandon() {
        claimed.withLock { $0 = true }
        pending.abandon()
    }
}
