import CodecloudGit
import Foundation

/// One landing of a run: the tip the user's branch had before it, and the tip landed.
/// Round 1 is the first landing; every later landing that brings a new tip is the next round.
public struct Round: Sendable, Equatable, Encodable {
    /// 1, 2, …
    public var number: Int
    /// The tip the local branch had before this landing (round 1: the commit the agent was
    /// asked to start from); nil when this checkout never knew it.
    public var previous: ObjectID?
    /// The tip this landing checked out.
    public var landed: ObjectID
    /// The `--verify` check run on `landed`, if one was.
    public var check: CheckResult?

    public init(number: Int, previous: ObjectID?, landed: ObjectID, check: CheckResult? = nil) {
        self.number = number
        self.previous = previous
        self.landed = landed
        self.check = check
    }

    private enum Keys: String, CodingKey { case number = "round", previous = "previous_commit", landed = "landed_commit", check }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(number, forKey: .number)
        try container.encode(previous, forKey: .previous)
        try container.encode(landed, forKey: .landed)
        try container.encode(check, forKey: .check)
    }
}

/// The outcome of a `--verify` command on a landed tip.
public struct CheckResult: Sendable, Equatable, Encodable {
    /// The shell command, as given.
    public var command: String
    /// Its exit status (128 + signal when killed).
    public var status: Int32

    public init(command: String, status: Int32) {
        self.command = command
        self.status = status
    }

    /// Whether the check passed (exit status 0).
    public var passed: Bool { status == 0 }

    private enum Keys: String, CodingKey { case command, status = "exit_status", passed }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(command, forKey: .command)
        try container.encode(status, forKey: .status)
        try container.encode(passed, forKey: .passed)
    }
}

/// Where a checkout keeps a run's rounds (documented in docs/REVIEW.md):
/// - `codecloud-run.<run>.start` in git config: the commit the agent was asked to start from
///   (the remote-tracking tip of the branch sent, written at submit: config, not a ref, so a
///   submit whose landing is then refused leaves every ref as it was);
/// - `refs/codecloud/rounds/<run>/<n>/landed` and `…/<n>/previous`: round n's tips (refs keep
///   the commits alive after a force-push, so every round stays reviewable);
/// - `codecloud-run.<run>.check<n>` / `.check<n>-command` in git config: round n's check.
///
/// References are written through git (`git update-ref`, like every write landing makes); they
/// live in the common directory, so every worktree of the repository sees the same rounds.
public struct RoundBook {
    let repository: Repository

    public init(_ repository: Repository) { self.repository = repository }

    static func prefix(_ runID: String) -> String { "refs/codecloud/rounds/\(runID)/" }

    /// The commit run `runID` was asked to start from, if recorded at submit.
    public func startCommit(ofRun runID: String) throws -> ObjectID? {
        guard let hex = try repository.configValue("codecloud-run.\(runID).start"), hex.count == 40 else { return nil }
        return ObjectID(hex: hex)
    }

    /// Records the commit run `runID` starts from.
    public func recordStart(runID: String, commit: ObjectID) throws {
        try repository.setConfigValue(commit.hex, forKey: "codecloud-run.\(runID).start")
    }

    /// Every recorded round of `runID`, oldest first.
    public func rounds(ofRun runID: String) throws -> [Round] {
        var rounds: [Round] = []
        var number = 1
        while let landed = try repository.commit(ofReference: Self.prefix(runID) + "\(number)/landed") {
            let previous = try repository.commit(ofReference: Self.prefix(runID) + "\(number)/previous")
            var check: CheckResult?
            if let status = try repository.configValue("codecloud-run.\(runID).check\(number)").flatMap({ Int32($0) }) {
                check = CheckResult(command: try repository.configValue("codecloud-run.\(runID).check\(number)-command") ?? "", status: status)
            }
            rounds.append(Round(number: number, previous: previous, landed: landed, check: check))
            number += 1
        }
        return rounds
    }

    /// Records the landing `outcome` of run `runID` as its next round, unless it brought no new
    /// tip (landing the same tip again is the same round). Returns the round and whether it is new.
    public func record(runID: String, landing outcome: LandingOutcome, in environment: Environment) throws -> (round: Round, isNew: Bool) {
        let existing = try rounds(ofRun: runID)
        if let last = existing.last, last.landed == outcome.commit { return (last, false) }
        let previous: ObjectID?
        switch outcome.action {
        case .fastForwarded(let from), .forced(let from, _):
            previous = from
        case .created, .upToDate:
            previous = try existing.last?.landed ?? startCommit(ofRun: runID)
        }
        let number = existing.count + 1
        let prefix = Self.prefix(runID) + "\(number)/"
        // `landed` is written last: rounds are counted by it, so a write cut short is redone.
        let writes = GitWrites(directory: repository.workTree ?? repository.gitDirectory, environment: environment)
        if let previous {
            try writes.updateReference(prefix + "previous", to: previous, expected: .anything, message: "codecloud: round \(number) of \(runID)")
        }
        try writes.updateReference(prefix + "landed", to: outcome.commit, expected: .anything, message: "codecloud: round \(number) of \(runID)")
        return (Round(number: number, previous: previous, landed: outcome.commit), true)
    }

    /// Records `check` as round `number`'s check result.
    public func recordCheck(_ check: CheckResult, runID: String, round number: Int) throws {
        try repository.setConfigValue(String(check.status), forKey: "codecloud-run.\(runID).check\(number)")
        try repository.setConfigValue(check.command, forKey: "codecloud-run.\(runID).check\(number)-command")
    }
}

extension RunSession {
    /// Records the commit the agent should start from: the remote-tracking tip of the branch
    /// sent, as this checkout knows it at submit (for the stale-base warning after landing).
    func recordStartCommit(_ runID: String, context: RepositoryContext?) {
        guard let context, let remote = context.remote, let branch = context.branch,
              let repository = try? environment.openRepository(),
              let tip = try? repository.commit(ofReference: "refs/remotes/\(remote)/\(branch)") else { return }
        do {
            try RoundBook(repository).recordStart(runID: runID, commit: tip)
        } catch {
            environment.output.warning("could not record where run \(runID) starts: \(error)")
        }
    }
}
