@testable import CodecloudAPI
import CodecloudCore
import Foundation
import Synchronization
import Testing

/// A scripted account: each run is `running` from time zero and finishes at its own time;
/// counts list and fetch requests against the virtual clock.
struct ScriptedAccountRun: Sendable {
    var id: String
    /// When it finishes; nil: never.
    var finishesAt: Duration?
    var fails = false
    /// When it first shows in the list.
    var appearsAt: Duration = .zero
}

final class ScriptedAccount: Sendable {
    private let time: VirtualTime
    /// Run id → when it finishes (nil: never), and whether it fails.
    private let runs: [ScriptedAccountRun]
    /// Runs the list leaves out (beyond its first page).
    private let hidden: Set<String>
    private let counts = Mutex((lists: 0, fetches: [String: Int]()))

    init(time: VirtualTime, runs: [ScriptedAccountRun], hidden: Set<String> = []) {
        self.time = time
        self.runs = runs
        self.hidden = hidden
    }

    var lists: Int { counts.withLock { $0.lists } }
    func fetches(_ id: String) -> Int { counts.withLock { $0.fetches[id] ?? 0 } }
    var totalFetches: Int { counts.withLock { $0.fetches.values.reduce(0, +) } }

    private func detail(_ run: ScriptedAccountRun) -> RunDetail {
        var detail = runDetail(.running)
        detail.id = run.id
        if let finishesAt = run.finishesAt, time.now >= finishesAt {
            detail.status = run.fails ? .failed : .completed
            detail.completedAt = Date(timeIntervalSince1970: 1_700_000_000 + Double(finishesAt.components.seconds))
        }
        return detail
    }

    func list() async throws -> [RunSummary] {
        counts.withLock { $0.lists += 1 }
        return runs.reversed().filter { !hidden.contains($0.id) && time.now >= $0.appearsAt }.map { RunSummary(detail($0)) }
    }

    func fetch(_ id: String) async throws -> RunDetail {
        counts.withLock { $0.fetches[id, default: 0] += 1 }
        guard let run = runs.first(where: { $0.id == id }) else { throw APIError(.http(status: 404, code: "Not Found", message: "Agent run not found: \(id)"), method: "GET", path: "/api/v1/agents/run/\(id)") }
        return detail(run)
    }
}

/// When each run was handed to `onFinish`.
final class DetectionTimes: Sendable {
    private let times = Mutex([String: Duration]())
    func record(_ id: String, at time: Duration) { times.withLock { $0[id] = time } }
    func time(of id: String) -> Duration? { times.withLock { $0[id] } }
}

@Suite struct MultiRunWaiterTests {
    static let finishTimes: [Duration] = [.seconds(5), .seconds(12), .seconds(20), .seconds(33), .seconds(47)]

    @Test func waitsForFiveRunsWithOneListPerTickAndOneFetchEach() async throws {
        let time = VirtualTime()
        let account = ScriptedAccount(time: time, runs: Self.finishTimes.enumerated().map { ScriptedAccountRun(id: "run\($0.offset)", finishesAt: $0.element) })
        let detected = DetectionTimes()
        let waiter = MultiRunWaiter(list: account.list, fetch: account.fetch, timing: time.timing)
        let outcome = try await waiter.wait(forRuns: (0..<5).map { "run\($0)" }, onFinish: { run in detected.record(run.id, at: time.now) })

        #expect(outcome.finished.count == 5 && !outcome.timedOut)
        for index in 0..<5 { #expect(account.fetches("run\(index)") == 1) }

        // Against one RunWaiter per run: every run noticed no later, at the requests of about one.
        var singleRequests = 0
        for (index, finishesAt) in Self.finishTimes.enumerated() {
            let alone = VirtualTime()
            let scripted = ScriptedRun(time: alone, steps: [(.zero, .success(runDetail(.running))), (finishesAt, .success(runDetail(.completed, completedAt: Date())))])
            _ = try await RunWaiter(fetch: scripted.fetch, timing: alone.timing).wait(forRun: "run\(index)")
            let multiDetected = try #require(detected.time(of: "run\(index)"))
            #expect(multiDetected <= alone.now, "run\(index): \(multiDetected) against \(alone.now) alone")
            if index == 4 { singleRequests = scripted.pollCount }
        }
        #expect(Double(account.lists + account.totalFetches) <= 1.5 * Double(singleRequests),
                "\(account.lists) lists + \(account.totalFetches) fetches against \(singleRequests) polls for the slowest run alone")
    }

    @Test func fetchesARunTheListDoesNotShow() async throws {
        let time = VirtualTime()
        let account = ScriptedAccount(time: time, runs: [ScriptedAccountRun(id: "old", finishesAt: .seconds(2), fails: true), ScriptedAccountRun(id: "new", finishesAt: .seconds(1))], hidden: ["old"])
        let outcome = try await MultiRunWaiter(list: account.list, fetch: account.fetch, timing: time.timing).wait(forRuns: ["old", "new"])
        #expect(outcome.finished["old"]?.status == .failed)
        #expect(outcome.finished["new"]?.status == .completed)
        #expect(outcome.order == ["old", "new"])
    }

    @Test func reportsWhatIsUnfinishedAtTheTimeout() async throws {
        let time = VirtualTime()
        let account = ScriptedAccount(time: time, runs: [ScriptedAccountRun(id: "quick", finishesAt: .seconds(1)), ScriptedAccountRun(id: "slow", finishesAt: nil)])
        let outcome = try await MultiRunWaiter(list: account.list, fetch: account.fetch, timing: time.timing)
            .wait(forRuns: ["quick", "slow"], timeout: .seconds(30))
        #expect(outcome.finished.keys.sorted() == ["quick"])
        #expect(outcome.unfinished == ["slow": .running])
        #expect(time.now == .seconds(30))
    }

    @Test func adoptsRunsThatAppearWhileWatching() async throws {
        let time = VirtualTime()
        let account = ScriptedAccount(time: time, runs: [ScriptedAccountRun(id: "first", finishesAt: .seconds(4)), ScriptedAccountRun(id: "later", finishesAt: .seconds(9), appearsAt: .seconds(2))])
        let outcome = try await MultiRunWaiter(list: account.list, fetch: account.fetch, timing: time.timing)
            .wait(forRuns: [], adopting: { _ in true })
        #expect(outcome.order == ["first", "later"])
        #expect(outcome.finished.count == 2)
    }

    @Test func anUnknownRunIsReportedWithoutStoppingTheOthers() async throws {
        let time = VirtualTime()
        let account = ScriptedAccount(time: time, runs: [ScriptedAccountRun(id: "known", finishesAt: .seconds(1))])
        let outcome = try await MultiRunWaiter(list: account.list, fetch: account.fetch, timing: time.timing).wait(forRuns: ["gone", "known"])
        #expect(outcome.unreadable["gone"] != nil)
        #expect(outcome.finished["known"] != nil)
    }
}
