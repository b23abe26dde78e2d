#!/usr/bin/env bash
# Streaming detector speed: points/s of SeriesDetector on the seeded synthetic set (40 series, ~107k points,
# hourly and 10-minute), fresh detectors, best of 5 rounds, one core; the same run for each git revision given,
# so the new detector is measured against an older one on the same machine and load.
#   bench/detect.sh                 the working tree
#   bench/detect.sh HEAD~3 WORKTREE a revision and the working tree, one after the other
# Builds EcoTime, EcoRandom and EcoAnalytics of each revision with swiftc -O (whole module) into a
# temporary folder, with a small main that uses only SyntheticSeries.make and SeriesDetector.scores.
set -euo pipefail
cd "$(dirname "$0")/.."
revisions=("$@")
[ ${#revisions[@]} -gt 0 ] || revisions=(WORKTREE)
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
echo "# machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ), $(swiftc --version 2>&1 | head -1)"
for revision in "${revisions[@]}"; do
  dir="$tmp/$revision"; mkdir -p "$dir/src"
  if [ "$revision" = WORKTREE ]; then
    cp -r Sources/EcoTime Sources/EcoRandom Sources/EcoAnalytics "$dir/src/"
  else
    git archive "$revision" Sources/EcoTime Sources/EcoRandom Sources/EcoAnalytics | tar -x -C "$dir"
    mv "$dir/Sources"/* "$dir/src/"
  fi
  cat > "$dir/main.swift" <<'SWIFT'
import EcoAnalytics
import Foundation
let sets = (0..<40).map { SyntheticSeries.make(seed: 42, index: $0) }
let points = sets.reduce(0) { $0 + $1.points.count }
var best = Double.infinity
var anomalies = 0
for _ in 0..<5 {
    let elapsed = ContinuousClock().measure {
        anomalies = sets.reduce(0) { $0 + SeriesDetector.scores(of: $1.points, configuration: $1.configuration).filter(\.isAnomaly).count }
    }
    best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}
var trained = SeriesDetector(configuration: sets[1].configuration)
for point in sets[1].points { if let value = point.value { _ = trained.score(timeMs: point.timeMs, value: value) } }
let state = (try? JSONEncoder().encode(trained).count) ?? 0
print("\(points) points in \(String(format: "%.3f", best)) s: \(Int(Double(points) / best)) points/s (\(anomalies) anomalies); state of a trained 10-minute series \(state) bytes as JSON")
SWIFT
  (
    cd "$dir"
    for module in EcoTime EcoRandom EcoAnalytics; do
      swiftc -O -wmo -parse-as-library -module-name "$module" -I . -emit-module -emit-module-path "$module.swiftmodule" \
        -emit-object -o "$module.o" $(find "src/$module" -name '*.swift') 2>/dev/null
    done
    swiftc -O -I . main.swift EcoAnalytics.o EcoTime.o EcoRandom.o -o bench 2>/dev/null
    printf '%s: ' "$revision"
    taskset -c 0 ./bench 2>/dev/null || ./bench
  )
done
