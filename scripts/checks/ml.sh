#!/usr/bin/env bash
# CLI golden check for models: train on a bundled dataset, register, promote, predict.
# Usage: scripts/checks/ml.sh PATH/TO/ecotrack
set -euo pipefail
bin="$1"
here="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/ecotrack.sqlite"
fail=0
expect() { if [ "$2" == "$3" ]; then echo "  ok   $1"; else echo "  FAIL $1: expected [$2], got [$3]"; fail=1; fi; }

data="$here/Tests/EcoMLTests/Fixtures/ml_wine.csv"
summary=$("$bin" train --database "$db" --data "$data" --target target --task classification --algorithm rf --cv 3 --seed 7 --name wine-quality-rf)
field() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print($2)" "$summary"; }
expect "train prints the registered name" "wine-quality-rf" "$(field "$summary" 'd["name"]')"
expect "first version is 1" "1" "$(field "$summary" 'int(d["version"])')"
expect "cross-validated accuracy above 0.9" "True" "$(field "$summary" 'd["metrics"]["accuracy"] > 0.9')"

"$bin" train --database "$db" --data "$data" --target target --task classification --algorithm gbt --cv 0 --name wine-quality-rf > /dev/null
"$bin" models stage --database "$db" wine-quality-rf@1 Production > /dev/null
head -6 "$data" | cut -d, -f1-13 > "$work/rows.csv"
out=$("$bin" predict --database "$db" --model wine-quality-rf --input "$work/rows.csv")
expect "predict header: prediction and one probability per class" "prediction,prob_0,prob_1,prob_2" "$(echo "$out" | head -1)"
expect "one output row per input row" "5" "$(echo "$out" | tail -n +2 | wc -l | tr -d ' ')"
expect "the Production version (1) serves by default" "$out" "$("$bin" predict --database "$db" --model wine-quality-rf@1 --input "$work/rows.csv")"
"$bin" models alias --database "$db" wine-quality-rf@1 champion > /dev/null
"$bin" models alias --database "$db" wine-quality-rf@1 baseline > /dev/null
listed=$("$bin" models list --database "$db" wine-quality-rf)
# The aliases cell of version $1: the table's columns are aligned, and an empty cell is blanks.
aliases_of() { echo "$listed" | python3 -c '
import sys
lines = sys.stdin.read().splitlines()
header = lines[0]
start, end, version = header.index("aliases"), header.index("createdAt"), header.index("version")
print(next(line[start:end].strip() for line in lines[1:-1] if line[version:].strip() == sys.argv[1]))' "$1"; }
expect "models list shows the aliases pointing at each version" "baseline,champion|" "$(aliases_of 1)|$(aliases_of 2)"
expect "history records the promotion" "yes" "$("$bin" models history --database "$db" wine-quality-rf | grep -q 'wine-quality-rf@1  stage:Production' && echo yes || echo no)"
set +e
"$bin" predict --database "$db" --model nosuch --input "$work/rows.csv" > "$work/err.txt" 2>&1; code=$?
set -e
expect "unknown model fails with a clear message" "1 yes" "$code $(grep -q 'No model' "$work/err.txt" && echo yes || echo no)"
exit $fail
