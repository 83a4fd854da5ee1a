import CodecloudProcess
import Foundation

/// What a finished child process left behind (status, stdout, stderr).
public typealias ProcessResult = ChildProcessResult

/// Runs child processes in tests (the built binaries, git); the same runner the workflows use.
public enum ProcessRunner {
    /// Runs `executable` (a path, or a name looked up on `environment["PATH"]`) with `arguments`
    /// in `directory`, with exactly `environment`, feeding `input` on stdin (empty: /dev/null).
    public static func run(
        _ executable: String,
        _ arguments: [String],
        in directory: String,
        environment: [String: String],
        input: String = ""
    ) throws -> ProcessResult {
        try ChildProcess.run(executable, arguments, in: directory, environment: environment, input: input)
    }

    /// `run`, waiting on a thread of its own instead of a Swift concurrency thread. Use it from
    /// async tests whose child talks to an in-process emulator: the emulator needs the same
    /// cooperative pool (two threads on a two-core machine), and blocking it stalls both.
    public static func runDetached(
        _ executable: String,
        _ arguments: [String],
        in directory: String,
        environment: [String: String],
        input: String = ""
    ) async throws -> ProcessResult {
        try await ChildProcess.runDetached(executable, arguments, in: directory, environment: environment, input: Data(input.utf8))
    }
}

/// Runs blocking `work` (a child process, a bash completion) on a thread of its own, so the
/// calling test does not hold a Swift concurrency thread that an in-process emulator needs.
public func offTheCooperativePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// Locates the binaries SwiftPM built next to the running test bundle (`.build/debug/`).
public enum BuiltProducts {
    /// The directory holding `git-codecloud` and `codecloud-emulator`.
    /// `CODECLOUD_BUILT_PRODUCTS` overrides the search.
    public static func directory() throws -> String {
        if let override = ProcessInfo.processInfo.environment["CODECLOUD_BUILT_PRODUCTS"] { return override }
        var candidates: [URL] = Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }
        if let executable = Bundle.main.executableURL { candidates.append(executable) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]))
        for candidate in candidates {
            var directory = candidate.resolvingSymlinksInPath().deletingLastPathComponent()
            // On Linux the test binary sits beside the products; on macOS inside Foo.xctest/Contents/MacOS.
            for _ in 0..<4 {
                if FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("git-codecloud").path) {
                    return directory.path
                }
                directory.deleteLastPathComponent()
            }
        }
        throw ScratchError("cannot find the built git-codecloud next to the test bundle; run `swift build` first")
    }

    /// The full path of built product `name`.
    public static func path(of name: String) throws -> String {
        try directory() + "/" + name
    }
}

/// A failure in test scaffolding (a git command that should not fail, a missing binary).
public struct ScratchError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
