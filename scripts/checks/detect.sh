#!/usr/bin/env bash
# Golden checks for `ecotrack detect` (docs/detection.md): output shape, warm-up, spike, stuck sensor,
# gaps, physical range, timestamp spellings, and the evaluation report. Usage: detect.sh PATH/TO/ecotrack
set -euo pipefail
bin="${1:?usage: detect.sh PATH/TO/ecotrack}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# 6 days hourly from 2024-01-01 (epoch ms), daily cycle + deterministic wiggle; a spike at row 100 (day 5),
# a stuck run at rows 120..131, an empty value at row 90, 75 °C at row 140.
awk 'BEGIN {
  print "timestamp,value"
  for (i = 0; i < 144; i++) {
    v = 20 + 6 * sin(2 * 3.14159265 * i / 24) + 0.4 * sin(i * 12.9898)
    if (i == 100) v += 9
    if (i >= 120 && i < 132) v = stuck
    if (i == 119) stuck = sprintf("%.2f", v)
    if (i == 140) v = 75
    if (i == 90) { printf "%.0f,\n", 1704067200000 + i * 3600000; continue }
    printf "%.0f,%.2f\n", 1704067200000 + i * 3600000, v
  }
}' > "$work/series.csv"

"$bin" detect --input "$work/series.csv" --variable temperature_2m --with-kind > "$work/out.csv"
echo "checked: detect runs on 144 hourly rows"

[ "$(head -1 "$work/out.csv")" = "timestamp,value,score,isAnomaly,severity,kind" ] || fail "header: $(head -1 "$work/out.csv")"
[ "$(wc -l < "$work/out.csv")" -eq 145 ] || fail "expected 145 lines, got $(wc -l < "$work/out.csv")"
[ "$(sed -n 2p "$work/out.csv")" = "2024-01-01T00:00:00Z,20.00,0.0000,false,," ] || fail "first row: $(sed -n 2p "$work/out.csv")"
echo "checked: header, row count, RFC 3339 UTC timestamps, fixed-precision score"

awk -F, 'NR > 1 && NR <= 49 && $4 != "false" { bad = 1 } END { exit bad }' "$work/out.csv" || fail "an alert during warm-up"
echo "checked: no alerts in the 48-hour warm-up"

row() { sed -n "$(($1 + 2))p" "$work/out.csv"; }
[[ "$(row 90)" == 2024-01-04T18:00:00Z,,*,false,,* ]] || fail "gap row: $(row 90)"
[[ "$(row 100)" == *,true,*,spike ]] || fail "spike row: $(row 100)"
[[ "$(row 131)" == *,true,warning,stuck ]] || fail "stuck row: $(row 131)"
[[ "$(row 140)" == *,75.00,*,true,critical,outOfRange ]] || fail "out-of-range row: $(row 140)"
others=$(awk -F, 'NR > 1 && $4 == "true" && $6 != "stuck" { print NR - 2 }' "$work/out.csv" | tr '\n' ' ')
# The frozen run is flagged once it is long enough to be stuck, not earlier as a dip: a repeated value
# that stays inside the expected range is not novel, so it needs no alert of its own.
[ "$others" = "100 140 " ] || fail "unexpected alerts at rows: $others"
echo "checked: empty value passes as a gap; spike, stuck run and 75 °C flagged; nothing else"

printf '2024-03-01,1\n2024-03-02,2\n' | "$bin" detect --input - > "$work/dates.csv"
[ "$(sed -n 3p "$work/dates.csv")" = "2024-03-02T00:00:00Z,2,0.0000,false," ] || fail "header-less dates: $(sed -n 3p "$work/dates.csv")"
echo "checked: header-less input with plain dates from standard input"

if printf 'timestamp,value\nnoon,1\n' | "$bin" detect --input - > /dev/null 2> "$work/err.txt"; then fail "bad timestamp accepted"; fi
grep -q "Line 2" "$work/err.txt" || fail "error does not name the line: $(cat "$work/err.txt")"
echo "checked: a bad timestamp is rejected with its line number"

"$bin" detect --evaluate-synthetic --series-count 4 > "$work/eval.txt"
grep -q '^pointOutlier ' "$work/eval.txt" && grep -q '^stuck ' "$work/eval.txt" || fail "evaluation table: $(cat "$work/eval.txt")"
echo "checked: --evaluate-synthetic prints the per-type table"

# A labeled folder in NAB's layout: one series with a window around a spike, one without anomalies.
mkdir -p "$work/labeled/set"
awk 'BEGIN { print "timestamp,value"; for (i = 0; i < 2016; i++) { v = 20 + 0.5 * sin(i * 12.9898); if (i == 1500) v = 60
  printf "2024-01-%02d %02d:%02d:00,%.3f\n", 1 + int(i / 288), int(i % 288 / 12), (i % 12) * 5, v } }' > "$work/labeled/set/spike.csv"
awk 'BEGIN { print "timestamp,value"; for (i = 0; i < 2016; i++)
  printf "2024-01-%02d %02d:%02d:00,%.3f\n", 1 + int(i / 288), int(i % 288 / 12), (i % 12) * 5, 20 + 0.5 * sin(i * 12.9898) }' > "$work/labeled/set/quiet.csv"
printf '{"set/spike.csv": [["2024-01-06 00:00:00.000000", "2024-01-06 08:00:00.000000"]], "set/quiet.csv": []}\n' > "$work/labeled/combined_windows.json"
"$bin" detect --evaluate "$work/labeled" --per-series > "$work/real.txt"
grep -Eq '^detector +all +2 +4032 +1 +1 ' "$work/real.txt" || fail "real-data table: $(cat "$work/real.txt")"
grep -q '^rolling z-score ' "$work/real.txt" && grep -q 'set/quiet.csv' "$work/real.txt" || fail "baseline or per-series lines: $(cat "$work/real.txt")"
echo "checked: --evaluate DIR scores a labeled folder (detector and rolling z-score, per series)"

"$bin" detect --input "$work/series.csv" --explain > "$work/explain.csv"
[ "$(head -1 "$work/explain.csv")" = "timestamp,value,score,isAnomaly,severity,kind,evidence,baseline,baselineMean,baselineStd,expectedLow,expectedHigh,deviation,notice" ] \
  || fail "explain header: $(head -1 "$work/explain.csv")"
[[ "$(sed -n 102p "$work/explain.csv")" == *,true,*,spike,point,daily,* ]] || fail "explained spike: $(sed -n 102p "$work/explain.csv")"
echo "checked: --explain gives kind, evidence, baseline, expected range and deviation"
echo "detect.sh: all checks passed"
