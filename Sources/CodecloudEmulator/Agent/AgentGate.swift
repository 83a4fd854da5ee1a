import Foundation

/// A test hook (`EmulatorConfiguration.agentGate`, in-process only: no option or endpoint sets
/// it): every run and follow-up, once `running`, waits here before its agent starts until the
/// test lets it through. Tests synchronise on it instead of on an `agentDelay` long enough to
/// observe a run in `running`: hold runs while checking something, then `release` or `open`.
public final class AgentGate: Sendable {
    private struct State {
        var isOpen = false
        var permits = 0
        var arrivals = 0
        var waiting: [(id: UUID, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Locked(State())

    /// A closed gate: every run waits until `release` or `open`.
    public init() {}

    /// How many executions have reached the gate so far (held or let through).
    public var arrivals: Int { state.withLock { $0.arrivals } }

    /// How many executions are held at the gate now.
    public var waiting: Int { state.withLock { $0.waiting.count } }

    /// Lets `count` executions through: those waiting longest first, then the next to arrive.
    public func release(_ count: Int = 1) {
        let resumed: [CheckedContinuation<Void, Never>] = state.withLock { state in
            state.permits += count
            let taken = min(state.permits, state.waiting.count)
            state.permits -= taken
            defer { state.waiting.removeFirst(taken) }
            return state.waiting.prefix(taken).map(\.continuation)
        }
        resumed.forEach { $0.resume() }
    }

    /// Lets every execution through, now and from now on.
    public func open() {
        let resumed: [CheckedContinuation<Void, Never>] = state.withLock { state in
            state.isOpen = true
            defer { state.waiting = [] }
            return state.waiting.map(\.continuation)
        }
        resumed.forEach { $0.resume() }
    }

    /// Waits until this execution is let through, or its task is cancelled (a stop or reset).
    func pass() async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let through: Bool = state.withLock { state in
                    state.arrivals += 1
                    if state.isOpen || Task.isCancelled { return true }
                    if state.permits > 0 {
                        state.permits -= 1
                        return true
                    }
                    state.waiting.append((id, continuation))
                    return false
                }
                if through { continuation.resume() }
            }
        } onCancel: {
            let held: CheckedContinuation<Void, Never>? = state.withLock { state in
                guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiting.remove(at: index).continuation
            }
            held?.resume()
        }
    }
}
