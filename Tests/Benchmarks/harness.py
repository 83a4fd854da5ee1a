"""Shared plumbing for the benchmark and reliability scripts: scratch environments, the
emulator as a child process, git helpers and small statistics. Python 3.9+, standard library."""

import json
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
import urllib.request
from datetime import datetime

KEY = "cc_bench_0123456789abcdef"
SECOND_KEY = "cc_bench_fedcba9876543210"


def scratch_environment(home, api_url=None, key=KEY, extra=None):
    """The environment every child runs with: its own HOME, no system or user git config,
    no prompts, fixed author, the emulator's URL and key."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com",
        "LANG": "C.UTF-8", "NO_COLOR": "1", "TERM": "dumb",
    }
    if api_url:
        env["CODECLOUD_API_URL"] = api_url
    if key:
        env["CODECLOUD_API_KEY"] = key
    env.update(extra or {})
    return env


def git(args, cwd, env, check=True):
    """Runs git, returns stdout (stripped)."""
    result = subprocess.run(["git"] + args, cwd=cwd, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed in {cwd}: {result.stderr.strip()}")
    return result.stdout.strip()


def make_small_repository(git_root, owner, name, env):
    """A bare repository `git_root/owner/name.git` with a few commits on main."""
    bare = os.path.join(git_root, owner, name + ".git")
    os.makedirs(os.path.dirname(bare), exist_ok=True)
    git(["init", "-q", "--bare", "-b", "main", bare], cwd=git_root, env=env)
    seed = tempfile.mkdtemp(prefix="seed-", dir=git_root)
    git(["init", "-q", "-b", "main"], cwd=seed, env=env)
    for number in range(3):
        with open(os.path.join(seed, f"file{number}.txt"), "w") as handle:
            handle.write(f"content {number}\n")
        git(["add", "-A"], cwd=seed, env=env)
        git(["commit", "-qm", f"commit {number}"], cwd=seed, env=env)
    git(["push", "-q", bare, "main"], cwd=seed, env=env)
    shutil.rmtree(seed)
    return bare


def clone(bare, destination, env):
    git(["clone", "-q", "--no-local", bare, destination], cwd=os.path.dirname(destination), env=env)
    return destination


class Emulator:
    """codecloud-emulator as a child process on a free loopback port."""

    def __init__(self, binary, git_root, keys=(KEY + ":pro", SECOND_KEY + ":pro"), agent_delay=None, log_dir=None,
                 agent_command=None):
        self.binary, self.git_root, self.keys, self.agent_delay = binary, git_root, keys, agent_delay
        self.agent_command = agent_command
        self.log_dir = log_dir or git_root
        self.process = None
        self.url = None

    def __enter__(self):
        command = [self.binary, "--port", "0", "--git-root", self.git_root]
        for key in self.keys:
            command += ["--api-key", key]
        if self.agent_delay is not None:
            command += ["--agent-delay", str(self.agent_delay)]
        if self.agent_command is not None:
            command += ["--agent-command", self.agent_command]
        stderr = open(os.path.join(self.log_dir, "emulator.err"), "ab")
        env = dict(os.environ, HOME=self.log_dir, GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0")
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, env=env,
                                        start_new_session=True)
        deadline = time.monotonic() + 30
        line = b""
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if b"listening on" in line:
                self.url = line.decode().strip().rsplit(" ", 1)[-1]
                return self
            if self.process.poll() is not None:
                break
        raise RuntimeError(f"emulator did not start: {line!r}")

    def __exit__(self, *_):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def request(self, method, path, body=None, key=KEY, timeout=30):
        """One HTTP request; returns (status, parsed JSON or text)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if key and path.startswith("/api/"):
            request.add_header("Authorization", "Bearer " + key)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                payload = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            payload, status = error.read(), error.code
        try:
            return status, json.loads(payload)
        except ValueError:
            return status, payload.decode(errors="replace")

    def run(self, run_id, key=KEY):
        return self.request("GET", f"/api/v1/agents/run/{run_id}", key=key)[1]

    def create_run(self, repo, prompt, key=KEY, **extra):
        status, body = self.request("POST", "/api/v1/agents", {"prompt": prompt, "repo": repo, **extra}, key=key)
        if status != 201:
            raise RuntimeError(f"create run: {status} {body}")
        return body["id"]

    def requests_log(self):
        return self.request("GET", "/_emulator/requests")[1]["requests"]

    def fault(self, **rule):
        status, body = self.request("POST", "/_emulator/faults", rule)
        if status >= 300:
            raise RuntimeError(f"fault rule rejected: {status} {body}")

    def reset(self):
        self.request("POST", "/_emulator/reset")


def parse_time(text):
    """An API timestamp as seconds since the epoch (float)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def summary(values):
    """median, min, max and count of a list of numbers (None when empty)."""
    values = [value for value in values if value is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def peak_rss_kib(command, cwd, env):
    """Peak resident set size (KiB) of `command` and its children, via /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as output:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", output.name] + command, cwd=cwd, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        text = output.read().strip().splitlines()
    return int(text[-1]) if text and text[-1].isdigit() else None
