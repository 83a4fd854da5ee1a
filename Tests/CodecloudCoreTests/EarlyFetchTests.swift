@testable import CodecloudCore
@testable import CodecloudGit
import CodecloudTestSupport
import Foundation
import Testing

/// The fetch `checkout` begins before the service answers, for a run landed here before: when
/// it starts, when its result may stand for the landing's own fetch, and that it is stopped
/// whenever it may not.
@Suite struct EarlyFetchTests {
    let sandbox: GitSandbox
    let work: String

    init() throws {
        sandbox = try GitSandbox()
        let remote = try sandbox.makeBareRemote()
        work = try sandbox.makeRepository(remote: remote)
        try sandbox.git("push", "--quiet", "origin", "HEAD:refs/heads/codecloud/fix", in: work)
    }

    var environment: Environment { sandbox.environment(in: work) }

    func recordLanding(remote: String = "origin", branch: String = "codecloud/fix") throws {
        let repository = try environment.openRepository()
        try repository.setConfigValues(RunLinks(repository).landingValues(runID: "jd7x8k9m2n3p4q5r", remote: remote, branch: branch))
    }

    /// A remote that accepts the fetch's connection and never answers, so the fetch is still
    /// running when the test decides about it.
    func pointOriginAtASilentServer() throws -> SilentTCPServer {
        let server = try SilentTCPServer()
        try sandbox.git("remote", "set-url", "origin", "\(server.baseURL)/octo/widgets.git", in: work)
        try sandbox.git("config", "http.lowSpeedTime", "600", in: work)
        return server
    }

    @Test func startsOnlyForARunLandedHereFromARemoteThatStillExists() throws {
        #expect(EarlyFetch.start(forRun: "jd7x8k9m2n3p4q5r", remote: nil, in: environment) == nil)
        try recordLanding(remote: "gone")
        #expect(EarlyFetch.start(forRun: "jd7x8k9m2n3p4q5r", remote: nil, in: environment) == nil)
        try recordLanding(branch: "-upload-pack=evil")
        #expect(EarlyFetch.start(forRun: "jd7x8k9m2n3p4q5r", remote: nil, in: environment) == nil)

        try recordLanding()
        // `--remote` naming another remote than the one recorded: the landing decides.
        #expect(EarlyFetch.start(forRun: "jd7x8k9m2n3p4q5r", remote: "upstream", in: environment) == nil)
        let early = try #require(EarlyFetch.start(forRun: "jd7x8k9m2n3p4q5r", remote: "origin", in: environment))
        let remote = try environment.openRepository().remote(named: "origin")
        let fetch = try #require(early.claim(remote: remote, branch: "codecloud/fix"))
        #expect(try fetch.result() == .git)
        #expect(try sandbox.git("rev-parse", "refs/remotes/origin/codecloud/fix", in: work) == sandbox.git("rev-parse", "HEAD", in: work))
    }

    @Test func standsInOnlyForARunThatFinishedBeforeItBegan() async throws {
        let server = try pointOriginAtASilentServer()
        defer { server.stop() }
        try recordLanding()
        let answeredAt = Date(timeIntervalSince1970: 1_800_000_000)
        let cases: [(completedAt: Date?, serverDate: Date?, usable: Bool)] = [
            // An hour: the time since the fetch began counts against it, and a loaded CI machine
            // can take seconds to spawn git and connect.
            (answeredAt.addingTimeInterval(-3600), answeredAt, true),
            (answeredAt.addingTimeInterval(-0.5), answeredAt, false),  // within the second's margin
            (answeredAt.addingTimeInterval(3600), answeredAt, false),  // finished "after" the answer
            (nil, answeredAt, false),
            (answeredAt.addingTimeInterval(-3600), nil, false),  // no Date header: no way to tell
        ]
        for (index, example) in cases.enumerated() {
            let early = try #require(EarlyFetch.start(forRun: "jd7x8k9m2n3p4q5r", remote: nil, in: environment))
            try await awaitCondition("fetch \(index) never connected") { server.connections >= index + 1 }
            let kept = early.ifBegunAfterFinishing(runDetail(.completed, completedAt: example.completedAt), serverDate: example.serverDate)
            #expect((kept != nil) == example.usable, "case \(index)")
            if kept == nil {
                // Stopped, not left to run past the command.
                try await awaitCondition(timeout: .seconds(5), "case \(index): git still holds the connection") { server.openConnections == 0 }
            }
            early.abandon()
            try await awaitCondition(timeout: .seconds(5), "case \(index): abandon left git running") { server.openConnections == 0 }
        }
    }

    @Test func servesOneLandingOfTheSameBranchFromTheSameRemote() async throws {
        let server = try pointOriginAtASilentServer()
        defer { server.stop() }
        try recordLanding()
        let remote = try environment.openRepository().remote(named: "origin")

        let early = try #require(EarlyFetch.start(forRun: "jd7x8k9m2n3p4q5r", remote: nil, in: environment))
        try await awaitCondition("the fetch never connected") { server.connections >= 1 }
        #expect(early.claim(remote: remote, branch: "codecloud/other") == nil)
        try await awaitCondition(timeout: .seconds(5), "a fetch of another branch was left running") { server.openConnections == 0 }

        let again = try #require(EarlyFetch.start(forRun: "jd7x8k9m2n3p4q5r", remote: nil, in: environment))
        #expect(again.claim(remote: Remote(name: "origin", url: "https://elsewhere.example/octo/widgets.git"), branch: "codecloud/fix") == nil)

        let third = try #require(EarlyFetch.start(forRun: "jd7x8k9m2n3p4q5r", remote: nil, in: environment))
        #expect(third.claim(remote: remote, branch: "codecloud/fix") != nil)
        #expect(third.claim(remote: remote, branch: "codecloud/fix") == nil)  // once only
        third.abandon()
        try await awaitCondition(timeout: .seconds(5), "abandon left git running") { server.openConnections == 0 }

        let stopped = try #require(EarlyFetch.start(forRun: "jd7x8k9m2n3p4q5r", remote: nil, in: environment))
        stopped.abandon()
        #expect(stopped.claim(remote: remote, branch: "codecloud/fix") == nil, "a stopped fetch stood in for the landing's")
    }
}
