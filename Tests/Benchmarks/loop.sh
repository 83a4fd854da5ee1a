#!/usr/bin/env bash
# The baseline whole loop: submit a run with curl, poll every 5 s, then fetch the PR branch and
# check it out tracking the remote, as someone would script it without git codecloud.
#   CODECLOUD_API_URL=… CODECLOUD_API_KEY=… loop.sh "PROMPT"      (inside the checkout)
set -euo pipefail
prompt="$1"
url="$(git remote get-url origin)"
repo="$(basename "$(dirname "$url")")/$(basename "$url" .git)"
branch="$(git rev-parse --abbrev-ref HEAD)"
header() { printf 'Authorization: Bearer %s\n' "$CODECLOUD_API_KEY"; }
body="$(printf '{"prompt":"%s","repo":"%s","branch":"%s","auto_create_pr":true}' "$prompt" "$repo" "$branch")"
created="$(header | curl -sS -H @- -H 'Content-Type: application/json' -d "$body" "$CODECLOUD_API_URL/api/v1/agents")"
run="$(printf '%s' "$created" | grep -o '"id": *"[^"]*"' | head -1 | sed 's/.*"\([^"]*\)"$/\1/')"
while :; do
  detail="$(header | curl -sS -H @- "$CODECLOUD_API_URL/api/v1/agents/run/$run")"
  case "$(printf '%s' "$detail" | grep -o '"status": *"[a-z_]*"' | head -1)" in
    *completed*) break ;;
    *failed*) echo "run $run failed" >&2; exit 3 ;;
  esac
  sleep 5
done
pr_branch="$(printf '%s' "$detail" | grep -o '"branch": *"[^"]*"' | head -1 | sed 's/.*"\([^"]*\)"$/\1/')"
git fetch -q origin "$pr_branch"
git checkout -q -b "$pr_branch" --track "origin/$pr_branch"
echo "$run"
