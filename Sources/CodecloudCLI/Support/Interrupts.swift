import CodecloudCore
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
/// every thread and taking them with sigwait on one is the standard cure. Children start with
/// nothing blocked (`Spawn`); the signals' dispositions here stay the defaults, so theirs do too.
enum SignalRelay {
    /// Whom a signal goes to while a command can be interrupted, and which listener that is.
    private struct Listener {
        var token: Int
        var handler: @Sendable (Int32) -> Void
    }

    private static let listener = Mutex<Listener?>(nil)
    private static let tokens = Mutex(0)

    /// Blocks SIGINT and SIGTERM and starts the receiving thread. Call first in `main`, before
    /// any other thread exists, so every thread inherits the mask. A signal the parent set to
    /// be ignored (a background job in a script, `nohup`) stays ignored: blocked, it would be
    /// queued and handed to `sigwait` anyway.
    static func install() {
        var relayed = sigset_t()
        sigemptyset(&relayed)
        for number in [SIGINT, SIGTERM] {
            var current = sigaction()
            sigaction(number, nil, &current)
            if !isIgnore(current.__sigaction_handler.sa_handler) { sigaddset(&relayed, number) }
        }
        guard sigismember(&relayed, SIGINT) == 1 || sigismember(&relayed, SIGTERM) == 1 else { return }
        pthread_sigmask(SIG_BLOCK, &relayed, nil)
        let waitedFor = relayed
        let receiver = Thread {
            var signals = waitedFor
            while true {
                var number: Int32 = 0
                guard sigwait(&signals, &number) == 0 else { continue }
                if let listener = listener.withLock({ $0 }) {
                    // Handlers only record the signal here and leave any work that could block
                    // to another thread: this one must stay free to take the next signal.
                    listener.handler(number)
                } else {
                    terminate(by: number)
                }
            }
        }
        receiver.name = "signal-relay"
        receiver.start()
    }

    private static func isIgnore(_ handler: (@convention(c) (Int32) -> Void)?) -> Bool {
        guard let handler else { return false }
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    /// Routes signals to `handler` until `stopListening(token)`; the newest listener wins.
    static func listen(_ handler: @escaping @Sendable (Int32) -> Void) -> Int {
        let token = tokens.withLock { value -> Int in
            value += 1
            return value
        }
        listener.withLock { $0 = Listener(token: token, handler: handler) }
        return token
    }

    /// Ends listener `token`; a newer one stays.
    static func stopListening(_ token: Int) {
        listener.withLock { if $0?.token == token { $0 = nil } }
    }

    /// Runs `body` (which waits for a child that owns the terminal, like a pager) the way
    /// `system(3)` does: SIGINT and SIGTERM are left to the child, and if the child died of one,
    /// this process then ends the same way.
    static func leavingSignalsToChild(_ body: () throws -> Int32) rethrows -> Int32 {
        let token = listen { _ in }
        let status = try body()
        stopListening(token)
        if status == 128 + SIGINT || status == 128 + SIGTERM { terminate(by: status - 128) }
        return status
    }

    /// What the signal does to a program that does not handle it: ends the process, which
    /// reports to its parent as killed by that signal.
    static func terminate(by number: Int32) -> Never {
        // Echo switched off at the hidden key prompt comes back on first.
        TerminalModes.restoreIfChanged()
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
/// resume). A create already sent runs in a detached task (`RunSession`), so it completes and
/// its run id is known. Checkout is synchronous libgit2 work that cancellation cannot cut in
/// half. A `git fetch` child gets the terminal's Ctrl-C itself; a signal sent to this process
/// alone reaches it through the cancellation, which makes `ChildProcess` stop git and its
/// helpers (SIGTERM, then SIGKILL after 1 s), leaving its refs unchanged.
final class InterruptMonitor: Sendable {
    private struct State {
        var signal: Int32?
        var firstAt: ContinuousClock.Instant?
        var task: Task<Void, Never>?
    }

    private let state = Mutex(State())
    private let listening = Mutex(0)

    /// Starts listening for SIGINT and SIGTERM (delivered by `SignalRelay`); a repeated signal
    /// prints a note through `output`.
    init(output: @escaping @Sendable (String) -> Void) {
        let token = SignalRelay.listen { [weak self] number in
            guard let self else { return }
            let now = ContinuousClock.now
            let (first, echo, task) = self.state.withLock { state -> (Bool, Bool, Task<Void, Never>?) in
                let first = state.signal == nil
                if first {
                    state.signal = number
                    state.firstAt = now
                }
                // One Ctrl-C through `git codecloud` arrives twice: from the terminal, and
                // forwarded by git. A second one that close is the same keypress.
                let echo = !first && state.firstAt.map { now - $0 < .seconds(1) } == true
                return (first, echo, state.task)
            }
            if first, let task {
                // Cancelling runs cancellation handlers; never on the signal thread.
                DispatchQueue.global().async { task.cancel() }
            } else if !first, !echo {
                output("\nstill finishing; please wait a moment\n")
            }
        }
        listening.withLock { $0 = token }
    }

    deinit {
        let token = listening.withLock { $0 }
        if state.withLock({ $0.signal }) != nil {
            // Interrupted: the command is about to exit 130 with the resume hint. A late
            // second signal (git forwarding the first) must not kill it before it says so.
            _ = SignalRelay.listen { _ in }
        }
        SignalRelay.stopListening(token)
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

