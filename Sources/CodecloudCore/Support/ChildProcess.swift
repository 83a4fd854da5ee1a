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
    /// Everything written to stdout.
    public var stdout: String
    /// Everything written to stderr.
    public var stderr: String
    /// Why the child was stopped before it ended on its own, if it was (see `ChildProcessLimits`).
    public var stopped: ChildProcessStop? = nil

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

    /// Limits; by default the child is stopped when the task is cancelled, with 1 s of grace.
    public init(deadline: Duration? = nil, stopsOnCancellation: Bool = true, grace: Duration = .seconds(1)) {
        self.deadline = deadline
        self.stopsOnCancellation = stopsOnCancellation
        self.grace = grace
    }
}

/// Runs child processes (`git fetch`, `git credential fill`) to completion, in this process's
/// group (see `Spawn`), so Ctrl-C reaches them and ssh can still ask the terminal.
///
/// A signal sent to this process alone (`kill PID`, a supervisor's SIGTERM) does not reach the
/// child, and a child that waits on a silent server would then keep the command alive. With
/// `limits`, the wait polls: a cancelled task or a passed deadline sends SIGTERM to the child
/// and every process below it (git's remote helper, ssh), then SIGKILL after the grace period,
/// and the result comes back at once even if an orphaned grandchild still holds a pipe.
public enum ChildProcess {
    /// Runs `executable` (a path, or a name looked up on `environment["PATH"]`) with `arguments`
    /// in `directory` with exactly `environment`, feeding `input` on stdin (empty: /dev/null).
    /// Both output pipes are drained concurrently, so a chatty child cannot deadlock.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        in directory: String,
        environment: [String: String],
        input: String = "",
        limits: ChildProcessLimits? = nil
    ) throws -> ChildProcessResult {
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
                    streams: Spawn.Streams(input: stdin, output: output.write, error: error.write))
                return (pid, output.read, error.read, feed)
            } catch {
                parentEnds.forEach { _ = close($0) }
                throw error
            }
        }
        let collected = CollectedOutput()
        let group = DispatchGroup()
        // Input is written while the output is drained, so neither side can fill a pipe and wait
        // on the other.
        if let feed = started.input {
            group.enter()
            DispatchQueue.global().async {
                FileDescriptorIO.writeAllWithoutSIGPIPE(Data(input.utf8), to: feed)
                close(feed)
                group.leave()
            }
        }
        for (descriptor, isOut) in [(started.output, true), (started.error, false)] {
            group.enter()
            DispatchQueue.global().async {
                collected.store(FileDescriptorIO.readToEnd(descriptor), isOut: isOut)
                close(descriptor)
                group.leave()
            }
        }
        guard let limits else {
            group.wait()
            let status = Spawn.waitForExit(started.pid)
            return ChildProcessResult(status: status, stdout: collected.text(isOut: true), stderr: collected.text(isOut: false))
        }
        return supervise(started.pid, output: group, collected: collected, limits: limits)
    }

    /// Waits for `pid` and its output, polling every 20 ms for cancellation and the deadline.
    private static func supervise(_ pid: pid_t, output: DispatchGroup, collected: CollectedOutput, limits: ChildProcessLimits) -> ChildProcessResult {
        let clock = ContinuousClock(), started = clock.now
        var stop: ChildProcessStop?
        var stoppedAt = started
        var signalled: Set<pid_t> = []
        var killed = false
        var status: Int32?
        func result(_ status: Int32) -> ChildProcessResult {
            ChildProcessResult(status: status, stdout: collected.text(isOut: true), stderr: collected.text(isOut: false), stopped: stop)
        }
        while true {
            let outputEnded = output.wait(timeout: .now() + .milliseconds(20)) == .success
            if status == nil { status = Spawn.exitStatusIfEnded(pid) }
            if let status, outputEnded { return result(status) }
            if stop == nil {
                if limits.stopsOnCancellation, Task.isCancelled {
                    stop = .cancelled
                } else if let deadline = limits.deadline, clock.now - started >= deadline {
                    stop = .deadline
                }
                if stop != nil {
                    stoppedAt = clock.now
                    signalled = ProcessTree.signal(SIGTERM, root: pid, alive: status == nil)
                }
                continue
            }
            if !killed, clock.now - stoppedAt >= limits.grace {
                killed = true
                _ = ProcessTree.signal(SIGKILL, root: pid, alive: status == nil, also: signalled)
            }
            // The child is gone; an orphaned grandchild may hold the pipes a little longer.
            // Its output no longer matters: do not wait for it past the grace period.
            if let status, clock.now - stoppedAt >= limits.grace { return result(status) }
        }
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

private final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data(), err = Data()

    func store(_ data: Data, isOut: Bool) { lock.withLock { if isOut { out = data } else { err = data } } }
    func text(isOut: Bool) -> String { lock.withLock { String(decoding: isOut ? out : err, as: UTF8.self) } }
}
