#!/usr/bin/env bash
# Contract run: drives a running codecloud-emulator with schemathesis, generating requests from
# openapi.yaml and checking every response against it (status codes, schemas, content types,
# auth enforcement, no 5xx). Builds nothing: pass the built emulator.
#
# Then replays the shared wire fixtures' request bodies (Tests/Fixtures/api/*.request*.json for
# createRun, createSchedule and sendFollowUp) and insists the emulator accepts every one.
#
# Usage: Tests/Scripts/contract.sh [EMULATOR] [SPEC] [FIXTURES]
#   EMULATOR  the codecloud-emulator binary, or the directory holding it (default: .build/debug)
#   SPEC      the OpenAPI document (default: openapi.yaml at the repository root)
#   FIXTURES  the wire fixtures (default: Tests/Fixtures/api; skipped when absent)
# Environment: CONTRACT_EXAMPLES (examples per operation, default 50), CONTRACT_SEED, and
# CONTRACT_EXTRA (more schemathesis options, e.g. --cassette-path FILE).
# Needs schemathesis 3.x (`.ci/bootstrap.sh --python` installs it). Only loopback traffic.
set -euo pipefail
cd "$(dirname "$0")/../.."

emulator="${1:-.build/debug}"
[ -d "$emulator" ] && emulator="$emulator/codecloud-emulator"
spec="${2:-openapi.yaml}"
fixtures="${3:-Tests/Fixtures/api}"
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
for repo in owner/repo username/repo-name acme/web-api; do
  git init --quiet --bare --initial-branch main "$scratch/git/$repo.git"
  git clone --quiet "$scratch/git/$repo.git" "$scratch/seed" 2>/dev/null
  echo "# $repo" > "$scratch/seed/README.md"
  git -C "$scratch/seed" add README.md
  git -C "$scratch/seed" commit --quiet -m "Initial commit"
  git -C "$scratch/seed" push --quiet origin main
  rm -rf "$scratch/seed"
done

: >"$scratch/emulator.out"
"$emulator" --port 0 --git-root "$scratch/git" --api-key "$key:pro" --default-repo owner/repo >"$scratch/emulator.out" 2>"$scratch/emulator.err" &
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

# ids_spec OUT RUN_ID SCHEDULE_ID: a copy of the spec whose id parameters only take these ids,
# so schemathesis exercises the success paths of the id operations.
ids_spec() {
  python3 - "$spec" "$@" <<'PY'
import sys, yaml
document = yaml.safe_load(open(sys.argv[1]))
parameters = document["components"]["parameters"]
parameters["RunID"]["schema"] = {"type": "string", "enum": [sys.argv[3]]}
parameters["ScheduleID"]["schema"] = {"type": "string", "enum": [sys.argv[4]]}
yaml.safe_dump(document, open(sys.argv[2], "w"), sort_keys=False)
PY
}

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
contract "$spec"

# Pass 2: the id operations against a real completed run and a real schedule.
request() { curl --silent --show-error --fail-with-body -H "Authorization: Bearer $key" -H "Content-Type: application/json" "$@"; }
json_id() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
run_id="$(request -X POST "$url/api/v1/agents" -d '{"prompt":"Contract run","repo":"owner/repo","auto_create_pr":true}' | json_id)"
for _ in $(seq 1 200); do
  request "$url/api/v1/agents/run/$run_id" | grep -q '"status":"completed"' && break
  sleep 0.1
done
schedule_id="$(request -X POST "$url/api/v1/schedules" -d '{"type":"recurring","cron":"0 */6 * * *","prompt":"Contract schedule"}' | json_id)"
ids_spec "$scratch/openapi-ids.yaml" "$run_id" "$schedule_id"
contract "$scratch/openapi-ids.yaml" --include-path-regex '\{id\}'


# Pass 3: the client's fixture requests must all be accepted.
if [ -d "$fixtures" ]; then
  python3 - "$url" "$key" "$fixtures" <<'PY'
import json, pathlib, sys, time, urllib.error, urllib.request
url, key, fixtures = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])

def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method, headers={
        "Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")

def completed_run():
    _, created = call("POST", "/api/v1/agents", {"prompt": "Fixture base run", "repo": "acme/web-api", "auto_create_pr": True})
    for _ in range(200):
        if call("GET", f"/api/v1/agents/run/{created['id']}")[1]["status"] == "completed":
            return created["id"]
        time.sleep(0.05)
    sys.exit("contract: the fixture base run never completed")

# The fixtures' run_at dates are examples in the past; set the emulator's clock before them.
call("POST", "/_emulator/clock", {"now": "2025-01-01T00:00:00Z"})
problems = []
for fixture in sorted(fixtures.glob("*.request*.json")):
    operation = fixture.name.split(".")[0]
    body = json.loads(fixture.read_text())
    if operation == "createRun":
        status, answer = call("POST", "/api/v1/agents", body)
        expected = 201
    elif operation == "createSchedule":
        status, answer = call("POST", "/api/v1/schedules", body)
        expected = 201
    elif operation == "sendFollowUp":
        status, answer = call("POST", f"/api/v1/agents/run/{completed_run()}/message", body)
        expected = 200
    else:
        continue
    print(f"contract: {fixture.name}: {status}", file=sys.stderr)
    if status != expected:
        problems.append(f"{fixture.name}: expected {expected}, got {status} {answer}")
for problem in problems:
    print(f"error: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY
else
  echo "contract: no fixtures at $fixtures; skipping the replay" >&2
fi
