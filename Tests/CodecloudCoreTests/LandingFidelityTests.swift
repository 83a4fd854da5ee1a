@testable import CodecloudCore
import CodecloudGit
import CodecloudTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The landing-fidelity matrix: for each case the PR branch is landed by `Lander` in one clone
/// and by plain `git fetch` + `git checkout -b B --track` in a twin clone set up the same way;
/// both must end with the same work-tree bytes and modes, the same `git ls-files -t` and `-s`,
/// and a clean `git status`. Each case also checks the effect itself (smudged content, the
/// hook's output, a sparse tree), so a landing that skipped the feature in both ways could not
/// pass by agreeing with itself.
@Suite struct LandingFidelityTests {
    enum Case: String, CaseIterable, CustomTestStringConvertible {
        case cleanSmudgeFilter, gitLFS, postCheckoutHook, sparseCheckoutCone, sparseIndex, splitIndex, eolAndAutocrlf
        case executableBit, symlink, submoduleGitlink, existingBranchFastForwarded, existingBranchNotCheckedOut, worktree
        var testDescription: String { rawValue }
    }

    static let branch = "codecloud/fidelity"

    @Test(arguments: Case.allCases)
    func landsLikeGit(_ testCase: Case) throws {
        if testCase == .gitLFS, !Self.gitLFSInstalled {
            print("skipping the Git LFS case: git-lfs is not installed (apt-get install git-lfs; .ci/bootstrap.sh installs it)")
            return
        }
        let world = try FidelityWorld(testCase)
        try world.agentPushes(version: 1)
        let output = CapturedOutput()
        var request = LandingRequest(repository: RepositorySlug(owner: "octo", name: "widgets"), branch: Self.branch, runID: "run_f", baseBranch: "main")
        if testCase == .worktree { request.worktree = .path("../ours-worktree") }
        _ = try Lander.land(request, in: world.sandbox.environment(in: world.ours, output: output))
        try world.landWithGit(testCase == .worktree ? .worktree : .create)

        if testCase == .existingBranchFastForwarded || testCase == .existingBranchNotCheckedOut {
            if testCase == .existingBranchNotCheckedOut {
                try world.git(["switch", "--quiet", "main"], in: world.ours)
                try world.git(["switch", "--quiet", "main"], in: world.twin)
            }
            try world.agentPushes(version: 2)
            let outcome = try Lander.land(request, in: world.sandbox.environment(in: world.ours, output: output))
            guard case .fastForwarded = outcome.action else { Issue.record("expected a fast-forward, got \(outcome.action)"); return }
            try world.landWithGit(testCase == .existingBranchNotCheckedOut ? .switchAndFastForward : .fastForward)
        }

        let (ours, twin) = testCase == .worktree
            ? (world.sandbox.scratch.appending("ours-worktree"), world.sandbox.scratch.appending("twin-worktree"))
            : (world.ours, world.twin)
        #expect(try world.git(["symbolic-ref", "--short", "HEAD"], in: ours) == Self.branch)
        #expect(try world.git(["rev-parse", "HEAD"], in: ours) == world.git(["rev-parse", "HEAD"], in: twin))
        #expect(try world.git(["rev-parse", "--abbrev-ref", "@{upstream}"], in: ours) == "origin/\(Self.branch)")
        let oursTree = try FileTree.snapshot(ours), twinTree = try FileTree.snapshot(twin)
        #expect(oursTree == twinTree, "work trees differ: \(FileTree.difference(oursTree, twinTree))")
        #expect(try world.git(["ls-files", "-t"], in: ours) == world.git(["ls-files", "-t"], in: twin))
        #expect(try world.git(["ls-files", "-s"], in: ours) == world.git(["ls-files", "-s"], in: twin))
        #expect(try world.git(["status", "--porcelain"], in: ours) == "")
        #expect(try world.git(["status", "--porcelain"], in: twin) == "")

        // The feature itself took effect (so agreeing with git means something).
        switch testCase {
        case .cleanSmudgeFilter, .existingBranchFastForwarded, .existingBranchNotCheckedOut:
            #expect(oursTree["notes.txt"]?.bytes == Data((testCase == .cleanSmudgeFilter ? "SMUDGED 1\n" : "SMUDGED 2\n").utf8))
        case .gitLFS:
            let bytes = try #require(oursTree["asset.bin"]?.bytes)
            #expect(!bytes.starts(with: Data("version https://git-lfs".utf8)), "the LFS pointer was checked out, not the content")
            #expect(bytes == FidelityWorld.lfsContent)
        case .postCheckoutHook:
            let log = try readFile(world.ours + "/.git/hook.log")
            #expect(log.hasPrefix("post-checkout ") && log.hasSuffix(" 1\n"))
            #expect(log == (try readFile(world.twin + "/.git/hook.log")))
            #expect(output.stderr.contains("hook ran"))
        case .sparseCheckoutCone, .sparseIndex:
            #expect(oursTree["src/kept.swift"] != nil && oursTree["docs/outside.md"] == nil)
            #expect(try world.git(["ls-files", "-t", "docs/outside.md"], in: ours) == "S docs/outside.md")
            if testCase == .sparseIndex {
                // libgit2 1.5.1 cannot read this index ("unsupported mandatory extension: 'sdir'").
                #expect(try world.git(["config", "index.sparse"], in: ours) == "true")
            }
        case .splitIndex:
            // libgit2 1.5.1 cannot read this index either ('link').
            let shared = try FileManager.default.contentsOfDirectory(atPath: world.ours + "/.git").filter { $0.hasPrefix("sharedindex.") }
            #expect(!shared.isEmpty, "the index is split")
            #expect(oursTree["plain.txt"]?.bytes == Data("plain 1\n".utf8))
        case .eolAndAutocrlf:
            #expect(oursTree["crlf.txt"]?.bytes == Data("one\r\ntwo\r\n".utf8))
            #expect(oursTree["lf.sh"]?.bytes == Data("one\ntwo\n".utf8))
            #expect(oursTree["auto.md"]?.bytes == Data("one\r\ntwo\r\n".utf8))
        case .executableBit:
            #expect(oursTree["run.sh"].map { $0.mode & 0o111 != 0 } == true)
        case .symlink:
            #expect(oursTree["link"]?.linkTarget == "notes.txt")
        case .submoduleGitlink:
            #expect(oursTree["vendor/lib"]?.isDirectory == true)
            #expect(try world.git(["ls-files", "-s", "vendor/lib"], in: ours).hasPrefix("160000 "))
        case .worktree:
            #expect(oursTree["notes.txt"]?.bytes == Data("SMUDGED 1\n".utf8))
        }
    }

    static let gitLFSInstalled: Bool = {
        (try? ProcessRunner.run("git", ["lfs", "version"], in: "/", environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]))?.status == 0
    }()
}

/// A bare remote, the agent's clone that pushes the PR branch, and two user clones set up the
/// same way: `ours` (landed by Lander) and `twin` (landed by plain git).
struct FidelityWorld {
    enum GitLanding { case create, worktree, fastForward, switchAndFastForward }

    static let lfsContent = Data((0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })

    let testCase: LandingFidelityTests.Case
    let sandbox: GitSandbox
    let remote: String
    let agent: String
    let ours: String
    let twin: String
    var branch: String { LandingFidelityTests.branch }

    init(_ testCase: LandingFidelityTests.Case) throws {
        self.testCase = testCase
        sandbox = try GitSandbox()
        if testCase == .gitLFS {
            // As a developer has it: the filter in ~/.gitconfig (`git lfs install`).
            try sandbox.git(["lfs", "install", "--skip-repo"], in: sandbox.home)
        }
        remote = try sandbox.makeBareRemote("octo/widgets")
        let seed = try sandbox.makeRepository("seed", remote: remote)
        try sandbox.commit(in: seed, file: "src/main.swift", contents: "print(1)\n", message: "Source")
        try sandbox.commit(in: seed, file: "docs/guide.md", contents: "guide\n", message: "Docs")
        try sandbox.git(["push", "--quiet", "origin", "main"], in: seed)
        agent = try sandbox.clone(remote, into: "agent")
        try sandbox.git(["switch", "--quiet", "-c", LandingFidelityTests.branch], in: agent)
        ours = try sandbox.clone(remote, into: "ours")
        twin = try sandbox.clone(remote, into: "twin")
        for clone in [ours, twin] { try setUp(clone) }
    }

    @discardableResult
    func git(_ arguments: [String], in directory: String) throws -> String { try sandbox.git(arguments, in: directory) }

    /// The user's side, identical in both clones.
    private func setUp(_ clone: String) throws {
        switch testCase {
        case .cleanSmudgeFilter, .existingBranchFastForwarded, .existingBranchNotCheckedOut, .worktree:
            // A filter only this checkout knows: smudge shouts, clean whispers.
            try git(["config", "filter.shout.smudge", "tr a-z A-Z"], in: clone)
            try git(["config", "filter.shout.clean", "tr A-Z a-z"], in: clone)
            try git(["config", "filter.shout.required", "true"], in: clone)
        case .postCheckoutHook:
            let hook = clone + "/.git/hooks/post-checkout"
            try writeExecutable(hook, "#!/bin/sh\necho \"post-checkout $1 $2 $3\" >> \"$(git rev-parse --git-dir)/hook.log\"\necho hook ran\n")
        case .sparseCheckoutCone:
            try git(["sparse-checkout", "set", "--cone", "src"], in: clone)
        case .sparseIndex:
            try git(["sparse-checkout", "set", "--cone", "--sparse-index", "src"], in: clone)
        case .splitIndex:
            try git(["config", "core.splitIndex", "true"], in: clone)
            try git(["update-index", "--split-index"], in: clone)
        case .eolAndAutocrlf:
            try git(["config", "core.autocrlf", "true"], in: clone)
        case .gitLFS, .executableBit, .symlink, .submoduleGitlink:
            break
        }
    }

    /// The agent's commit on the PR branch, pushed: the case's content plus a few plain files.
    func agentPushes(version: Int) throws {
        try writeFile(agent + "/plain.txt", "plain \(version)\n")
        switch testCase {
        case .cleanSmudgeFilter, .existingBranchFastForwarded, .existingBranchNotCheckedOut, .worktree:
            try writeFile(agent + "/.gitattributes", "notes.txt filter=shout\n")
            try writeFile(agent + "/notes.txt", "smudged \(version)\n")
            try writeFile(agent + "/run.sh", "#!/bin/sh\necho \(version)\n")
            chmod(agent + "/run.sh", 0o755)
        case .gitLFS:
            try git(["lfs", "track", "*.bin"], in: agent)
            try Self.lfsContent.write(to: URL(fileURLWithPath: agent + "/asset.bin"))
        case .postCheckoutHook:
            try writeFile(agent + "/hooked.txt", "hooked\n")
        case .sparseCheckoutCone, .sparseIndex:
            try writeFile(agent + "/src/kept.swift", "kept\n")
            try writeFile(agent + "/docs/outside.md", "outside\n")
        case .eolAndAutocrlf:
            try writeFile(agent + "/.gitattributes", "crlf.txt text eol=crlf\nlf.sh text eol=lf\n")
            for file in ["crlf.txt", "lf.sh", "auto.md"] { try writeFile(agent + "/" + file, "one\ntwo\n") }
        case .splitIndex:
            break
        case .executableBit:
            try writeFile(agent + "/run.sh", "#!/bin/sh\necho hi\n")
            chmod(agent + "/run.sh", 0o755)
        case .symlink:
            try writeFile(agent + "/notes.txt", "target\n")
            _ = unlink(agent + "/link")
            #expect(symlink("notes.txt", agent + "/link") == 0)
        case .submoduleGitlink:
            try writeFile(agent + "/.gitmodules", "[submodule \"vendor/lib\"]\n\tpath = vendor/lib\n\turl = ../lib.git\n")
        }
        try git(["add", "--all"], in: agent)
        if testCase == .submoduleGitlink {
            // A gitlink without a checked-out submodule, as a PR that bumps a submodule has it.
            let commit = try git(["rev-parse", "HEAD"], in: agent)
            try git(["update-index", "--add", "--cacheinfo", "160000,\(commit),vendor/lib"], in: agent)
        }
        try git(["commit", "--quiet", "-m", "Agent v\(version)"], in: agent)
        try git(["push", "--quiet", "origin", "HEAD:refs/heads/\(branch)"], in: agent)
    }

    /// What a developer types without the tool.
    func landWithGit(_ how: GitLanding) throws {
        try git(["fetch", "--quiet", "origin"], in: twin)
        switch how {
        case .create:
            try git(["checkout", "--quiet", "-b", branch, "--track", "origin/\(branch)"], in: twin)
        case .worktree:
            try git(["worktree", "add", "--quiet", "--track", "-b", branch, sandbox.scratch.appending("twin-worktree"), "origin/\(branch)"], in: twin)
        case .fastForward:
            try git(["merge", "--quiet", "--ff-only", "origin/\(branch)"], in: twin)
        case .switchAndFastForward:
            try git(["checkout", "--quiet", branch], in: twin)
            try git(["merge", "--quiet", "--ff-only", "origin/\(branch)"], in: twin)
        }
    }
}

/// A work tree outside `.git` as lstat sees it: every file's mode and bytes, every symlink's
/// target, every directory (a submodule's empty one included).
struct FileTree {
    struct Entry: Equatable {
        var mode: mode_t
        var bytes: Data?
        var linkTarget: String?
        var isDirectory: Bool { mode & S_IFMT == S_IFDIR }
    }

    static func snapshot(_ top: String) throws -> [String: Entry] {
        var entries: [String: Entry] = [:]
        let enumerator = FileManager.default.enumerator(atPath: top)
        while let relative = enumerator?.nextObject() as? String {
            if relative == ".git" || relative.hasSuffix("/.git") { enumerator?.skipDescendants(); continue }
            let path = top + "/" + relative
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            var entry = Entry(mode: status.st_mode)
            switch status.st_mode & S_IFMT {
            case S_IFREG: entry.bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            case S_IFLNK: entry.linkTarget = try FileManager.default.destinationOfSymbolicLink(atPath: path)
            default: break
            }
            entries[relative] = entry
        }
        return entries
    }

    static func difference(_ left: [String: Entry], _ right: [String: Entry]) -> String {
        Set(left.keys).union(right.keys).sorted().filter { left[$0] != right[$0] }.map { path in
            "\(path): \(left[path].map(describe) ?? "absent") vs \(right[path].map(describe) ?? "absent")"
        }.joined(separator: "; ")
    }

    private static func describe(_ entry: Entry) -> String {
        "mode \(String(entry.mode, radix: 8)) " + (entry.bytes.map { String(decoding: $0.prefix(40), as: UTF8.self).debugDescription } ?? entry.linkTarget ?? "")
    }
}
