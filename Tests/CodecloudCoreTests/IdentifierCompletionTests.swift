@testable import CodecloudCore
import CodecloudTestSupport
import Foundation
import Testing

@Suite struct IdentifierCompletionTests {
    /// A source that answers from a list, counts its calls, and can be made slow or failing.
    final class ScriptedSource: CompletionSource, @unchecked Sendable {
        let apiURL: String
        private let lock = NSLock()
        private var answers: [CompletionSubject: [String]]
        private let delay: TimeInterval
        private let failure: (any Error)?
        private var count = 0

        init(apiURL: String = "http://127.0.0.1:9", answers: [CompletionSubject: [String]] = [:], delay: TimeInterval = 0, failure: (any Error)? = nil) {
            self.apiURL = apiURL
            self.answers = answers
            self.delay = delay
            self.failure = failure
        }

        var calls: Int { lock.withLock { count } }

        func identifiers(of subject: CompletionSubject, limit: Int) async throws -> [String] {
            lock.withLock { count += 1 }
            if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000)) }
            if let failure { throw failure }
            return Array(lock.withLock { answers[subject] ?? [] }.prefix(limit))
        }
    }

    struct Offline: Error {}

    /// Each test's own cache directory, removed with the suite instance.
    let scratch: ScratchDirectory
    var directory: String { scratch.path }
    init() throws { scratch = try ScratchDirectory(prefix: "codecloud-cache") }
    var cache: CompletionCache { CompletionCache(path: directory + "/git-codecloud/completion-cache.json") }
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func completer(_ source: ScriptedSource?, timeout: TimeInterval = 0.8) -> IdentifierCompletion {
        let now = self.now
        return IdentifierCompletion(cache: cache, source: source, fetchTimeout: timeout, now: { now })
    }

    func storeEntry(_ subject: CompletionSubject, _ identifiers: [String], age: TimeInterval, apiURL: String = "http://127.0.0.1:9") {
        cache.store(.init(subject: subject, apiURL: apiURL, fetchedAt: now.addingTimeInterval(-age), identifiers: identifiers))
    }

    @Test func aFreshCacheAnswersWithoutAskingTheService() async {
        storeEntry(.runs, ["run_1", "run_2", "other"], age: 60)
        let source = ScriptedSource(answers: [.runs: ["run_9"]])
        #expect(await completer(source).candidates(.runs, prefix: "run_") == ["run_1", "run_2"])
        #expect(source.calls == 0)
    }

    @Test func aStaleCacheIsRefreshedAndRewritten() async {
        storeEntry(.runs, ["run_old"], age: 600)
        let source = ScriptedSource(answers: [.runs: ["run_new"]])
        #expect(await completer(source).candidates(.runs, prefix: "") == ["run_new"])
        #expect(source.calls == 1)
        #expect(cache.entry(for: .runs, apiURL: source.apiURL)?.identifiers == ["run_new"])
        #expect(cache.entry(for: .runs, apiURL: source.apiURL)?.fetchedAt == now)
    }

    @Test func aSlowServiceNeverHoldsTheShellPastTheTimeout() async {
        storeEntry(.schedules, ["sch_stale"], age: 600)
        // The source would answer only after a day: that the stale list comes back at all shows
        // the completer stopped waiting at its timeout (no wall-clock bound, which a loaded
        // machine running the parallel suite would break).
        let source = ScriptedSource(answers: [.schedules: ["sch_new"]], delay: 86_400)
        let candidates = await completer(source, timeout: 0.2).candidates(.schedules, prefix: "")
        #expect(candidates == ["sch_stale"])
        #expect(source.calls == 1)
    }

    @Test func anUnreachableServiceWithoutCacheOffersNothing() async {
        let source = ScriptedSource(failure: Offline())
        #expect(await completer(source).candidates(.runs, prefix: "").isEmpty)
        #expect(cache.entry(for: .runs, apiURL: source.apiURL) == nil)
    }

    @Test func listsFromAnotherServiceAreNeverOffered() async {
        storeEntry(.runs, ["run_from_production"], age: 10, apiURL: "https://codecloud.dev")
        let source = ScriptedSource(apiURL: "http://127.0.0.1:9", failure: Offline())
        #expect(await completer(source).candidates(.runs, prefix: "").isEmpty)
    }

    @Test func withoutASourceNothingIsOffered() async {
        #expect(await completer(nil).candidates(.runs, prefix: "").isEmpty)
    }

    @Test func theCacheKeepsOneListPerSubjectAndService() {
        storeEntry(.runs, ["a"], age: 0)
        storeEntry(.schedules, ["b"], age: 0)
        storeEntry(.runs, ["c"], age: 0)
        storeEntry(.runs, ["d"], age: 0, apiURL: "https://codecloud.dev")
        #expect(cache.entry(for: .runs, apiURL: "http://127.0.0.1:9")?.identifiers == ["c"])
        #expect(cache.entry(for: .schedules, apiURL: "http://127.0.0.1:9")?.identifiers == ["b"])
        #expect(cache.entry(for: .runs, apiURL: "https://codecloud.dev")?.identifiers == ["d"])
    }

    @Test func aCorruptCacheIsIgnoredAndReplaced() throws {
        try FileManager.default.createDirectory(atPath: directory + "/git-codecloud", withIntermediateDirectories: true)
        try Data("not json".utf8).write(to: URL(fileURLWithPath: cache.path))
        #expect(cache.entry(for: .runs, apiURL: "x") == nil)
        storeEntry(.runs, ["a"], age: 0, apiURL: "x")
        #expect(cache.entry(for: .runs, apiURL: "x")?.identifiers == ["a"])
    }

    @Test func theCacheLivesUnderXDGCacheHomeOrHome() {
        let output = OutputStreams(out: { _ in }, err: { _ in })
        let xdg = Environment(variables: ["XDG_CACHE_HOME": "/x", "HOME": "/h"], currentDirectory: "/", output: output)
        let home = Environment(variables: ["HOME": "/h"], currentDirectory: "/", output: output)
        let neither = Environment(variables: [:], currentDirectory: "/", output: output)
        #expect(CompletionCache(environment: xdg)?.path == "/x/git-codecloud/completion-cache.json")
        #expect(CompletionCache(environment: home)?.path == "/h/.cache/git-codecloud/completion-cache.json")
        #expect(CompletionCache(environment: neither) == nil)
    }

    @Test(arguments: [("2.5", 2.5), ("0", 0), ("-1", nil), ("soon", nil), ("inf", nil), ("", nil)] as [(String, TimeInterval?)])
    func theFetchTimeoutCanBeSetFromTheEnvironment(text: String, seconds: TimeInterval?) {
        let output = OutputStreams(out: { _ in }, err: { _ in })
        let environment = Environment(variables: ["CODECLOUD_COMPLETION_TIMEOUT": text], currentDirectory: "/", output: output)
        #expect(environment.completionTimeout == seconds)
    }
}
