import Foundation

/// Where fresh identifiers for completion come from (the codecloud API in production).
public protocol CompletionSource: Sendable {
    /// The API base URL the identifiers belong to; the cache keys its lists by it.
    var apiURL: String { get }
    /// The most recent identifiers of `subject`, newest first, at most `limit`.
    func identifiers(of subject: CompletionSubject, limit: Int) async throws -> [String]
}

/// Answers a shell's TAB with run or schedule identifiers without ever keeping the shell
/// waiting: a fresh cache answers at once; otherwise the source gets `fetchTimeout` to
/// answer, and when it cannot, the stale list (or nothing) is offered instead.
public struct IdentifierCompletion: Sendable {
    /// The local cache of recent lists.
    public var cache: CompletionCache?
    /// Where fresh lists come from; nil offers only what the cache holds.
    public var source: (any CompletionSource)?
    /// How old a cached list may be and still be offered without asking the source.
    public var maximumAge: TimeInterval
    /// How long the source may take before the shell gets the stale list.
    public var fetchTimeout: TimeInterval
    /// How many identifiers to fetch and offer.
    public var limit: Int
    /// The clock (a seam for tests).
    public var now: @Sendable () -> Date

    public init(
        cache: CompletionCache?,
        source: (any CompletionSource)?,
        maximumAge: TimeInterval = 3 * 60,
        fetchTimeout: TimeInterval = 0.8,
        limit: Int = 50,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.cache = cache
        self.source = source
        self.maximumAge = maximumAge
        self.fetchTimeout = fetchTimeout
        self.limit = limit
        self.now = now
    }

    /// Identifiers of `subject` starting with `prefix`, newest first.
    public func candidates(_ subject: CompletionSubject, prefix: String) async -> [String] {
        await identifiers(subject).filter { $0.hasPrefix(prefix) }
    }

    private func identifiers(_ subject: CompletionSubject) async -> [String] {
        guard let source else { return [] }
        let cached = cache?.entry(for: subject, apiURL: source.apiURL)
        if let cached, now().timeIntervalSince(cached.fetchedAt) < maximumAge {
            return cached.identifiers
        }
        let limit = self.limit
        let fetched = await Self.first(within: fetchTimeout) {
            try await source.identifiers(of: subject, limit: limit)
        }
        guard let fetched else { return cached?.identifiers ?? [] }
        cache?.store(.init(subject: subject, apiURL: source.apiURL, fetchedAt: now(), identifiers: fetched))
        return fetched
    }

    /// The result of `work` if it succeeds within `timeout`, else nil. Returns at the deadline
    /// without waiting for `work` to notice its cancellation: a completion process exits right
    /// after answering, so an abandoned request costs nothing.
    static func first<Value: Sendable>(
        within timeout: TimeInterval,
        _ work: @escaping @Sendable () async throws -> Value
    ) async -> Value? {
        let outcome = FirstOutcome<Value>()
        return await withCheckedContinuation { continuation in
            outcome.install(continuation)
            let worker = Task {
                outcome.resolve(try? await work())
            }
            Task {
                try? await Task.sleep(nanoseconds: UInt64(max(timeout, 0) * 1_000_000_000))
                outcome.resolve(nil)
                worker.cancel()
            }
        }
    }
}

/// Resumes a continuation with whichever value arrives first; later ones are dropped.
private final class FirstOutcome<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value?, Never>?

    func install(_ continuation: CheckedContinuation<Value?, Never>) {
        lock.withLock { self.continuation = continuation }
    }

    func resolve(_ value: Value?) {
        let waiting = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(returning: value)
    }
}
