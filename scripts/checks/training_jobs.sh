#!/usr/bin/env bash
# CLI check for training jobs (issue #7): `ecotrack train --server URL --wait` submits a job to a
# running server, shows progress on stderr, and prints exactly what local training prints.
# Usage: scripts/checks/training_jobs.sh PATH/TO/ecotrack
set -euo pipefail
bin="$1"
here="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
db="$work/server.sqlite"
fail=0
expect() { if [ "$2" == "$3" ]; then echo "  ok   $1"; else echo "  FAIL $1: expected [$2], got [$3]"; fail=1; fi; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
key=$("$bin" users create --database "$db" --email trainer@example.org --role admin --tier institutional | tail -1 | awk '{print $NF}')
ECOTRACK_LOG_LEVEL=warning "$bin" serve --port "$port" --database "$db" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 150); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/readyz')" 2>/dev/null && break
  sleep 0.2
done

data="$here/Tests/EcoMLTests/Fixtures/ml_wine.csv"
args=(--data "$data" --target target --task classification --algorithm rf --cv 3 --seed 7 --name wine-quality-rf)
local_out=$("$bin" train --database "$work/local.sqlite" "${args[@]}" 2> "$work/local-progress.txt")
expect "local training shows progress on stderr too (issue #21)" "yes" "$(grep -q 'training wine-quality-rf: succeeded 100.0 %' "$work/local-progress.txt" && grep -q 'running  [0-9]' "$work/local-progress.txt" && echo yes || echo no)"
remote_out=$("$bin" train --server "http://127.0.0.1:$port" --api-key "$key" --wait "${args[@]}" 2> "$work/progress.txt")
expect "the job's result is what local training prints" "$local_out" "$remote_out"
expect "progress went to stderr and reached 100 %" "yes" "$(grep -q 'succeeded 100.0 %' "$work/progress.txt" && echo yes || echo no)"

queued=$("$bin" train --server "http://127.0.0.1:$port" --api-key "$key" "${args[@]}")
expect "without --wait the queued job is printed" "csv wine-quality-rf" \
  "$(python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(d['kind'], d['name'])" "$queued")"

set +e
"$bin" train --server "http://127.0.0.1:$port" --api-key "$key" --wait --data "$data" --target nosuch --task classification --name wine-quality-rf > /dev/null 2> "$work/err.txt"; code=$?
set -e
expect "a rejected job exits non-zero" "1" "$([ "$code" -ne 0 ] && echo 1 || echo 0)"
expect "and says what is wrong" "yes" "$(grep -q 'no column named' "$work/err.txt" && echo yes || echo no)"
exit "$fail"
