#!/usr/bin/env python3
"""Writes packaging/symbol-order.txt: the functions of the release binary that start-up, `--help`,
`status`, `list`, `show` and landings (a small repository, whose dirty check libgit2 makes, and a
3,000-file one, where git's `git status` does, over the file and the smart HTTP transport) execute, in the order they first run, for lld's
--symbol-ordering-file (Makefile, RELEASE_FLAGS). Laid out together, those few megabytes of code
are paged in together instead of from all over a 17 MB text section: the binary's resident code on
a landing falls from 12 to about 8 MiB.

Names the binary defines more than once (local symbols such as a generic value witness, `$sSqwcp`,
or a merged function, `objectdestroy.8Tm`, which many objects have) go last: lld moves every
section that defines a listed name, and among them are sections without function-level
splitting (the whole of _RegexParser and _StringProcessing, 0.9 MB that never runs). Listed in
first-run order they sat inside the hot region; left out, the 90 of them a landing runs were
scattered over the cold code, each paging in its own 64 KiB. Last, they are together after the
hot region, and the big sections among them stay cold.

Run by `make symbol-order` after a change that moves the start-up or landing path; a stale list
only costs memory (symbols no longer there are skipped, new ones are placed anywhere).
Needs valgrind (callgrind) and the emulator. Python 3.9+, standard library."""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from harness import KEY, Emulator, clone, make_small_repository, scratch_environment  # noqa: E402


def functions(profile, binary):
    """The functions of `binary` in a callgrind profile, in the order the profile lists them."""
    tables, current, hits = {"ob": {}, "fn": {}}, None, []
    with open(profile, errors="replace") as handle:
        for line in handle:
            # `ob=(n) name` / `fn=(n) name` name object n or function n (later `ob=(n)` alone);
            # the `c` forms name a callee's, which may be the first mention of its name.
            match = re.match(r"^(c?)(ob|fn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
            if not match:
                continue
            callee, table, number, name = match.groups()
            if name:
                tables[table][number] = name
            if not callee and table == "ob":
                current = tables["ob"].get(number)
            elif not callee:
                hits.append((current, number))
    names = tables["fn"]
    for obj, number in hits:
        name = names.get(number)
        if obj == binary and name and not name.startswith("0x"):
            yield re.sub(r"'\d+$", "", name)


def names_defined_more_than_once(binary):
    """The symbol names `nm` lists more than once among `binary`'s definitions."""
    listing = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True).stdout
    counts = {}
    for line in listing.splitlines():
        fields = line.split()
        if len(fields) == 3:
            counts[fields[2]] = counts.get(fields[2], 0) + 1
    return {name for name, count in counts.items() if count > 1}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", required=True)
    parser.add_argument("--emulator", required=True)
    parser.add_argument("--out", default=os.path.join(HERE, "..", "..", "packaging", "symbol-order.txt"))
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="codecloud-order-")
    try:
        # valgrind 3.19 cannot read lld's DWARF; the symbol table is all callgrind needs.
        binary = os.path.join(scratch, "git-codecloud")
        subprocess.run(["objcopy", "--strip-debug", args.cli, binary], check=True)
        home, git_root = os.path.join(scratch, "home"), os.path.join(scratch, "git")
        os.makedirs(home)
        os.makedirs(git_root)
        base = scratch_environment(home)
        small = clone(make_small_repository(git_root, "bench", "small", base), os.path.join(scratch, "small"), base)
        subprocess.run([sys.executable, os.path.join(HERE, "make_large_repo.py"), os.path.join(git_root, "bench", "large.git"),
                        "--files", "3000", "--commits", "50", "--branches", "5"], env=base, check=True, capture_output=True)
        large = clone(os.path.join(git_root, "bench", "large.git"), os.path.join(scratch, "large"), base)
        ordered, seen = [], set()
        with Emulator(args.emulator, git_root, log_dir=scratch) as emulator:
            env = scratch_environment(home, emulator.url, KEY)
            large_http = clone(f"{emulator.url}/bench/large.git", os.path.join(scratch, "large-http"), env)

            def submit(work):
                submitted = subprocess.run([binary, "fix", "Order the symbols", "--no-checkout", "--json"],
                                           cwd=work, env=env, capture_output=True, text=True, check=True)
                return json.loads(submitted.stdout)["run"]["id"]

            small_run, large_run = submit(small), submit(large)
            commands = [(small, ["--version"]), (small, ["--help"]), (large, ["status"]), (large, ["checkout", large_run]),
                        (large_http, ["checkout", large_run]), (small, ["checkout", small_run]), (small, ["list"]),
                        (small, ["show", small_run])]
            for number, (work, command) in enumerate(commands):
                profile = os.path.join(scratch, f"callgrind.{number}")
                subprocess.run(["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={profile}", binary] + command,
                               cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                for name in functions(profile, binary):
                    if name not in seen:
                        seen.add(name)
                        ordered.append(name)
        ambiguous = names_defined_more_than_once(binary)
        kept = [name for name in ordered if name not in ambiguous] + [name for name in ordered if name in ambiguous]
        with open(args.out, "w") as handle:
            handle.write("\n".join(kept) + "\n")
        print(f"symbol-order: {len(kept)} functions written to {os.path.relpath(args.out)} "
              f"(the {sum(1 for name in ordered if name in ambiguous)} defined more than once last)", file=sys.stderr)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
