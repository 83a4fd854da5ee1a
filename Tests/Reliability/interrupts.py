"""Interrupts: SIGINT (to the process group, as Ctrl-C in a terminal sends it) and SIGTERM (to the
process, as `kill PID`) at random moments of `git codecloud fix`, in each of its phases:
- submit: the create request is delayed 2.5 s by a fault, the signal lands inside it;
- wait: the agent takes 3 s, the signal lands while polling;
- fetch: `codecloud.fetch git` and a `git` shim that sleeps 2 s before fetching;
- checkout: the PR branch brings 12,000 files the clone lacks, the signal lands after the fetch.
Afterwards the repository must be consistent: no index.lock, `git status` works, HEAD names a
valid commit, the tree is clean (all old or all new, never half), at most one run was created,
the message says how to resume, and the resume command it prints (if any) then succeeds.
"""

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Benchmarks"))
from harness import KEY, Emulator, clone, git, make_small_repository, scratch_environment  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SHIM = """#!/bin/sh
# Real git, except that a fetch first announces itself and sleeps (a slow network).
for word in "$@"; do
  if [ "$word" = fetch ]; then echo fetch >> "{log}"; sleep 2; break; fi
done
exec {real} "$@"
"""


def make_wide_repository(git_root, env):
    """`rel/wide`: main holds one file; branch `big` holds 12,000 (the checkout phase needs a
    long checkout, so the run starts from `big` while the clone stays on main)."""
    bare = os.path.join(git_root, "rel", "wide.git")
    subprocess.run([sys.executable, os.path.join(HERE, "..", "Benchmarks", "make_large_repo.py"), bare,
                    "--files", "12000", "--commits", "2", "--branches", "0"], env=env, check=True, capture_output=True)
    git(["branch", "-m", "main", "big"], cwd=bare, env=env)
    tree = git(["mktree"], cwd=bare, env=env)  # empty tree, then one file on top
    blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], input="tiny\n", cwd=bare, env=env,
                          capture_output=True, text=True, check=True).stdout.strip()
    tree = subprocess.run(["git", "mktree"], input=f"100644 blob {blob}\tREADME\n", cwd=bare, env=env,
                          capture_output=True, text=True, check=True).stdout.strip()
    commit = git(["commit-tree", tree, "-m", "tiny main"], cwd=bare, env=env)
    git(["update-ref", "refs/heads/main", commit], cwd=bare, env=env)
    git(["symbolic-ref", "HEAD", "refs/heads/main"], cwd=bare, env=env)
    return bare


def check_repository(work, env):
    problems = []
    git_dir = os.path.join(work, ".git")
    if os.path.exists(os.path.join(git_dir, "index.lock")):
        problems.append("index.lock left behind")
    status = subprocess.run(["git", "status", "--porcelain"], cwd=work, env=env, capture_output=True, text=True)
    if status.returncode != 0:
        problems.append(f"git status fails: {status.stderr.strip()}")
    elif status.stdout.strip():
        problems.append(f"tree not clean (half checked out?): {status.stdout.strip()[:200]}")
    head = subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD^{commit}"], cwd=work, env=env, capture_output=True)
    if head.returncode != 0:
        problems.append("HEAD does not name a commit")
    return problems


def run_suite(cli, emulator_binary, scratch, repetitions=2, seed=None, log=print):
    rng = random.Random(seed)
    home = os.path.join(scratch, "home")
    git_root = os.path.join(scratch, "git")
    shim_dir = os.path.join(scratch, "shim")
    for directory in (home, git_root, shim_dir):
        os.makedirs(directory)
    fetch_log = os.path.join(scratch, "fetches.log")
    real_git = subprocess.run(["sh", "-c", "command -v git"], capture_output=True, text=True).stdout.strip()
    with open(os.path.join(shim_dir, "git"), "w") as handle:
        handle.write(SHIM.format(log=fetch_log, real=real_git))
    os.chmod(os.path.join(shim_dir, "git"), 0o755)
    base_env = scratch_environment(home)
    small = make_small_repository(git_root, "rel", "app", base_env)
    wide = make_wide_repository(git_root, base_env)
    results = []
    with Emulator(emulator_binary, git_root, agent_delay=3, log_dir=scratch) as emulator:
        env = scratch_environment(home, emulator.url, KEY, {"PATH": shim_dir + ":" + os.environ.get("PATH", "")})
        number = 0
        for phase in ("submit", "wait", "fetch", "checkout"):
            for signal_name in ("SIGINT", "SIGTERM"):
                for _ in range(repetitions):
                    number += 1
                    work = clone(wide if phase == "checkout" else small, os.path.join(scratch, f"int{number}"), base_env)
                    argv = [cli, "fix", f"Interrupt {phase} {number}"]
                    if phase == "fetch":
                        git(["config", "codecloud.fetch", "git"], cwd=work, env=base_env)
                    if phase == "checkout":
                        argv += ["-b", "big"]
                    if phase == "submit":
                        emulator.fault(path="/api/v1/agents", method="POST", kind="delay", delay_ms=2500, count=1)
                    requests_before = len(emulator.requests_log())
                    if os.path.exists(fetch_log):
                        os.remove(fetch_log)
                    started = time.monotonic()
                    process = subprocess.Popen(argv, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                               text=True, start_new_session=True)
                    delay = wait_for_phase(phase, rng, emulator, requests_before, fetch_log, work, base_env, process)
                    sent_at = time.monotonic() - started
                    delivered = process.poll() is None
                    if delivered:
                        if signal_name == "SIGINT":
                            os.killpg(process.pid, signal.SIGINT)
                        else:
                            process.send_signal(signal.SIGTERM)
                    try:
                        out, err = process.communicate(timeout=90)
                        rc = process.returncode
                    except subprocess.TimeoutExpired:
                        os.killpg(process.pid, signal.SIGKILL)
                        out, err = process.communicate()
                        rc = None
                    problems = check_repository(work, base_env)
                    log_entries = emulator.requests_log()[requests_before:]
                    created = sum(1 for entry in log_entries if entry["method"] == "POST" and entry["path"] == "/api/v1/agents"
                                  and entry.get("status") == 201)
                    if created > 1:
                        problems.append(f"{created} runs created")
                    if rc is None:
                        problems.append("did not exit within 90 s of the signal")
                    elif rc == 0:
                        pass  # the landing was under way and was let finish (checkout, or a fetch the signal did not reach)
                    elif rc not in (130, 143):
                        problems.append(f"exit {rc}")
                    if "Fatal error" in err:
                        problems.append("Swift trap")
                    resume = re.search(r"git codecloud (wait|checkout) [a-z0-9]+", err)
                    resumed = None
                    if rc not in (0, None):
                        if created and not resume:
                            problems.append("no resume command in the message")
                        if resume:
                            after = subprocess.run([cli] + resume.group(0).split()[2:], cwd=work, env=env,
                                                   capture_output=True, text=True, timeout=120)
                            resumed = after.returncode
                            if after.returncode != 0:
                                problems.append(f"'{resume.group(0)}' failed: {after.stderr.strip()[-200:]}")
                            problems += [f"after resume: {problem}" for problem in check_repository(work, base_env)]
                    last = [line for line in err.splitlines() if line.strip()][-2:]
                    results.append({"phase": phase, "signal": signal_name, "sent_after_s": round(sent_at, 2),
                                    "planned_delay_s": round(delay, 2), "delivered": delivered, "rc": rc, "created": created,
                                    "resume": resume.group(0) if resume else None, "resumed_rc": resumed,
                                    "message": " / ".join(last), "problems": problems})
                    flag = "  PROBLEM: " + "; ".join(problems) if problems else ""
                    note = "" if delivered else " (finished before the signal)"
                    log(f"interrupts: {phase:8} {signal_name:7} at {sent_at:5.2f} s → exit {rc}{note}{flag}\n        {' / '.join(last)[:220]}")
                    shutil.rmtree(work, ignore_errors=True)
    return results


def wait_for_phase(phase, rng, emulator, requests_before, fetch_log, work, env, process, limit=60):
    """Blocks until the command is in `phase`, then a random moment inside it; returns that delay."""
    deadline = time.monotonic() + limit

    def until(condition):
        while time.monotonic() < deadline and process.poll() is None and not condition():
            time.sleep(0.02)

    if phase == "submit":
        # The create is the first request, sent within ~0.1 s of start and held 2.5 s (it is
        # logged only when answered, so the moment is taken from the start).
        delay = rng.uniform(0.3, 2.2)
    elif phase == "wait":
        until(lambda: any(entry["method"] == "GET" and entry["path"].startswith("/api/v1/agents/run/")
                          for entry in emulator.requests_log()[requests_before:]))
        delay = rng.uniform(0.1, 2.0)  # the agent takes 3 s
    elif phase == "fetch":
        until(lambda: os.path.exists(fetch_log))
        delay = rng.uniform(0.1, 1.6)  # the shim sleeps 2 s
    else:
        def remote_branches():
            return set(subprocess.run(["git", "for-each-ref", "--format=%(refname)", "refs/remotes/origin/codecloud"],
                                      cwd=work, env=env, capture_output=True, text=True).stdout.split())
        known = remote_branches()
        until(lambda: remote_branches() - known)  # the PR branch arrived: the checkout starts
        delay = rng.uniform(0.0, 0.15)
    time.sleep(delay)
    return delay
