#!/usr/bin/env bash
# CLI golden check for the foundation: ingest files into a local store, read them back.
# Usage: scripts/checks/foundation.sh PATH/TO/ecotrack
set -euo pipefail
bin="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/ecotrack.sqlite"
fail=0
expect() { # name, expected, actual
  if [ "$2" == "$3" ]; then echo "  ok   $1"; else echo "  FAIL $1: expected [$2], got [$3]"; fail=1; fi
}

cat > "$work/obs.csv" <<'CSV'
variable,value,unit,observedAt,lat,lng,source,stationId
temperature_2m,68,°F,2024-05-01T00:00:00Z,48.8566,2.3522,check,paris
temperature_2m,70.7,°F,2024-05-01T01:00:00Z,48.8566,2.3522,check,paris
pm25,12,µg/m³,2024-05-01T00:00:00Z,48.8566,2.3522,check,paris
CSV
printf '%s\n' '{"variable":"pm25","value":18,"observedAt":"2024-05-01T01:00:00Z","lat":48.8566,"lng":2.3522,"source":"check","stationId":"paris"}' \
  '{"variable":"pm25","value":-1,"observedAt":"2024-05-01T02:00:00Z","lat":48.8566,"lng":2.3522}' > "$work/obs.ndjson"

out=$("$bin" ingest --database "$db" "$work/obs.csv" 2>&1)
expect "CSV ingest summary" "ingested 3 observations (3 new, 0 replaced), rejected 0" "$(echo "$out" | tail -1 | sed 's/, from.*//')"

set +e
out=$("$bin" ingest --database "$db" "$work/obs.ndjson" 2>&1); code=$?
set -e
expect "NDJSON with a bad record exits 1" "1" "$code"
expect "the bad record is reported with its line and field" "yes" "$(echo "$out" | grep -q 'record 1 (line 2) value' && echo yes || echo no)"

out=$("$bin" query observations --database "$db" --variable temperature_2m --format csv)
column() { awk -F, -v name="$1" 'NR==1 {for (i=1;i<=NF;i++) if ($i==name) c=i} NR==2 {print $c}'; }
expect "°F stored as °C (68 °F = 20 °C)" "20" "$(echo "$out" | column value)"

cell=$(echo "$out" | column h3Index)
out=$("$bin" query timeseries --database "$db" --h3 "$cell" --variable pm25 --bucket 1h --format csv)
expect "hourly pm25 buckets" "2" "$(echo "$out" | tail -n +2 | wc -l | tr -d ' ')"

"$bin" variables register --database "$db" --name soil_moisture --unit % --domain food --min 0 --max 100 > /dev/null
expect "registered variable is listed" "yes" "$("$bin" variables list --database "$db" --format csv | grep -q '^.*soil_moisture' && echo yes || echo no)"

exit $fail
