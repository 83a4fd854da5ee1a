#!/usr/bin/env bash
# The baseline waiter (the cadence of gh and RepoBird): GET the run every 5 seconds with curl
# until it is completed or failed; prints the status and the time it noticed (epoch seconds).
#   CODECLOUD_API_URL=… CODECLOUD_API_KEY=… poll5.sh RUN_ID
set -euo pipefail
run="$1"
header() { printf 'Authorization: Bearer %s\n' "$CODECLOUD_API_KEY"; }   # on stdin, never in argv
while :; do
  body="$(header | curl -sS -H @- "$CODECLOUD_API_URL/api/v1/agents/run/$run" || true)"
  status="$(printf '%s' "$body" | grep -o '"status": *"[a-z_]*"' | head -1 | sed 's/.*"\([a-z_]*\)"$/\1/')"
  case "$status" in
    completed|failed) echo "$status $(date +%s.%N)"; exit 0 ;;
  esac
  sleep 5
done
