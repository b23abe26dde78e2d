#!/usr/bin/env bash
# Where the server spends its time under one wrk load: perf samples of the server process while
# bench/api's scripts drive it (release build, default settings, demo key).
#
#   bench/profile.sh post|year|year-distinct|week|healthz [--ecotrack BIN] [--seconds 12]
#
# Prints the share of each thread, the inclusive time of EcoTrack's own functions (what a change can
# remove) and the top of the self time. Needs linux-perf and wrk from Debian. To profile a build whose
# limits refuse the load, pass ECOTRACK_RATE_LIMITS=false ECOTRACK_MAX_CONCURRENT_REQUESTS=1000.
set -euo pipefail
cd "$(dirname "$0")/.."
endpoint="$1"; shift
bin="" seconds=12
while [ $# -gt 0 ]; do
  case "$1" in
    --ecotrack) bin="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "$bin" ]; then swift build -c release --product ecotrack >/dev/null; bin="$(swift build -c release --show-bin-path)/ecotrack"; fi
command -v perf >/dev/null || apt-get install -y linux-perf >/dev/null
work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --demo --port "$port" --database "$work/eco.sqlite" >"$work/out" 2>"$work/log" &
server=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
key=$(sed -n 's/.*API key (shown once): //p' "$work/out" | head -1)
cell=$(python3 bench/api/load_year.py "http://127.0.0.1:$port" "$key")
case "$endpoint" in
  post) script=post_readings.lua path="" ;;
  year) script=get.lua path="/api/v1/observations/$cell/timeseries?variable=temperature_2m&start=2024-01-01T00:00:00Z&end=2025-01-01T00:00:00Z&bucket=1d" ;;
  year-distinct) script=get_distinct.lua path="/api/v1/observations/$cell/timeseries?variable=temperature_2m&start=2024-01-01T00:00:00Z&end={end}&bucket=1d" ;;
  week) script=get.lua path="/api/v1/observations/$cell/timeseries?variable=temperature_2m&start=2024-06-03T00:00:00Z&end=2024-06-10T00:00:00Z&bucket=1h" ;;
  healthz) script=get.lua path="/healthz" ;;
  *) echo "endpoint: post, year, year-distinct, week or healthz" >&2; exit 2 ;;
esac
BENCH_KEY="$key" BENCH_PATH="$path" wrk -t2 -c64 -d"$((seconds + 4))s" -s "bench/api/$script" "http://127.0.0.1:$port" >"$work/wrk" 2>&1 &
wrk_pid=$!
sleep 2
perf record -F 499 -g -p "$server" -o "$work/perf.data" -- sleep "$seconds" >/dev/null 2>&1
wait $wrk_pid
grep -E 'Requests/sec|Non-2xx' "$work/wrk" || true
trim() { sed -E 's/ +- +- *$//' | { command -v swift >/dev/null && swift demangle --simplified || cat; } | cut -c1-150; }
echo "-- threads (share of all samples)"
perf report -i "$work/perf.data" --sort pid --stdio 2>/dev/null | grep -E "^ +[0-9]" | awk '$1+0 >= 1' | trim
echo "-- EcoTrack's own functions and SQLite's commit, inclusive (children counted), >= 2 %"
perf report -i "$work/perf.data" --children --percent-limit 2 --stdio --sort symbol 2>/dev/null | grep -E "^ +[0-9]" \
  | grep -E "Eco|Hummingbird|sqlite3_step|vdbeCommit|walWriteOneFrame" | trim | head -40
echo "-- self time, >= 1.5 %"
perf report -i "$work/perf.data" --no-children --percent-limit 1.5 --stdio --sort symbol 2>/dev/null | grep -E "^ +[0-9]" | trim | head -30
[ -n "${PROFILE_CALLERS:-}" ] && perf report -i "$work/perf.data" --no-children --stdio --symbol-filter="$PROFILE_CALLERS" -G 2>/dev/null | grep -v "^$" | head -60
