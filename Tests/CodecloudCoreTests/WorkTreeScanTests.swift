@testable import CodecloudCore
import CodecloudGit
import CodecloudProcess
import CodecloudTestSupport
import Foundation
import Testing

/// The dirty check through libgit2 and through `git status --porcelain=v2`: the same answers in
/// real checkouts, and the index size picks between them. Serialized: each test blocks its
/// thread on git children, and the cooperative pool has one thread per core.
@Suite(.serialized) struct WorkTreeScanTests {
    let sandbox: GitSandbox
    let work: String

    init() throws {
        sandbox = try GitSandbox()
        work = try sandbox.makeRepository()
    }

    func scan(_ scanner: WorkTreeScan.Scanner, extra: [String: String] = [:], in directory: String? = nil) throws -> WorkTreeStatus {
        let environment = sandbox.environment(in: directory ?? work, extra: extra)
        return try WorkTreeScan.status(of: try environment.openRepository(), in: environment, scanner: scanner)
    }

    @Test(arguments: [WorkTreeScan.Scanner.libgit2, .git])
    func separatesStagedModifiedConflictedAndUntracked(_ scanner: WorkTreeScan.Scanner) throws {
        try sandbox.commit(in: work, file: "tracked.txt", contents: "v1\n", message: "Tracked")
        try sandbox.commit(in: work, file: "gone.txt", contents: "x\n", message: "Gone")
        try sandbox.commit(in: work, file: "both.txt", contents: "1\n", message: "Both")
        try writeFile(work + "/README.md", "changed\n")                  // modified, not staged
        try writeFile(work + "/with space and ünïcode.txt", "new\n")     // staged new file
        try sandbox.git("add", "with space and ünïcode.txt", in: work)
        try writeFile(work + "/tracked.txt", "v2\n")                     // staged change
        try sandbox.git("add", "tracked.txt", in: work)
        try writeFile(work + "/both.txt", "2\n")                         // staged, then changed again
        try sandbox.git("add", "both.txt", in: work)
        try writeFile(work + "/both.txt", "3\n")
        try FileManager.default.removeItem(atPath: work + "/gone.txt")    // deleted, not staged
        try writeFile(work + "/notes/deep/todo.txt", "later\n")          // untracked, file by file
        try writeFile(work + "/notes/idea.txt", "later\n")
        try writeFile(work + "/ignored.log", "x\n")
        try writeFile(work + "/.git/info/exclude", "*.log\n")
        try writeFile(sandbox.home + "/.config/git/ignore", "*.tmp\n")    // the HOME's global ignore file
        try writeFile(work + "/scratch.tmp", "x\n")

        let status = try scan(scanner)
        #expect(status.staged == ["both.txt", "tracked.txt", "with space and ünïcode.txt"])
        #expect(status.unstaged == ["README.md", "both.txt", "gone.txt"])
        #expect(status.untracked == ["notes/deep/todo.txt", "notes/idea.txt"])
        #expect(status.conflicted.isEmpty)
    }

    /// Without untracked files (the landing pre-flight, which finds the untracked files in the
    /// checkout's way itself): the same tracked changes, no walk for new files.
    @Test(arguments: [WorkTreeScan.Scanner.libgit2, .git])
    func withoutUntrackedOnlyTrackedChangesAreReported(_ scanner: WorkTreeScan.Scanner) throws {
        try sandbox.commit(in: work, file: "tracked.txt", contents: "v1\n", message: "Tracked")
        try writeFile(work + "/README.md", "changed\n")
        try writeFile(work + "/tracked.txt", "v2\n")
        try sandbox.git("add", "tracked.txt", in: work)
        try writeFile(work + "/notes/idea.txt", "later\n")
        let environment = sandbox.environment(in: work)
        let repository = try environment.openRepository()
        let status = try WorkTreeScan.status(of: repository, in: environment, scanner: scanner, untracked: false)
        #expect(status == WorkTreeStatus(staged: ["tracked.txt"], unstaged: ["README.md"]))
        // Begun in the background: git's scan runs on its own thread, libgit2's is left to the caller.
        let started = WorkTreeScan.start(for: repository, in: environment, scanner: scanner, untracked: false)
        #expect((started == nil) == (scanner == .libgit2))
        if let started { #expect(started.result() == status) }
    }

    @Test(arguments: [WorkTreeScan.Scanner.libgit2, .git])
    func reportsMergeConflictsOnly(_ scanner: WorkTreeScan.Scanner) throws {
        try sandbox.commit(in: work, file: "shared.txt", contents: "base\n", message: "Base")
        try sandbox.git("switch", "--quiet", "-c", "other", in: work)
        try sandbox.commit(in: work, file: "shared.txt", contents: "theirs\n", message: "Theirs")
        try sandbox.git("switch", "--quiet", "main", in: work)
        try sandbox.commit(in: work, file: "shared.txt", contents: "ours\n", message: "Ours")
        _ = try? sandbox.git("merge", "--quiet", "other", in: work)
        let status = try scan(scanner)
        #expect(status.conflicted == ["shared.txt"])
        #expect(status.staged.isEmpty && status.unstaged.isEmpty)
    }

    @Test(arguments: [WorkTreeScan.Scanner.libgit2, .git])
    func aCleanCheckoutIsClean(_ scanner: WorkTreeScan.Scanner) throws {
        let nested = try sandbox.scratch.makeDirectory("work/src")
        #expect(try scan(scanner, in: nested) == WorkTreeStatus())
    }

    @Test func gitReadsTheSameConfigurationAsTheRepositoryWasOpenedWith() throws {
        // status.showUntrackedFiles=no in the sandbox's ~/.gitconfig must not hide untracked
        // files (the scan asks for all of them), and the global excludes file must apply.
        try writeFile(sandbox.home + "/.gitconfig", "[status]\n\tshowUntrackedFiles = no\n\trenames = true\n[core]\n\texcludesFile = \(sandbox.home)/excludes\n")
        try writeFile(sandbox.home + "/excludes", "*.bak\n")
        try writeFile(work + "/kept.txt", "x\n")
        try writeFile(work + "/old.bak", "x\n")
        try sandbox.git("mv", "README.md", "MOVED.md", in: work)
        for scanner in [WorkTreeScan.Scanner.libgit2, .git] {
            let status = try scan(scanner)
            #expect(status.untracked == ["kept.txt"], "\(scanner)")
            #expect(status.staged == ["MOVED.md", "README.md"], "\(scanner): a rename is a deletion and an addition")
        }
    }

    @Test func withoutGitOnThePathLibgit2Answers() throws {
        try writeFile(work + "/new.txt", "x\n")
        let status = try scan(.git, extra: ["PATH": sandbox.scratch.path])
        #expect(status.untracked == ["new.txt"])
    }

    @Test func aRelativeIndexFileIsTheOneGitReads() throws {
        // GIT_INDEX_FILE relative to the current directory, while git runs in the work tree: the
        // real index has README.md staged, the alternate one (HEAD's tree) does not.
        let nested = try sandbox.scratch.makeDirectory("work/src")
        try sandbox.git("read-tree", "--index-output=" + sandbox.scratch.appending("alternate-index"), "HEAD", in: nested)
        try writeFile(work + "/README.md", "changed\n")
        try sandbox.git("add", "README.md", in: work)
        #expect(try scan(.git, in: nested).staged == ["README.md"])
        let alternate = try scan(.git, extra: ["GIT_INDEX_FILE": "../../alternate-index"], in: nested)
        #expect(alternate.staged.isEmpty)
        #expect(alternate.unstaged == ["README.md"])
    }

    @Test func theIndexSizePicksTheScanner() throws {
        let environment = sandbox.environment(in: work)
        let repository = try environment.openRepository()
        #expect(WorkTreeScan.scanner(for: repository, in: environment) == .libgit2)
        // 3,000 index entries (one blob, no files written) make an index above the threshold.
        let blob = try sandbox.git("hash-object", "-w", "README.md", in: work)
        let entries = (0..<3000).map { "100644 \(blob) 0\tsrc/d\($0 / 100)/file\($0 % 100).txt\n" }.joined()
        let added = try ChildProcess.run("git", ["update-index", "--index-info"], in: work, environment: sandbox.variables, input: entries)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(WorkTreeScan.scanner(for: repository, in: environment) == .git)
        let status = try WorkTreeScan.status(of: repository, in: environment)
        #expect(status.staged.count == 3000 && status.unstaged.count == 3000)  // added, then missing from the work tree
        #expect(status == (try WorkTreeScan.status(of: repository, in: environment, scanner: .libgit2)))
    }

    @Test func parsesEveryPorcelainV2RecordKind() {
        let output = [
            "1 .M N... 100644 100644 100644 \(oid) \(oid) a b.txt",
            "2 R. N... 100644 100644 100644 \(oid) \(oid) R100 new name.txt", "old name.txt",
            "u UU N... 100644 100644 100644 100644 \(oid) \(oid) \(oid) conflict.txt",
            "1 A. N... 000000 100644 100644 \(String(repeating: "0", count: 40)) \(oid) added.txt",
            "? dir/untracked file.txt",
            "! ignored.log",
            "",
        ].joined(separator: "\0")
        #expect(WorkTreeScan.parsePorcelainV2(output) == WorkTreeStatus(
            staged: ["added.txt", "new name.txt"], unstaged: ["a b.txt"], conflicted: ["conflict.txt"], untracked: ["dir/untracked file.txt"]))
    }

    private var oid: String { String(repeating: "a", count: 40) }
}
