import CodecloudGit
import CodecloudProcess
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place that builds the git command lines landing writes with. Work-tree updates go
/// through `git checkout`, `git merge --ff-only` and `git worktree add`, so clean/smudge filters
/// (Git LFS), `post-checkout` hooks, sparse checkout, eol conversion and fsmonitor behave exactly
/// as they do for the user's own git commands; libgit2 1.5.1 honours none of them. Every branch
/// move is compare-and-swap (`git update-ref <ref> <new> <old>`; a new branch through `git
/// checkout -b`, which creates it only if absent; a fast-forward through `git merge --ff-only`,
/// which refuses a branch no longer behind): a reference that moved since landing read it is
/// refused, never overwritten. docs/LANDING.md lists every command line.
///
/// git's own chatter is silenced (`--quiet`); what it still writes to stderr on success (hook
/// output, LFS and filter warnings) is the user's and is passed through. Children get no
/// terminal prompts and never the API key.
struct GitWrites {
    /// The work tree git runs in (git finds the repository from it, as for the user).
    let directory: String
    let environment: Environment

    /// What a reference held when landing read it.
    enum Expected: Equatable {
        /// It did not exist.
        case absent
        /// It pointed at this commit.
        case commit(ObjectID)
        /// Whatever it held (a reference only we write, such as a review round's).
        case anything
    }

    /// A reference did not hold what landing read a moment earlier: someone (an IDE, another
    /// terminal) wrote it in between. Exit 6; nothing was written.
    static func movedSinceRead(_ reference: String) -> WorkflowError {
        let name = reference.hasPrefix("refs/heads/") ? "branch '\(reference.dropFirst("refs/heads/".count))'" : reference
        return WorkflowError(
            "\(name) moved since it was read; run the command again",
            hint: "something else wrote it while landing (an editor, another terminal); nothing was overwritten",
            exitCode: .localWorkProtected)
    }

    /// The variables every git child gets: the user's, minus the API key, with prompts off and
    /// git's messages in English (some are read, `GitCredentialHelper.englishMessages`).
    var childVariables: [String: String] {
        GitCredentialHelper.childVariables(environment.variables)
    }

    // MARK: References

    /// Points `reference` at `commit` if and only if it still holds `expected`
    /// (`git update-ref -m <message> <reference> <commit> <old>`; an absent one: zeros).
    func updateReference(_ reference: String, to commit: ObjectID, expected: Expected, message: String) throws {
        let old: [String]
        switch expected {
        case .absent: old = [String(repeating: "0", count: commit.hex.count)]
        case .commit(let id): old = [id.hex]
        case .anything: old = []
        }
        let result = try git(["update-ref", "-m", message, "--no-deref", reference, commit.hex] + old)
        guard result.status == 0 else { throw refusalOrFailure(result, reference: reference, doing: "moving \(reference)") }
    }

    /// Deletes `reference` if and only if it still points at `expected` (undoing our own write).
    func deleteReference(_ reference: String, expected: ObjectID) throws {
        let result = try git(["update-ref", "-d", "--no-deref", reference, expected.hex])
        guard result.status == 0 else { throw refusalOrFailure(result, reference: reference, doing: "deleting \(reference)") }
    }

    /// Points HEAD at local `branch` without touching the index or work tree
    /// (`git symbolic-ref`); used after a detached checkout of the branch's own tip.
    func attachHead(to branch: String, message: String) throws {
        try run(["symbolic-ref", "-m", message, "HEAD", "refs/heads/" + branch], doing: "pointing HEAD at \(branch)")
    }

    // MARK: Work tree

    /// `git checkout --quiet <branch> --`: the work tree, index and HEAD to an existing branch.
    func checkout(branch: String) throws {
        try run(["checkout", "--quiet", branch, "--"], doing: "checking out \(branch)")
    }

    /// `git checkout --quiet --no-track -b <branch> <commit> --`: creates the branch and checks it
    /// out, as `git checkout -b B --track` does (the upstream is set afterwards). git creates the
    /// branch only if it does not exist yet (compare-and-swap against "absent"), and only once
    /// the checkout succeeded, so a refused checkout leaves no branch behind.
    func createAndCheckout(branch: String, at commit: ObjectID) throws {
        let result = try git(["checkout", "--quiet", "--no-track", "-b", branch, commit.hex, "--"])
        guard result.status == 0 else {
            if result.stderr.contains("already exists") { throw Self.movedSinceRead("refs/heads/" + branch) }
            throw failure(result, doing: "checking out \(branch)")
        }
        passThrough(result)
    }

    /// `git checkout --quiet --detach <commit>`: the work tree and index to `commit`, HEAD detached.
    func checkoutDetached(_ commit: ObjectID) throws {
        try run(["-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", commit.hex, "--"], doing: "checking out \(commit.short)")
    }

    /// `git merge --ff-only --quiet <commit>`: fast-forwards the checked-out branch. git refuses
    /// (and writes nothing) when the branch is no longer an ancestor of `commit`.
    func fastForward(to commit: ObjectID, branch: String) throws {
        let result = try git(["merge", "--ff-only", "--quiet", "--no-edit", commit.hex])
        guard result.status == 0 else {
            if result.stderr.contains("Not possible to fast-forward") || result.stderr.contains("not possible to fast-forward") {
                throw Self.movedSinceRead("refs/heads/" + branch)
            }
            throw failure(result, doing: "fast-forwarding \(branch)")
        }
        passThrough(result)
    }

    /// `git worktree add --quiet <path> <branch>`: a new linked worktree with `branch` checked out.
    func addWorktree(at path: String, branch: String) throws {
        try run(["worktree", "add", "--quiet", path, branch], doing: "adding the worktree \(path)")
    }

    // MARK: Confirming a dirty pre-flight

    /// The tracked paths git itself sees as changed (`git status --porcelain -z
    /// --untracked-files=no --no-renames`), or nil when git could not say. Asked only when the
    /// libgit2 pre-flight found changes, so a clean tree never pays for it: libgit2 runs no
    /// clean filters, and a racily clean file under one (Git LFS, any `filter=`) looks modified
    /// to it while git, which runs the filter, knows it is not.
    func trackedChanges() -> Set<String>? {
        guard let result = try? git(["status", "--porcelain", "-z", "--untracked-files=no", "--no-renames", "--ignore-submodules=dirty"]),
              result.status == 0 else { return nil }
        return Set(result.stdout.split(separator: "\0").compactMap { record in
            record.count > 3 ? String(record.dropFirst(3)) : nil
        })
    }

    // MARK: Running git

    private func git(_ arguments: [String]) throws -> ChildProcessResult {
        if environment.debugLogging { environment.output.err("codecloud: git \(arguments.joined(separator: " "))\n") }
        // Ctrl-C does not cut a write halfway (a half-checked-out tree, a lock left behind): git
        // starts with SIGINT blocked and finishes; the relay thread has the signal meanwhile.
        let result = try ChildProcess.run("git", arguments, in: directory, environment: childVariables, deferringInterrupts: true)
        if result.status == 128 + SIGINT || result.status == 128 + SIGTERM {
            throw WorkflowError("git \(arguments.first(where: { !$0.hasPrefix("-") && !$0.contains("=") }) ?? "") was interrupted", exitCode: .interrupted)
        }
        return result
    }

    private func run(_ arguments: [String], doing: String) throws {
        let result = try git(arguments)
        guard result.status == 0 else { throw failure(result, doing: doing) }
        passThrough(result)
    }

    /// What git still says with `--quiet` comes from hooks, filters and LFS: the user's own
    /// tools, so it is shown.
    private func passThrough(_ result: ChildProcessResult) {
        let text = Self.printable(result.stderr, keepingNewlines: true)
        if !text.isEmpty { environment.output.err(text.hasSuffix("\n") ? text : text + "\n") }
    }

    /// `text` without control characters (escape sequences lose their ESC and are shown inert):
    /// git's messages quote paths from the agent's tree, which must not drive the terminal.
    static func printable(_ text: String, keepingNewlines: Bool = false) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { scalar in
            if scalar == "\n" { return keepingNewlines }
            if scalar == "\t" { return true }
            return !(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
        }))
    }

    private func failure(_ result: ChildProcessResult, doing: String) -> WorkflowError {
        let reason = Self.printable(result.lastErrorLine).replacingOccurrences(of: "fatal: ", with: "").replacingOccurrences(of: "error: ", with: "")
        let locked = result.stderr.contains("index.lock")
        return WorkflowError(
            "git failed \(doing): \(reason)",
            hint: locked
                ? "another git command is running here; when it has finished, run the command again"
                : "nothing of yours was overwritten; fix what git reports, then run the command again",
            exitCode: locked ? .localWorkProtected : .failure)
    }

    /// A failed compare-and-swap is a refusal (exit 6) when the reference no longer holds what
    /// was expected; anything else is git failing.
    private func refusalOrFailure(_ result: ChildProcessResult, reference: String, doing: String) -> WorkflowError {
        if result.stderr.contains("but expected") || result.stderr.contains("already exists") || result.stderr.contains("unable to resolve reference")
            || result.stderr.contains("reference already exists") || result.stderr.contains("is at ") {
            return Self.movedSinceRead(reference)
        }
        return failure(result, doing: doing)
    }
}
