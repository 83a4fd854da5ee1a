@testable import CodecloudCLI
@testable import CodecloudCore
import CodecloudGit
import Testing

/// The sentences a landing prints on stderr (the facts themselves are LanderTests').
@Suite struct LandingSummaryTests {
    let tip = ObjectID(hex: "1234567890abcdef1234567890abcdef12345678")
    let old = ObjectID(hex: "abcdef1234567890abcdef1234567890abcdef12")

    func outcome(_ action: LandingOutcome.Action, worktree: String? = nil, leftBehind: LandingOutcome.DetachedCommit? = nil) -> LandingOutcome {
        LandingOutcome(localBranch: "fix-login", remote: "origin", remoteBranch: "fix-login", commit: tip, action: action,
                       worktreePath: worktree, fetchedWith: .git, leftBehind: leftBehind)
    }

    @Test func aNewBranchSaysWhatItTracksAndWhere() {
        #expect(outcome(.created).summary == "Created branch 'fix-login' tracking origin/fix-login at 1234567\nChecked out 'fix-login'\n")
    }

    @Test func aFastForwardAndAnUpToDateBranch() {
        #expect(outcome(.fastForwarded(from: old)).summary.hasPrefix("Fast-forwarded 'fix-login' abcdef1..1234567 to origin/fix-login\n"))
        #expect(outcome(.upToDate).summary.hasPrefix("Branch 'fix-login' is already up to date with origin/fix-login (1234567)\n"))
    }

    @Test func aForcedMoveNamesTheBackupAndAWorktreeItsPath() {
        let backup = "refs/codecloud/backup/fix-login/20270115T080000Z"
        let text = outcome(.forced(from: old, backupReference: backup), worktree: "/src/review").summary
        #expect(text == """
            Moved diverged branch 'fix-login' from abcdef1 to 1234567 (--force)
            The old tip is saved as \(backup)
            Checked out in new worktree /src/review

            """)
    }

    @Test func aDetachedHEADLeftBehindIsNamedWithHowToKeepIt() {
        let kept = LandingOutcome.DetachedCommit(commit: old, reference: "refs/codecloud/backup/HEAD/20270115T080000Z")
        let text = outcome(.created, leftBehind: kept).summary
        #expect(text.contains("HEAD was detached at abcdef1, which no branch, tag or other reference contains; it is kept as refs/codecloud/backup/HEAD/20270115T080000Z\n"))
        #expect(text.contains("  (to keep it as a branch: git branch <name> abcdef1)\n"))
        #expect(!outcome(.created).summary.contains("detached"))
    }
}
