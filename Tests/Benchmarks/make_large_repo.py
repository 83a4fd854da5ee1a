#!/usr/bin/env python3
"""Generates a large synthetic bare repository with `git fast-import` (seconds, not minutes).

    make_large_repo.py DEST.git [--files 20000] [--commits 5000] [--branches 1000] [--seed 7]

The first commit adds every file (spread over directories, 100 files each, a few hundred bytes
of text apiece); each later commit edits a handful of files; `main` ends at the last commit and
the branches `topic/NNNN` point at commits spread across the history, every tenth with one
commit of its own. Deterministic for a given seed. Prints what it made as JSON on stdout.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time

WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
         "sigma tau upsilon phi chi psi omega request response handler cache index parser token "
         "branch commit remote fetch merge rebase config module package build test").split()


def file_path(index):
    return f"src/module{index // 100:04d}/file{index % 100:02d}.txt"


def file_text(rng, index, revision):
    words = " ".join(rng.choice(WORDS) for _ in range(40))
    return f"// file {index} revision {revision}\n{words}\n{words[::-1]}\n".encode()


def generate(stream, args):
    rng = random.Random(args.seed)
    epoch = 1_700_000_000
    mark = 0

    def write(text):
        stream.write(text.encode() if isinstance(text, str) else text)

    def blob(data):
        nonlocal mark
        mark += 1
        write(f"blob\nmark :{mark}\ndata {len(data)}\n")
        write(data)
        write("\n")
        return mark

    def commit(ref, message, changes, parent, when):
        nonlocal mark
        mark += 1
        this = mark
        write(f"commit {ref}\nmark :{this}\n")
        write(f"author Bench <bench@example.com> {when} +0000\n")
        write(f"committer Bench <bench@example.com> {when} +0000\n")
        data = message.encode()
        write(f"data {len(data)}\n")
        write(data)
        write("\n")
        if parent is not None:
            write(f"from :{parent}\n")
        for path, blob_mark in changes:
            write(f"M 100644 :{blob_mark} {path}\n")
        write("\n")
        return this

    initial = [(file_path(i), blob(file_text(rng, i, 0))) for i in range(args.files)]
    commits = [commit("refs/heads/main", "Initial import\n", initial, None, epoch)]
    for number in range(1, args.commits):
        touched = rng.sample(range(args.files), 5)
        changes = [(file_path(i), blob(file_text(rng, i, number))) for i in touched]
        commits.append(commit("refs/heads/main", f"Change {number}\n", changes, commits[-1], epoch + number * 60))

    for number in range(args.branches):
        ref = f"refs/heads/topic/{number:04d}"
        base = commits[(number * 7919) % len(commits)]
        if number % 10 == 0:
            index = rng.randrange(args.files)
            changes = [(file_path(index), blob(file_text(rng, index, -number - 1)))]
            commit(ref, f"Topic {number}\n", changes, base, epoch + args.commits * 60 + number)
        else:
            write(f"reset {ref}\nfrom :{base}\n\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("destination")
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--commits", type=int, default=5_000)
    parser.add_argument("--branches", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    started = time.monotonic()
    destination = os.path.abspath(args.destination)
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", destination], check=True)
    importer = subprocess.Popen(["git", "fast-import", "--quiet", "--force"], cwd=destination,
                                stdin=subprocess.PIPE)
    generate(importer.stdin, args)
    importer.stdin.close()
    if importer.wait() != 0:
        sys.exit("error: git fast-import failed")
    # One pack with bitmaps, as a hosting service would serve it.
    subprocess.run(["git", "repack", "-adq", "--write-bitmap-index"], cwd=destination, check=True)
    size = sum(os.path.getsize(os.path.join(folder, name))
               for folder, _, names in os.walk(destination) for name in names)
    json.dump({"path": destination, "files": args.files, "commits": args.commits,
               "branches": args.branches + 1, "bytes": size,
               "seconds": round(time.monotonic() - started, 1)}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
