import ArgumentParser
import CodecloudCore
import Foundation
import Synchronization

/// `--verify CMD`, `--iterate N`, `--no-verify`: check the landed branch with the project's own
/// command, and send failures back to the agent. On fix, execute, followup, wait and checkout.
struct VerifyOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "After landing, run this shell command in the landed work tree (default: codecloud.verify); exit 7 when it fails.",
        valueName: "command"))
    var verify: String?

    @Option(help: ArgumentHelp(
        "When the check fails, send the command and the end of its output to the agent as a follow-up, land and check again; at most N times.",
        valueName: "n"))
    var iterate: Int?

    @Flag(help: "Do not run codecloud.verify this time.")
    var noVerify = false

    func validate() throws {
        if let verify, verify.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--verify needs a command, e.g. --verify \"make test\"")
        }
        if let iterate, !(1...20).contains(iterate) {
            throw ValidationError("--iterate takes a number of follow-ups from 1 to 20, got \(iterate)")
        }
        if noVerify, verify != nil || iterate != nil {
            throw ValidationError("--no-verify cannot be combined with --verify or --iterate")
        }
    }

    /// The settings for this command: the flag, else `git config codecloud.verify`.
    func settings(in environment: Environment) throws -> ReviewSettings {
        var command = verify
        if command == nil, !noVerify {
            let configured: String? = try? environment.openRepository().configValue("codecloud.verify")
            command = configured.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        if iterate != nil, command == nil {
            throw CLIError("--iterate needs a check to run", hint: "pass --verify \"make test\", or set it once: git config codecloud.verify \"make test\"")
        }
        return ReviewSettings(command: command, iterations: command == nil ? 0 : iterate ?? 0)
    }
}

/// What to do after a landing: the check to run, and how many follow-ups may be sent when it
/// fails. `progress` is shared by every copy, so the loop and the resume hint agree.
struct ReviewSettings: Sendable {
    var command: String?
    var iterations: Int = 0
    var secrets: [String] = []
    let progress = ReviewProgress()

    /// Follow-ups still allowed.
    var remaining: Int { max(0, iterations - progress.sent) }

    /// The options that resume the same loop (`--verify 'make test' --iterate 1`).
    var resumeFlags: String {
        guard let command else { return "" }
        return " --verify \(shellQuoted(command))" + (remaining > 0 ? " --iterate \(remaining)" : "")
    }
}

/// How many follow-ups the loop has sent.
final class ReviewProgress: Sendable {
    private let count = Mutex(0)
    var sent: Int { count.withLock { $0 } }
    func recordSent() { count.withLock { $0 += 1 } }
}
