import Foundation

/// What a finished child process left behind.
public struct ProcessResult: Sendable, Equatable {
    /// Exit status (or 128 + signal number when killed by a signal).
    public var status: Int32
    /// Everything written to stdout.
    public var stdout: String
    /// Everything written to stderr.
    public var stderr: String
}

/// Runs child processes to completion, collecting both streams without deadlocking on full pipes.
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
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = input.isEmpty ? FileHandle.nullDevice : inPipe
        try process.run()
        if !input.isEmpty {
            inPipe.fileHandleForWriting.write(Data(input.utf8))
            try inPipe.fileHandleForWriting.close()
        }
        // Drain both pipes concurrently: a child that fills one while we block on the other would hang.
        let collected = CollectedData()
        let group = DispatchGroup()
        for (pipe, isOut) in [(outPipe, true), (errPipe, false)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isOut: isOut)
                group.leave()
            }
        }
        group.wait()
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return ProcessResult(status: status, stdout: collected.string(isOut: true), stderr: collected.string(isOut: false))
    }
}

private final class CollectedData: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data(), err = Data()

    func set(_ data: Data, isOut: Bool) { lock.withLock { if isOut { out = data } else { err = data } } }
    func string(isOut: Bool) -> String { lock.withLock { String(decoding: isOut ? out : err, as: UTF8.self) } }
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
