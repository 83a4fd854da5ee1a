#!/usr/bin/env bash
# Contract run: drives a running codecloud-emulator with schemathesis, generating requests from
# openapi.yaml and checking every response against it (status codes, schemas, content types,
# auth enforcement, no 5xx). Builds nothing: pass the built emulator.
#
# Usage: Tests/Scripts/contract.sh [EMULATOR] [SPEC]
#   EMULATOR  the codecloud-emulator binary, or the directory holding it (default: .build/debug)
#   SPEC      the OpenAPI document (default: openapi.yaml at the repository root)
# Environment: CONTRACT_EXAMPLES (examples per operation, default 50), CONTRACT_SEED, and
# CONTRACT_EXTRA (more schemathesis options, e.g. --cassette-path FILE).
# Needs schemathesis 3.x (`.ci/bootstrap.sh --python` installs it). Only loopback traffic.
set -euo pipefail
cd "$(dirname "$0")/../.."

emulator="${1:-.build/debug}"
[ -d "$emulator" ] && emulator="$emulator/codecloud-emulator"
spec="${2:-openapi.yaml}"
examples="${CONTRACT_EXAMPLES:-50}"
seed="${CONTRACT_SEED:-20260101}"
key="cc_contract_$$"

[ -x "$emulator" ] || { echo "error: no emulator binary at $emulator" >&2; echo "hint: run 'swift build' first" >&2; exit 1; }
[ -f "$spec" ] || { echo "error: no OpenAPI document at $spec" >&2; exit 1; }
command -v schemathesis >/dev/null || { echo "error: schemathesis not found" >&2; echo "hint: run '.ci/bootstrap.sh --python'" >&2; exit 1; }

scratch="$(mktemp -d)"
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# Isolated git for seeding: no user or system configuration, fixed identity.
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home/.config" GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0
export GIT_AUTHOR_NAME=contract GIT_AUTHOR_EMAIL=contract@example.invalid
export GIT_COMMITTER_NAME=contract GIT_COMMITTER_EMAIL=contract@example.invalid
mkdir -p "$HOME"
# The spec's example repositories exist, so generated runs also take the clone-and-PR path.
for repo in owner/repo username/repo-name; do
  git init --quiet --bare --initial-branch main "$scratch/git/$repo.git"
  git clone --quiet "$scratch/git/$repo.git" "$scratch/seed" 2>/dev/null
  echo "# $repo" > "$scratch/seed/README.md"
  git -C "$scratch/seed" add README.md
  git -C "$scratch/seed" commit --quiet -m "Initial commit"
  git -C "$scratch/seed" push --quiet origin main
  rm -rf "$scratch/seed"
done

: >"$scratch/emulator.out"
"$emulator" --port 0 --git-root "$scratch/git" --api-key "$key:pro" >"$scratch/emulator.out" 2>"$scratch/emulator.err" &
emulator_pid=$!
url=""
for _ in $(seq 1 300); do
  url="$(sed -n 's/^codecloud-emulator listening on //p' "$scratch/emulator.out")"
  [ -n "$url" ] && break
  kill -0 "$emulator_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$url" ] || { echo "error: the emulator did not start" >&2; cat "$scratch/emulator.err" >&2; exit 1; }
echo "contract: emulator at $url, spec $spec, $examples examples per operation" >&2

# Header parameters are narrowed to visible ASCII in a copy of the spec: the spec allows any
# string, and schemathesis then sends control characters that HTTP itself forbids in a field
# value (RFC 9110 5.5), so the server's HTTP parser refuses the request before the API sees it.
# narrow_spec OUT [RUN_ID SCHEDULE_ID]: the copy; with ids, the id parameters only take those.
narrow_spec() {
  python3 - "$spec" "$@" <<'PY'
import sys, yaml
document = yaml.safe_load(open(sys.argv[1]))
def narrow(node):
    if isinstance(node, dict):
        if node.get("in") == "header" and isinstance(node.get("schema"), dict) and node["schema"].get("type") == "string":
            node["schema"].setdefault("pattern", "^[!-~]+$")
        for value in node.values():
            narrow(value)
    elif isinstance(node, list):
        for value in node:
            narrow(value)
narrow(document)
if len(sys.argv) > 3:
    parameters = document["components"]["parameters"]
    parameters["RunID"]["schema"] = {"type": "string", "enum": [sys.argv[3]]}
    parameters["ScheduleID"]["schema"] = {"type": "string", "enum": [sys.argv[4]]}
yaml.safe_dump(document, open(sys.argv[2], "w"), sort_keys=False)
PY
}
narrow_spec "$scratch/openapi.yaml"

# Telemetry off: nothing may leave this machine.
export SCHEMATHESIS_TELEMETRY=false
contract() {
  local document="$1"
  shift
  schemathesis run "$document" \
    --base-url "$url" \
    -H "Authorization: Bearer $key" \
    --checks all \
    --experimental openapi-3.1 \
    --data-generation-method positive \
    --hypothesis-max-examples "$examples" \
    --hypothesis-seed "$seed" \
    --hypothesis-database none \
    --hypothesis-suppress-health-check all \
    --request-timeout 10000 \
    --schemathesis-io-telemetry false \
    --workers 2 \
    ${CONTRACT_EXTRA:-} "$@"
}

# Pass 1: every operation with generated input (ids are mostly unknown: 400/404 paths).
contract "$scratch/openapi.yaml"

# Pass 2: the id operations against a real completed run and a real schedule.
request() { curl --silent --show-error --fail-with-body -H "Authorization: Bearer $key" -H "Content-Type: application/json" "$@"; }
json_id() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
run_id="$(request -X POST "$url/api/v1/agents" -d '{"prompt":"Contract run","repo":"owner/repo","auto_create_pr":true}' | json_id)"
for _ in $(seq 1 200); do
  request "$url/api/v1/agents/run/$run_id" | grep -q '"status":"completed"' && break
  sleep 0.1
done
schedule_id="$(request -X POST "$url/api/v1/schedules" -d '{"type":"recurring","cron":"0 */6 * * *","prompt":"Contract schedule"}' | json_id)"
narrow_spec "$scratch/openapi-ids.yaml" "$run_id" "$schedule_id"
contract "$scratch/openapi-ids.yaml" --include-path-regex '\{id\}'

