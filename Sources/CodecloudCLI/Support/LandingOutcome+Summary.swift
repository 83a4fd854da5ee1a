import CodecloudCore

extension LandingOutcome {
    /// One line per fact, for humans (stderr).
    var summary: String {
        let tracking = "\(remote)/\(remoteBranch)"
        var lines: [String]
        switch action {
        case .created:
            lines = ["Created branch '\(localBranch)' tracking \(tracking) at \(commit.short)"]
        case .fastForwarded(let from):
            lines = ["Fast-forwarded '\(localBranch)' \(from.short)..\(commit.short) to \(tracking)"]
        case .upToDate:
            lines = ["Branch '\(localBranch)' is already up to date with \(tracking) (\(commit.short))"]
        case .forced(let from, let backup):
            lines = ["Moved diverged branch '\(localBranch)' from \(from.short) to \(commit.short) (--force)",
                     "The old tip is saved as \(backup)"]
        }
        if let leftBehind {
            lines.append("HEAD was detached at \(leftBehind.commit.short), which no branch, tag or other reference contains; it is kept as \(leftBehind.reference)")
            lines.append("  (to keep it as a branch: git branch <name> \(leftBehind.commit.short))")
        }
        lines.append(worktreePath.map { "Checked out in new worktree \($0)" } ?? "Checked out '\(localBranch)'")
        return lines.joined(separator: "\n") + "\n"
    }
}
