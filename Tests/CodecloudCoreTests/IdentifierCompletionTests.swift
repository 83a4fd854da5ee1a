@testable import CodecloudCore
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

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("codecloud-cache-\(UUID().uuidString)").path
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
        defer { try? FileManager.default.removeItem(atPath: directory) }
        storeEntry(.runs, ["run_1", "run_2", "other"], age: 60)
        let source = ScriptedSource(answers: [.runs: ["run_9"]])
        #expect(await completer(source).candidates(.runs, prefix: "run_") == ["run_1", "run_2"])
        #expect(source.calls == 0)
    }

    @Test func aStaleCacheIsRefreshedAndRewritten() async {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        storeEntry(.runs, ["run_old"], age: 600)
        let source = ScriptedSource(answers: [.runs: ["run_new"]])
        #expect(await completer(source).candidates(.runs, prefix: "") == ["run_new"])
        #expect(source.calls == 1)
        #expect(cache.entry(for: .runs, apiURL: source.apiURL)?.identifiers == ["run_new"])
        #expect(cache.entry(for: .runs, apiURL: source.apiURL)?.fetchedAt == now)
    }

    @Test func aSlowServiceNeverHoldsTheShellPastTheTimeout() async {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        storeEntry(.schedules, ["sch_stale"], age: 600)
        let source = ScriptedSource(answers: [.schedules: ["sch_new"]], delay: 60)
        let started = Date()
        let candidates = await completer(source, timeout: 0.2).candidates(.schedules, prefix: "")
        let elapsed = Date().timeIntervalSince(started)
        #expect(candidates == ["sch_stale"])
        // The source would take 60 s; anything well below that proves the completer did not
        // wait for it. The bound is loose on purpose: under the full parallel suite on a loaded
        // 2-core machine, other tests' child processes held the cooperative threads for 16-36 s.
        #expect(elapsed < 45, "took \(elapsed) s")
    }

    @Test func anUnreachableServiceWithoutCacheOffersNothing() async {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = ScriptedSource(failure: Offline())
        #expect(await completer(source).candidates(.runs, prefix: "").isEmpty)
        #expect(cache.entry(for: .runs, apiURL: source.apiURL) == nil)
    }

    @Test func listsFromAnotherServiceAreNeverOffered() async {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        storeEntry(.runs, ["run_from_production"], age: 10, apiURL: "https://codecloud.dev")
        let source = ScriptedSource(apiURL: "http://127.0.0.1:9", failure: Offline())
        #expect(await completer(source).candidates(.runs, prefix: "").isEmpty)
    }

    @Test func withoutASourceNothingIsOffered() async {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(await completer(nil).candidates(.runs, prefix: "").isEmpty)
    }

    @Test func theCacheKeepsOneListPerSubjectAndService() {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        storeEntry(.runs, ["a"], age: 0)
        storeEntry(.schedules, ["b"], age: 0)
        storeEntry(.runs, ["c"], age: 0)
        storeEntry(.runs, ["d"], age: 0, apiURL: "https://codecloud.dev")
        #expect(cache.entry(for: .runs, apiURL: "http://127.0.0.1:9")?.identifiers == ["c"])
        #expect(cache.entry(for: .schedules, apiURL: "http://127.0.0.1:9")?.identifiers == ["b"])
        #expect(cache.entry(for: .runs, apiURL: "https://codecloud.dev")?.identifiers == ["d"])
    }

    @Test func aCorruptCacheIsIgnoredAndReplaced() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
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
