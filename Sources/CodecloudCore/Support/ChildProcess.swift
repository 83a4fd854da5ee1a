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

    /// The last non-empty line of stderr (git's reason for failing), trimmed.
    public var lastErrorLine: String {
        stderr.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "exit status \(status)"
    }
}

/// Runs child processes (`git fetch`, `git credential fill`) to completion, in this process's
/// group (see `Spawn`), so Ctrl-C reaches them and ssh can still ask the terminal.
public enum ChildProcess {
    /// Runs `executable` (a path, or a name looked up on `environment["PATH"]`) with `arguments`
    /// in `directory` with exactly `environment`, feeding `input` on stdin (empty: /dev/null).
    /// Both output pipes are drained concurrently, so a chatty child cannot deadlock.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        in directory: String,
        environment: [String: String],
        input: String = ""
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
        group.wait()
        let status = Spawn.waitForExit(started.pid)
        return ChildProcessResult(status: status, stdout: collected.text(isOut: true), stderr: collected.text(isOut: false))
    }
}

private final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data(), err = Data()

    func store(_ data: Data, isOut: Bool) { lock.withLock { if isOut { out = data } else { err = data } } }
    func text(isOut: Bool) -> String { lock.withLock { String(decoding: isOut ? out : err, as: UTF8.self) } }
}
