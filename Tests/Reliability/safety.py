"""The local safety matrix: `git codecloud checkout RUN` (and `fix` for a few) against a checkout
in every awkward state. Before and after, the work tree, index, refs and reflogs are hashed.

A refusal must leave everything local as it was (remote-tracking refs may move: fetching is
harmless) with one `error:` line and a documented exit code. Going ahead must lose nothing:
every changed or untracked file keeps its content, every local branch keeps its commits (it
only fast-forwards, or a backup ref under refs/codecloud/backup/ holds the old tip), the old
HEAD stays reachable, and reflogs only grow.
"""

import hashlib
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Benchmarks"))
from harness import KEY, Emulator, clone, git, make_small_repository, scratch_environment  # noqa: E402


def tree_hashes(root):
    """path → sha256 of every file under `root`, the .git directory excluded."""
    hashes = {}
    for folder, directories, files in os.walk(root):
        directories[:] = [name for name in directories if name != ".git"]
        for name in files:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                hashes[os.path.relpath(path, root)] = "link:" + os.readlink(path)
            else:
                with open(path, "rb") as handle:
                    hashes[os.path.relpath(path, root)] = hashlib.sha256(handle.read()).hexdigest()
    return hashes


def snapshot(work, env, extra_trees=()):
    git_dir = git(["rev-parse", "--absolute-git-dir"], cwd=work, env=env)
    refs = dict(line.split(" ", 1)[::-1] for line in
                git(["for-each-ref", "--format=%(objectname) %(refname)"], cwd=work, env=env).splitlines())
    reflogs = {}
    for folder, _, files in os.walk(os.path.join(git_dir, "logs")):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                reflogs[os.path.relpath(path, git_dir)] = handle.read()
    dirty = git(["status", "--porcelain=v1", "-z", "--untracked-files=all"], cwd=work, env=env, check=False)
    changed = [entry[3:] for entry in dirty.split("\0") if entry]
    return {
        "tree": tree_hashes(work),
        "extra": {path: tree_hashes(path) for path in extra_trees},
        "index": git(["ls-files", "-s"], cwd=work, env=env, check=False),
        "diff": git(["diff"], cwd=work, env=env, check=False) + git(["diff", "--cached"], cwd=work, env=env, check=False),
        "refs": refs,
        "reflogs": reflogs,
        "head": git(["rev-parse", "--verify", "-q", "HEAD"], cwd=work, env=env, check=False),
        "head_ref": git(["symbolic-ref", "-q", "HEAD"], cwd=work, env=env, check=False),
        "changed": changed,
        "lock": os.path.exists(os.path.join(git_dir, "index.lock")),
    }


def local(refs):
    return {name: value for name, value in refs.items() if not name.startswith("refs/remotes/")}


def is_ancestor(work, env, old, new):
    return subprocess.run(["git", "merge-base", "--is-ancestor", old, new], cwd=work, env=env).returncode == 0


def judge(before, after, work, env, rc, stderr):
    """Problems found (empty when nothing was lost and the message was clear)."""
    problems = []
    error_lines = [line for line in stderr.splitlines() if line.startswith("error:")]
    if rc is None or rc >= 128 or "Fatal error" in stderr:
        problems.append(f"crash or hang (exit {rc})")
    if rc != 0:
        if len(error_lines) != 1:
            problems.append(f"{len(error_lines)} error: lines")
        if rc not in (1, 6, 64):
            problems.append(f"unexpected exit {rc}")
        if after["tree"] != before["tree"]:
            problems.append("refused, but the work tree changed")
        if after["index"] != before["index"]:
            problems.append("refused, but the index changed")
        if local(after["refs"]) != local(before["refs"]) or after["head_ref"] != before["head_ref"] or after["head"] != before["head"]:
            problems.append("refused, but local refs or HEAD moved")
    else:
        for path in before["changed"]:
            if before["tree"].get(path) is not None and after["tree"].get(path) != before["tree"][path]:
                problems.append(f"local change to {path} lost")
        backups = {value for name, value in after["refs"].items() if name.startswith("refs/codecloud/backup/")}
        for name, old in local(before["refs"]).items():
            new = after["refs"].get(name)
            if new == old or old in backups:
                continue
            if new is None or not is_ancestor(work, env, old, new):
                problems.append(f"{name} moved off {old[:8]} without a backup ref")
        if before["head"]:
            reachable = any(is_ancestor(work, env, before["head"], value) for value in after["refs"].values())
            in_reflog = before["head"] in git(["reflog", "--format=%H", "HEAD"], cwd=work, env=env, check=False)
            if not reachable and not in_reflog:
                problems.append("the old HEAD commit is no longer reachable")
    for path, old in before["reflogs"].items():
        new = after["reflogs"].get(path)
        if new is None or not new.startswith(old):
            problems.append(f"reflog {path} rewritten or lost")
    for path, tree in before["extra"].items():
        if after["extra"].get(path) != tree:
            problems.append(f"other worktree {path} changed")
    if after["lock"] and not before["lock"]:
        problems.append("index.lock left behind")
    return problems


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        handle.write(text)


def run_matrix(cli, emulator_binary, scratch, log=print):
    home = os.path.join(scratch, "home")
    git_root = os.path.join(scratch, "git")
    os.makedirs(home)
    os.makedirs(git_root)
    base_env = scratch_environment(home)
    bare = make_small_repository(git_root, "rel", "safe", base_env)
    results = []
    with Emulator(emulator_binary, git_root, log_dir=scratch) as emulator:
        env = scratch_environment(home, emulator.url, KEY)
        run_id = emulator.create_run("rel/safe", "Safety matrix change", auto_create_pr=True, branch="main")
        while emulator.run(run_id)["status"] in ("queued", "running"):
            time.sleep(0.1)
        detail = emulator.run(run_id)
        branch = detail["prs"][0]["branch"]
        agent_file = f".codecloud/{run_id}.md"

        def setup_dirty(work):
            write(os.path.join(work, "file0.txt"), "my uncommitted edit\n")

        def setup_staged(work):
            write(os.path.join(work, "file1.txt"), "my staged edit\n")
            git(["add", "file1.txt"], cwd=work, env=env)

        def setup_untracked_in_the_way(work):
            write(os.path.join(work, agent_file), "my own notes, not committed\n")

        def setup_diverged(work):
            git(["checkout", "-q", "-b", branch], cwd=work, env=env)
            write(os.path.join(work, "local.txt"), "local work\n")
            git(["add", "local.txt"], cwd=work, env=env)
            git(["commit", "-qm", "local work on the PR branch name"], cwd=work, env=env)
            git(["checkout", "-q", "main"], cwd=work, env=env)

        def setup_existing_behind(work):
            git(["branch", branch, "main"], cwd=work, env=env)

        def setup_other_worktree(work):
            git(["branch", branch, "main"], cwd=work, env=env)
            git(["worktree", "add", "-q", work + "-other", branch], cwd=work, env=env)
            return [work + "-other"]

        def setup_index_lock(work):
            write(os.path.join(work, ".git", "index.lock"), "")

        def setup_detached(work):
            git(["checkout", "-q", "--detach", "HEAD~1"], cwd=work, env=env)
            write(os.path.join(work, "detached.txt"), "work made on a detached HEAD\n")
            git(["add", "detached.txt"], cwd=work, env=env)
            git(["commit", "-qm", "commit on a detached HEAD"], cwd=work, env=env)

        cases = [
            ("dirty tracked file", setup_dirty, ["checkout", run_id]),
            ("dirty tracked file (fix)", setup_dirty, ["fix", "Safety fix on a dirty tree"]),
            ("staged change", setup_staged, ["checkout", run_id]),
            ("untracked file in the way", setup_untracked_in_the_way, ["checkout", run_id]),
            ("diverged local branch", setup_diverged, ["checkout", run_id]),
            ("diverged local branch, --force", setup_diverged, ["checkout", run_id, "--force"]),
            ("existing branch of the same name (behind)", setup_existing_behind, ["checkout", run_id]),
            ("branch checked out in another worktree", setup_other_worktree, ["checkout", run_id]),
            ("stale index.lock", setup_index_lock, ["checkout", run_id]),
            ("detached HEAD with a commit of its own", setup_detached, ["checkout", run_id]),
            ("dirty tracked file, --worktree", setup_dirty, ["checkout", run_id, "--worktree"]),
        ]
        for number, (label, setup, argv) in enumerate(cases):
            work = clone(bare, os.path.join(scratch, f"safe{number}"), base_env)
            extra = setup(work) or []
            before = snapshot(work, env, extra)
            try:
                result = subprocess.run([cli] + argv, cwd=work, env=env, capture_output=True, text=True, timeout=120)
                rc, stderr = result.returncode, result.stderr
            except subprocess.TimeoutExpired:
                rc, stderr = None, ""
            after = snapshot(work, env, extra)
            problems = judge(before, after, work, env, rc, stderr)
            lines = stderr.splitlines()
            error = next((line for line in lines if line.startswith("error:")), "")
            hint = next((line for line in lines if line.startswith("hint:")), "")
            outcome = "went ahead" if rc == 0 else f"refused (exit {rc})"
            landed = git(["rev-parse", "--abbrev-ref", "HEAD"], cwd=work, env=env, check=False)
            results.append({"case": label, "command": "git codecloud " + " ".join("RUN" if word == run_id else word for word in argv),
                            "rc": rc, "outcome": outcome, "error": error, "hint": hint, "problems": problems,
                            "head_after": landed, "stderr": stderr[-600:]})
            flag = "  PROBLEM: " + "; ".join(problems) if problems else ""
            log(f"safety: {label:45} → {outcome}{flag}\n        {error or (lines[-1] if lines else '')}")
    return results
