import Foundation

/// Runs a helper program (only `git credential …` today) with the Environment's variables, never
/// the process's own, so tests and callers fully control what the child sees.
struct ChildProcess {
    /// What a finished child left behind.
    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs `program` found on the Environment's PATH with `arguments`, feeding `input` on stdin
    /// (secrets go there, never into argv).
    static func run(
        _ program: String, _ arguments: [String], input: String = "", environment: Environment,
        extraVariables: [String: String] = [:]
    ) throws -> Outcome {
        guard let executable = locate(program, path: environment.variables["PATH"]) else {
            throw WorkflowError("cannot find '\(program)' on PATH", hint: "install git or fix PATH")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment.variables.merging(extraVariables) { _, extra in extra }
        if FileManager.default.fileExists(atPath: environment.currentDirectory) {
            process.currentDirectoryURL = URL(fileURLWithPath: environment.currentDirectory)
        }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // The input and the answers are a few lines, far below a pipe's buffer: writing all,
        // then reading all, cannot deadlock.
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: output, as: UTF8.self),
            standardError: String(decoding: errors, as: UTF8.self))
    }

    private static func locate(_ program: String, path: String?) -> String? {
        if program.contains("/") { return program }
        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
