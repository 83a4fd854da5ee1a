"""Secrets: every command with CODECLOUD_DEBUG=1 and a known key, through both ways of keeping
the key (the 0600 file and a git credential helper) and through error paths. The key (or any
12-character piece of it) must appear in no output, no file under the scratch HOME or the
repository other than the credential store itself, no argv of a `git` child process (a logging
shim sits first on PATH), and not in the emulator's request log.
"""

import json
import os
import stat
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Benchmarks"))
from harness import Emulator, clone, git, make_small_repository, scratch_environment  # noqa: E402

SECRET = "cc_live_S3cr3tK3yF0rL3akT3sts0nly"

SHIM = """#!/bin/sh
# Logs the argv of every git the tool starts (one JSON array a line), then runs the real git.
python3 -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "$@" >> "{log}"
exec {real} "$@"
"""


def pieces(secret, size=12):
    """The secret and every `size`-character piece of it after its `cc_…` prefix."""
    body = secret
    return {secret} | {body[index:index + size] for index in range(3, len(body) - size + 1)}


def leaks(text, secret):
    return any(piece in text for piece in pieces(secret))


def scan_files(root, secret, exclude):
    found = []
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            if path in exclude or os.path.islink(path):
                continue
            try:
                with open(path, "rb") as handle:
                    text = handle.read().decode("utf-8", errors="replace")
            except OSError:
                continue
            if leaks(text, secret):
                found.append(os.path.relpath(path, root))
    return found


def run_suite(cli, emulator_binary, scratch, log=print):
    home = os.path.join(scratch, "home")
    git_root = os.path.join(scratch, "git")
    shim_dir = os.path.join(scratch, "shim")
    for directory in (home, git_root, shim_dir):
        os.makedirs(directory)
    argv_log = os.path.join(scratch, "git-argv.log")
    real_git = subprocess.run(["sh", "-c", "command -v git"], capture_output=True, text=True).stdout.strip()
    with open(os.path.join(shim_dir, "git"), "w") as handle:
        handle.write(SHIM.format(log=argv_log, real=real_git))
    os.chmod(os.path.join(shim_dir, "git"), 0o755)

    base_env = scratch_environment(home)
    bare = make_small_repository(git_root, "sec", "app", base_env)
    work = clone(bare, os.path.join(scratch, "work"), base_env)
    outputs = []
    commands_run = []
    results = {"commands": 0, "problems": []}
    with Emulator(emulator_binary, git_root, keys=(SECRET + ":pro",), log_dir=scratch) as emulator:
        def env_for(with_variable, extra=None):
            variables = {"CODECLOUD_DEBUG": "1", "PATH": shim_dir + ":" + os.environ.get("PATH", "")}
            variables.update(extra or {})
            return scratch_environment(home, emulator.url, SECRET if with_variable else None, variables)

        def run(argv, with_variable=True, stdin=None, cwd=work, label=None):
            result = subprocess.run([cli] + argv, cwd=cwd, env=env_for(with_variable), input=stdin,
                                    capture_output=True, text=True, timeout=120)
            outputs.append((label or " ".join(argv), result.stdout + result.stderr))
            commands_run.append((label or " ".join(argv[:2]), result.returncode, result.stderr.strip().splitlines()[-2:]))
            results["commands"] += 1
            return result

        # The key through the 0600 file.
        login = run(["auth", "login", "--with-key"], with_variable=False, stdin=SECRET + "\n", label="auth login --with-key (file)")
        if login.returncode != 0:
            results["problems"].append(f"auth login failed: {login.stderr.strip()}")
        credentials_file = os.path.join(home, ".config", "git-codecloud", "credentials")
        if os.path.exists(credentials_file):
            mode = stat.S_IMODE(os.stat(credentials_file).st_mode)
            if mode & 0o077:
                results["problems"].append(f"credentials file mode {oct(mode)}")
        for argv in (["auth", "status"], ["auth", "status", "--json"], ["status"], ["status", "--json"],
                     ["models"], ["providers"], ["list"], ["list", "--json", "--all"]):
            run(argv, with_variable=False)
        fixed = run(["fix", "Secrets check", "--json"], with_variable=False)
        run_id = json.loads(fixed.stdout)["run"]["id"] if fixed.returncode == 0 else None
        if run_id:
            for argv in (["show", run_id], ["show", run_id, "--json"], ["diff", run_id, "--", "--stat"], ["wait", run_id],
                         ["checkout", run_id], ["followup", run_id, "Also a second change", "--json"],
                         ["plan", "Describe a refactor", "--json"], ["run", "Blank workspace check", "--blank-workspace", "--json"]):
                run(argv, with_variable=False)
        else:
            results["problems"].append(f"fix failed: {fixed.stderr.strip()[-300:]}")
        # The key in the environment, and error paths that print server answers.
        run(["status", "--json"])
        emulator.fault(path="/api/v1/agents", method="POST", kind="status", status=401, count=1)
        run(["fix", "Rejected key path"], label="fix (401 injected)")
        emulator.fault(path="/api/v1/agents", method="GET", kind="status", status=500, count=5)
        run(["list"], label="list (500 injected)")
        emulator.fault(path="/api/v1/agents", method="GET", kind="malformed", count=5)
        run(["list"], label="list (malformed injected)")
        emulator.reset()  # drop the rules the error paths left
        run(["auth", "logout"], with_variable=False)
        # The key through a git credential helper (git credential approve/fill read it on stdin).
        git(["config", "--global", "credential.helper", "store"], cwd=work, env=base_env)
        run(["auth", "login", "--with-key"], with_variable=False, stdin=SECRET + "\n", label="auth login --with-key (git helper)")
        run(["auth", "status"], with_variable=False, label="auth status (git helper)")
        run(["list"], with_variable=False, label="list (git helper)")
        run(["fix", "Secrets check through the helper", "--no-checkout"], with_variable=False, label="fix (git helper)")
        run(["auth", "logout"], with_variable=False, label="auth logout (git helper)")
        requests = json.dumps(emulator.requests_log())

    for label, text in outputs:
        if leaks(text, SECRET):
            results["problems"].append(f"key in the output of '{label}'")
    stores = {credentials_file, os.path.join(home, ".git-credentials")}
    for path in scan_files(home, SECRET, stores):
        results["problems"].append(f"key in file ~/{path}")
    for path in scan_files(work, SECRET, set()):
        results["problems"].append(f"key in repository file {path}")
    argv_lines = open(argv_log).read().splitlines() if os.path.exists(argv_log) else []
    for line in argv_lines:
        if leaks(line, SECRET):
            results["problems"].append(f"key in git argv: {line[:120]}")
    if leaks(requests, SECRET):
        results["problems"].append("key in the emulator's request log")
    results["git_children"] = len(argv_lines)
    def subcommand(argv):
        words = iter(argv)
        for word in words:
            if word == "-c":
                next(words, None)
            elif not word.startswith("-"):
                return word
        return "?"
    results["git_subcommands"] = sorted({subcommand(json.loads(line)) for line in argv_lines})
    results["store_used"] = {"file": login.returncode == 0,
                             "git helper": os.path.exists(os.path.join(home, ".git-credentials"))
                             or any("credential" in line for line in argv_lines)}
    results["labels"] = commands_run
    results["failed_commands"] = [f"{label} (exit {rc}: {' / '.join(tail)})" for label, rc, tail in commands_run
                                  if rc != 0 and "injected" not in label]
    log(f"secrets: {results['commands']} commands (non-zero: {results['failed_commands'] or 'none'}), {len(argv_lines)} git children "
        f"({', '.join(results['git_subcommands'])}), problems: {results['problems'] or 'none'}")
    return results
