@preconcurrency import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into cooperative cancellation of the command's task.
///
/// Waiting is cancelled at once (the run keeps going on codecloud; the command prints how to
/// resume). Work that must not be cut in half — a create request already sent, a fetch and
/// checkout — is not cancellable: it runs in `shielded`, and the interruption takes effect when
/// it returns, so no half-checked-out tree or lock file is left behind.
final class InterruptMonitor: @unchecked Sendable {  // sources are only touched in init/deinit
    private struct State {
        var signal: Int32?
        var task: Task<Void, Never>?
    }

    private let state = Mutex(State())
    private let sources: [any DispatchSourceSignal]

    /// Starts listening for SIGINT and SIGTERM; a repeated signal prints a note through `output`.
    init(output: @escaping @Sendable (String) -> Void) {
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            sources.append(source)
        }
        self.sources = sources
        for (source, number) in zip(sources, [SIGINT, SIGTERM]) {
            source.setEventHandler { [weak self] in
                guard let self else { return }
                let (first, task) = self.state.withLock { state -> (Bool, Task<Void, Never>?) in
                    let first = state.signal == nil
                    if first { state.signal = number }
                    return (first, state.task)
                }
                if first {
                    task?.cancel()
                } else {
                    output("\nstill finishing; please wait a moment\n")
                }
            }
            source.resume()
        }
    }

    deinit {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// The signal received, if any.
    var receivedSignal: Int32? { state.withLock { $0.signal } }

    /// Runs `body` as a child task that a signal cancels.
    func run(_ body: @escaping @Sendable () async -> Void) async {
        let task = Task { await body() }
        let alreadySignalled = state.withLock { state -> Bool in
            state.task = task
            return state.signal != nil
        }
        if alreadySignalled { task.cancel() }
        await task.value
    }
}

/// Runs `operation` to completion even if the calling task is cancelled: for requests that
/// must not be abandoned half-way (a create whose outcome would otherwise be unknown) and for
/// landing (fetch + checkout). Cancellation is observed by the caller after it returns.
func shielded<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await Task.detached(operation: operation).value
}
