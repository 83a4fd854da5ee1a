import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Receives SIGINT and SIGTERM for the whole process on one thread, with sigwait.
///
/// A DispatchSource for a signal is not reliable on Linux: libdispatch reads the signal from a
/// signalfd but leaves it unblocked, so a thread that takes it first runs libdispatch's empty
/// handler and the source never fires (Ctrl-C while waiting was then ignored, and the CLI went
/// on waiting: the SIGINT end-to-end test caught it now and then). Blocking both signals in
/// every thread and taking them with sigwait on one is the standard cure. Children get an
/// empty mask and default dispositions back (`Spawn`).
enum SignalRelay {
    /// Whom a signal goes to while a command can be interrupted; nil: the default action.
    private static let listener = Mutex<(@Sendable (Int32) -> Void)?>(nil)

    /// Blocks SIGINT and SIGTERM and starts the receiving thread. Call first in `main`, before
    /// any other thread exists, so every thread inherits the mask.
    static func install() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let receiver = Thread {
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGINT)
            sigaddset(&signals, SIGTERM)
            while true {
                var number: Int32 = 0
                guard sigwait(&signals, &number) == 0 else { continue }
                if let listener = listener.withLock({ $0 }) {
                    listener(number)
                } else {
                    terminate(by: number)
                }
            }
        }
        receiver.name = "signal-relay"
        receiver.start()
    }

    /// Routes signals to `handler` until `stopListening` (one listener at a time).
    static func listen(_ handler: @escaping @Sendable (Int32) -> Void) {
        listener.withLock { $0 = handler }
    }

    static func stopListening() {
        listener.withLock { $0 = nil }
    }

    /// What the signal does to a program that does not handle it: ends the process, which
    /// reports to its parent as killed by that signal.
    private static func terminate(by number: Int32) -> Never {
        signal(number, SIG_DFL)
        var only = sigset_t()
        sigemptyset(&only)
        sigaddset(&only, number)
        pthread_sigmask(SIG_UNBLOCK, &only, nil)
        raise(number)
        exit(128 + number)
    }
}

/// Turns SIGINT and SIGTERM into cooperative cancellation of the command's task.
///
/// Waiting is cancelled at once (the run keeps going on codecloud; the command prints how to
/// resume). Work that must not be cut in half — a create request already sent, a fetch and
/// checkout — is not cancellable: it runs in `shielded`, and the interruption takes effect when
/// it returns, so no half-checked-out tree or lock file is left behind.
final class InterruptMonitor: Sendable {
    private struct State {
        var signal: Int32?
        var task: Task<Void, Never>?
    }

    private let state = Mutex(State())

    /// Starts listening for SIGINT and SIGTERM (delivered by `SignalRelay`); a repeated signal
    /// prints a note through `output`.
    init(output: @escaping @Sendable (String) -> Void) {
        SignalRelay.listen { [weak self] number in
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
    }

    deinit {
        SignalRelay.stopListening()
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
