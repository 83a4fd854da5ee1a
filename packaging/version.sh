#!/bin/sh
# Prints this checkout's version, from one place: the nearest `v*` tag (`git describe`:
# v1.2.0 → 1.2.0, three commits later 1.2.0-3-gabcdef0, -dirty with local changes), else
# `base` in Sources/CodecloudCore/Version.swift (a clone without tags, or a source tarball).
#   --debian   the same as a Debian version (1.2.0, 1.2.0+3.gabcdef0, …)
#   --stamp F  also (re)write the Swift stamp file F when its version differs
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
if described=$(git -C "$root" describe --tags --match 'v[0-9]*' --dirty 2>/dev/null); then
  version=${described#v}
else
  version=$(sed -n 's/^ *public static let base = "\([^"]*\)".*/\1/p' "$root/Sources/CodecloudCore/Version.swift")
fi
[ -n "$version" ] || { echo "error: no version: no v* tag and no base in Version.swift" >&2; exit 1; }
case "$version" in
  *[!0-9A-Za-z.+~-]*) echo "error: version '$version' has characters a package version cannot hold" >&2; exit 1 ;;
esac
case "${1:-}" in
  --debian)
    # The first '-' (commits since the tag) becomes '+', later ones '.': no Debian revision.
    echo "$version" | sed 's/-/+/; s/-/./g' ;;
  --stamp)
    file=$2
    text="// Written by packaging/version.sh for release builds; not committed (see Version.swift).
#if CODECLOUD_VERSION_STAMP
let stampedVersion = \"$version\"
#endif"
    if [ ! -f "$file" ] || [ "$(cat "$file")" != "$text" ]; then printf '%s\n' "$text" > "$file"; fi
    echo "$version" ;;
  *) echo "$version" ;;
esac
