#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks to build and test git-codecloud:
# libgit2-dev (through apt-get when run as root), libcurl4-openssl-dev (the toolchain's
# FoundationNetworking links libcurl; the emulator and the tests use it), the Python tools the contract
# checks use, and with --dist what `make dist` and the package check need.
set -euo pipefail

have_libgit2() { pkg-config --exists libgit2 2>/dev/null; }

if ! have_libgit2; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bootstrap: installing libgit2-dev and pkg-config with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq libgit2-dev pkg-config >/dev/null
  else
    echo "error: libgit2 development files not found (pkg-config libgit2)." >&2
    echo "hint: install them: 'sudo apt-get install libgit2-dev pkg-config' (Debian/Ubuntu) or 'brew install libgit2' (macOS)." >&2
    exit 1
  fi
fi

# The emulator and the tests use the toolchain's FoundationNetworking, which links libcurl (the
# CLI does not: its HTTP client is AsyncHTTPClient).
have_libcurl_dev() { pkg-config --exists libcurl 2>/dev/null; }
if ! have_libcurl_dev; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bootstrap: installing libcurl4-openssl-dev with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq libcurl4-openssl-dev >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq libcurl4-openssl-dev >/dev/null; }
  else
    echo "error: libcurl development files not found (pkg-config libcurl); the emulator and the tests need them." >&2
    echo "hint: install them: 'sudo apt-get install libcurl4-openssl-dev'" >&2
    exit 1
  fi
fi

# The completion tests drive real bash completion: git's completion script (shipped with git)
# loaded on demand by bash-completion. Without it they skip, saying so.
if [ ! -f /usr/share/bash-completion/bash_completion ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "bootstrap: installing bash-completion with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq bash-completion >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq bash-completion >/dev/null; } \
    || echo "bootstrap: could not install bash-completion; its completion test will be skipped" >&2
fi

# The landing-fidelity tests land a real Git LFS repository (a file:// remote needs no server).
# Without git-lfs that case skips, saying so.
if ! command -v git-lfs >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "bootstrap: installing git-lfs with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq git-lfs >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq git-lfs >/dev/null; } \
    || echo "bootstrap: could not install git-lfs; the Git LFS landing test will be skipped" >&2
fi

# The ssh end-to-end test lands through a `Host` alias in ~/.ssh/config, served by an sshd it
# starts on 127.0.0.1. Without sshd it skips, saying so.
if { [ ! -x /usr/sbin/sshd ] || ! command -v ssh >/dev/null; } && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "bootstrap: installing openssh-server and openssh-client with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq openssh-server openssh-client >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq openssh-server openssh-client >/dev/null; } \
    || echo "bootstrap: could not install openssh-server; the ssh alias test will be skipped" >&2
fi

# A landing test translates git's messages (msgfmt builds the catalogue) to prove refusals are
# still told from failures in another language. Without msgfmt it skips, saying so.
if ! command -v msgfmt >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "bootstrap: installing gettext (msgfmt) with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq gettext >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq gettext >/dev/null; } \
    || echo "bootstrap: could not install gettext; the translated-git landing test will be skipped" >&2
fi

if [ "${1:-}" = "--python" ]; then
  # Contract checks: the OpenAPI validator and schemathesis, from PyPI.
  python3 - <<'PY' 2>/dev/null || pip install -q "openapi-spec-validator>=0.7" "jsonschema>=4" "schemathesis>=3.30,<4" >&2
import openapi_spec_validator, jsonschema, schemathesis
PY
fi

if [ "${1:-}" = "--bench" ]; then
  # make bench / make reliability: hyperfine, GNU time (peak RSS), curl (the shell baselines).
  missing=()
  command -v hyperfine >/dev/null || missing+=(hyperfine)
  [ -x /usr/bin/time ] || missing+=(time)
  command -v curl >/dev/null || missing+=(curl)
  command -v python3 >/dev/null || missing+=(python3)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "bootstrap: installing ${missing[*]} with apt-get" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "error: missing ${missing[*]} (needed by make bench / make reliability)." >&2
      echo "hint: install them: 'sudo apt-get install ${missing[*]}'" >&2
      exit 1
    fi
  fi
fi

if [ "${1:-}" = "--dist" ]; then
  # make dist: dpkg-deb and dpkg-shlibdeps (dpkg-dev), strip (binutils); the package check
  # reads the installed page with man (man-db) and watches the installed binary's start with
  # strace.
  missing=()
  command -v dpkg-shlibdeps >/dev/null || missing+=(dpkg-dev)
  command -v strip >/dev/null || missing+=(binutils)
  command -v man >/dev/null || missing+=(man-db)
  command -v strace >/dev/null || missing+=(strace)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "bootstrap: installing ${missing[*]} with apt-get" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
        || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
    else
      echo "error: missing ${missing[*]} (needed by make dist)." >&2
      echo "hint: install them: 'sudo apt-get install ${missing[*]}'" >&2
      exit 1
    fi
  fi
fi
