#!/usr/bin/env bash
# The whole run loop in a scratch repository against a local codecloud emulator:
# prompt → agent's PR branch checked out locally → follow-up → branch fast-forwarded.
# Builds nothing: `make demo` builds first and passes the directory with the binaries.
# No network: the emulator listens on 127.0.0.1 and its "GitHub" is a bare repository on disk.
#
#   usage: Tests/Scripts/demo.sh BIN_DIR
set -euo pipefail

bin_dir=${1:?usage: demo.sh BIN_DIR (the directory holding git-codecloud and codecloud-emulator)}
bin_dir=$(cd "$bin_dir" && pwd)
for tool in git-codecloud codecloud-emulator; do
    if [[ ! -x $bin_dir/$tool ]]; then
        echo "demo: $bin_dir/$tool is missing; build first (make build)" >&2
        exit 1
    fi
done

demo_dir=$(mktemp -d "${TMPDIR:-/tmp}/codecloud-demo.XXXXXX")
emulator_pid=""
cleanup() {
    if [[ -n $emulator_pid ]]; then
        kill "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
    fi
    rm -rf "$demo_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -t 1 ]]; then bold=$'\033[1m' dim=$'\033[2m' plain=$'\033[0m'; else bold="" dim="" plain=""; fi

heading() { printf '\n%s── %s%s\n' "$bold" "$*" "$plain"; }
note() { printf '%s%s%s\n' "$dim" "$*" "$plain"; }

# Echoes a command the way you would type it, then runs it.
run() {
    local shown="" word
    for word in "$@"; do
        if [[ $word =~ [^A-Za-z0-9_./:=@{}-] ]]; then shown+=" \"$word\""; else shown+=" $word"; fi
    done
    printf '%s$%s%s\n' "$bold" "$shown" "$plain"
    "$@"
}

# A private git world: scratch HOME, no system config, a fixed identity.
export HOME="$demo_dir/home" XDG_CONFIG_HOME="$demo_dir/home/.config"
export GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 GIT_PAGER=cat PAGER=cat
export GIT_AUTHOR_NAME="Dana Developer" GIT_AUTHOR_EMAIL="dana@example.com"
export GIT_COMMITTER_NAME="Dana Developer" GIT_COMMITTER_EMAIL="dana@example.com"
mkdir -p "$XDG_CONFIG_HOME"
export PATH="$bin_dir:$PATH"

# The sample project, pushed to a bare remote that stands in for github.com/acme/widgets.
remote="$demo_dir/remotes/acme/widgets.git"
git init --quiet --bare --initial-branch=main "$remote"
seed="$demo_dir/seed"
git init --quiet --initial-branch=main "$seed"
cat >"$seed/README.md" <<'EOF'
# widgets

A tiny library of widgets.
EOF
mkdir -p "$seed/src"
cat >"$seed/src/widget.py" <<'EOF'
class Widget:
    def __init__(self, name):
        self.name = name
EOF
git -C "$seed" add .
git -C "$seed" commit --quiet -m "Initial widgets"
git -C "$seed" push --quiet "$remote" main
work="$demo_dir/widgets"
git clone --quiet "$remote" "$work"

# The emulator: port 0 picks a free port, announced on its "listening on" line.
api_key="cc_demo_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
"$bin_dir/codecloud-emulator" --port 0 --git-root "$demo_dir/remotes" --api-key "$api_key" \
    --agent-delay 2 >"$demo_dir/emulator.log" 2>&1 &
emulator_pid=$!
url=""
for _ in $(seq 100); do
    url=$(sed -n 's/^codecloud-emulator listening on //p' "$demo_dir/emulator.log")
    [[ -n $url ]] && break
    if ! kill -0 "$emulator_pid" 2>/dev/null; then
        echo "demo: the emulator did not start:" >&2
        cat "$demo_dir/emulator.log" >&2
        exit 1
    fi
    sleep 0.1
done
if [[ -z $url ]]; then
    echo "demo: the emulator did not announce its port in 10 s" >&2
    exit 1
fi
# The CLI finds the service and the key in its environment; the key never goes on a command line.
export CODECLOUD_API_URL="$url" CODECLOUD_API_KEY="$api_key"

cd "$work"
note "A clone of acme/widgets in $work; codecloud is emulated at $url."

heading "What git codecloud sees in this checkout"
run git codecloud status

heading "Hand a task to an agent: it works, opens a PR, and its branch is checked out here"
run git codecloud fix "Add a CONTRIBUTING guide"

heading "A local branch tracking the PR branch, with the agent's commit on top"
run git branch -vv
run git log --oneline -3
run git show --stat HEAD

heading "The run, as codecloud reports it"
run git codecloud show

heading "Iterate on the same run and PR: the local branch is fast-forwarded"
run git codecloud followup "Also explain how to run the tests"
run git log --oneline -3

heading "Review only what the follow-up changed (round 2), through git's diff"
run git codecloud review --stat
run git codecloud review

heading "Check the branch locally; --iterate sends a failing check back to the agent"
note "The check wants two follow-ups answered in the agent's notes; there is one, so it fails,"
note "its output goes back to the agent as a follow-up, the new round lands and is checked again."
run git codecloud wait --verify "[ \$(grep -c '^## Follow-up' .codecloud/*.md) -ge 2 ]" --iterate 1
run git codecloud review --stat

heading "Done"
note "Review with 'git codecloud review', push back with 'git codecloud followup', see 'git codecloud --help' and docs/REVIEW.md."
