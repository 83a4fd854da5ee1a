import CodecloudGit
import CodecloudTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// git's `safe.directory` rule, each case decided by git too: `GIT_TEST_ASSUME_DIFFERENT_OWNER`
/// makes both treat the repository as another user's (and, as root, a real `chown` does).
@Suite struct SafeDirectoryTests {
    let sandbox: GitSandbox
    let work: String
    static let foreign = ["GIT_TEST_ASSUME_DIFFERENT_OWNER": "1"]

    init() throws {
        sandbox = try GitSandbox()
        work = try sandbox.makeRepository("home/src/widgets")
    }

    func sources(commandLine: [ConfigParameter] = [], assumeDifferentOwner: Bool = true) -> ConfigurationSources {
        var sources = ConfigurationSources(home: sandbox.home, xdgConfigHome: sandbox.home + "/.config", includeSystem: false)
        sources.commandLine = commandLine
        sources.assumeDifferentOwner = assumeDifferentOwner
        return sources
    }

    /// Whether git opens the repository (`git status`, which discovers it).
    func gitOpens(_ extra: [String: String] = foreign, options: [String] = []) -> Bool {
        (try? sandbox.git(options + ["status", "--porcelain"], in: work, extra: extra)) != nil
    }

    /// The error opening the repository with `sources`, nil when it opens.
    func refusal(_ sources: ConfigurationSources, location: RepositoryLocation? = nil) -> GitError? {
        do {
            _ = try Repository.open(location ?? RepositoryLocation(startDirectory: work), configuration: sources)
            return nil
        } catch let error as GitError {
            return error
        } catch {
            return GitError(.other, "\(error)")
        }
    }

    @Test func anotherUsersRepositoryIsRefusedWithGitsMessage() throws {
        #expect(!gitOpens())
        let error = try #require(refusal(sources()), "opened a repository git refuses")
        #expect(error.kind == .dubiousOwnership)
        #expect(error.message == "detected dubious ownership in repository at '\(work)'")
        #expect(error.path == work)
        #expect(try sandbox.git(["status", "--porcelain"], in: work).isEmpty, "one's own repository opens as before")
        #expect(refusal(sources(assumeDifferentOwner: false)) == nil)
    }

    @Test(arguments: [
        (["*"], true), (["WORK"], true), (["~/src/widgets"], true), (["/elsewhere"], false),
        (["*", ""], false), (["", "WORK"], true), (["WORK/"], false),
    ] as [([String], Bool)])
    func globalSafeDirectoryDecidesAsInGit(values: [String], safe: Bool) throws {
        let resolved = values.map { $0.replacingOccurrences(of: "WORK", with: work) }
        let text = "[safe]\n" + resolved.map { "\tdirectory = \"\($0)\"\n" }.joined()
        try writeFile(sandbox.home + "/.gitconfig", text)
        #expect(gitOpens() == safe, "git: \(resolved)")
        #expect((refusal(sources()) == nil) == safe, "\(resolved)")
    }

    @Test func gitDashCCountsAndTheRepositorysOwnFileDoesNot() throws {
        #expect(gitOpens(options: ["-c", "safe.directory=*"]))
        #expect(refusal(sources(commandLine: [ConfigParameter(key: "safe.directory", value: "*")])) == nil)
        try sandbox.git(["config", "safe.directory", "*"], in: work)
        #expect(!gitOpens())
        #expect(refusal(sources())?.kind == .dubiousOwnership)
    }

    @Test func anExplicitGitDirIsNotChecked() throws {
        let extra = Self.foreign.merging(["GIT_DIR": work + "/.git", "GIT_WORK_TREE": work]) { $1 }
        #expect((try? sandbox.git(["status", "--porcelain"], in: sandbox.home, extra: extra)) != nil)
        let location = RepositoryLocation(startDirectory: sandbox.home, gitDirectory: work + "/.git", workTree: work)
        #expect(refusal(sources(), location: location) == nil)
    }

    @Test(.enabled(if: geteuid() == 0, "needs root to give the repository to another user"))
    func aRepositoryChownedToAnotherUserIsRefusedUnlessSudoRanAsThem() throws {
        #expect(chown(work, 65534, 65534) == 0)
        #expect(!gitOpens([:]))
        let error = try #require(refusal(sources(assumeDifferentOwner: false)), "opened a repository git refuses")
        #expect(error.kind == .dubiousOwnership)
        // As root, what root owns (.git here) is one's own, and so is what SUDO_UID's user owns.
        var asSudo = sources(assumeDifferentOwner: false)
        asSudo.sudoUser = 65534
        #expect(gitOpens(["SUDO_UID": "65534"]))
        #expect(refusal(asSudo) == nil)
        asSudo.sudoUser = 65533
        #expect(!gitOpens(["SUDO_UID": "65533"]))
        #expect(refusal(asSudo)?.kind == .dubiousOwnership)
    }
}
