#!/usr/bin/env bash
# Multi-process check (issue #15): two `ecotrack serve` replicas and two `ecotrack worker`s on one throwaway
# PostgreSQL cluster (scripts/postgres.sh): an alert across replicas, detection partitions spread over the four,
# 1,000 training jobs each run exactly once, kill -9 of a replica during ingest, PostgreSQL restarted mid-run. The work is in multiprocess.py (Python 3,
# stdlib only); this wrapper skips it where PostgreSQL cannot run, as scripts/test does for the adapter's tests.
# Usage: scripts/checks/multiprocess.sh PATH/TO/ecotrack   (ECOTRACK_MP_JOBS=N for fewer jobs)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ "${ECOTRACK_TEST_POSTGRES:-}" = off ] || ! "$here/../postgres.sh" available; then
  echo "multi-process check skipped: no PostgreSQL here (or ECOTRACK_TEST_POSTGRES=off)"
  exit 0
fi
exec timeout 1200 python3 "$here/multiprocess.py" "$1"
