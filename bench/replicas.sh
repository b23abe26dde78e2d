#!/usr/bin/env bash
# HTTP ingest through 2 `ecotrack serve` replicas against 1, on one PostgreSQL (issue #15), in the same run.
#
#   bench/replicas.sh [--ecotrack BIN] [--seconds 15] [--connections 32] [--rounds 2]
#
# A throwaway cluster (scripts/postgres.sh), two replicas on it (default pool of 10 connections each, no
# worker: the background services would compete for the same cores), an admin key (operators are not rate
# limited). Each round POSTs 100 distinct readings per request with wrk (bench/api/post_readings.lua) for
# --seconds to replica A alone, then to A and B at once (half the connections each), alternating which goes
# first; every run writes new stations, so every reading is a new row, and each wrk thread rotates over 32 sets
# of 100 stations (concurrent batches of one series wait for each other's row lock, as they must). Prints 2xx requests/s, readings/s and
# p99 per run, and the ratio of two replicas to one. On a 2-core machine the replicas, PostgreSQL and wrk
# share the same two cores: the ratio says how much of one replica's time was its own overhead.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/api/wrk_summary.sh
bin="" seconds=15 connections=32 rounds=2
while [ $# -gt 0 ]; do
  case "$1" in
    --ecotrack) bin="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "$bin" ]; then swift build -c release --product ecotrack >/dev/null; bin="$(swift build -c release --show-bin-path)/ecotrack"; fi
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }

work="$(mktemp -d)"
pids=()
cluster=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "$cluster" ] && scripts/postgres.sh stop "$cluster" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$1/readyz" >/dev/null && return 0; sleep 0.1; done; echo "replica on $1 not ready" >&2; exit 1; }

cluster=$(scripts/postgres.sh start)
database="$cluster?tls=disable"
key=$("$bin" users create --database "$database" --email bench@example.org --role admin 2>/dev/null | sed -n 's/.*\(eco_[A-Za-z0-9_-]*\).*/\1/p' | head -1)
[ -n "$key" ] || { echo "no key from ecotrack users create" >&2; exit 1; }
ports=()
for name in a b; do
  p=$(port)
  "$bin" serve --port "$p" --database "$database" >"$work/$name.log" 2>&1 &
  pids+=($!)
  ports+=("$p")
done
for p in "${ports[@]}"; do wait_ready "$p"; done

# wrk_run PREFIX CONNECTIONS THREADS PORT -> "2xx_requests_per_s p99 non2xx"
wrk_run() {
  BENCH_KEY="$key" BENCH_PREFIX="$1" BENCH_STATION_SETS=32 wrk -t"$3" -c"$2" -d"${seconds}s" --latency -s bench/api/post_readings.lua \
    "http://127.0.0.1:$4" 2>&1 | wrk_summary
}

one() {  # PREFIX -> requests/s
  set -- $(wrk_run "$1a" "$connections" 2 "${ports[0]}")
  printf '%-10s %-12s %12s %14s %10s\n' "$round" "1 replica" "$1" "$(python3 -c "print(round($1 * 100))")" "$2" >&2
  echo "$1"
}
two() {  # PREFIX -> requests/s (sum of both replicas)
  wrk_run "$1a" $((connections / 2)) 1 "${ports[0]}" >"$work/wa" &
  wrk_run "$1b" $((connections / 2)) 1 "${ports[1]}" >"$work/wb" &
  wait "$!"; wait
  read -r ra pa _ <"$work/wa"; read -r rb pb _ <"$work/wb"
  local sum; sum=$(python3 -c "print(round($ra + $rb, 1))")
  printf '%-10s %-12s %12s %14s %10s\n' "$round" "2 replicas" "$sum" "$(python3 -c "print(round($sum * 100))")" "$pa/$pb" >&2
  echo "$sum"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk ${seconds}s, $connections connections in all, POST /api/v1/observations of 100 readings; PostgreSQL 15 throwaway cluster; $("$bin" --version 2>/dev/null || echo ecotrack)"
printf '%-10s %-12s %12s %14s %10s\n' round servers 2xx/s readings/s p99
ones=() twos=()
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then
    ones+=("$(one "r${round}x")"); twos+=("$(two "r${round}y")")
  else
    twos+=("$(two "r${round}y")"); ones+=("$(one "r${round}x")")
  fi
done
python3 - "${ones[*]}" "${twos[*]}" <<'PY'
import sys
ones = [float(x) for x in sys.argv[1].split()]
twos = [float(x) for x in sys.argv[2].split()]
print("2 replicas / 1 replica, per round: " + ", ".join(f"{t / o:.2f}x" for o, t in zip(ones, twos)))
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
