import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a finished child process left behind.
public struct ChildProcessResult: Sendable, Equatable {
    /// Exit status (or 128 + signal number when killed by a signal).
    public var status: Int32
    /// Everything written to stdout, as bytes (binary output such as a packfile).
    public var stdoutBytes: Data
    /// Everything written to stderr.
    public var stderr: String
    /// Why the child was stopped before it ended on its own, if it was (see `ChildProcessLimits`).
    public var stopped: ChildProcessStop? = nil

    public init(status: Int32, stdout: String, stderr: String, stopped: ChildProcessStop? = nil) {
        self.init(status: status, stdoutBytes: Data(stdout.utf8), stderr: stderr, stopped: stopped)
    }

    public init(status: Int32, stdoutBytes: Data, stderr: String, stopped: ChildProcessStop? = nil) {
        self.status = status
        self.stdoutBytes = stdoutBytes
        self.stderr = stderr
        self.stopped = stopped
    }

    /// Everything written to stdout.
    public var stdout: String {
        get { String(decoding: stdoutBytes, as: UTF8.self) }
        set { stdoutBytes = Data(newValue.utf8) }
    }

    /// True for a child that exited with status 0 on its own.
    public var succeeded: Bool { status == 0 && stopped == nil }

    /// The last non-empty line of stderr (git's reason for failing), trimmed.
    public var lastErrorLine: String {
        stderr.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "exit status \(status)"
    }
}

/// Why `ChildProcess.run` stopped a child.
public enum ChildProcessStop: Sendable, Equatable {
    /// The task running it was cancelled (SIGINT/SIGTERM reached this process).
    case cancelled
    /// It ran longer than `ChildProcessLimits.deadline`.
    case deadline
}

/// When `ChildProcess.run` stops a child instead of waiting for it to end.
public struct ChildProcessLimits: Sendable, Equatable {
    /// The longest the child may run; nil: no limit.
    public var deadline: Duration?
    /// Stop the child when the calling task is cancelled.
    public var stopsOnCancellation: Bool
    /// How long a stopped child gets to clean up (git removes its lock files on SIGTERM)
    /// before it and its descendants are killed.
    public var grace: Duration
    /// How long, once the child has ended on its own, its output may take to end; nil: until
    /// it ends. A grandchild that outlives the child (a shell's background job) can hold the
    /// pipes open for good.
    public var outputAfterExit: Duration?

    /// Limits; by default the child is stopped when the task is cancelled, with 1 s of grace.
    public init(deadline: Duration? = nil, stopsOnCancellation: Bool = true, grace: Duration = .seconds(1), outputAfterExit: Duration? = nil) {
        self.deadline = deadline
        self.stopsOnCancellation = stopsOnCancellation
        self.grace = grace
        self.outputAfterExit = outputAfterExit
    }
}

/// Runs child processes (`git fetch`, `git credential fill`, the emulator's git and agent, the
/// tests' binaries) to completion, in this process's group (see `Spawn`), so Ctrl-C reaches
/// them and ssh can still ask the terminal.
///
/// A signal sent to this process alone (`kill PID`, a supervisor's SIGTERM) does not reach the
/// child, and a child that waits on a silent server would then keep the command alive. With
/// `limits`, the wait polls: a cancelled task or a passed deadline sends SIGTERM to the child
/// and every process below it (git's remote helper, ssh), then SIGKILL after the grace period,
/// and the result comes back at once even if an orphaned grandchild still holds a pipe.
///
/// The calls block the calling thread; `runDetached` is the one for async code (it waits on a
/// thread of its own, never on a Swift concurrency thread).
public enum ChildProcess {
    /// Runs `executable` (a path, or a name looked up on `environment["PATH"]`) with `arguments`
    /// in `directory` with exactly `environment`, feeding `input` on stdin (empty: /dev/null).
    /// Both output pipes are drained concurrently, so a chatty child cannot deadlock.
    /// `deferringInterrupts`: the child runs with SIGINT blocked (`Spawn.spawn`).
    public static func run(
        _ executable: String,
        _ arguments: [String],
        in directory: String,
        environment: [String: String],
        input: String = "",
        limits: ChildProcessLimits? = nil,
        deferringInterrupts: Bool = false
    ) throws -> ChildProcessResult {
        let child = try start(
            executable, arguments, in: directory, environment: environment, input: Data(input.utf8), deferringInterrupts: deferringInterrupts)
        return child.finish(limits: limits, cancellation: nil)
    }

    /// `run` for async callers: the child is started and waited for on a thread of its own, so
    /// the cooperative pool (two threads on a two-core machine) stays free for whatever the
    /// child talks to (an in-process emulator). Cancelling the calling task stops the child as
    /// `limits` says. `ownProcessGroup` puts it in a process group of its own (a server's
    /// children, which never use the terminal); `onOutput` sees stdout as it arrives.
    public static func runDetached(
        _ executable: String,
        _ arguments: [String],
        in directory: String,
        environment: [String: String],
        input: Data = Data(),
        limits: ChildProcessLimits = ChildProcessLimits(),
        ownProcessGroup: Bool = false,
        onOutput: (@Sendable (Data) -> Void)? = nil
    ) async throws -> ChildProcessResult {
        let cancellation = Cancellation()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread {
                    continuation.resume(with: Result {
                        let child = try start(
                            executable, arguments, in: directory, environment: environment, input: input,
                            ownProcessGroup: ownProcessGroup, onOutput: stdoutOnly(onOutput))
                        return child.finish(limits: limits, cancellation: cancellation)
                    })
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// Starts a child as `run` does and returns at once; its output is collected (and passed to
    /// `onOutput`, with `isError` for stderr) as it arrives.
    public static func start(
        _ executable: String,
        _ arguments: [String],
        in directory: String,
        environment: [String: String],
        input: Data = Data(),
        ownProcessGroup: Bool = false,
        deferringInterrupts: Bool = false,
        onOutput: (@Sendable (_ chunk: Data, _ isError: Bool) -> Void)? = nil
    ) throws -> RunningChildProcess {
        var parentEnds: [Int32] = []
        let started: (pid: pid_t, output: Int32, error: Int32, input: Int32?) = try Spawn.lock.withLock {
            var childEnds: [Int32] = []
            defer { childEnds.forEach { _ = close($0) } }
            do {
                let output = try Spawn.makePipe()
                parentEnds.append(output.read)
                childEnds.append(output.write)
                let error = try Spawn.makePipe()
                parentEnds.append(error.read)
                childEnds.append(error.write)
                var stdin: Int32
                var feed: Int32?
                if input.isEmpty {
                    stdin = open("/dev/null", O_RDONLY | O_CLOEXEC)
                    guard stdin >= 0 else { throw Spawn.Failure(description: "cannot open /dev/null: \(String(cString: strerror(errno)))") }
                } else {
                    let pipe = try Spawn.makePipe()
                    stdin = pipe.read
                    feed = pipe.write
                    parentEnds.append(pipe.write)
                }
                childEnds.append(stdin)
                let pid = try Spawn.spawn(
                    executable, arguments, in: directory, environment: environment,
                    streams: Spawn.Streams(input: stdin, output: output.write, error: error.write),
                    ownProcessGroup: ownProcessGroup, deferringInterrupts: deferringInterrupts)
                return (pid, output.read, error.read, feed)
            } catch {
                parentEnds.forEach { _ = close($0) }
                throw error
            }
        }
        let child = RunningChildProcess(pid: started.pid, ownProcessGroup: ownProcessGroup)
        // Input is written while the output is drained, so neither side can fill a pipe and wait
        // on the other. Threads of their own: each blocks in read(2) or write(2) until the child
        // is done.
        if let feed = started.input {
            child.output.enter()
            Thread.detachNewThread {
                FileDescriptorIO.writeAllWithoutSIGPIPE(input, to: feed)
                close(feed)
                child.output.leave()
            }
        }
        for (descriptor, isError) in [(started.output, false), (started.error, true)] {
            child.output.enter()
            Thread.detachNewThread {
                _ = FileDescriptorIO.readToEnd(descriptor) { chunk in
                    child.collected.append(chunk, isError: isError)
                    onOutput?(chunk, isError)
                }
                close(descriptor)
                child.output.leave()
            }
        }
        return child
    }

    private static func stdoutOnly(_ handler: (@Sendable (Data) -> Void)?) -> (@Sendable (Data, Bool) -> Void)? {
        guard let handler else { return nil }
        return { chunk, isError in if !isError { handler(chunk) } }
    }

    /// A flag `runDetached` sets when its task is cancelled (the waiting thread has no task).
    final class Cancellation: @unchecked Sendable {
        private let lock = NSLock()
        private var cancelled = false
        func cancel() { lock.withLock { cancelled = true } }
        var isCancelled: Bool { lock.withLock { cancelled } }
    }
}

/// A child started by `ChildProcess.start`: its process id, its output so far, its end.
public final class RunningChildProcess: @unchecked Sendable {  // mutable state is guarded by locks
    /// The child's process id (its process group's too when it has its own).
    public let pid: pid_t
    let ownProcessGroup: Bool
    /// Entered once per stream being read or written.
    let output = DispatchGroup()
    let collected = CollectedOutput()
    /// Held while reaping, so the child is waited for once.
    private let reaping = NSLock()
    private let state = NSLock()
    private var ended: Spawn.Termination?

    init(pid: pid_t, ownProcessGroup: Bool) {
        self.pid = pid
        self.ownProcessGroup = ownProcessGroup
    }

    /// stdout so far.
    public var stdoutSoFar: String { collected.text(isError: false) }
    /// stderr so far.
    public var stderrSoFar: String { collected.text(isError: true) }

    /// How the child ended, reaping it; nil while it runs.
    public var termination: Spawn.Termination? { reap(blocking: false) }

    /// Waits for the child to end.
    @discardableResult
    public func waitForTermination() -> Spawn.Termination { reap(blocking: true)! }

    /// True once the child has ended and both its output streams have (or `timeout` passed).
    public func outputEnded(within timeout: Duration = .zero) -> Bool {
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        return output.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .success
    }

    /// Sends `signal` to the child alone, unless it has been reaped already (its pid could
    /// belong to another process by now).
    public func send(_ signal: Int32) {
        state.withLock {
            guard ended == nil else { return }
            kill(pid, signal)
        }
    }

    private func reap(blocking: Bool) -> Spawn.Termination? {
        reaping.withLock {
            if let ended = state.withLock({ ended }) { return ended }
            guard let now = blocking ? Spawn.waitForTermination(pid) : Spawn.terminationIfEnded(pid) else { return nil }
            state.withLock { ended = now }
            return now
        }
    }

    /// Waits for the child and its output as `ChildProcess.run` with `limits` does: the
    /// deadline counts from this call, and cancelling the calling task stops the child.
    public func wait(limits: ChildProcessLimits) -> ChildProcessResult {
        finish(limits: limits, cancellation: nil)
    }

    /// Stops the child and its descendants (SIGTERM, then SIGKILL after `grace`) and waits for
    /// it; a child that has ended already is only reaped.
    public func stop(grace: Duration = .seconds(1)) -> ChildProcessResult {
        let now = ChildProcess.Cancellation()
        now.cancel()
        return finish(limits: ChildProcessLimits(grace: grace), cancellation: now)
    }

    /// Waits for the child and its output as `ChildProcess.run` does.
    func finish(limits: ChildProcessLimits?, cancellation: ChildProcess.Cancellation?) -> ChildProcessResult {
        guard let limits else {
            output.wait()
            return result(waitForTermination().status, stop: nil)
        }
        return supervise(limits: limits, cancellation: cancellation)
    }

    private func result(_ status: Int32, stop: ChildProcessStop?) -> ChildProcessResult {
        ChildProcessResult(status: status, stdoutBytes: collected.data(isError: false), stderr: collected.text(isError: true), stopped: stop)
    }

    /// Waits for the child and its output, polling every 20 ms for cancellation and the deadline.
    private func supervise(limits: ChildProcessLimits, cancellation: ChildProcess.Cancellation?) -> ChildProcessResult {
        let clock = ContinuousClock(), started = clock.now
        var stop: ChildProcessStop?
        var stoppedAt = started
        var exitedAt: ContinuousClock.Instant?
        var signalled: Set<pid_t> = []
        var killed = false
        var status: Int32?
        while true {
            let outputEnded = output.wait(timeout: .now() + .milliseconds(20)) == .success
            if status == nil, let ended = termination {
                status = ended.status
                exitedAt = clock.now
            }
            if let status, outputEnded { return result(status, stop: stop) }
            if stop == nil {
                if let status, let exitedAt, let patience = limits.outputAfterExit, clock.now - exitedAt >= patience {
                    return result(status, stop: nil)
                }
                if limits.stopsOnCancellation, Task.isCancelled || cancellation?.isCancelled == true {
                    stop = .cancelled
                } else if let deadline = limits.deadline, clock.now - started >= deadline {
                    stop = .deadline
                }
                if stop != nil {
                    stoppedAt = clock.now
                    signalled = signalTree(SIGTERM, alive: status == nil)
                }
                continue
            }
            if !killed, clock.now - stoppedAt >= limits.grace {
                killed = true
                _ = signalTree(SIGKILL, alive: status == nil, also: signalled)
            }
            // The child is gone; an orphaned grandchild may hold the pipes a little longer.
            // Its output no longer matters: do not wait for it past the grace period.
            if let status, clock.now - stoppedAt >= limits.grace { return result(status, stop: stop) }
        }
    }

    /// `ProcessTree.signal` for this child, its own group included when it has one.
    private func signalTree(_ number: Int32, alive: Bool, also earlier: Set<pid_t> = []) -> Set<pid_t> {
        if ownProcessGroup { kill(-pid, number) }
        return ProcessTree.signal(number, root: pid, alive: alive, also: earlier)
    }
}

/// The processes below a child, from /proc (Linux; elsewhere only the child itself is known).
enum ProcessTree {
    /// Sends `number` to `root` (when `alive`: an unreaped child, so its pid cannot have been
    /// reused) and to its descendants now and `also` (found earlier, perhaps orphaned since);
    /// returns the descendants signalled.
    static func signal(_ number: Int32, root: pid_t, alive: Bool, also earlier: Set<pid_t> = []) -> Set<pid_t> {
        let below = descendants(of: root).union(earlier)
        if alive { kill(root, number) }
        for pid in below { kill(pid, number) }
        return below
    }

    /// Every process whose parent chain leads to `root`, now.
    static func descendants(of root: pid_t) -> Set<pid_t> {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var children: [pid_t: [pid_t]] = [:]
        for entry in entries {
            guard let pid = pid_t(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // After "pid (comm)": state, then the parent's pid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = pid_t(fields[1]) { children[parent, default: []].append(pid) }
        }
        var found: Set<pid_t> = []
        var queue = [root]
        while let next = queue.popLast() {
            for child in children[next] ?? [] where found.insert(child).inserted { queue.append(child) }
        }
        return found
    }
}

final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data(), err = Data()

    func append(_ data: Data, isError: Bool) { lock.withLock { if isError { err.append(data) } else { out.append(data) } } }
    func data(isError: Bool) -> Data { lock.withLock { isError ? err : out } }
    func text(isError: Bool) -> String { String(decoding: data(isError: isError), as: UTF8.self) }
}
