import CodecloudProcess
import Foundation

/// What the agent is asked to do on one execution of a run (the first or a follow-up).
struct AgentTask: Sendable {
    var runID: String
    var prompt: String
    var mode: RunMode
    var tools: JSONValue?
    var isFollowUp: Bool
    /// The directory the agent works in (a clone, or an empty sandbox).
    var workspace: URL
}

/// How an agent execution ended.
enum AgentOutcome: Sendable, Equatable {
    /// The agent finished; its output becomes `result` (or `plan`).
    case finished(output: String)
    /// The agent failed; the message becomes the run's `error`.
    case failed(message: String)
}

/// Runs the agent for a task, reporting its latest output while it works.
protocol Agent: Sendable {
    func perform(_ task: AgentTask, progress: @escaping @Sendable (String) -> Void) async -> AgentOutcome
}

/// The default agent: deterministic, offline, and leaving real content behind so PRs have a diff.
struct BuiltInAgent: Agent {
    func perform(_ task: AgentTask, progress: @escaping @Sendable (String) -> Void) async -> AgentOutcome {
        progress("Reading the task: \(task.prompt.prefix(80))")
        switch task.mode {
        case .plan:
            return .finished(output: Self.plan(for: task.prompt))
        case .execute:
            do {
                let notes = try record(task)
                let verb = task.isFollowUp ? "Followed up on" : "Recorded"
                return .finished(output: "\(verb) the task in \(notes): \(task.prompt)")
            } catch {
                return .failed(message: "the built-in agent could not write to its workspace: \(error.localizedDescription)")
            }
        }
    }

    /// A short numbered plan that names the task, identical for identical prompts.
    static func plan(for prompt: String) -> String {
        let task = prompt.split(whereSeparator: \.isNewline).first.map(String.init) ?? prompt
        return """
        1. Read the code related to: \(task)
        2. Make the smallest change that does it, following the existing style.
        3. Add or update tests that cover the change.
        4. Run the test suite and fix what fails.
        """
    }

    /// Appends the task to `.codecloud/<run-id>.md` and returns that path relative to the workspace.
    private func record(_ task: AgentTask) throws -> String {
        let relativePath = ".codecloud/\(task.runID).md"
        let directory = task.workspace.appendingPathComponent(".codecloud", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = task.workspace.appendingPathComponent(relativePath)
        var text = (try? String(contentsOf: file, encoding: .utf8)) ?? "# codecloud run \(task.runID)\n"
        text += "\n## \(task.isFollowUp ? "Follow-up" : "Task")\n\n\(task.prompt)\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        return relativePath
    }
}

/// Any command-line agent, run through `/bin/sh -c` in the workspace.
struct CommandAgent: Agent {
    /// The shell command.
    var command: String
    /// Seconds before the agent is killed.
    var timeout: TimeInterval
    /// The emulator's own environment, passed on so real agents find their credentials.
    var baseEnvironment: [String: String]

    func perform(_ task: AgentTask, progress: @escaping @Sendable (String) -> Void) async -> AgentOutcome {
        var environment = baseEnvironment
        environment["CODECLOUD_PROMPT"] = task.prompt
        environment["CODECLOUD_MODE"] = task.mode.rawValue
        environment["CODECLOUD_RUN_ID"] = task.runID
        environment["CODECLOUD_FOLLOWUP"] = task.isFollowUp ? "1" : "0"
        do {
            environment["CODECLOUD_TOOLS_FILE"] = try writeTools(task)
            let seen = Locked("")
            let outcome = try await ChildProcess.runDetached(
                "/bin/sh", ["-c", command], in: task.workspace.path, environment: environment,
                limits: GitHost.limits(timeout: timeout), ownProcessGroup: true
            ) { chunk in
                let latest = seen.withLock { text -> String in
                    text += String(decoding: chunk, as: UTF8.self)
                    return String(text.suffix(2000))
                }
                progress(latest)
            }
            if outcome.stopped == .deadline {
                return .failed(message: "agent timed out after \(Int(timeout)) s")
            }
            guard outcome.status == 0 else {
                let tail = outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines).suffix(1000)
                return .failed(message: tail.isEmpty ? "agent exited with status \(outcome.status)" : String(tail))
            }
            return .finished(output: outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            return .failed(message: "agent could not be started: \(error.localizedDescription)")
        }
    }

    /// Writes the run's tools (or `[]`) next to the workspace, where the agent's diff cannot pick it up.
    private func writeTools(_ task: AgentTask) throws -> String {
        let file = task.workspace.deletingLastPathComponent().appendingPathComponent("\(task.workspace.lastPathComponent).tools.json")
        try WireCoding.encode(task.tools ?? .array([])).write(to: file)
        return file.path
    }
}
