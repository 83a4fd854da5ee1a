import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a finished child process left behind.
struct ProcessOutcome: Sendable {
    /// Exit status (or the terminating signal's number when it was killed).
    var status: Int32
    /// Everything written to standard output.
    var standardOutput: String
    /// Everything written to standard error.
    var standardError: String
    /// True when the process was killed for running past its timeout.
    var timedOut: Bool

    /// True for a clean exit 0.
    var succeeded: Bool { status == 0 && !timedOut }
}

/// Starts child processes (git, the agent) with an explicit environment, collects their output
/// without blocking a Swift concurrency thread, and kills them (with their children) on timeout
/// or cancellation.
enum ProcessRunner {
    /// Runs `executable` with `arguments` in `directory`; `onOutput` sees standard output as it arrives.
    static func run(
        _ executable: String,
        arguments: [String],
        environment: [String: String],
        directory: URL?,
        timeout: TimeInterval? = nil,
        input: Data? = nil,
        onOutput: (@Sendable (String) -> Void)? = nil
    ) async throws -> ProcessOutcome {
        try await runCollectingData(
            executable, arguments: arguments, environment: environment, directory: directory,
            timeout: timeout, input: input, onOutput: onOutput
        ).outcome
    }

    /// Like `run`, also returning standard output as raw bytes (for binary output such as packfiles).
    static func runCollectingData(
        _ executable: String,
        arguments: [String],
        environment: [String: String],
        directory: URL?,
        timeout: TimeInterval? = nil,
        input: Data? = nil,
        onOutput: (@Sendable (String) -> Void)? = nil
    ) async throws -> (outcome: ProcessOutcome, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = directory }
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        let inputPipe = input.map { _ in Pipe() }
        process.standardInput = inputPipe ?? FileHandle.nullDevice

        let output = PipeCollector(outputPipe.fileHandleForReading, onChunk: onOutput)
        let errors = PipeCollector(errorPipe.fileHandleForReading, onChunk: nil)
        let exited = ExitSignal()
        process.terminationHandler = { _ in exited.fire() }
        try process.run()
        // The parent's copies of the write ends must go, or the readers never see end-of-file.
        try? outputPipe.fileHandleForWriting.close()
        try? errorPipe.fileHandleForWriting.close()
        if let inputPipe, let input {
            // Written from a thread of its own: a child that writes before it reads must not deadlock us.
            Thread.detachNewThread {
                try? inputPipe.fileHandleForWriting.write(contentsOf: input)
                try? inputPipe.fileHandleForWriting.close()
            }
        }
        let processID = process.processIdentifier

        let timedOut = Locked(false)
        let watchdog = timeout.map { seconds in
            Task.detached {
                try? await Task.sleep(for: .seconds(seconds))
                guard !Task.isCancelled else { return }
                timedOut.withLock { $0 = true }
                killTree(processID)
            }
        }
        await withTaskCancellationHandler {
            await exited.wait()
        } onCancel: {
            killTree(processID)
        }
        watchdog?.cancel()
        // A grandchild that outlives the shell could hold the pipes open: give the readers a
        // moment, then stop waiting for them.
        let standardOutput = await output.finish(within: 2)
        let standardError = String(decoding: await errors.finish(within: 2), as: UTF8.self)
        let outcome = ProcessOutcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: standardOutput, as: UTF8.self),
            standardError: standardError,
            timedOut: timedOut.withLock { $0 }
        )
        return (outcome, standardOutput)
    }

    /// Kills a process and, when it leads one, its process group (so `sh -c` children die too).
    private static func killTree(_ processID: Int32) {
        guard processID > 0 else { return }
        kill(-processID, SIGKILL)
        kill(processID, SIGKILL)
    }
}

/// A one-shot signal an async caller can await, optionally with a time limit.
private final class ExitSignal: @unchecked Sendable {
    private struct State {
        var fired = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }
    private let state = Locked(State())

    func fire() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        waiters.forEach { $0.resume() }
    }

    /// Returns once fired, or after `limit` seconds when one is given.
    func wait(atMost limit: TimeInterval? = nil) async {
        await withCheckedContinuation { continuation in
            let waiter: Int? = state.withLock { state in
                if state.fired { return nil }
                state.nextWaiter += 1
                state.waiters[state.nextWaiter] = continuation
                return state.nextWaiter
            }
            guard let waiter else { return continuation.resume() }
            if let limit {
                DispatchQueue.global().asyncAfter(deadline: .now() + limit) { [state] in
                    state.withLock { $0.waiters.removeValue(forKey: waiter) }?.resume()
                }
            }
        }
    }
}

/// Reads a pipe to its end on a background thread, keeping everything and reporting chunks.
private final class PipeCollector: @unchecked Sendable {
    private let data = Locked(Data())
    private let done = ExitSignal()

    init(_ handle: FileHandle, onChunk: (@Sendable (String) -> Void)?) {
        let descriptor = handle.fileDescriptor
        Thread.detachNewThread { [data, done] in
            // Plain read(2), retried on EINTR: FileHandle.availableData traps on Linux when a
            // signal (SIGCHLD, the emulator's own SIGINT/SIGTERM handling) interrupts the read.
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                let chunk = Data(buffer[0..<count])
                data.withLock { $0.append(chunk) }
                onChunk?(String(decoding: chunk, as: UTF8.self))
            }
            done.fire()
        }
    }

    /// Waits for end-of-file (at most `limit`) and returns what was read.
    func finish(within limit: TimeInterval) async -> Data {
        await done.wait(atMost: limit)
        return data.withLock { $0 }
    }
}
