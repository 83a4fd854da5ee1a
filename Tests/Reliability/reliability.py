#!/usr/bin/env python3
"""`make reliability`: API faults, the local safety matrix, secrets, interrupts and fuzzing, with
the figures written to RELIABILITY.md. Exit status 1 when any check found a problem.

    reliability.py --cli PATH/git-codecloud --emulator PATH/codecloud-emulator [--out RELIABILITY.md]
                   [--fuzz-seconds 60] [--only faults,safety,secrets,interrupts,fuzz] [--quick]
"""

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import faults  # noqa: E402
import interrupts  # noqa: E402
import safety  # noqa: E402
import secret_leaks as secrets_suite  # noqa: E402


def log(message):
    print(message, file=sys.stderr, flush=True)


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join(str(cell).replace("|", "\\|").replace("\n", " ") for cell in row) + " |")
    return lines


def report_faults(results, skipped):
    lines = ["## API faults", "",
             "Every command that talks to codecloud, against the emulator's fault controls "
             "(`POST /_emulator/faults`), one fault kind per case, each in a fresh emulator state and clone, "
             "with `CODECLOUD_DEBUG=1`. *once*: only the first matching request is spoiled; *always*: every "
             "one is. `retried` = exit 0 after the fault hit (success via retry); `error N` = exit N with one "
             "`error:` line. Duplicates are counted from the request log (create requests answered 201) and, "
             "for follow-ups, from the commits on the PR branch. The last rows are a service that answers within the "
             "reference but not as the emulator does (issue 11): odd `Retry-After` values, an unknown status, hostile "
             "text (OSC 52, OSC 8, CSI 2J, C1 CSI, a bidi override) in every field and in an error message, an ignored "
             "`offset`, a follow-up failing at once; a control character reaching stdout or stderr counts as a problem.", ""]
    seen_targets = {result["target"] for result in results}
    seen_faults = {result["fault"] for result in results}
    targets = [target[0] for target in faults.TARGETS if target[0] in seen_targets]
    fault_labels = [label for label, _ in faults.ONCE + faults.PERSISTENT + [faults.DELAY] + [(label, rule) for label, rule, _ in faults.HOSTILE]
                    if label in seen_faults]
    by = {(result["target"], result["fault"]): result for result in results}
    rows = []
    for label in fault_labels:
        row = [label]
        for target in targets:
            result = by.get((target, label))
            cell = "–" if result is None else result["outcome"] + (" ⚠" if result["problems"] else "")
            row.append(cell)
        rows.append(row)
    lines += table(["fault \\ command"] + targets, rows)
    lines += ["", "`ok (no request)`: the command never called the service (`status` works offline), so the fault was "
              "never served."]
    problems = [result for result in results if result["problems"]]
    outcomes = collections.Counter(result["outcome"].split()[0] for result in results)
    lines += ["", f"{len(results)} cases, {sum(result['faults_applied'] for result in results)} faulty answers served; "
              f"{outcomes.get('retried', 0)} succeeded via retry, {outcomes.get('ok', 0)} succeeded untouched, "
              f"{outcomes.get('error', 0)} ended in a documented exit code with one `error:` line; "
              f"{len(problems)} with problems.", ""]
    if skipped:
        lines += [f"Not run (no such command in this build yet): {', '.join(skipped)}.", ""]
    messages = {}
    for result in results:
        if result["error"]:
            messages.setdefault(result["error"], (result["hint"], []))[1].append(f"{result['target']}: {result['fault']}")
    lines += ["Messages seen (one per distinct `error:` line):", ""]
    for error, (hint, where) in sorted(messages.items(), key=lambda item: -len(item[1][1])):
        lines.append(f"- `{error}` — `{hint}` ({len(where)} cases, e.g. {where[0]})")
    slow = sorted(results, key=lambda result: -result["seconds"])[:5]
    lines += ["", "Slowest cases: " + "; ".join(f"{result['target']} / {result['fault']} {result['seconds']} s" for result in slow), ""]
    if problems:
        lines += ["Problems:", ""] + [f"- {result['target']} / {result['fault']}: {'; '.join(result['problems'])}" for result in problems] + [""]
    return lines, len(problems)


def report_safety(results):
    lines = ["## Local safety matrix", "",
             "`git codecloud checkout RUN` (and `fix` where named) in a clone put into each state first. Work tree "
             "(every file's SHA-256), index (`git ls-files -s`), `git diff`/`--cached`, all refs "
             "(`git for-each-ref`) and every reflog file hashed before and after. A refusal must change nothing "
             "local; going ahead must lose nothing (changed files keep their bytes, branches only fast-forward or "
             "get a `refs/codecloud/backup/…` ref, the old HEAD stays reachable, reflogs only grow).", ""]
    rows = [[result["case"], f"`{result['command']}`", result["outcome"], f"`{result['error']}`" if result["error"] else result["head_after"],
             "; ".join(result["problems"]) or "nothing lost"] for result in results]
    lines += table(["state", "command", "outcome", "message / HEAD after", "check"], rows)
    problems = sum(1 for result in results if result["problems"])
    lines += ["", f"{len(results)} cases, {problems} with problems.", ""]
    return lines, problems


def report_secrets(result):
    lines = ["## Secrets", "",
             f"{result['commands']} commands run with `CODECLOUD_DEBUG=1` and a known key — from the environment, "
             "from the 0600 credentials file (`auth login --with-key`) and from a git credential helper "
             "(`credential.helper store`), including injected 401/500/malformed answers. Searched for the key and "
             "every 12-character piece of it: stdout and stderr of every command, every file under the scratch "
             "HOME and the repository (the credential stores themselves excepted), the argv of every `git` child "
             f"(a logging shim first on PATH: {result['git_children']} children — "
             f"{', '.join(result['git_subcommands'])}), and the emulator's request log.", "",
             f"Commands: {', '.join(label for label, *_ in result['labels'])}.", "",
             f"Found: {'; '.join(result['problems']) if result['problems'] else 'nowhere'}.", ""]
    if result["failed_commands"]:
        lines += [f"Commands that failed unexpectedly: {'; '.join(result['failed_commands'])}.", ""]
    return lines, len(result["problems"]) + len(result["failed_commands"])


def report_interrupts(results):
    lines = ["## Interrupts", "",
             "`git codecloud fix` interrupted at a random moment of each phase: SIGINT to the process group (as "
             "Ctrl-C sends it), SIGTERM to the process (as `kill` sends it). Submit: the create request held 2.5 s "
             "by a fault; wait: a 3 s agent; fetch: `codecloud.fetch git` with a `git` shim that sleeps 2 s; "
             "checkout: a PR branch bringing 12,000 files. After each: no `index.lock`, `git status` works, HEAD "
             "names a commit, the tree is clean (never half checked out), at most one run created; when the "
             "message names a resume command, it is run and must land the branch.", ""]
    rows = [[result["phase"], result["signal"], f"{result['sent_after_s']} s", result["rc"],
             f"`{result['resume']}` → exit {result['resumed_rc']}" if result["resume"] else "–",
             f"`{result['message'][:140]}`", "; ".join(result["problems"]) or "consistent"] for result in results]
    lines += table(["phase", "signal", "sent after", "exit", "resume", "last lines", "check"], rows)
    codes = collections.Counter((result["phase"], result["signal"], result["rc"]) for result in results)
    problems = sum(1 for result in results if result["problems"])
    lines += ["", f"{len(results)} interrupts, {problems} with problems. Exit codes by phase and signal: "
              + ", ".join(f"{phase}/{name} → {rc} ×{count}" for (phase, name, rc), count in sorted(codes.items(), key=str)) + ".", "",
              "What the tool does: during submit and wait, SIGINT and SIGTERM both end the command with exit 130 "
              "(the documented `interrupted` code; SIGTERM does not give 143) after the create request, if sent, "
              "has been answered, and the message names the run and `git codecloud wait RUN`. A Ctrl-C (SIGINT to "
              "the process group, as a terminal sends it) or a SIGTERM to the tool alone during a `git fetch` "
              "child stops the fetch too, before it moves any ref: exit 130 and the same resume command. Any "
              "signal during the checkout lets the landing finish (git writes the work tree with SIGINT "
              "blocked, so a Ctrl-C cannot leave it half checked out): the branch is checked out and the "
              "command exits 0.", ""]
    return lines, problems


def report_fuzz(summary_rows, status, seconds):
    lines = ["## Fuzzing", "",
             f"libFuzzer (`swiftc -sanitize=fuzzer,address`, the parser's sources compiled straight into a harness; "
             f"`Tests/Reliability/Fuzz/fuzz.sh`), {seconds} s per target, the three side by side, seeded from "
             "`Tests/Reliability/Fuzz/seeds/` and the API wire fixtures, with a token dictionary each. Beyond not "
             "crashing, the harnesses check invariants: a parsed remote's owner/name are valid and round-trip "
             "through `RepositorySlug(validating:)`, redaction is idempotent; a parsed cron expression's normalised "
             "text re-parses equal, `nextFiring` is after the start exactly when `canFire`, the 15-minute check "
             "terminates; every decoded API object re-encodes and decodes again.", ""]
    lines += table(["target", "seconds", "executions", "coverage (edges)", "corpus", "crashes"], summary_rows)
    lines += ["", "Result: " + ("no crash and no invariant broken." if status == 0 else "CRASHES — see .build-fuzz/crashes/."), ""]
    return lines, 0 if status == 0 else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", required=True)
    parser.add_argument("--emulator", required=True)
    parser.add_argument("--out", default=os.path.join(ROOT, "RELIABILITY.md"))
    parser.add_argument("--fuzz-seconds", type=int, default=int(os.environ.get("FUZZ_SECONDS", "60")))
    parser.add_argument("--only", default="faults,safety,secrets,interrupts,fuzz")
    parser.add_argument("--quick", action="store_true", help="faults once only, one interrupt per phase and signal")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    only = set(args.only.split(","))
    cli, emulator = os.path.abspath(args.cli), os.path.abspath(args.emulator)
    began = time.monotonic()
    scratch = tempfile.mkdtemp(prefix="codecloud-reliability-")
    sections, problems = [], 0
    raw = {}
    fuzz = None
    try:
        if "fuzz" in only:  # in the background: the fault cases mostly wait
            fuzz = subprocess.Popen([os.path.join(HERE, "Fuzz", "fuzz.sh"), str(args.fuzz_seconds)],
                                    stdout=subprocess.DEVNULL, stderr=open(os.path.join(scratch, "fuzz.log"), "w"))
        if "faults" in only:
            log("reliability: API faults")
            results, skipped = faults.run_matrix(cli, emulator, tempfile.mkdtemp(dir=scratch), workers=args.workers,
                                                 quick=args.quick, log=log)
            raw["faults"] = results
            lines, count = report_faults(results, skipped)
            sections.append(lines)
            problems += count
        if "safety" in only:
            log("reliability: local safety matrix")
            results = safety.run_matrix(cli, emulator, tempfile.mkdtemp(dir=scratch), log=log)
            raw["safety"] = results
            lines, count = report_safety(results)
            sections.append(lines)
            problems += count
        if "secrets" in only:
            log("reliability: secrets")
            result = secrets_suite.run_suite(cli, emulator, tempfile.mkdtemp(dir=scratch), log=log)
            raw["secrets"] = result
            lines, count = report_secrets(result)
            sections.append(lines)
            problems += count
        if fuzz is not None:
            log("reliability: waiting for the fuzzers")
            status = fuzz.wait()
            summary_path = os.path.join(ROOT, ".build-fuzz", "summary.tsv")
            rows = [line.split("\t") for line in open(summary_path).read().splitlines()[1:]] if os.path.exists(summary_path) else []
            if not rows:
                log(open(os.path.join(scratch, "fuzz.log")).read())
            raw["fuzz"] = rows
            lines, count = report_fuzz(rows, status, args.fuzz_seconds)
            sections.append(lines)
            problems += count
        if "interrupts" in only:
            log("reliability: interrupts")
            results = interrupts.run_suite(cli, emulator, tempfile.mkdtemp(dir=scratch), repetitions=1 if args.quick else 2, log=log)
            raw["interrupts"] = results
            lines, count = report_interrupts(results)
            sections.append(lines)
            problems += count
    finally:
        if fuzz is not None and fuzz.poll() is None:
            fuzz.kill()
        os.makedirs(os.path.join(ROOT, ".build-reliability"), exist_ok=True)
        with open(os.path.join(ROOT, ".build-reliability", "results.json"), "w") as handle:
            json.dump(raw, handle, indent=1, default=str)
        shutil.rmtree(scratch, ignore_errors=True)
    elapsed = time.monotonic() - began
    header = ["# Reliability", "",
              f"Measured by `make reliability` ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {elapsed:.0f} s; "
              f"{os.cpu_count()} CPUs, load average {' '.join(f'{value:.1f}' for value in os.getloadavg())} at the end). "
              "Debug builds of `git-codecloud` and `codecloud-emulator`; every child has a scratch HOME and "
              f"`GIT_CONFIG_NOSYSTEM=1`. Problems found by this run: **{problems}**. Findings and fixes made while "
              "building the suite are listed at the end.", ""]
    body = [line for section in sections for line in section]
    findings_path = os.path.join(HERE, "FINDINGS.md")
    findings = open(findings_path).read().splitlines() if os.path.exists(findings_path) else []
    with open(args.out, "w") as handle:
        handle.write("\n".join(header + body + findings) + "\n")
    log(f"reliability: wrote {args.out} in {elapsed:.0f} s; problems: {problems}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
