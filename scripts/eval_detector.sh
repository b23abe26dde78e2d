#!/usr/bin/env bash
# Detector quality on the seeded labeled synthetic set: precision, recall and F1 per anomaly type
# (DetectorEvaluation.run(seed:) in EcoAnalytics, via `ecotrack detect --evaluate-synthetic`; the real-data
# evaluation is `ecotrack detect --evaluate DIR`). See docs/detection.md.
# Usage: scripts/eval_detector.sh [PATH/TO/ecotrack] [SEED...]   (default: the debug build; seeds 42 7 1)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-}"
if [ -z "$bin" ]; then
  swift build --product ecotrack >/dev/null
  bin="$(swift build --show-bin-path)/ecotrack"
fi
shift || true
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(42 7 1)
for seed in "${seeds[@]}"; do
  "$bin" detect --evaluate-synthetic --seed "$seed"
  echo
done
