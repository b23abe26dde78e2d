#!/usr/bin/env bash
# CLI check (issue #21): every command that reads a file says which file is missing and what it
# expects (never a raw NSCocoaErrorDomain or a usage dump), and its --help lists the columns it reads;
# `serve --help` lists every setting of docs/configuration.md, and `--set` refuses unknown keys.
# Usage: scripts/checks/cli_inputs.sh PATH/TO/ecotrack
set -uo pipefail
bin="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail=0
missing="$work/no-such-file.csv"

# missing_file NAME EXPECTED-WORDS ARGS…: the command fails, names the file, says what it expects.
missing_file() {
  local name="$1" expected="$2"; shift 2
  local out code
  out=$("$bin" "$@" 2>&1); code=$?
  if [ "$code" -ne 0 ] && grep -qF "$missing" <<< "$out" && grep -qF "$expected" <<< "$out" \
     && ! grep -q 'NSCocoaErrorDomain' <<< "$out" && ! grep -q '^Usage:' <<< "$out"; then
    echo "  ok   $name: a missing file is named with what is expected"
  else
    echo "  FAIL $name (exit $code), expected the path and '$expected' without a Foundation error or usage text:"
    sed 's/^/    /' <<< "$out"; fail=1
  fi
}

# help_lists NAME COLUMNS COMMAND…: `ecotrack help COMMAND…` names the columns.
help_lists() {
  local name="$1" columns="$2"; shift 2
  if "$bin" help "$@" 2>&1 | tr -s ' \n' ' ' | grep -qF "$columns"; then
    echo "  ok   $name --help lists its columns ($columns)"
  else
    echo "  FAIL $name --help does not mention '$columns'"; fail=1
  fi
}

db="$work/ecotrack.sqlite"
missing_file ingest "variable, value and observedAt" ingest "$missing" --database "$db"
missing_file forecast "timestamp,value" forecast --input "$missing" --horizon 3
missing_file backtest "timestamp,value" backtest --input "$missing" --horizon 3
missing_file detect "timestamp,value" detect --input "$missing"
missing_file train "target column 'present'" train --data "$missing" --target present --task classification --database "$db"
missing_file predict "feature columns" predict --model any --input "$missing" --database "$db"
missing_file aqi "pollutant" aqi --input "$missing"
missing_file drought-index "precip_mm" drought-index --index spi --scale 3 --input "$missing"

help_lists ingest "variable, value and observedAt, and lat and lng or h3Index" ingest
help_lists forecast "timestamp,value" forecast
help_lists backtest "timestamp,value" backtest
help_lists detect "timestamp,value" detect
help_lists train "the --target column" train
help_lists predict "the model's feature columns" predict
help_lists aqi "pollutant" aqi
help_lists drought-index "precip_mm" drought-index

here="$(cd "$(dirname "$0")/../.." && pwd)"
documented=$(grep -o '^| `[A-Za-z]*` | `[^`]*` | `ECOTRACK_[A-Z_]*`' "$here/docs/configuration.md" | grep -o 'ECOTRACK_[A-Z_]*' | sort)
listed=$("$bin" serve --help 2>&1 | tr -s ' \n' ' ' | grep -o '/ ECOTRACK_[A-Z_]*' | cut -c3- | grep -vx 'ECOTRACK_CONFIG' | sort -u)
if [ "$(wc -l <<< "$documented")" -gt 30 ] && [ "$documented" == "$listed" ]; then
  echo "  ok   serve --help lists the $(wc -l <<< "$documented") settings of docs/configuration.md with their environment variables"
else
  echo "  FAIL serve --help and docs/configuration.md list different settings:"; diff <(echo "$documented") <(echo "$listed") | sed 's/^/    /'; fail=1
fi
out=$("$bin" serve --set noSuchSetting=1 --database "$work/s.sqlite" 2>&1); code=$?
if [ "$code" -ne 0 ] && grep -q "noSuchSetting" <<< "$out"; then
  echo "  ok   serve --set refuses an unknown key and names it"
else
  echo "  FAIL serve --set noSuchSetting=1 (exit $code): $out"; fail=1
fi
exit "$fail"
