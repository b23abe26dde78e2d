#!/usr/bin/env bash
# Runs the README's "A 5-minute tour" as written, so the tour cannot drift from the product (issue #21).
# Usage: scripts/checks/tour.sh PATH/TO/ecotrack
#
# The tour's sh block is taken from README.md and run by bash in a fresh temporary directory that
# holds a copy of examples/. Three things differ from a reader's terminal, and only these:
#   - the line that builds and aliases the binary is left out: `ecotrack` is the binary under test, on PATH;
#   - `localhost:8080` becomes a free loopback port (ECOTRACK_PORT tells the server the same);
#   - `curl` fails on an HTTP error (--fail-with-body unless the line has -f), and a reader that
#     stops early (`| head`) is not a failure; each request is bounded to 60 s.
# Every command must succeed (set -e, pipefail); the server and background streams are stopped on
# exit, and the whole tour is bounded by a timeout (TOUR_TIMEOUT seconds, default 240).
# TOUR_VERBOSE=1 prints what the tour printed.
set -euo pipefail
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
here="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# The first ```sh block after the tour's heading, up to its closing fence.
tour=$(awk '/^## A 5-minute tour/ { section = 1 } section && /^```sh$/ { inside = 1; next } inside && /^```$/ { exit } inside' "$here/README.md")
[ -n "$tour" ] || { echo "  FAIL no sh block under '## A 5-minute tour' in README.md"; exit 1; }
grep -q '^swift build .*alias ecotrack=' <<< "$tour" || { echo "  FAIL the tour no longer starts by building and aliasing ecotrack; update scripts/checks/tour.sh"; exit 1; }

{
  cat <<EOF
set -euo pipefail
trap 'echo "tour: this command failed (status \$?): \$BASH_COMMAND" >&2' ERR
export ECOTRACK_PORT=$port PATH="$work/bin:\$PATH"
curl() {
  local status=0 fail=(--fail-with-body) arg
  # A command that already says -f keeps its own choice (curl refuses both).
  for arg in "\$@"; do case "\$arg" in --fail|-[!-]*f*) fail=() ;; esac; done
  command curl "\${fail[@]}" --max-time 60 "\$@" || status=\$?
  # 23: the reader closed the pipe (head); 141: SIGPIPE.
  if [ "\$status" -eq 23 ] || [ "\$status" -eq 141 ]; then status=0; fi
  return "\$status"
}
EOF
  sed -e "s|^swift build .*alias ecotrack=.*|# (ecotrack: the binary under test, first on PATH)|" -e "s|localhost:8080|localhost:$port|g" <<< "$tour"
} > "$work/tour.sh"

mkdir "$work/bin" && ln -s "$bin" "$work/bin/ecotrack"
cp -R "$here/examples" "$work/examples"
started=$(date +%s)
cd "$work"
# timeout leads a process group of its own: the server and the background streams are in it, and
# stop with it at the timeout or on exit.
status=0
timeout --kill-after=5 "${TOUR_TIMEOUT:-240}" bash tour.sh > tour.out 2>&1 &
group=$!
trap 'kill -TERM -- -"$group" 2>/dev/null || true; sleep 0.5; kill -KILL -- -"$group" 2>/dev/null || true; cd /; rm -rf "$work"' EXIT
wait "$group" || status=$?
elapsed=$(( $(date +%s) - started ))

if [ "$status" -ne 0 ]; then
  echo "  FAIL the README tour stopped with status $status after ${elapsed} s ($([ "$status" -eq 124 ] && echo "timed out" || grep -m1 '^tour: this command failed' tour.out || echo "no command named"))"
  echo "  the last lines it printed:"
  tail -n 15 tour.out | cut -c1-300 | sed 's/^/    /'
  echo "  server log (serve.log):"
  tail -n 5 serve.log 2>/dev/null | cut -c1-300 | sed 's/^/    /' || true
  exit 1
fi
[ -z "${TOUR_VERBOSE:-}" ] || sed 's/^/    /' tour.out
commands=$(grep -cvE '^\s*(#|$)' <<< "$tour")
echo "  ok   the README tour ran as written ($commands command lines, ${elapsed} s)"
