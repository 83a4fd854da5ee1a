"""API faults through the emulator's fault controls, for every command that talks to codecloud.

Each case: a fresh emulator state (reset), a fresh clone, the fixture the command needs (a
completed run with a PR), one fault rule, then the command with CODECLOUD_DEBUG=1. Verdicts:
- `retried`: exit 0 after the fault was applied (success via retry);
- `error N`: a documented exit code with exactly one `error:` line;
- failures: a trap (exit >= 128 other than 130/143, or "Fatal error"), a hang, an undocumented
  exit code, zero or several `error:` lines, a duplicate run or follow-up, the key in output.
Workers run side by side, each with its own emulator, because most of a case is waiting.
"""

import concurrent.futures
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Benchmarks"))
from harness import KEY, Emulator, clone, git, make_small_repository, scratch_environment  # noqa: E402

DOCUMENTED_EXIT_CODES = {0, 1, 3, 4, 5, 6, 64, 130}
CLIENT_TIMEOUT_MS = 30_000

# (name, argv builder, fault path, fault method, needs a completed run)
TARGETS = [
    ("status", lambda run: ["status", "--json"], "/api/*", None, False),
    ("fix (create)", lambda run: ["fix", "Fault test", "--json"], "/api/v1/agents", "POST", False),
    # Waiting outlasts transient faults (the run goes on); --timeout bounds the "always" cases (exit 5).
    ("fix (poll)", lambda run: ["fix", "Fault test", "--json", "--timeout", "20s"], "/api/v1/agents/run/*", "GET", False),
    ("wait", lambda run: ["wait", run, "--json", "--timeout", "20s"], "/api/v1/agents/run/*", "GET", True),
    ("followup", lambda run: ["followup", run, "Also add tests", "--no-checkout", "--json"], "/api/v1/agents/run/*", "POST", True),
    ("list", lambda run: ["list", "--json"], "/api/v1/agents", "GET", True),
    ("show", lambda run: ["show", run, "--json"], "/api/v1/agents/run/*", "GET", True),
    ("checkout", lambda run: ["checkout", run, "--json"], "/api/v1/agents/run/*", "GET", True),
    ("schedule list", lambda run: ["schedule", "list", "--json"], "/api/v1/schedules", "GET", False),
    ("schedule create", lambda run: ["schedule", "create", "Nightly fault test", "--cron", "0 3 * * *", "--json"],
     "/api/v1/schedules", "POST", False),
]

# (label, fault rule without path/method)
ONCE = [
    ("500 once", {"kind": "status", "status": 500, "count": 1}),
    ("502 once", {"kind": "status", "status": 502, "count": 1}),
    ("503 once", {"kind": "status", "status": 503, "count": 1}),
    ("504 once", {"kind": "status", "status": 504, "count": 1}),
    ("429 + Retry-After: 1 once", {"kind": "status", "status": 429, "retry_after": "1", "count": 1}),
    ("dropped connection once", {"kind": "drop", "count": 1}),
    ("malformed JSON once", {"kind": "malformed", "count": 1}),
    ("401", {"kind": "status", "status": 401, "count": 50}),
    ("404", {"kind": "status", "status": 404, "count": 50}),
]
PERSISTENT = [
    ("503 always", {"kind": "status", "status": 503, "count": 50}),
    ("429 + Retry-After: 1 always", {"kind": "status", "status": 429, "retry_after": "1", "count": 50}),
    ("dropped connection always", {"kind": "drop", "count": 50}),
    ("malformed JSON always", {"kind": "malformed", "count": 50}),
]
# A service that answers within the reference but not as the emulator does (issue 11): odd
# Retry-After values, statuses this version does not know, hostile text (OSC 52, OSC 8, CSI 2J,
# C1 CSI, a bidi override) in every field, an ignored offset, a follow-up failing at once.
# (label, rule, targets it applies to; None: every target). Part of --quick.
HOSTILE_TEXT = ("done\x1b]52;c;ZWNobyBwd25lZA==\x07 \x1b]8;;https://evil.example\x1b\\docs\x1b]8;;\x1b\\ "
                "\x1b[2J\x1b[H \u009b31mred \u202etxt.exe")
POLLING = {"fix (poll)", "wait", "show", "list"}
HOSTILE = [(f"503 + Retry-After: {value}", {"kind": "status", "status": 503, "retry_after": value, "count": 1}, POLLING)
           for value in ("inf", "1e300", "0x10", "86400", "Fri, 01 Jan 2100 00:00:00 GMT")] + [
    ("unknown status 'paused' always", {"kind": "patch", "body": {"status": "paused"}, "count": 500}, POLLING),
    ("hostile text in every field", {"kind": "patch", "count": 500, "body": {
        "result": HOSTILE_TEXT, "plan": HOSTILE_TEXT, "title": HOSTILE_TEXT, "error": HOSTILE_TEXT, "model": HOSTILE_TEXT,
        "message": HOSTILE_TEXT, "name": HOSTILE_TEXT, "prompt": HOSTILE_TEXT}}, None),
    ("400 with a hostile message", {"kind": "status", "status": 400, "message": HOSTILE_TEXT, "count": 50}, None),
    ("offset ignored", {"kind": "ignore_offset", "count": 50}, {"list"}),
    ("follow-up fails at once, completedAt kept", {"kind": "fail_followup", "message": HOSTILE_TEXT, "count": 1}, {"followup"}),
]


def raw_controls(text):
    """Characters a terminal would act on (newline and tab excepted)."""
    return sorted({f"U+{ord(c):04X}" for c in text
                   if c not in "\n\t" and (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or 0x202A <= ord(c) <= 0x202E
                                            or 0x2066 <= ord(c) <= 0x2069)})


# Past the client's 30 s request timeout: slow, so only where the outcome differs in kind.
DELAY = ("delay 31 s once (past the client timeout)", {"kind": "delay", "delay_ms": CLIENT_TIMEOUT_MS + 1000, "count": 1})
DELAY_TARGETS = {"fix (create)", "wait", "followup", "list"}


def available(cli, command):
    """Whether the CLI has this subcommand (schedule commands may not exist yet)."""
    result = subprocess.run([cli, "help", command], capture_output=True, text=True)
    return result.returncode == 0 and f"git codecloud {command}" in result.stdout.replace("git-codecloud", "git codecloud")


class Worker:
    """One emulator with its own git root, reused across cases (reset in between)."""

    def __init__(self, cli, emulator_binary, scratch):
        self.cli = cli
        self.scratch = scratch
        self.home = os.path.join(scratch, "home")
        os.makedirs(self.home, exist_ok=True)
        self.git_root = os.path.join(scratch, "git")
        os.makedirs(self.git_root, exist_ok=True)
        self.bare = make_small_repository(self.git_root, "rel", "app", scratch_environment(self.home))
        self.emulator = Emulator(emulator_binary, self.git_root, log_dir=scratch).__enter__()
        self.counter = 0

    def close(self):
        self.emulator.__exit__()

    def completed_run(self):
        run_id = self.emulator.create_run("rel/app", f"Fixture run {self.counter}", auto_create_pr=True, branch="main")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            detail = self.emulator.run(run_id)
            if detail.get("status") in ("completed", "failed"):
                return run_id, detail
            time.sleep(0.1)
        raise RuntimeError("fixture run did not finish")

    def drain_faults(self):
        """Uses up the rules the command left, with a key the emulator rejects (nothing is made)."""
        for rule in self.emulator.request("GET", "/_emulator/faults")[1].get("faults", []):
            path = rule["path"].replace("*", "drain")
            for _ in range(rule.get("count", 1)):
                try:
                    self.emulator.request(rule.get("method") or "GET", path, {} if rule.get("method") == "POST" else None,
                                          key="cc_wrong", timeout=2)
                except OSError:
                    pass

    def settle(self, run_id):
        """Waits until the run is no longer queued or running (a follow-up may still be going)."""
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and self.emulator.run(run_id).get("status") in ("queued", "running"):
            time.sleep(0.2)

    def pr_commits(self, branch):
        env = scratch_environment(self.home)
        return int(git(["rev-list", "--count", f"main..{branch}"], cwd=self.bare, env=env))

    def case(self, target, label, rule):
        name, argv, path, method, needs_run = target
        self.counter += 1
        self.emulator.reset()
        work = clone(self.bare, os.path.join(self.scratch, f"case{self.counter}"), scratch_environment(self.home))
        run_id, detail = (self.completed_run() if needs_run else (None, None))
        commits_before = self.pr_commits(detail["prs"][0]["branch"]) if detail and detail.get("prs") else None
        requests_before = len(self.emulator.requests_log())
        fault = dict(rule, path=path)
        if method:
            fault["method"] = method
        self.emulator.fault(**fault)
        env = scratch_environment(self.home, self.emulator.url, KEY, {"CODECLOUD_DEBUG": "1"})
        started = time.monotonic()
        try:
            result = subprocess.run([self.cli] + argv(run_id), cwd=work, env=env, capture_output=True, text=True, timeout=150)
            rc, out, err = result.returncode, result.stdout, result.stderr
        except subprocess.TimeoutExpired as expired:
            rc, out, err = None, (expired.stdout or b"").decode(errors="replace"), (expired.stderr or b"").decode(errors="replace")
        seconds = time.monotonic() - started
        if rule["kind"] == "delay":  # a delayed request is logged only once answered
            time.sleep(max(0.0, rule["delay_ms"] / 1000 - seconds + 1))
        log = self.emulator.requests_log()[requests_before:]
        self.drain_faults()
        created_path = "/api/v1/schedules" if name.startswith("schedule") else "/api/v1/agents"
        creates = sum(1 for entry in log if entry["method"] == "POST" and entry["path"] == created_path)
        created = sum(1 for entry in log if entry["method"] == "POST" and entry["path"] == created_path and entry.get("status") == 201)
        applied = sum(1 for entry in log if entry.get("fault"))
        problems = []
        error_lines = [line for line in err.splitlines() if line.startswith("error:")]
        if rc is None:
            problems.append("hang (no exit within 150 s)")
        elif rc >= 128 and rc not in (130, 143) or "Fatal error" in err:
            problems.append(f"crash (exit {rc})")
        elif rc not in DOCUMENTED_EXIT_CODES:
            problems.append(f"undocumented exit {rc}")
        if rc not in (0, None) and len(error_lines) != 1:
            problems.append(f"{len(error_lines)} error: lines")
        if created > 1:
            problems.append(f"duplicate: {created} created by {creates} POSTs")
        if commits_before is not None and name == "followup":
            self.settle(run_id)
            commits_after = self.pr_commits(detail["prs"][0]["branch"])
            if commits_after > commits_before + 1:
                problems.append(f"follow-up processed {commits_after - commits_before} times")
        if KEY in out or KEY in err:
            problems.append("API key in output")
        controls = raw_controls(out + err)
        if controls:
            problems.append("control characters reach the terminal: " + " ".join(controls[:5]))
        requested = any(entry["path"].startswith("/api/") for entry in log)
        if applied == 0 and requested:
            problems.append("fault never applied (no matching request)")
        if rc == 0:
            outcome = "retried" if applied else "ok" if requested else "ok (no request)"
        elif rc is None:
            outcome = "hang"
        else:
            outcome = f"error {rc}"
        return {"target": name, "fault": label, "rc": rc, "outcome": outcome, "problems": problems,
                "error": error_lines[0] if error_lines else "",
                "hint": next((line for line in err.splitlines() if line.startswith("hint:")), ""),
                "debug": [line for line in err.splitlines() if line.startswith("codecloud:")], "seconds": round(seconds, 1),
                "requests": len(log), "faults_applied": applied, "creates": creates, "created": created}


def run_matrix(cli, emulator_binary, scratch, workers=4, quick=False, log=print):
    """Runs every case; returns (cases, skipped targets)."""
    targets, skipped = [], []
    for target in TARGETS:
        command = target[1]("RUN")[0]
        (targets if available(cli, command) else skipped).append(target)
    skipped = [target[0] for target in skipped]
    plan = []
    for target in targets:
        for label, rule in ONCE + ([] if quick else PERSISTENT):
            plan.append((target, label, rule))
        for label, rule, applies in HOSTILE:
            if applies is None or target[0] in applies:
                plan.append((target, label, rule))
        if not quick and target[0] in DELAY_TARGETS:
            plan.append((target, DELAY[0], DELAY[1]))
    # Slow cases first, so the pool ends together.
    plan.sort(key=lambda case: 0 if "delay" in case[1] else 1 if "always" in case[1] else 2)
    pool_workers = []
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            for index in range(workers):
                pool_workers.append(Worker(cli, emulator_binary, tempfile.mkdtemp(prefix=f"w{index}-", dir=scratch)))
            free = list(pool_workers)
            import threading
            lock = threading.Lock()

            def run_case(case):
                with lock:
                    worker = free.pop()
                try:
                    return worker.case(*case)
                finally:
                    with lock:
                        free.append(worker)

            results = []
            for result in pool.map(run_case, plan):
                results.append(result)
                flag = "  PROBLEM: " + "; ".join(result["problems"]) if result["problems"] else ""
                log(f"faults: {result['target']:16} {result['fault']:42} → {result['outcome']} ({result['seconds']} s){flag}"
                    + (f"\n        {result['error']}  {result['hint']}" if result["error"] else ""))
    finally:
        for worker in pool_workers:
            worker.close()
    return results, skipped
