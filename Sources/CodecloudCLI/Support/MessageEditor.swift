import CodecloudCore
import CodecloudProcess
import Foundation

/// Writes a prompt in the editor git would use, like `git commit` without `-m`: the template's
/// `#` lines are instructions and context, stripped afterwards; an empty message aborts.
enum MessageEditor {
    /// Whether a missing prompt should open the editor: stdin and stderr are a terminal (or
    /// `GIT_CODECLOUD_ASSUME_TTY` says so in tests) and the terminal is not dumb.
    static func isAvailable(in environment: Environment) -> Bool {
        environment.terminal.stdinIsTTY && environment.terminal.stderrIsTTY && environment.variables["TERM"] != "dumb"
    }

    /// Opens `template` (saved as `<git dir>/<fileName>`) in the editor and returns the text
    /// without comment lines, or throws when the editor fails or the message is empty.
    static func edit(_ template: String, fileName: String, purpose: String, in environment: Environment) throws -> String {
        let editor = try resolveEditor(in: environment)
        let directory = (try? environment.openRepository().gitDirectory) ?? NSTemporaryDirectory()
        let path = (directory as NSString).appendingPathComponent(fileName)
        do {
            try Data(template.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw WorkflowError("cannot write \(path): \(error.localizedDescription)", hint: "pass the \(purpose) on the command line instead")
        }
        environment.output.err("hint: waiting for your editor to close the file...\n")
        // As git runs it: through the shell, so `code --wait` and `vim -f` work as configured.
        let status = try runInheritingTerminal("/bin/sh", ["-c", editor + " \"$@\"", editor, path], in: environment)
        guard status == 0 else {
            throw WorkflowError("the editor '\(editor)' exited with status \(status); nothing was sent", hint: "pass the \(purpose) on the command line instead")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkflowError("the editor left no file at \(path); nothing was sent")
        }
        let message = stripComments(String(decoding: data, as: UTF8.self))
        if message.isEmpty {
            throw WorkflowError("aborting: the \(purpose) is empty, so nothing was sent", hint: "write it in the editor above the '#' lines, or pass it as an argument")
        }
        try? FileManager.default.removeItem(atPath: path)
        return message
    }

    /// `git var GIT_EDITOR`: GIT_EDITOR, core.editor, VISUAL, EDITOR, then git's default.
    static func resolveEditor(in environment: Environment) throws -> String {
        let result = try ChildProcess.run("git", ["var", "GIT_EDITOR"], in: environment.currentDirectory, environment: environment.variables)
        let editor = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, !editor.isEmpty else {
            throw WorkflowError(
                "no editor is configured (git var GIT_EDITOR: \(result.lastErrorLine))",
                hint: "set one (git config --global core.editor vim), or pass the prompt as an argument")
        }
        return editor
    }

    /// `text` as `git commit --cleanup=strip` leaves it: no `#` lines, no trailing
    /// whitespace, no leading or trailing blank lines, runs of blank lines collapsed.
    static func stripComments(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.hasPrefix("#") {
            var line = String(line)
            while line.last?.isWhitespace == true { line.removeLast() }
            if line.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(line)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// `text` as comment lines (`# …`), each line sanitised of control characters.
    static func commented(_ text: String) -> String {
        Verification.stripControlSequences(text).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "#" : "#   " + $0 }.joined(separator: "\n")
    }
}
