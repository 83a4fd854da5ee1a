#!/usr/bin/env bash
# CI: proves the Debian package from `make dist`. Installs it with apt-get (which pulls in its
# Depends), checks that the installed tool works the way a user meets it (`git codecloud
# --version`, `git help codecloud`, bash completion of `git codecloud `, `status` in a scratch
# repository), then purges it and checks that nothing it installed is left.
#
#   .ci/package-check.sh [--no-build]     (--no-build: use the .deb already in dist/)
#
# Needs root (or password-less sudo): it installs into /usr.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

step() { echo "package-check: $*" >&2; }
fail() { echo "package-check: FAILED: $*" >&2; exit 1; }

if [ "$(id -u)" = 0 ]; then
  as_root=()
elif sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  fail "installing the package needs root or password-less sudo"
fi

[ "${1:-}" = "--no-build" ] || make dist
version=$(packaging/version.sh)
deb="dist/git-codecloud_$(packaging/version.sh --debian)_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || fail "$deb was not built"

step "package contents"
dpkg-deb --info "$deb" | sed -n 's/^ \(Package\|Version\|Depends\|Installed-Size\):/  \1:/p' >&2
dpkg-deb --field "$deb" Depends | grep -q -- '-dev' && fail "the package depends on a -dev package"

if dpkg-query -W -f='${Status}' git-codecloud 2>/dev/null | grep -q 'install ok installed'; then
  step "removing an earlier install first"
  "${as_root[@]}" apt-get remove --purge -y -qq git-codecloud >/dev/null
fi

step "apt-get install ./$deb"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get install -y -qq "./$deb" >/dev/null
installed_files=$(dpkg-query -L git-codecloud)

# The installed tool only: a PATH without /usr/local (where `make install` puts another one).
scratch=$(mktemp -d "${TMPDIR:-/tmp}/codecloud-package-check.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home"
user_env=(env -i PATH=/usr/bin:/bin HOME="$scratch/home" LANG=C.UTF-8 TERM=dumb
          GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 CODECLOUD_API_URL=http://127.0.0.1:9)

step "the binary and its libraries"
[ "$("${user_env[@]}" sh -c 'command -v git-codecloud')" = /usr/bin/git-codecloud ] || fail "git-codecloud is not /usr/bin/git-codecloud"
missing_libraries=$(ldd /usr/bin/git-codecloud | grep 'not found' || true)
[ -z "$missing_libraries" ] || fail "unresolved libraries: $missing_libraries"
# libgit2's initialisation must bind to the binary's own definitions of the functions it defers
# (Sources/CodecloudGit/DeferredInitialisation.swift): with Debian's libgit2, mbedTLS's CA-bundle
# parse and libssh2's set-up. A release link with shared libgit2 that stops exporting them
# (packaging/exports.map) costs every command in a repository 5 ms and 1.5 MiB. With libgit2
# linked statically (the Makefile's STATIC_LIBGIT2) they are bound at link time (--wrap), which
# fails when either half is missing; what the deferral prevents is checked below, on `status`.
if ldd /usr/bin/git-codecloud | grep -q libgit2; then
  step "libgit2, shared: its deferred initialisers bind to the binary"
else
  step "libgit2, static: $(ldd /usr/bin/git-codecloud | grep -c '=>') shared libraries"
  ldd /usr/bin/git-codecloud | grep -E 'lib(mbed|ssh2|crypto|ssl|pcre2)' && fail "libgit2 is linked statically, but the libraries under it are not"
fi
for deferred in mbedtls_x509_crt_parse_file:libmbedx509 libssh2_init:libssh2; do
  symbol=${deferred%%:*} library=${deferred#*:}
  ldd /usr/bin/git-codecloud | grep -q "$library" || continue
  binding=$("${user_env[@]}" LD_DEBUG=bindings /usr/bin/git-codecloud --version 2>&1 >/dev/null | grep "libgit2.*\`$symbol'" | head -1 || true)
  grep -q 'to /usr/bin/git-codecloud ' <<< "$binding" \
    || fail "libgit2's $symbol does not bind to the binary (${binding:-no binding seen}); see packaging/exports.map"
done

step "git codecloud --version"
reported=$("${user_env[@]}" git codecloud --version)
[ "$reported" = "$version" ] || fail "git codecloud --version printed '$reported', expected '$version'"

step "git help codecloud (man-db)"
[ "$(man -w git-codecloud)" = /usr/share/man/man1/git-codecloud.1.gz ] || fail "man finds $(man -w git-codecloud 2>&1), not the package's page"
page=$("${user_env[@]}" MANWIDTH=80 MANPAGER=cat git help codecloud 2>&1) || fail "git help codecloud failed: $page"
for expected in "git-codecloud" "SYNOPSIS" "git codecloud fix"; do
  grep -q -- "$expected" <<< "$page" || fail "git help codecloud does not show '$expected'; it printed: $(head -5 <<< "$page")"
done
[ "$(MANWIDTH=80 man -P cat git-codecloud 2>/dev/null)" = "$page" ] || fail "git help codecloud and man git-codecloud differ"

step "bash completion of 'git codecloud '"
[ -f /usr/share/bash-completion/bash_completion ] || fail "bash-completion is not installed (the package puts its script where it loads it)"
# As an interactive bash with bash-completion completes: git's completion is loaded on demand,
# and it loads /usr/share/bash-completion/completions/git-codecloud when it meets `codecloud`.
offered=$("${user_env[@]}" bash --norc --noprofile -c '
  source /usr/share/bash-completion/bash_completion
  _completion_loader git
  COMP_LINE="git codecloud "; COMP_POINT=${#COMP_LINE}
  COMP_WORDS=(git codecloud ""); COMP_CWORD=2; COMPREPLY=()
  function=$(complete -p git | sed -E "s/.* -F ([^ ]+) .*/\1/")
  "$function" git "" codecloud
  printf "%s\n" "${COMPREPLY[@]}"' | sort -u | tr '\n' ' ')
for command in fix plan followup wait checkout show list diff status auth completion; do
  grep -qw -- "$command" <<< "$offered" || fail "TAB after 'git codecloud ' does not offer '$command'; it offered: $offered"
done

step "git codecloud status --json in a scratch repository"
repository="$scratch/widgets"
"${user_env[@]}" git init -q -b main "$repository"
"${user_env[@]}" git -C "$repository" remote add origin https://github.com/acme/widgets.git
echo hello > "$repository/README"
status=$(cd "$repository" && "${user_env[@]}" git codecloud status --json 2>/dev/null) || fail "git codecloud status --json failed"
python3 - "$status" <<'PY' || fail "status --json printed: $status"
import json, sys
status = json.loads(sys.argv[1])
assert status["repository"] == "acme/widgets", status
assert status["dirty"]["untracked"] == 1, status
PY
step "git codecloud status reads no CA bundle or OpenSSL configuration (strace)"
# The deferral at work: a command that opens a repository (and so initialises libgit2) reads no
# CA bundle and no OpenSSL configuration.
command -v strace >/dev/null || fail "strace is missing (.ci/bootstrap.sh --dist installs it)"
(cd "$repository" && "${user_env[@]}" strace -f -qq -e trace=open,openat -o "$scratch/opens" git-codecloud status >/dev/null 2>&1) \
  || fail "git codecloud status failed under strace"
grep -q 'widgets/\.git' "$scratch/opens" || fail "strace saw no open of the repository: $(head -3 "$scratch/opens")"
tls_reads=$(grep -E '"[^"]*(/etc/ssl|ca-certificates|ca-bundle|openssl\.cnf)' "$scratch/opens" | grep -v ENOENT || true)
[ -z "$tls_reads" ] || fail "libgit2's initialisation read TLS files it defers (DeferredInitialisation.swift): $tls_reads"

step "apt-get remove --purge"
"${as_root[@]}" apt-get remove --purge -y -qq git-codecloud >/dev/null
if dpkg-query -W -f='${Status}' git-codecloud 2>/dev/null | grep -q 'installed'; then
  fail "dpkg still lists git-codecloud after the purge"
fi
left=()
while IFS= read -r path; do
  [ -n "$path" ] || continue
  if [ -d "$path" ] && [ ! -L "$path" ]; then
    # Shared directories (/usr/bin, …) stay; the package's own (its doc directory) must go.
    case "$path" in */git-codecloud) left+=("$path") ;; esac
  elif [ -e "$path" ] || [ -L "$path" ]; then
    left+=("$path")
  fi
done <<< "$installed_files"
[ ${#left[@]} -eq 0 ] || fail "left after the purge: ${left[*]}"
[ "$(printf '%s\n' "$installed_files" | grep -c .)" -ge 8 ] || fail "dpkg listed too few files: $installed_files"
step "ok: $(basename "$deb") installs, works and uninstalls cleanly ($(printf '%s\n' "$installed_files" | grep -vc '^/\.$') paths)"
