#!/usr/bin/env bash
# STAC check (issue #17): the catalog of a demo server (/api/v1/catalog) validated by the reference
# validators from PyPI: stac-validator (JSON Schema of the landing page, every collection and items)
# and stac-api-validator (the core, collections, features and item-search conformance classes, with
# paging). See scripts/checks/stac_validate.py for how the STAC schemas are read without internet.
# The validators live in a virtual environment under .build/stac-venv (made once, about 15 s);
# without python3-venv they are pip-installed for this python3.
# Usage: scripts/checks/stac.sh PATH/TO/ecotrack
set -euo pipefail
bin="$1"
here="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
packages=(stac-validator==4.1.2 stac-api-validator==0.6.8 pystac==1.15.2)
probe="import stac_validator, stac_api_validator, pystac"

venv="$here/.build/stac-venv"
python="$venv/bin/python"
if ! "$python" -c "$probe" 2>/dev/null; then
  if python3 -m venv "$venv" 2>/dev/null; then
    "$python" -m pip install --quiet "${packages[@]}"
  else
    python="python3"
    "$python" -c "$probe" 2>/dev/null || python3 -m pip install --quiet "${packages[@]}" \
      || python3 -m pip install --quiet --break-system-packages "${packages[@]}"
  fi
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# The validator sends a few hundred requests in a burst: no rate limits for this local run.
ECOTRACK_RATE_LIMITS=false ECOTRACK_LOG_LEVEL=warning "$bin" serve --port "$port" --database "$work/demo.sqlite" --demo > "$work/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/readyz')" 2>/dev/null && break
  sleep 0.2
done

if "$python" "$here/scripts/checks/stac_validate.py" "http://127.0.0.1:$port/api/v1/catalog" pm25; then
  echo "  ok   STAC catalog valid (stac-validator, stac-api-validator)"
else
  echo "  FAIL STAC catalog: see the validator output above"
  exit 1
fi
