#!/usr/bin/env python3
"""`make bench`: measures git codecloud against the plain-git / curl way of doing the same, side
by side in one run, and writes BENCHMARKS.md (machine, medians, min–max; no pass/fail).

    bench.py --cli PATH/git-codecloud --emulator PATH/codecloud-emulator [--out BENCHMARKS.md]
             [--quick] [--only startup,targets,landing,waiting,fanout,loop]

Everything happens under a scratch directory (kept with --keep): its own HOME, bare
repositories standing in for GitHub, and codecloud-emulator on a loopback port.
"""

import argparse
import concurrent.futures
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (KEY, SECOND_KEY, Emulator, clone, git, make_small_repository, parse_time,  # noqa: E402
                     peak_rss_kib, scratch_environment, summary)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


# ----------------------------------------------------------------------------------------------
# Machine

def machine():
    def first(command):
        try:
            return subprocess.run(command, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = "?"
    try:
        with open("/proc/meminfo") as handle:
            kib = int(next(line for line in handle if line.startswith("MemTotal")).split()[1])
            memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    return {
        "cpus": os.cpu_count(), "cpu": cpu, "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "swift": first(["swift", "--version"]) if shutil.which("swift") else "?",
        "git": first(["git", "--version"]),
        "libgit2": first(["pkg-config", "--modversion", "libgit2"]),
        "hyperfine": first(["hyperfine", "--version"]),
        "load": " ".join(f"{value:.2f}" for value in os.getloadavg()),
    }


# ----------------------------------------------------------------------------------------------
# 1. Start-up

def timed_loop(variants, cwd, env, runs, warmup=5):
    """Times each variant (a list of argv lists run one after the other, no shell) `runs` times,
    interleaved so drift hits all alike; returns {name: summary in ms}."""
    samples = {name: [] for name in variants}
    for iteration in range(warmup + runs):
        for name, commands in variants.items():
            started = time.perf_counter()
            for command in commands:
                subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if iteration >= warmup:
                samples[name].append((time.perf_counter() - started) * 1000)
    return {name: summary(values) for name, values in samples.items()}


def bench_startup(context, results):
    env = context["env_offline"]
    repositories = {"small repository": context["small_clone"], "large repository (20k files)": context["large_clone"]}
    variants = {
        "git codecloud status --json": [[context["cli"], "status", "--json"]],
        "git rev-parse --abbrev-ref HEAD && git remote get-url origin":
            [["git", "rev-parse", "--abbrev-ref", "HEAD"], ["git", "remote", "get-url", "origin"]],
        "git status --porcelain (reference)": [["git", "status", "--porcelain"]],
        "/bin/true (process spawn floor)": [["/bin/true"]],
    }
    rows = []
    for label, repository in repositories.items():
        timings = timed_loop(variants, repository, env, runs=context["runs"]["startup"])
        for name, commands in variants.items():
            rss = peak_rss_kib(["sh", "-c", " && ".join(" ".join(command) for command in commands)], repository, env)
            rows.append({"repository": label, "command": name, "ms": timings[name], "rss_kib": rss})
    results["startup"] = rows


# ----------------------------------------------------------------------------------------------
# 2. Landing

# The sides whose warm landing is the early fetch's case: a run landed here before, whose branch
# `checkout` starts fetching before the service answers (EarlyFetch).
EARLY_FETCH_SIDES = {"git codecloud checkout RUN"}
# git with the tool's dirty-tree refusal in front: what the guarantee costs when git pays it.
SAFE_GIT_NAME = "test -z \"$(git status --porcelain -uno)\" && git fetch origin BRANCH && git checkout -b BRANCH --track"


def require_early_fetch(command, cwd, env, transport):
    """Fails the benchmark unless a warm landing took the early-fetch path, as the warm rows claim
    to measure (CODECLOUD_DEBUG names the path the landing's fetch took)."""
    checked = subprocess.run(["sh", "-c", command], cwd=cwd, env={**env, "CODECLOUD_DEBUG": "1"}, capture_output=True, text=True)
    if checked.returncode != 0 or "fetch (begun before the service answered)" not in checked.stderr:
        raise RuntimeError(f"the warm landing over {transport} did not use the early fetch (exit {checked.returncode}): "
                           + checked.stderr.strip()[-400:])


def interleaved(sides, cwd, env, runs, prepare, warmup=0):
    """Times each side (a shell command run in `cwd`) `runs` times, the sides taking turns and
    each run after `prepare` (untimed), so drift over the minutes of a run hits them alike; the
    order flips every round so neither always follows the other. The cost of starting `sh`
    (`sh -c :`, timed in the same rounds without `prepare`) is taken off every sample, as
    hyperfine does. Returns
    {name: summary in ms}."""
    samples = {name: [] for name in sides}
    shell = []
    for iteration in range(warmup + runs):
        order = list(sides.items()) + [(None, ":")]
        if iteration % 2:
            order.reverse()
        for name, command in order:
            if name is not None:
                subprocess.run(prepare, shell=True, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            started = time.perf_counter()
            result = subprocess.run(["sh", "-c", command], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            elapsed = (time.perf_counter() - started) * 1000
            if result.returncode != 0:
                raise RuntimeError(f"{command} failed (exit {result.returncode}): {result.stderr.decode(errors='replace')[-400:]}")
            if iteration >= warmup:
                (shell if name is None else samples[name]).append(elapsed)
    overhead = statistics.median(shell)
    return {name: summary([value - overhead for value in values]) for name, values in samples.items()}


def bench_landing(context, results):
    emulator, env = context["emulator"], context["env"]
    bare = os.path.join(context["git_root"], "bench", "large.git")
    # Clones made before the run exists: one over the file transport (the bare repository's
    # path), one over git's smart HTTP as the emulator serves it (GitHub's transport).
    templates = {"file": context["large_template"],
                 "smart HTTP": clone(f"{emulator.url}/bench/large.git", os.path.join(context["scratch"], "large-template-http"), env)}
    work = os.path.join(context["scratch"], "landing-submit")
    shutil.copytree(templates["file"], work, symlinks=True)
    submitted = subprocess.run([context["cli"], "fix", "Benchmark landing on a large repository", "--no-checkout", "--json"],
                               cwd=work, env=env, capture_output=True, text=True, timeout=600)
    if submitted.returncode != 0:
        raise RuntimeError(f"fix --no-checkout failed: {submitted.stderr}")
    run = json.loads(submitted.stdout)["run"]
    run_id, branch = run["id"], run["prs"][0]["branch"]
    shutil.rmtree(work, ignore_errors=True)

    runs = context["runs"]["landing"]
    baseline_name = "git fetch origin BRANCH && git checkout -b BRANCH --track"
    sides = {
        "git codecloud checkout RUN": f"{context['cli']} checkout {run_id}",
        baseline_name: f"git fetch -q origin {branch} && git checkout -q -b {branch} --track origin/{branch}",
        # A reference, not the target's baseline: git made to refuse a dirty tree as the tool
        # does (one `git status` pass over the work tree first), each step after the other.
        SAFE_GIT_NAME: f"test -z \"$(git status --porcelain --untracked-files=no)\" && git fetch -q origin {branch} "
                       f"&& git checkout -q -b {branch} --track origin/{branch}",
    }
    rows = []
    for transport, template in templates.items():
        cold = os.path.join(context["scratch"], "landing-cold")
        # The copy's index no longer matches the files' inodes and ctimes; refresh it (untimed) so
        # the timed command sees what a fresh clone has, not a 20,000-file rehash.
        fresh = f"rm -rf {cold} && cp -a {template} {cold} && git -C {cold} update-index -q --refresh"
        # Warm: the same clone after one landing; the local branch is deleted, objects and the
        # remote-tracking ref stay, so the fetch has nothing to transfer.
        back = f"cd {cold} && git checkout -q main && (git branch -q -D {branch} 2>/dev/null || true)"
        # Both sides in the same rounds (interleaved), cold then warm.
        timing = interleaved({name: f"cd {cold} && {command}" for name, command in sides.items()},
                             context["scratch"], env, runs=runs, prepare=fresh)
        for name, command in sides.items():
            subprocess.run(fresh, shell=True, check=True)
            rss = peak_rss_kib(["sh", "-c", command], cold, env)
            rows.append({"case": f"cold, {transport}", "command": name, "ms": timing[name], "rss_kib": rss})
        # Warm: landed once by the tool (which records the run's links, the early fetch's premise).
        subprocess.run(fresh, shell=True, check=True)
        subprocess.run(["sh", "-c", sides["git codecloud checkout RUN"]], cwd=cold, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        warm = interleaved({name: f"cd {cold} && {command}" for name, command in sides.items()},
                           context["scratch"], env, runs=runs * 3, prepare=back, warmup=1)
        for name, command in sides.items():
            subprocess.run(back, shell=True, check=True, env=env)
            rss = peak_rss_kib(["sh", "-c", command], cold, env)
            subprocess.run(back, shell=True, check=True, env=env)
            if name in EARLY_FETCH_SIDES:
                require_early_fetch(command, cold, env, transport)
                subprocess.run(back, shell=True, check=True, env=env)
            rows.append({"case": f"warm, {transport}", "command": name, "ms": warm[name], "rss_kib": rss})
        shutil.rmtree(cold, ignore_errors=True)
    rows.sort(key=lambda row: row["case"])
    results["landing"] = {"run": run_id, "branch": branch, "rows": rows}


# ----------------------------------------------------------------------------------------------
# 3. Waiting

def wait_with_tool(context, emulator, key, workdir):
    """Submits a run with curl-equivalent HTTP, then `git codecloud wait RUN --no-checkout`."""
    run_id = emulator.create_run("bench/small", "Benchmark waiting", key=key, auto_create_pr=True)
    env = scratch_environment(context["home"], emulator.url, key)
    started = time.time()
    result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", os.path.join(workdir, f"{run_id}.rss"),
                             context["cli"], "wait", run_id, "--no-checkout", "--json"],
                            cwd=workdir, env=env, capture_output=True, text=True)
    noticed = time.time()
    with open(os.path.join(workdir, f"{run_id}.rss")) as handle:
        rss = int(handle.read().split()[-1])
    return {"run": run_id, "key": key, "noticed": noticed, "started": started, "rc": result.returncode, "rss_kib": rss}


def wait_with_poller(context, emulator, key, workdir):
    run_id = emulator.create_run("bench/small", "Benchmark waiting", key=key, auto_create_pr=True)
    env = scratch_environment(context["home"], emulator.url, key)
    result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", os.path.join(workdir, f"{run_id}.rss"),
                             os.path.join(HERE, "poll5.sh"), run_id],
                            cwd=workdir, env=env, capture_output=True, text=True)
    noticed = float(result.stdout.split()[-1]) if result.returncode == 0 else None
    with open(os.path.join(workdir, f"{run_id}.rss")) as handle:
        rss = int(handle.read().split()[-1])
    return {"run": run_id, "key": key, "noticed": noticed, "rc": result.returncode, "rss_kib": rss}


def bench_waiting(context, results):
    rows = []
    per_side = context["runs"]["waiting"]
    for delay in context["delays"]:
        root = os.path.join(context["scratch"], f"wait-{delay}")
        os.makedirs(root)
        # A random 0–5 s of agent work on top of the delay: with fixed durations every run would
        # end at the same phase of a 5 s poller (always just after a poll, or just before).
        jitter = "sleep $(python3 -c 'import random; print(round(random.uniform(0, 5), 3))'); echo done"
        with Emulator(context["emulator_binary"], context["git_root"], agent_delay=delay, log_dir=root,
                      agent_command=jitter) as emulator:
            # Both sides at once, each on its own key (5 slots per pro key), so no run queues.
            with concurrent.futures.ThreadPoolExecutor(max_workers=2 * per_side) as pool:
                tool = [pool.submit(wait_with_tool, context, emulator, KEY, root) for _ in range(per_side)]
                poller = [pool.submit(wait_with_poller, context, emulator, SECOND_KEY, root) for _ in range(per_side)]
                outcomes = {"git codecloud wait": [f.result() for f in tool], "fixed 5 s poller (curl)": [f.result() for f in poller]}
            log = emulator.requests_log()
            for name, samples in outcomes.items():
                lags, gets, rss, failures = [], [], [], 0
                for sample in samples:
                    detail = emulator.run(sample["run"], key=sample["key"])
                    if sample["rc"] != 0 or sample["noticed"] is None or detail.get("status") != "completed":
                        failures += 1
                        continue
                    lags.append((sample["noticed"] - parse_time(detail["completedAt"])) * 1000)
                    path = f"/api/v1/agents/run/{sample['run']}"
                    gets.append(sum(1 for entry in log if entry["method"] == "GET" and entry["path"] == path))
                    rss.append(sample["rss_kib"])
                    agent = parse_time(detail["completedAt"]) - parse_time(detail["createdAt"])
                rows.append({"delay": delay, "waiter": name, "lag_ms": summary(lags), "gets": summary(gets),
                             "rss_kib": summary(rss), "failures": failures, "run_seconds": round(agent, 1) if lags else None})
    results["waiting"] = rows


# ----------------------------------------------------------------------------------------------
# 3b. Waiting for a fan-out (`fix --attempts 5` against one run)

def fanout_side(context, emulator, key, work, attempts):
    """`git codecloud fix … [--attempts N] --no-checkout --json` in `work`: its run ids, and when
    each run's `completed` line appeared on stderr (the moment the tool noticed it)."""
    env = scratch_environment(context["home"], emulator.url, key)
    command = [context["cli"], "fix", f"Benchmark fan-out {attempts}", "--no-checkout", "--json"]
    if attempts > 1:
        command += ["--attempts", str(attempts)]
    process = subprocess.Popen(command, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []

    def read_stderr():
        for line in process.stderr:
            lines.append((time.time(), line))
    reader = threading.Thread(target=read_stderr)
    reader.start()
    stdout = process.stdout.read()
    process.wait()
    reader.join()
    if process.returncode != 0:
        return {"failed": "".join(line for _, line in lines).strip()[-300:], "key": key}
    report = json.loads(stdout)
    ids = [attempt["id"] for attempt in report["attempts"]] if attempts > 1 else [report["run"]["id"]]
    noticed = {}
    for run_id in ids:
        # Off a terminal both print one line per status change: `… completed · … run ID` and
        # `attempt i/N · run ID · completed · …`.
        seen = [stamp for stamp, line in lines if run_id in line and "completed" in line]
        noticed[run_id] = seen[0] if seen else None
    return {"ids": ids, "noticed": noticed, "key": key}


def bench_fanout(context, results):
    """Requests and detection lag of waiting for 5 attempts against waiting for 1. Each round
    runs one plain `fix` and one `fix --attempts 5` at once on separate pro keys (5 slots each:
    nothing queues); the list GETs come only from the fan-out side, which is how the log's
    requests are told apart. (Five plain waits at once as the other side overloaded a 2-core
    machine shared with other work: creates failed.)"""
    delay = context["fanout_delay"]
    samples = {1: [], 5: []}
    root = os.path.join(context["scratch"], "fanout")
    os.makedirs(root)
    jitter = "sleep $(python3 -c 'import random; print(round(random.uniform(0, 5), 3))'); echo \"$CODECLOUD_RUN_ID\" > attempt.txt; echo done"
    for iteration in range(context["runs"]["fanout"]):
        with Emulator(context["emulator_binary"], context["git_root"], agent_delay=delay, log_dir=root,
                      agent_command=jitter) as emulator:
            base_env = scratch_environment(context["home"], emulator.url, KEY)
            works = {n: clone(context["small_bare"], os.path.join(root, f"{iteration}-{n}"), base_env) for n in samples}
            with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
                futures = {1: pool.submit(fanout_side, context, emulator, KEY, works[1], 1),
                           5: pool.submit(fanout_side, context, emulator, SECOND_KEY, works[5], 5)}
                outcomes = list((n, future.result()) for n, future in futures.items())
            log = emulator.requests_log()
            for n, outcome in outcomes:
                if "failed" in outcome:
                    samples[n].append(outcome)
                    continue
                paths = {f"/api/v1/agents/run/{run_id}" for run_id in outcome["ids"]}
                requests = sum(1 for entry in log if entry["method"] == "GET" and
                               (entry["path"] in paths or (n > 1 and entry["path"] == "/api/v1/agents")))
                lags = []
                for run_id in outcome["ids"]:
                    detail = emulator.run(run_id, key=outcome["key"])
                    if detail.get("status") == "completed" and outcome["noticed"][run_id] is not None:
                        lags.append((outcome["noticed"][run_id] - parse_time(detail["completedAt"])) * 1000)
                samples[n].append({"requests": requests, "lags_ms": lags})
    rows = []
    for n, values in samples.items():
        good = [value for value in values if "requests" in value]
        rows.append({"attempts": n, "requests": summary([value["requests"] for value in good]),
                     "lag_ms": summary([lag for value in good for lag in value["lags_ms"]]),
                     "failures": [value["failed"] for value in values if "failed" in value]})
    results["fanout"] = {"agent_delay": delay, "rows": rows}


# ----------------------------------------------------------------------------------------------
# 4. Whole loop

def bench_loop(context, results):
    rows = []
    root = os.path.join(context["scratch"], "loop")
    os.makedirs(root)
    delay = context["loop_delay"]
    with Emulator(context["emulator_binary"], context["git_root"], agent_delay=delay, log_dir=root) as emulator:
        env = scratch_environment(context["home"], emulator.url, KEY)
        sides = {
            "git codecloud fix": lambda prompt: [context["cli"], "fix", prompt, "--json"],
            "curl + 5 s sleep loop + git": lambda prompt: [os.path.join(HERE, "loop.sh"), prompt],
        }
        samples = {name: [] for name in sides}
        for iteration in range(context["runs"]["loop"]):
            for name, command in sides.items():  # alternate, so drift hits both sides alike
                work = clone(context["small_bare"], os.path.join(root, f"{iteration}-{len(samples[name])}-{name.split()[0]}"), env)
                prompt = f"Benchmark loop {iteration} {name.split()[0]}"
                rss_file = os.path.join(root, "rss")
                started = time.time()
                result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + command(prompt),
                                        cwd=work, env=env, capture_output=True, text=True)
                wall = time.time() - started
                if result.returncode != 0:
                    samples[name].append({"failed": result.stderr.strip()[-300:]})
                    continue
                run_id = json.loads(result.stdout)["run"]["id"] if name.startswith("git codecloud") else result.stdout.split()[-1]
                detail = emulator.run(run_id)
                agent = parse_time(detail["completedAt"]) - parse_time(detail["startedAt"])
                head = git(["rev-parse", "--abbrev-ref", "HEAD"], cwd=work, env=env)
                with open(rss_file) as handle:
                    rss = int(handle.read().split()[-1])
                samples[name].append({"wall": wall, "agent": agent, "overhead": wall - agent,
                                      "landed": head == detail["prs"][0]["branch"], "rss_kib": rss})
        for name, values in samples.items():
            good = [value for value in values if "wall" in value]
            rows.append({
                "loop": name,
                "wall_s": summary([value["wall"] for value in good]),
                "agent_s": summary([value["agent"] for value in good]),
                "overhead_s": summary([value["overhead"] for value in good]),
                "rss_kib": summary([value["rss_kib"] for value in good]),
                "landed": sum(1 for value in good if value["landed"]),
                "failures": [value["failed"] for value in values if "failed" in value],
            })
    results["loop"] = {"agent_delay": delay, "rows": rows}


# ----------------------------------------------------------------------------------------------
# 6. Start-up against git, with the targets of issue 14

STARTUP_TARGETS = {"small": 2.0, "large": 1.2, "tab": 2.0, "rss_mib": 15.0}
GIT_PAIR = "git rev-parse --abbrev-ref HEAD && git remote get-url origin"


def hyperfine_direct(commands, cwd, env, runs, warmup=5):
    """hyperfine without a shell (-N) over {name: argv}; returns {name: {"ms": summary,
    "cpu_ms": mean user+system}}."""
    export = os.path.join(cwd, ".targets.json")
    arguments = ["hyperfine", "-N", "--style", "none", "--warmup", str(warmup), "--runs", str(runs), "--export-json", export]
    for name, argv in commands.items():
        arguments += ["--command-name", name, " ".join(shlex.quote(part) for part in argv)]
    subprocess.run(arguments, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(export) as handle:
        exported = json.load(handle)["results"]
    os.remove(export)
    return {result["command"]: {"ms": summary([t * 1000 for t in result["times"]]),
                                "cpu_ms": (result["user"] + result["system"]) * 1000} for result in exported}


def bench_targets(context, results):
    """`status --json` and `--help` against the git commands doing the same job (small and large
    repository), TAB after `git codecloud ` against TAB after `git `, and the peak RSS of each."""
    env = dict(context["env_offline"])
    cli = context["cli"]
    runs = context["runs"]["startup"]
    rows = []
    pair = [["git", "rev-parse", "--abbrev-ref", "HEAD"], ["git", "remote", "get-url", "origin"]]
    cases = [("small repository", context["small_clone"], "small", GIT_PAIR),
             ("large repository (20k files)", context["large_clone"], "large", "git status --porcelain")]
    for label, repository, key, baseline in cases:
        commands = {"git codecloud status --json": [cli, "status", "--json"], "git codecloud --help": [cli, "--help"]}
        if key == "small":
            commands["git rev-parse --abbrev-ref HEAD"] = pair[0]
            commands["git remote get-url origin"] = pair[1]
        else:
            commands["git status --porcelain"] = ["git", "status", "--porcelain"]
        timed = hyperfine_direct(commands, repository, env, runs)
        if key == "small":
            # The pair: the sum of the two commands' medians (each timed on its own, no shell).
            first, second = timed.pop("git rev-parse --abbrev-ref HEAD"), timed.pop("git remote get-url origin")
            timed[GIT_PAIR] = {"ms": {name: first["ms"][name] + second["ms"][name] for name in ("median", "min", "max")}
                               | {"n": first["ms"]["n"]}, "cpu_ms": first["cpu_ms"] + second["cpu_ms"]}
        for name, timing in timed.items():
            argv = commands.get(name)
            rss = peak_rss_kib(argv if argv else ["sh", "-c", GIT_PAIR], repository, env)
            rows.append({"case": label, "command": name, "baseline": baseline, "ms": timing["ms"], "cpu_ms": timing["cpu_ms"],
                         "rss_kib": rss, "target": STARTUP_TARGETS[key] if name == "git codecloud status --json" else None})

    # TAB, through bash with bash-completion, git's completion and this checkout's script.
    share = os.path.join(context["scratch"], "tab-share")
    os.makedirs(os.path.join(share, "bash-completion", "completions"), exist_ok=True)
    shutil.copy(os.path.join(ROOT, "completions", "git-codecloud.bash"), os.path.join(share, "bash-completion", "completions", "git-codecloud"))
    tab_env = dict(env, XDG_DATA_DIRS=f"{share}:/usr/share", PATH=f"{os.path.dirname(cli)}:{env['PATH']}")
    driver = os.path.join(HERE, "tab.bash")
    if not os.path.exists("/usr/share/bash-completion/bash_completion"):
        results["targets"] = {"rows": rows, "tab": None}
        return
    warm = {"git": [], "codecloud": []}
    candidates = {}
    output = subprocess.run(["bash", "--norc", "--noprofile", driver, "warm", str(runs)], cwd=context["small_clone"], env=tab_env,
                            capture_output=True, text=True, check=True).stdout
    for line in output.splitlines():
        side, microseconds, count = line.split()
        warm[side].append(int(microseconds) / 1000)
        candidates[side] = int(count)
    cold = {"git": [], "codecloud": []}
    for _ in range(max(5, runs // 4)):
        for side, line in (("git", "git "), ("codecloud", "git codecloud ")):
            done = subprocess.run(["bash", "--norc", "--noprofile", driver, "cold", line], cwd=context["small_clone"], env=tab_env,
                                  capture_output=True, text=True, check=True).stdout.split()
            cold[side].append(int(done[0]) / 1000)
    tab = []
    for side, line in (("codecloud", "git codecloud <TAB>"), ("git", "git <TAB>")):
        rss = peak_rss_kib(["bash", "--norc", "--noprofile", driver, "cold", line.replace("<TAB>", "")], context["small_clone"], tab_env)
        tab.append({"command": line, "warm_ms": summary(warm[side]), "cold_ms": summary(cold[side]), "candidates": candidates.get(side),
                    "rss_kib": rss})
    results["targets"] = {"rows": rows, "tab": tab}


def report_targets(targets):
    def verdict(value, target):
        if value is None or target is None:
            return ""
        return f"{'met' if value <= target else 'missed'} (≤{target:g}×)"

    lines = ["## 6. Start-up against git (targets)", "",
             "Each command run directly by `hyperfine -N` (no shell), in the same clones as section 1, the "
             "service URL at a closed port. The git pair is the sum of its two commands' times. CPU = "
             "user + system time (mean), which other work on the machine inflates less than wall time. "
             f"Targets (issue 14): `status --json` at most {STARTUP_TARGETS['small']:g}× the git pair in the small "
             f"repository and {STARTUP_TARGETS['large']:g}× `git status --porcelain` in the large one, TAB at most "
             f"{STARTUP_TARGETS['tab']:g}× `git <TAB>`, peak RSS at most {STARTUP_TARGETS['rss_mib']:g} MiB for `status`.", "",
             "| repository | command | time | CPU | vs git | target | peak RSS |", "|---|---|---|---|---|---|---|"]
    for row in targets["rows"]:
        base = next(other for other in targets["rows"] if other["case"] == row["case"] and other["command"] == row["baseline"])
        factor = row["ms"]["median"] / base["ms"]["median"] if base["ms"]["median"] else None
        target = verdict(factor, row["target"])
        if row["target"] is not None and row["rss_kib"] is not None:
            target += f"; RSS {verdict(row['rss_kib'] / 1024 / STARTUP_TARGETS['rss_mib'], 1.0).split(' ')[0]} (≤{STARTUP_TARGETS['rss_mib']:g} MiB)"
        lines.append(f"| {row['case']} | `{row['command']}` | {spread(row['ms'], ' ms')} | {row['cpu_ms']:.1f} ms | "
                     f"{ratio(row['ms'], base['ms'])} | {target} | {mib(row['rss_kib'])} |")
    lines.append("")
    if targets.get("tab"):
        lines += ["TAB through bash (bash-completion, git's completion script and `completions/git-codecloud.bash`). "
                  "Warm: one shell, scripts already loaded, the two lines alternating; cold: a new shell's first "
                  "TAB, which loads git's completion (and, for `git codecloud `, git-codecloud's script). Peak RSS: "
                  "the cold shell and its children.", "",
                  "| TAB | warm | cold (first in a shell) | vs git (warm) | target | candidates | peak RSS |",
                  "|---|---|---|---|---|---|---|"]
        git_row = next(row for row in targets["tab"] if row["command"] == "git <TAB>")
        for row in targets["tab"]:
            factor = row["warm_ms"]["median"] / git_row["warm_ms"]["median"] if row["warm_ms"] and git_row["warm_ms"] else None
            target = verdict(factor, STARTUP_TARGETS["tab"]) if row is not git_row else ""
            lines.append(f"| `{row['command']}` | {spread(row['warm_ms'], ' ms', 2)} | {spread(row['cold_ms'], ' ms', 1)} | "
                         f"{ratio(row['warm_ms'], git_row['warm_ms'])} | {target} | {row['candidates']} | {mib(row['rss_kib'])} |")
        lines.append("")
    return lines


# ----------------------------------------------------------------------------------------------
# Report

def spread(value, unit="", digits=1):
    if value is None:
        return "–"
    form = f"{{:.{digits}f}}"
    return f"{form.format(value['median'])}{unit} ({form.format(value['min'])}–{form.format(value['max'])}, n={value['n']})"


def mib(kib):
    return "–" if kib is None else f"{kib / 1024:.1f} MiB"


def ratio(numerator, denominator):
    if not numerator or not denominator or not denominator["median"]:
        return "–"
    return f"{numerator['median'] / denominator['median']:.2f}×"


def write_report(path, results, context, elapsed):
    m = results["machine"]
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {elapsed:.0f} s in all). "
        "Medians with the min–max spread and the number of samples; no pass/fail thresholds. "
        "Rerun with `make bench` (about 10 minutes; `BENCH_QUICK=1` for a 2-minute smoke run).",
        "",
        "## Machine",
        "",
        "| | |", "|---|---|",
        f"| CPUs (`nproc`) | {m['cpus']} × {m['cpu']} |",
        f"| memory | {m['memory']} |",
        f"| OS | {m['os']} |",
        f"| Swift | {m['swift']} |",
        f"| git | {m['git']} |",
        f"| libgit2 | {m['libgit2']} |",
        f"| hyperfine | {m['hyperfine']} |",
        f"| load average (1/5/15 min) at start | {m['load']} |",
        f"| load average at end | {' '.join(f'{value:.2f}' for value in os.getloadavg())} |",
        "",
        "`git-codecloud` is a release build (`swift build -c release --static-swift-stdlib`, as `make release` and the "
        "packages build it); the emulator a debug build "
        "(its speed is the same for both sides of every comparison). Every command runs with a "
        "scratch HOME and `GIT_CONFIG_NOSYSTEM=1`. A load average above the CPU count means other "
        "work shared the machine: absolute times are then inflated (ratios less so, since the two "
        "sides of each comparison run interleaved or at the same time).",
        "",
    ]
    if "startup" in results:
        lines += ["## 1. Local start-up", "",
                  "Wall time of each command run directly (no shell), the variants interleaved, in a clone "
                  "of a small repository and of the large synthetic one; the git side is two processes. "
                  "`git status --porcelain` is a reference point (`status` also scans the work tree for "
                  "changes); `/bin/true` is the cost of starting any process from the harness. The service "
                  "URL points at a closed port: `status` needs no network.", "",
                  "| repository | command | time | vs rev-parse + get-url | peak RSS |", "|---|---|---|---|---|"]
        by_repository = {}
        for row in results["startup"]:
            by_repository.setdefault(row["repository"], {})[row["command"]] = row
        for repository, rows in by_repository.items():
            base = rows["git rev-parse --abbrev-ref HEAD && git remote get-url origin"]["ms"]
            for command, row in rows.items():
                lines.append(f"| {repository} | `{command}` | {spread(row['ms'], ' ms')} | {ratio(row['ms'], base)} | {mib(row['rss_kib'])} |")
        lines.append("")
    if "landing" in results:
        landing = results["landing"]
        info = context.get("large_info", {})
        lines += ["## 2. Landing a PR branch", "",
                  f"Large synthetic repository made by `Tests/Benchmarks/make_large_repo.py` with `git fast-import` "
                  f"({info.get('files')} files, {info.get('commits')} commits, {info.get('branches')} branches, "
                  f"{info.get('bytes', 0) / 1024 / 1024:.0f} MiB packed; {info.get('seconds')} s to generate). "
                  "The run was made with `git codecloud fix --no-checkout` against the emulator; only the "
                  "checkout is timed, the sides taking turns in the same rounds (medians; cold n=5, warm n=15). Cold: a copy of a clone made before the run existed (the PR branch's "
                  "objects must be fetched). Warm: the same clone after one landing, local branch deleted "
                  "(nothing to transfer); the run was landed here before, so its branch is fetched while the service "
                  "is asked (a warm landing that took another path fails the benchmark). Transports: *file* = the remote is the bare repository's path "
                  "(git runs upload-pack); *smart HTTP* = the emulator "
                  "serving the repository through `git http-backend`, as GitHub serves https. "
                  "The branch is always fetched with `git fetch` (docs/ARCHITECTURE.md). "
                  "Every landing writes through git (`git update-ref` compare-and-swap, `git checkout`, "
                  "`git merge --ff-only`, `git worktree add`; docs/LANDING.md), so the tool's cost over the "
                  "baseline is its reads: the API call for the run, the dirty and ignored-file pre-flight. "
                  "Targets: time at most 1.3× and peak RSS at most 2× the git baseline in the same case. "
                  "The third row of each case is a reference, not a baseline: plain git made to refuse a dirty "
                  "work tree first, as the tool does (`git status -uno`, one pass over the 20,000 files that "
                  "`git fetch` + `git checkout` never make), then the same two commands.", "",
                  "| case | command | time | vs git | peak RSS | RSS vs git |", "|---|---|---|---|---|---|"]
        rows = landing["rows"]
        for row in rows:
            baseline = next(other for other in rows if other["case"] == row["case"] and other["command"].startswith("git fetch"))
            rss_ratio = (f"{row['rss_kib'] / baseline['rss_kib']:.2f}×"
                         if row.get("rss_kib") and baseline.get("rss_kib") else "–")
            lines.append(f"| {row['case']} | `{row['command']}` | {spread(row['ms'], ' ms', 0)} | "
                         f"{ratio(row['ms'], baseline['ms'])} | {mib(row['rss_kib'])} | {rss_ratio} |")
        lines.append("")
    if "waiting" in results:
        lines += ["## 3. Waiting for a run", "",
                  "The emulator with `--agent-delay` 3, 20 and 60 s and an agent that then works a random "
                  "0–5 s (so runs end at random phases of a 5 s poller). Both waiters run at the same time on separate pro keys, so no run queues. "
                  "Detection lag: the moment the waiter returned minus the run's `completedAt` (ms, from "
                  "the API). Requests: GETs of the run in the emulator's request log. "
                  "git codecloud: `git codecloud wait RUN --no-checkout` (0.5 s at first, then 15 % of the "
                  "time the status has lasted, capped at 5 s). Baseline: `Tests/Benchmarks/poll5.sh` "
                  "(curl, GET every 5 s).", "",
                  "| agent delay | waiter | detection lag | GET requests per run | peak RSS | failures |",
                  "|---|---|---|---|---|---|"]
        for row in results["waiting"]:
            rss = mib(row["rss_kib"]["median"]) if row["rss_kib"] else "–"
            lines.append(f"| {row['delay']} s | {row['waiter']} | {spread(row['lag_ms'], ' ms', 0)} | "
                         f"{spread(row['gets'], '', 1)} | {rss} | {row['failures']} |")
        lines.append("")
    if "fanout" in results:
        fanout = results["fanout"]
        lines += ["## 3b. Waiting for a fan-out", "",
                  f"`git codecloud fix … --attempts 5 --no-checkout` against a plain `fix … --no-checkout`, "
                  f"both at once on separate pro keys (nothing queues); agent delay {fanout['agent_delay']} s plus a "
                  "random 0–5 s per run. Requests: GETs of the runs API in the emulator's request log (for five "
                  "attempts: one `GET /api/v1/agents` per tick plus one GET of each run as it finishes; for one: "
                  "the polls of that run). Detection lag, per run: when the tool printed the run's `completed` line on stderr "
                  "minus the run's `completedAt`. "
                  "The bound is 1.5× the requests of one at no worse lag.", "",
                  "| attempts | GET requests | vs one | detection lag per run | failures |", "|---|---|---|---|---|"]
        one = next((row["requests"] for row in fanout["rows"] if row["attempts"] == 1), None)
        for row in fanout["rows"]:
            lines.append(f"| {row['attempts']} | {spread(row['requests'], '', 1)} | {ratio(row['requests'], one)} | "
                         f"{spread(row['lag_ms'], ' ms', 0)} | {len(row['failures'])} |")
            for failure in row["failures"]:
                lines.append(f"\nFailure ({row['attempts']} attempts): `{failure}`")
        lines.append("")
    if "loop" in results:
        loop = results["loop"]
        lines += ["## 4. The whole loop", "",
                  f"Submit, wait, fetch and check out, in a fresh clone of a small repository, agent delay "
                  f"{loop['agent_delay']} s; the two sides alternate. Overhead = wall time minus the agent's own "
                  "time (`completedAt − startedAt`): submission, detection lag, fetch and checkout. Baseline: "
                  "`Tests/Benchmarks/loop.sh` (curl POST, GET every 5 s, `git fetch` + `git checkout -b --track`).", "",
                  "| loop | wall | agent | overhead | peak RSS | landed |", "|---|---|---|---|---|---|"]
        for row in loop["rows"]:
            rss = mib(row["rss_kib"]["median"]) if row["rss_kib"] else "–"
            n = row["wall_s"]["n"] if row["wall_s"] else 0
            lines.append(f"| {row['loop']} | {spread(row['wall_s'], ' s', 2)} | {spread(row['agent_s'], ' s', 2)} | "
                         f"{spread(row['overhead_s'], ' s', 2)} | {rss} | {row['landed']}/{n} |")
            for failure in row["failures"]:
                lines.append(f"\nFailure ({row['loop']}): `{failure}`")
        lines.append("")
    lines += ["## 5. Memory", "",
              "Peak RSS (`/usr/bin/time -f %M`, the largest process of the command's tree) is in the last "
              "columns above; for the shell baselines it is the largest of sh, curl and git.", ""]
    if "targets" in results:
        lines += report_targets(results["targets"])
    notes = os.path.join(HERE, "NOTES.md")
    if os.path.exists(notes):
        lines += open(notes).read().splitlines()
    with open(path, "w") as handle:
        handle.write("\n".join(lines) + "\n")


# ----------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", required=True)
    parser.add_argument("--emulator", required=True)
    parser.add_argument("--out", default=os.path.join(ROOT, "BENCHMARKS.md"))
    parser.add_argument("--quick", action="store_true", help="few samples, small repository, short delays")
    parser.add_argument("--only", default="startup,targets,landing,waiting,fanout,loop")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = parser.parse_args()
    for tool in ("hyperfine", "/usr/bin/time", "curl", "git"):
        if not shutil.which(tool):
            sys.exit(f"error: {tool} is missing\nhint: run .ci/bootstrap.sh --bench (installs hyperfine, time and curl with apt-get)")
    began = time.monotonic()
    scratch = tempfile.mkdtemp(prefix="codecloud-bench-")
    home = os.path.join(scratch, "home")
    git_root = os.path.join(scratch, "git")
    os.makedirs(home)
    os.makedirs(git_root)
    only = set(args.only.split(","))
    context = {
        "cli": os.path.abspath(args.cli), "emulator_binary": os.path.abspath(args.emulator),
        "scratch": scratch, "home": home, "git_root": git_root,
        "runs": {"startup": 10 if args.quick else 60, "landing": 2 if args.quick else 5,
                 "waiting": 2 if args.quick else 5, "loop": 2 if args.quick else 5, "fanout": 2 if args.quick else 6},
        "delays": [3] if args.quick else [3, 20, 60],
        "loop_delay": 3,
        "fanout_delay": 8 if args.quick else 20,
    }
    results = {"machine": machine()}
    try:
        base_env = scratch_environment(home)
        context["small_bare"] = make_small_repository(git_root, "bench", "small", base_env)
        context["small_clone"] = clone(context["small_bare"], os.path.join(scratch, "small-clone"), base_env)
        size = ["--files", "2000", "--commits", "200", "--branches", "100"] if args.quick else []
        made = subprocess.run([sys.executable, os.path.join(HERE, "make_large_repo.py"),
                               os.path.join(git_root, "bench", "large.git")] + size,
                              env=base_env, capture_output=True, text=True, check=True)
        context["large_info"] = json.loads(made.stdout)
        print(f"bench: generated {context['large_info']}", file=sys.stderr)
        context["large_template"] = clone(os.path.join(git_root, "bench", "large.git"), os.path.join(scratch, "large-template"), base_env)
        context["large_clone"] = context["large_template"]
        # Start-up needs no service; point it at a closed loopback port to prove it.
        context["env_offline"] = scratch_environment(home, "http://127.0.0.1:9", KEY)
        if "startup" in only:
            print("bench: start-up", file=sys.stderr)
            bench_startup(context, results)
        if "targets" in only:
            print("bench: start-up against git (targets)", file=sys.stderr)
            bench_targets(context, results)
        if "landing" in only:
            print("bench: landing", file=sys.stderr)
            with Emulator(context["emulator_binary"], git_root, log_dir=scratch) as emulator:
                context["emulator"] = emulator
                context["env"] = scratch_environment(home, emulator.url, KEY)
                bench_landing(context, results)
        if "waiting" in only:
            print("bench: waiting (3, 20, 60 s agents)", file=sys.stderr)
            bench_waiting(context, results)
        if "fanout" in only:
            print("bench: fan-out (1 against 5 attempts)", file=sys.stderr)
            bench_fanout(context, results)
        if "loop" in only:
            print("bench: whole loop", file=sys.stderr)
            bench_loop(context, results)
    finally:
        os.makedirs(os.path.join(ROOT, ".build-bench"), exist_ok=True)
        with open(os.path.join(ROOT, ".build-bench", "results.json"), "w") as handle:
            json.dump(results, handle, indent=1, default=str)
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
        else:
            print(f"bench: kept {scratch}", file=sys.stderr)
    write_report(args.out, results, context, time.monotonic() - began)
    print(f"bench: wrote {args.out} in {time.monotonic() - began:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
