import CodecloudGit
import CodecloudTestSupport
import Foundation
import Testing

/// `~/` in a developer's dotfiles, as git expands it: through the HOME the caller hands in,
/// never libgit2's process-wide idea of it. Each test has its own HOME, and they run in
/// parallel, so a leak between HOMEs would show up as a wrong value here.
@Suite struct DotfilesTests {
    let sandbox: GitSandbox
    let sources: ConfigurationSources

    init() throws {
        sandbox = try GitSandbox()
        sources = ConfigurationSources(home: sandbox.home, xdgConfigHome: sandbox.home + "/.config", includeSystem: false)
    }

    func open(_ directory: String) throws -> Repository {
        try Repository.open(RepositoryLocation(startDirectory: directory), configuration: sources)
    }

    @Test func includePathFromHomeIsRead() throws {
        let work = try sandbox.makeRepository()
        try writeFile(sandbox.home + "/.config/git/extra", "[codecloud]\n\tmodel = included-model\n")
        try writeFile(sandbox.home + "/.gitconfig", "[include]\n\tpath = ~/.config/git/extra\n")
        #expect(try sandbox.git("config", "codecloud.model", in: work) == "included-model")
        #expect(try open(work).configValue("codecloud.model") == "included-model")
    }

    @Test func includeIfGitdirUnderHomeAppliesOnlyThere() throws {
        let inside = try sandbox.makeRepository("home/src/widgets")
        let outside = try sandbox.makeRepository("elsewhere")
        try writeFile(sandbox.home + "/.gitconfig-src", "[codecloud]\n\tremote = from-src\n")
        try writeFile(sandbox.home + "/.gitconfig", "[includeIf \"gitdir:~/src/\"]\n\tpath = ~/.gitconfig-src\n")
        #expect(try sandbox.git("config", "codecloud.remote", in: inside) == "from-src")
        #expect(try open(inside).configValue("codecloud.remote") == "from-src")
        #expect(try open(outside).configValue("codecloud.remote") == nil)
    }

    @Test func includeIfOnbranchAppliesOnThatBranchOnly() throws {
        let work = try sandbox.makeRepository()
        try writeFile(sandbox.home + "/.gitconfig-main", "[codecloud]\n\tremote = from-main\n")
        try writeFile(sandbox.home + "/.gitconfig", "[includeIf \"onbranch:main\"]\n\tpath = ~/.gitconfig-main\n")
        #expect(try open(work).configValue("codecloud.remote") == sandbox.git("config", "codecloud.remote", in: work))
        #expect(try open(work).configValue("codecloud.remote") == "from-main")
        try sandbox.git("switch", "--quiet", "-c", "side", in: work)
        #expect(try open(work).configValue("codecloud.remote") == nil)
    }

    @Test func includeIfHasconfigIsLeftToGitAndSaysSo() throws {
        // libgit2 1.5.1 ignores the condition (the file is never read); the repository says so,
        // and Environment.openRepository then reads those files from git's listing
        // (GitConfigListingTests). If a libgit2 update starts applying it, this fails.
        let work = try sandbox.makeRepository(remote: try sandbox.makeBareRemote())
        #expect(try !open(work).hasIncludesOnlyGitApplies)
        try writeFile(sandbox.home + "/.gitconfig-work", "[codecloud]\n\tremote = from-work\n")
        try writeFile(sandbox.home + "/.gitconfig", "[includeIf \"hasconfig:remote.*.url:**/octo/**\"]\n\tpath = ~/.gitconfig-work\n")
        #expect(try sandbox.git("config", "codecloud.remote", in: work) == "from-work")
        #expect(try open(work).configValue("codecloud.remote") == nil)
        #expect(try open(work).hasIncludesOnlyGitApplies)
    }

    @Test func excludesFileFromHomeHidesUntrackedFiles() throws {
        let work = try sandbox.makeRepository()
        try writeFile(sandbox.home + "/.gitignore_global", "*.log\n")
        try sandbox.git("config", "--global", "core.excludesFile", "~/.gitignore_global", in: work)
        try writeFile(work + "/debug.log", "noise\n")
        try writeFile(work + "/notes.txt", "mine\n")
        #expect(try sandbox.git("status", "--porcelain", in: work) == "?? notes.txt")
        #expect(try open(work).status() == WorkTreeStatus(untracked: ["notes.txt"]))
    }

    @Test func attributesFileFromHomeAppliesToTheDirtyCheck() throws {
        // A file committed with CRLF is clean as it is; a `text` attribute makes git normalise
        // it to LF on the way in, so it reads as modified: only if the attributes were read.
        let work = try sandbox.makeRepository()
        try writeFile(work + "/dos.txt", "line\r\n")
        try sandbox.git("add", "dos.txt", in: work)
        try sandbox.git("commit", "--quiet", "-m", "CRLF file", in: work)
        try writeFile(sandbox.home + "/.gitattributes_global", "*.txt text\n")
        try sandbox.git("config", "--global", "core.attributesFile", "~/.gitattributes_global", in: work)
        // A new mtime makes both git and libgit2 look at the content instead of the index's stat.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: work + "/dos.txt")
        #expect(try sandbox.git("status", "--porcelain", in: work) == "M dos.txt")
        #expect(try open(work).status().unstaged == ["dos.txt"])
    }

    @Test func aTildePathWithoutAHomeFailsAsInGit() throws {
        let work = try sandbox.makeRepository()
        try sandbox.git("config", "core.excludesFile", "~/.gitignore_global", in: work)
        let homeless = ConfigurationSources(globalFiles: [], homeDirectory: nil)
        #expect(throws: GitError.self) { try Repository.open(RepositoryLocation(startDirectory: work), configuration: homeless) }
        // The same repository with a home opens, and the failure above did not stick.
        #expect(try open(work).status() == WorkTreeStatus())
    }

    @Test func concurrentOpensWithDifferentHomesKeepTheirOwnIncludes() async throws {
        let other = try GitSandbox()
        let mine = try sandbox.makeRepository()
        let theirs = try other.makeRepository()
        for (box, value) in [(sandbox, "mine"), (other, "theirs")] {
            try writeFile(box.home + "/extra", "[codecloud]\n\tmodel = \(value)\n")
            try writeFile(box.home + "/.gitconfig", "[include]\n\tpath = ~/extra\n")
        }
        let otherSources = ConfigurationSources(home: other.home, xdgConfigHome: nil, includeSystem: false)
        let mySources = sources
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    let (directory, configuration, expected) = index.isMultiple(of: 2) ? (mine, mySources, "mine") : (theirs, otherSources, "theirs")
                    let repository = try Repository.open(RepositoryLocation(startDirectory: directory), configuration: configuration)
                    #expect(try repository.configValue("codecloud.model") == expected)
                }
            }
            try await group.waitForAll()
        }
    }
}
