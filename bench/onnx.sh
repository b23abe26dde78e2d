#!/usr/bin/env bash
# ONNX image-model latency per 224×224 image: EcoONNX (ecotrack-bench onnx) vs onnxruntime on the same
# files in the same run, single-threaded and with all cores, median of 5 timed runs after a warm-up.
#   swift build -c release --product ecotrack-bench && bench/onnx.sh [MODEL_DIR]
# MODEL_DIR: made by `scripts/reference/onnx_models.py --full DIR` (generated here into a temp dir if absent).
set -euo pipefail
cd "$(dirname "$0")/.."
bench="${ECOTRACK_BENCH:-.build/release/ecotrack-bench}"
[ -x "$bench" ] || { echo "build first: swift build -c release --product ecotrack-bench" >&2; exit 1; }
dir="${1:-}"
if [ -z "$dir" ]; then
  dir="$(mktemp -d)"; trap 'rm -rf "$dir"' EXIT
  python3 scripts/reference/onnx_models.py --full "$dir" --only resnet50,mobilenet_v3_large > /dev/null
fi
models=("$dir/resnet50.onnx" "$dir/mobilenet_v3_large.onnx")
cores="$(nproc)"
echo "# machine: $cores cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ), $(swiftc --version 2>&1 | head -1)"
ours="$("$bench" onnx "${models[@]}" --threads "1,$cores")"
ECOTRACK_OURS="$ours" python3 - "$cores" "${models[@]}" <<'PY'
import json, os, sys, time
import numpy as np
import onnxruntime as ort
cores = int(sys.argv[1])
ours = {(r["model"], r["threads"]): r for r in json.loads(os.environ["ECOTRACK_OURS"])["results"]}
print(f"# onnxruntime {ort.__version__}; median of 5 runs after a warm-up, batch 1; CPU = process CPU time per image")
print("# (on a loaded machine wall time includes waiting for a core; single-threaded CPU time does not)")
print("| model | threads | EcoONNX wall ms | onnxruntime wall ms | wall ratio | EcoONNX CPU ms | onnxruntime CPU ms | CPU ratio |")
print("|---|---|---|---|---|---|---|---|")
x = np.random.default_rng(1).normal(0, 1, (1, 3, 224, 224)).astype(np.float32)
for path in sys.argv[2:]:
    name = os.path.splitext(os.path.basename(path))[0]
    for threads in (1, cores):
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        feed = {session.get_inputs()[0].name: x}
        session.run(None, feed)
        times, cpu = [], []
        for _ in range(5):
            t, c = time.perf_counter(), time.process_time()
            session.run(None, feed)
            times.append((time.perf_counter() - t) * 1e3); cpu.append((time.process_time() - c) * 1e3)
        theirs, theirs_cpu = sorted(times)[2], sorted(cpu)[2]
        mine, mine_cpu = ours[(name, threads)]["medianMs"], ours[(name, threads)]["cpuMedianMs"]
        print(f"| {name} | {threads} | {mine:.1f} | {theirs:.1f} | {mine / theirs:.2f}× | {mine_cpu:.1f} | {theirs_cpu:.1f} | {mine_cpu / theirs_cpu:.2f}× |")
PY
