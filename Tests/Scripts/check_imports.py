#!/usr/bin/env python3
"""Fails when a Swift target imports a module it does not declare as a direct dependency.

SwiftPM's `--explicit-target-dependency-import-check error` accepts a module that arrives
transitively (CodecloudCLI importing CodecloudAPI through CodecloudCore), so an import can
outlive the dependency that happened to bring it and break a build far away. This check reads
the package graph from `swift package dump-package` and every `import` in each target's
sources, and names each import that is not the target itself, a toolchain module, or one of
its declared dependencies (a target by name, or a product: its own module name, or the
modules listed in PRODUCT_MODULES for products that vend other names).

Usage: check_imports.py [--package-dump FILE]   (default: runs `swift package dump-package`)
Exit 0 when every import is declared, 1 otherwise (one line per missing dependency).
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys

# Modules that ship with the toolchain or the OS: never declared in Package.swift.
TOOLCHAIN_MODULES = {
    "Foundation", "FoundationEssentials", "FoundationNetworking", "FoundationXML",
    "Glibc", "Musl", "Darwin", "Dispatch", "Synchronization", "Testing", "XCTest",
    "_Concurrency", "Observation", "os",
}

# Products whose module name differs from the product name.
PRODUCT_MODULES = {
    "Crypto": {"Crypto"},
    "Subprocess": {"Subprocess"},
}

IMPORT = re.compile(
    r"^\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*(?:public\s+|internal\s+|package\s+|private\s+|fileprivate\s+)?"
    r"import\s+(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?([A-Za-z_][A-Za-z0-9_]*)",
    re.MULTILINE,
)


def declared_modules(target):
    names = {target["name"]}
    for dependency in target["dependencies"]:
        if "byName" in dependency:
            names.add(dependency["byName"][0])
        elif "target" in dependency:
            names.add(dependency["target"][0])
        elif "product" in dependency:
            product = dependency["product"][0]
            names |= PRODUCT_MODULES.get(product, {product})
    return names


def target_directory(root, target):
    if target.get("path"):
        return root / target["path"]
    base = "Tests" if target["type"] == "test" else "Sources"
    return root / base / target["name"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--package-dump", help="JSON from `swift package dump-package`")
    parser.add_argument("--root", default=".")
    args = parser.parse_args()
    root = pathlib.Path(args.root)
    if args.package_dump:
        package = json.loads(pathlib.Path(args.package_dump).read_text())
    else:
        package = json.loads(subprocess.run(
            ["swift", "package", "dump-package"], cwd=root, check=True, capture_output=True, text=True
        ).stdout)

    problems = []
    for target in package["targets"]:
        if target["type"] == "system":
            continue
        allowed = declared_modules(target) | TOOLCHAIN_MODULES
        for source in sorted(target_directory(root, target).rglob("*.swift")):
            text = source.read_text(encoding="utf-8")
            # Multi-line string literals (embedded scripts in tests) are not imports: blank them,
            # keeping their newlines so line numbers stay right.
            text = re.sub(r'"""(.|\n)*?"""', lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
            # `#if canImport(X)` guards platform modules; conditional imports of toolchain
            # modules are covered above, anything else still has to be declared.
            for match in IMPORT.finditer(text):
                module = match.group(1)
                if module not in allowed:
                    line = text.count("\n", 0, match.start()) + 1
                    problems.append(f"{source.relative_to(root)}:{line}: target {target['name']} imports {module}, "
                                    f"which is not one of its direct dependencies in Package.swift")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"check_imports: {len(problems)} undeclared import(s); add each module to the target's "
              "dependencies in Package.swift", file=sys.stderr)
        return 1
    print(f"check_imports: every import of {len(package['targets'])} targets is a declared dependency")
    return 0


if __name__ == "__main__":
    sys.exit(main())
