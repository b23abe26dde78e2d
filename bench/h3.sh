#!/usr/bin/env bash
# H3 benchmark: EcoTrack's pure-Swift H3 against h3-py's integer API on the same points, same run.
#   bench/h3.sh            build release, run both, count heap allocations on the latLngToCell path
# Environment: H3_POINTS (default 200000), H3_REPEATS (default 5), SKIP_BUILD=1 to reuse the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
points="${H3_POINTS:-200000}"
repeats="${H3_REPEATS:-5}"
H3_PY_VERSION="4.1.2"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
    swift build -c release --product ecotrack
fi
bin="$(swift build -c release --show-bin-path)/ecotrack"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

echo "# machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
echo "## ecotrack bench h3 (Swift, release, one core)"
"$bin" bench h3 --points "$points" --repeats "$repeats"

echo "## h3-py integer API"
python3 -m pip install --quiet "h3==${H3_PY_VERSION}"
"$bin" bench h3 --points "$points" --write-points "$tmp/points.csv"
python3 bench/h3_py.py "$tmp/points.csv" "$repeats"

# Zero allocations on latLngToCell: valgrind counts every malloc; run the same process with 0 and
# with 100,000 calls at res 9 — any difference would be allocations made by those calls.
if command -v valgrind >/dev/null; then
    count() { valgrind "$bin" bench h3 --points 1000 --allocation-probe "$1" 2>&1 | sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' | tr -d ,; }
    base=$(count 0); probe=$(count 100000)
    echo "## heap allocations (valgrind): setup only ${base}, setup + 100000 latLngToCell calls ${probe}, difference $((probe - base))"
fi
