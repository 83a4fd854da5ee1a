@testable import CodecloudCore
import CodecloudProcess
import CodecloudTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Children run like a shell runs them: in this process group, signals unblocked, in the
/// directory and environment given, with every byte of their output collected.
@Suite struct ChildProcessTests {
    let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]

    @Test func outputErrorInputAndStatusComeBack() throws {
        let result = try ChildProcess.run(
            "sh", ["-c", "cat; echo out; echo err >&2; exit 3"], in: "/", environment: environment, input: "fed\n")
        #expect(result == ChildProcessResult(status: 3, stdout: "fed\nout\n", stderr: "err\n"))
        #expect(result.lastErrorLine == "err")
    }

    @Test func runsInTheGivenDirectoryWithExactlyTheGivenEnvironment() throws {
        let scratch = try ScratchDirectory(prefix: "codecloud-child")
        let directory = scratch.path
        let result = try ChildProcess.run("sh", ["-c", "pwd; echo \"$ONLY-${HOME:-unset}\""], in: directory,
                                          environment: environment.merging(["ONLY": "here"]) { $1 })
        #expect(result.stdout == "\(directory)\nhere-unset\n")
    }

    @Test func aLargeOutputOnBothStreamsDoesNotDeadlock() throws {
        let result = try ChildProcess.run("sh", ["-c", "head -c 300000 /dev/zero; head -c 300000 /dev/zero >&2"], in: "/", environment: environment)
        #expect(result.stdout.utf8.count == 300_000 && result.stderr.utf8.count == 300_000)
    }

    @Test func theChildIsInThisProcessGroupWithNothingBlocked() throws {
        // Block SIGINT here, as the CLI does in every thread: the child must not inherit it.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &signals, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let result = try ChildProcess.run("sh", ["-c", "cat /proc/self/stat; grep SigBlk /proc/self/status"], in: "/", environment: environment)
        let lines = result.stdout.split(separator: "\n")
        // /proc/PID/stat: pid (comm) state ppid pgrp …
        let fields = try #require(lines.first?.split(separator: ")").last?.split(separator: " "))
        #expect(Int32(fields[2]) == getpgrp(), "the child must share the terminal's process group")
        #expect(lines.last == "SigBlk:\t0000000000000000")
    }

    /// A child deferring interrupts outlives a SIGINT (git writing the work tree finishes); an
    /// ordinary child dies of it.
    @Test func deferringInterruptsLetsTheChildFinish() throws {
        let script = "kill -INT $$; echo finished"
        let deferred = try ChildProcess.run("sh", ["-c", script], in: "/", environment: environment, deferringInterrupts: true)
        #expect(deferred == ChildProcessResult(status: 0, stdout: "finished\n", stderr: ""))
        let ordinary = try ChildProcess.run("sh", ["-c", script], in: "/", environment: environment)
        #expect(ordinary.status == 128 + SIGINT)
        #expect(ordinary.stdout.isEmpty)
    }

    @Test func anUnknownProgramIsAClearError() {
        #expect(throws: Spawn.Failure.self) {
            try ChildProcess.run("no-such-program-here", [], in: "/", environment: environment)
        }
    }

    @Test func aChildThatIgnoresItsInputDoesNotKillUs() throws {
        // The test process does not ignore SIGPIPE: writing to a pipe nobody reads would end it.
        let input = String(repeating: "x", count: 200_000)
        for _ in 0..<5 {
            let result = try ChildProcess.run("sh", ["-c", "exit 0"], in: "/", environment: environment, input: input)
            #expect(result.status == 0)
        }
    }

    @Test func muchInputAndMuchOutputAtOnceDoNotDeadlock() throws {
        let input = String(repeating: "y", count: 1 << 20)
        let result = try ChildProcess.run(
            "sh", ["-c", "head -c 200000 /dev/zero; wc -c"], in: "/", environment: environment, input: input)
        #expect(result.stdout.utf8.count > 200_000)
        #expect(result.stdout.hasSuffix("1048576\n"))
    }

    @Test func aDirectoryNamedLikeTheProgramIsSkippedOnPATH() throws {
        let scratchDirectory = try ScratchDirectory(prefix: "codecloud-path")
        let scratch = scratchDirectory.path
        try FileManager.default.createDirectory(atPath: scratch + "/sh", withIntermediateDirectories: true)
        let result = try ChildProcess.run("sh", ["-c", "echo ran"], in: "/", environment: ["PATH": scratch + ":/usr/bin:/bin"])
        #expect(result.stdout == "ran\n")
    }

    /// A child gets its three streams and nothing else, not even a descriptor this process
    /// opened without close-on-exec (SwiftNIO's sockets and epoll instances are opened so).
    @Test func aChildInheritsOnlyItsStreams() throws {
        let leaky = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(leaky > STDERR_FILENO)
        defer { close(leaky) }
        #expect(fcntl(leaky, F_GETFD) & FD_CLOEXEC == 0)
        let result = try ChildProcess.run(
            "sh", ["-c", "for fd in \(leaky) 0 1 2; do if [ -e /proc/$$/fd/$fd ]; then echo \"$fd open\"; else echo \"$fd closed\"; fi; done"],
            in: "/", environment: environment)
        #expect(result.stdout == "\(leaky) closed\n0 open\n1 open\n2 open\n")
    }

    /// A relative PATH entry (an empty one is `.`) is taken from the directory the child starts
    /// in, as execvp after the chdir would, not from this process's current directory.
    @Test func aRelativePathEntryIsTakenFromTheChildsDirectory() throws {
        let scratchDirectory = try ScratchDirectory(prefix: "codecloud-relpath")
        let scratch = scratchDirectory.path
        try FileManager.default.createDirectory(atPath: scratch + "/bin", withIntermediateDirectories: true)
        try writeExecutable(scratch + "/bin/local-tool", "#!/bin/sh\necho local-tool \"$PWD\"\n")
        let result = try ChildProcess.run("local-tool", [], in: scratch, environment: ["PATH": "bin:/usr/bin:/bin"])
        #expect(result.stdout == "local-tool \(scratch)\n")
        #expect(Spawn.locate("local-tool", searchPath: "bin", relativeTo: scratch) == scratch + "/bin/local-tool")
        #expect(Spawn.locate("local-tool", searchPath: "bin", relativeTo: "/") == nil)
    }

    /// Cancelling the task stops the child: it is gone when the result comes back, long before
    /// its ten minutes of sleep (the time limit guards against waiting for them).
    @Test(.timeLimit(.minutes(2))) func runDetachedStopsTheChildWhenItsTaskIsCancelled() async throws {
        let (started, signalStarted) = AsyncStream.makeStream(of: Void.self)
        let run = Task {
            try await ChildProcess.runDetached("sh", ["-c", "echo started $$; exec sleep 600"], in: "/", environment: environment) { _ in
                signalStarted.yield()
            }
        }
        for await _ in started { break }
        run.cancel()
        let result = try await run.value
        #expect(result.stopped == .cancelled)
        let words = result.stdout.split(separator: " ")
        let child = try #require(words.count == 2 && words[0] == "started" ? pid_t(words[1].dropLast()) : nil)
        // Reaped: the pid names no process (or, reused by now, not our sleeping child).
        #expect(kill(child, 0) != 0 || (try? String(contentsOfFile: "/proc/\(child)/cmdline", encoding: .utf8))?.contains("sleep") != true)
    }

    /// A grandchild that keeps the output pipe open does not hold the result past
    /// `outputAfterExit`: it is still running when the result comes back.
    @Test(.timeLimit(.minutes(2))) func aBackgroundGrandchildHoldsTheOutputNoLongerThanOutputAfterExit() async throws {
        let result = try await ChildProcess.runDetached(
            "sh", ["-c", "sleep 600 & echo $!"], in: "/", environment: environment,
            limits: ChildProcessLimits(outputAfterExit: .milliseconds(200)))
        let grandchild = try #require(pid_t(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        defer { kill(grandchild, SIGKILL) }
        #expect(result.status == 0 && result.stopped == nil && result.succeeded)
        #expect(kill(grandchild, 0) == 0, "the result waited for the grandchild to end")
    }

    @Test func aChildInItsOwnProcessGroupLeadsIt() async throws {
        let result = try await ChildProcess.runDetached(
            "sh", ["-c", "echo $$; cat /proc/$$/stat"], in: "/", environment: environment, ownProcessGroup: true)
        let lines = result.stdout.split(separator: "\n")
        let fields = try #require(lines.last?.split(separator: ")").last?.split(separator: " "))
        // /proc/PID/stat: pid (comm) state ppid pgrp …; the shell is the child started.
        #expect(fields[2] == lines.first)
        #expect(Int32(fields[2]) != getpgrp())
    }

    @Test func binaryOutputComesBackByteForByte() throws {
        let result = try ChildProcess.run("sh", ["-c", "printf '\\377\\000\\376'"], in: "/", environment: environment)
        #expect(result.stdoutBytes == Data([0xFF, 0x00, 0xFE]))
    }
}
