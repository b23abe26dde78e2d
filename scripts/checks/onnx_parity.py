#!/usr/bin/env python3
"""Full-size parity: the five seed architectures at 224×224 on five real images, EcoTrack vs onnxruntime.

Generates the models, the preprocessed images and onnxruntime's outputs with
scripts/reference/onnx_models.py --full (pip-installs onnx, onnxruntime, numpy, pillow, scikit-image,
scikit-learn), runs `ecotrack onnx run` on the same [5,3,224,224] tensor and compares per element:
|ours − ort| ≤ 1e-4 · max(|ort|, 1e-2 · max|ort|)  (the tolerance of Tests/EcoONNXTests/ModelParityTests).

Usage: python3 scripts/checks/onnx_parity.py PATH/TO/ecotrack [--threads N] [--only resnet50,...] [--keep DIR]
Prints one line per model and the seconds each phase took; exits 1 on any mismatch.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
parser = argparse.ArgumentParser()
parser.add_argument("ecotrack")
parser.add_argument("--threads", type=int, default=os.cpu_count())
parser.add_argument("--only")
parser.add_argument("--keep", help="reuse/keep the generated models in this directory")
args = parser.parse_args()

work = args.keep or tempfile.mkdtemp(prefix="onnx-parity-")
started = time.time()
manifest_path = os.path.join(work, "manifest.json")
if not os.path.exists(manifest_path):
    command = [sys.executable, os.path.join(here, "scripts", "reference", "onnx_models.py"), "--full", work]
    if args.only:
        command += ["--only", args.only]
    subprocess.run(command, check=True, cwd=here)
generated = time.time()

import numpy as np  # noqa: E402  (installed by onnx_models.py)

failures = 0
with open(manifest_path) as f:
    cases = json.load(f)["cases"]
for case in cases:
    if args.only and case["name"] not in args.only.split(","):
        continue
    t0 = time.time()
    run = subprocess.run([args.ecotrack, "onnx", "run", os.path.join(work, case["model"]), "--input", os.path.join(work, case["input"]),
                          "--shape", ",".join(map(str, case["inputShape"])), "--threads", str(args.threads)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        print(f"  FAIL {case['name']}: ecotrack exited {run.returncode}: {run.stderr.strip()}")
        failures += 1
        continue
    result = json.loads(run.stdout)
    ours = np.array(result["outputs"][0]["data"], dtype=np.float64)
    ref = np.fromfile(os.path.join(work, case["output"]), dtype=np.float32).astype(np.float64)
    allowed = np.maximum(np.abs(ref), 1e-2 * np.abs(ref).max())
    worst = float((np.abs(ours - ref) / allowed).max()) if ours.shape == ref.shape else float("inf")
    same_top1 = ours.shape == ref.shape and (ours.reshape(case["outputShape"]).argmax(1) == ref.reshape(case["outputShape"]).argmax(1)).all()
    ok = worst <= 1e-4
    failures += 0 if ok else 1
    print(f"  {'ok  ' if ok else 'FAIL'} {case['name']}: worst relative error {worst:.2e}, top-1 {'equal' if same_top1 else 'DIFFERS'}, "
          f"load {result['loadSeconds']:.2f} s, {case['inputShape'][0]} images {result['runSeconds']:.2f} s ({args.threads} threads), wall {time.time() - t0:.1f} s")
print(f"generation {generated - started:.0f} s (pip + models + onnxruntime), comparison {time.time() - generated:.0f} s, total {time.time() - started:.0f} s")
if not args.keep:
    shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if failures else 0)
