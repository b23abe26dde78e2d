#!/usr/bin/env bash
# Golden checks of `ecotrack forecast` and `ecotrack backtest` (issue #6). Usage: forecast.sh path/to/ecotrack
set -u
BIN=${1:?usage: forecast.sh path/to/ecotrack}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILED=0

check() { # name, expected file, command...
    local name=$1 expected=$2
    shift 2
    if ! "$@" > "$WORK/actual" 2> "$WORK/stderr"; then
        echo "FAIL $name: exit code $? ($(head -c 300 "$WORK/stderr"))"
        FAILED=1
    elif ! diff -u "$expected" "$WORK/actual"; then
        echo "FAIL $name: output differs (above)"
        FAILED=1
    else
        echo "ok   $name"
    fi
}

# Drift on a line, plain dates with a header: the line is extended exactly, zero-width intervals.
printf 'timestamp,value\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n2024-01-04,4\n2024-01-05,5\n' > "$WORK/line.csv"
printf 'timestamp,mean,p10,p50,p90\n2024-01-06T00:00:00Z,6,6,6,6\n2024-01-07T00:00:00Z,7,7,7,7\n' > "$WORK/line.expected"
check "forecast --model drift extends a line" "$WORK/line.expected" "$BIN" forecast --input "$WORK/line.csv" --horizon 2 --model drift

# Seasonal naive on a pure cycle, no header, epoch-millisecond timestamps, hourly.
: > "$WORK/cycle.csv"
for i in $(seq 0 11); do echo "$((i * 3600000)),$(echo "1 5 2 8" | cut -d' ' -f$((i % 4 + 1)))" >> "$WORK/cycle.csv"; done
printf 'timestamp,mean,p10,p50,p90\n1970-01-01T12:00:00Z,1,1,1,1\n1970-01-01T13:00:00Z,5,5,5,5\n1970-01-01T14:00:00Z,2,2,2,2\n' > "$WORK/cycle.expected"
check "forecast --model snaive --season 4 repeats a cycle" "$WORK/cycle.expected" "$BIN" forecast --input "$WORK/cycle.csv" --horizon 3 --model snaive --season 4

# Constant series with an empty value (a gap) and RFC 3339 times with offsets: flat, zero width.
printf '2024-01-01T01:00:00+01:00,3\n2024-01-02T00:00:00Z,\n2024-01-03T00:00:00Z,3\n2024-01-04T00:00:00Z,3\n2024-01-05T00:00:00Z,3\n' > "$WORK/constant.csv"
printf 'timestamp,mean,p10,p50,p90\n2024-01-06T00:00:00Z,3,3,3,3\n' > "$WORK/constant.expected"
check "forecast of a constant series with a gap is flat" "$WORK/constant.expected" "$BIN" forecast --input "$WORK/constant.csv" --horizon 1

# Backtest of drift on a line: perfect scores.
printf 'timestamp,value\n' > "$WORK/long.csv"
for i in $(seq 0 29); do echo "$((i * 86400000)),$((2 * i + 1))" >> "$WORK/long.csv"; done
printf 'metric,value\nmodel,drift\nwindows,3\nhorizon,5\nmae,0\nmase,0\nsmape,0\ncoverage_80,1\ncoverage_95,1\n' > "$WORK/backtest.expected"
check "backtest --model drift on a line scores perfectly" "$WORK/backtest.expected" "$BIN" backtest --input "$WORK/long.csv" --horizon 5 --model drift

# A malformed value is an error naming the line.
printf 'timestamp,value\n2024-01-01,1\n2024-01-02,abc\n' > "$WORK/bad.csv"
if "$BIN" forecast --input "$WORK/bad.csv" --horizon 1 > /dev/null 2> "$WORK/stderr"; then
    echo "FAIL forecast rejects a malformed value: exit code 0"
    FAILED=1
elif grep -q "Line 3" "$WORK/stderr"; then
    echo "ok   forecast rejects a malformed value (names line 3)"
else
    echo "FAIL forecast rejects a malformed value: message lacks 'Line 3': $(cat "$WORK/stderr")"
    FAILED=1
fi
exit $FAILED
