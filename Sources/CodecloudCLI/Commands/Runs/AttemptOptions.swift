import ArgumentParser
import CodecloudCore

/// `--attempts N`: fan out N runs of the same prompt, each landed in its own worktree.
struct AttemptOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Run the prompt N times (2–5) from the same base; each attempt lands in its own worktree beside the repository, then a table compares them (keep one with 'git codecloud pick').",
        valueName: "n"))
    var attempts: Int?

    static let allowed = 2...5

    /// Checks the count and what it cannot be combined with (usage errors, before anything is sent).
    func validate(landing: LandingOptions) throws {
        guard let attempts else { return }
        guard Self.allowed.contains(attempts) else {
            throw ValidationError("--attempts must be between \(Self.allowed.lowerBound) and \(Self.allowed.upperBound), got \(attempts)")
        }
        if landing.placement.worktree || landing.placement.worktreePath != nil {
            throw ValidationError("--attempts lands every attempt in its own worktree beside the repository; leave out --worktree")
        }
        if landing.placement.force {
            throw ValidationError("--attempts makes new branches only; leave out --force")
        }
    }
}
