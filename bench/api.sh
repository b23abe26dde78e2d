#!/usr/bin/env bash
# API throughput, EcoTrack vs the specification's own stack (../shared/peers/seedstack: FastAPI + uvicorn
# with 2 workers + SQLite), in the same run, on the same machine, with the same wrk scripts and data.
#
#   bench/api.sh [--ecotrack BIN] [--seconds 20] [--rounds 3] [--connections 64] [--threads 2]
#
# EcoTrack runs on its defaults (rate limits on, durability full) with the key `serve --demo` prints;
# the seed stack syncs no commit (synchronous=NORMAL) and logs every request, as its README says.
# Both get one station's year of hourly data; then, one after the other: /healthz, a year of daily
# buckets (the same request repeated, as a polling dashboard sends it, then each request for a different
# end minute, so nothing can be served again), a week of hourly buckets, and POSTs of 100 distinct readings. Prints requests/s, readings/s,
# p99 latency and non-2xx answers per endpoint, server and round. Each endpoint is measured in `--rounds`
# rounds, EcoTrack then the seed stack in each, and the ratio printed is the median of the rounds' ratios:
# the two runs of a round see the same machine, and this shared machine's speed drifts by 10-20 % within
# minutes. POST rounds write new stations each, never a repeat. Needs wrk (apt-get install wrk) and
# fastapi, uvicorn, scikit-learn and h3 from PyPI (installed here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/api/wrk_summary.sh
bin="" seconds=20 rounds=3 connections=64 threads=2
while [ $# -gt 0 ]; do
  case "$1" in
    --ecotrack) bin="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "$bin" ]; then swift build -c release --product ecotrack >/dev/null; bin="$(swift build -c release --show-bin-path)/ecotrack"; fi
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }
python3 -c "import fastapi, uvicorn, sklearn, h3" 2>/dev/null || python3 -m pip install --quiet fastapi uvicorn scikit-learn h3
peers="$(cd ../shared/peers/seedstack && pwd)"

work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.1; done; echo "server on $1 did not start" >&2; exit 1; }

eco_port=$(port)
"$bin" serve --demo --port "$eco_port" --database "$work/eco.sqlite" >"$work/eco.out" 2>"$work/eco.log" &
pids+=($!)
wait_up "$eco_port"
key=$(sed -n 's/.*API key (shown once): //p' "$work/eco.out" | head -1)
[ -n "$key" ] || { echo "no demo key in the server's output" >&2; exit 1; }

peer_port=$(port)
(cd "$peers" && PEER_DB="$work/peer.db" exec python3 -m uvicorn app:app --host 127.0.0.1 --port "$peer_port" --workers 2) \
  >"$work/peer.log" 2>&1 &
pids+=($!)
wait_up "$peer_port"

cell=$(python3 bench/api/load_year.py "http://127.0.0.1:$eco_port" "$key")
python3 bench/api/load_year.py "http://127.0.0.1:$peer_port" "$key" >/dev/null

year="/api/v1/observations/$cell/timeseries?variable=temperature_2m&start=2024-01-01T00:00:00Z&end=2025-01-01T00:00:00Z&bucket=1d"
week="/api/v1/observations/$cell/timeseries?variable=temperature_2m&start=2024-06-03T00:00:00Z&end=2024-06-10T00:00:00Z&bucket=1h"
# The same year, but each request ends at a different minute: no answer can be served again (EcoTrack keeps
# answers while the data is unchanged, docs/benchmarks.md), so this measures computing every answer.
year_distinct="/api/v1/observations/$cell/timeseries?variable=temperature_2m&start=2024-01-01T00:00:00Z&end={end}&bucket=1d"

# run NAME PORT SCRIPT [PATH] [PREFIX] -> "requests/s p99_ms non2xx"
run() {
  BENCH_KEY="$key" BENCH_PATH="${4:-}" BENCH_PREFIX="${5:-}" wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "bench/api/$3" "http://127.0.0.1:$2" 2>&1 | wrk_summary
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "wrk -t$threads -c$connections -d${seconds}s; EcoTrack $("$bin" --version 2>/dev/null || echo build) defaults (durability full, limits on, demo key); seed stack uvicorn --workers 2, synchronous=NORMAL"
printf '%-34s %-12s %12s %14s %10s %8s\n' endpoint server 2xx/s readings/s p99 non-2xx
for endpoint in "healthz get.lua /healthz" "timeseries-year-daily get.lua $year" "timeseries-year-daily-distinct get_distinct.lua $year_distinct" \
                "timeseries-week-hourly get.lua $week" "post-100-readings post_readings.lua"; do
  set -- $endpoint
  name=$1 script=$2 path=${3:-}
  ratios=()
  for round in $(seq 1 "$rounds"); do
    declare -A rate
    for server in ecotrack seedstack; do
      p=$eco_port; [ "$server" = seedstack ] && p=$peer_port
      read -r rps p99 errors < <(run "$name" "$p" "$script" "$path" "r$round")
      readings="-"; [ "$script" = post_readings.lua ] && readings=$(python3 -c "print(round($rps*100))")
      printf '%-34s %-12s %12s %14s %10s %8s\n' "$name" "$server r$round" "$rps" "$readings" "$p99" "$errors"
      rate[$server]=$rps
      # Let the server just measured finish what the load left it (EcoTrack's detection catches up on the
      # last half second of POSTs within about a second), so that it does not slow the next run.
      sleep 3
    done
    ratios+=("$(python3 -c "print(${rate[ecotrack]}/${rate[seedstack]})")")
  done
  printf '%-34s %-12s %12s\n' "$name" "ratio" "$(python3 -c "import statistics, sys; r = [float(x) for x in sys.argv[1:]]; print(f'{statistics.median(r):.1f}x (rounds: ' + ', '.join(f'{x:.1f}x' for x in r) + ')')" "${ratios[@]}")"
done
