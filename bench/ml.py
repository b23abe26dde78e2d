#!/usr/bin/env python3
"""EcoML vs scikit-learn on the same folds: accuracy/AUC or RMSE/R², training time,
single-row latency and batch throughput for random forests and histogram gradient boosting.

Usage:
  python3 bench/ml.py [--swift "ecotrack bench ml"] [--markdown OUT.md] [--seeds N]

--swift is the command that runs EcoML's MLBenchmark; it receives `--data DIR` (and `--seed S`)
and must print its JSON. Default: `ecotrack bench ml` from .build/release if present, else on PATH.
Both sides run single-threaded (scikit-learn with n_jobs=1) with default settings, 100 trees.
--seeds N (N > 1) also trains both random forests with seeds 0..N-1 and prints the spread of their
scores: the two sides draw different bootstrap samples, so a forest's gap is only meaningful
against that spread (gradient boosting draws nothing at random below 10,000 rows).
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time

SKLEARN = "scikit-learn==1.9.1"
# One thread on both sides: HistGradientBoosting would otherwise start an OpenMP team per core.
os.environ["OMP_NUM_THREADS"] = "1"
subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", SKLEARN], check=True)

import numpy as np  # noqa: E402
from sklearn import datasets, metrics  # noqa: E402
from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor,  # noqa: E402
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.model_selection import KFold, StratifiedKFold  # noqa: E402

DATASETS = [
    ("breast_cancer", "classification", datasets.load_breast_cancer),
    ("wine", "classification", datasets.load_wine),
    ("digits", "classification", datasets.load_digits),
    ("diabetes", "regression", datasets.load_diabetes),
]
FOLDS = 5


def export(directory):
    manifest, loaded = [], {}
    for name, task, loader in DATASETS:
        bunch = loader()
        x, y = bunch.data, bunch.target
        cv = StratifiedKFold(FOLDS, shuffle=True, random_state=0) if task == "classification" \
            else KFold(FOLDS, shuffle=True, random_state=0)
        fold = np.zeros(len(y), dtype=int)
        for f, (_, test) in enumerate(cv.split(x, y)):
            fold[test] = f
        path = os.path.join(directory, f"{name}.csv")
        with open(path, "w") as out:
            out.write(",".join([f"f{j}" for j in range(x.shape[1])] + ["target", "fold"]) + "\n")
            for row, t, f in zip(x, y, fold):
                label = str(int(t)) if task == "classification" else repr(float(t))
                out.write(",".join(repr(float(v)) for v in row) + f",{label},{f}\n")
        manifest.append({"name": name, "task": task, "file": f"{name}.csv"})
        loaded[name] = (task, x, y, fold)
    with open(os.path.join(directory, "manifest.json"), "w") as out:
        json.dump(manifest, out)
    return loaded


def sklearn_side(loaded, algorithms=("rf", "gbt"), seed=0):
    results = []
    for name, (task, x, y, fold) in loaded.items():
        for algorithm in algorithms:
            if task == "classification":
                make = (lambda: RandomForestClassifier(n_estimators=100, n_jobs=1, random_state=seed)) if algorithm == "rf" \
                    else (lambda: HistGradientBoostingClassifier(random_state=seed))
            else:
                make = (lambda: RandomForestRegressor(n_estimators=100, n_jobs=1, random_state=seed)) if algorithm == "rf" \
                    else (lambda: HistGradientBoostingRegressor(random_state=seed))
            scores, train_s, single_s, single_n, batch_s, batch_n = [], 0.0, 0.0, 0, 0.0, 0
            for f in range(FOLDS):
                tr, te = fold != f, fold == f
                model = make()
                t0 = time.perf_counter()
                model.fit(x[tr], y[tr])
                train_s += time.perf_counter() - t0
                xt, yt = x[te], y[te]
                if task == "classification":
                    proba = model.predict_proba(xt)
                    pred = model.classes_[proba.argmax(axis=1)]
                    auc = metrics.roc_auc_score(yt, proba[:, 1]) if proba.shape[1] == 2 else \
                        metrics.roc_auc_score(yt, proba, multi_class="ovr", labels=model.classes_)
                    scores.append({"accuracy": metrics.accuracy_score(yt, pred), "rocAUC": auc,
                                   "logLoss": metrics.log_loss(yt, proba, labels=model.classes_)})
                    one = model.predict_proba
                else:
                    pred = model.predict(xt)
                    scores.append({"rootMeanSquaredError": float(np.sqrt(metrics.mean_squared_error(yt, pred))),
                                   "r2": metrics.r2_score(yt, pred)})
                    one = model.predict
                # Single-row latency: a few dozen rows of the fold, each predicted alone.
                rows = xt[:40]
                t0 = time.perf_counter()
                for i in range(len(rows)):
                    one(rows[i:i + 1])
                single_s += time.perf_counter() - t0
                single_n += len(rows)
                t0 = time.perf_counter()
                for _ in range(5):
                    one(xt)
                batch_s += time.perf_counter() - t0
                batch_n += 5 * len(xt)
            mean = {k: float(np.mean([s[k] for s in scores])) for k in scores[0]}
            results.append({"dataset": name, "algorithm": algorithm, "metrics": mean,
                            "trainSeconds": train_s / FOLDS, "singleRowMicroseconds": single_s / single_n * 1e6,
                            "batchRowsPerSecond": batch_n / batch_s})
    return results


def swift_command(argument):
    if argument:
        return shlex.split(argument)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    built = os.path.join(root, ".build", "release", "ecotrack")
    return [built if os.path.exists(built) else "ecotrack", "bench", "ml"]


def run_swift(argument, directory, seed):
    command = swift_command(argument) + ["--data", directory] + (["--seed", str(seed)] if seed else [])
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def seed_spread(argument, directory, loaded, first_swift, first_python, seeds):
    """Random-forest scores over seeds 0..seeds-1 on both sides: mean [min, max] per dataset."""
    def key(r):
        return "accuracy" if "accuracy" in r["metrics"] else "r2"
    ours = {r["dataset"]: [r["metrics"][key(r)]] for r in first_swift if r["algorithm"] == "rf"}
    theirs = {r["dataset"]: [r["metrics"][key(r)]] for r in first_python if r["algorithm"] == "rf"}
    for seed in range(1, seeds):
        for r in run_swift(argument, directory, seed):
            if r["algorithm"] == "rf":
                ours[r["dataset"]].append(r["metrics"][key(r)])
        for r in sklearn_side(loaded, algorithms=("rf",), seed=seed):
            theirs[r["dataset"]].append(r["metrics"][key(r)])
    lines = [f"| dataset | rf metric over seeds 0..{seeds - 1} | EcoML mean [min, max] | sklearn mean [min, max] | Δ rel of means |",
             "|---|---|---|---|---|"]
    for name in ours:
        a, b = np.array(ours[name]), np.array(theirs[name])
        metric = "r2" if loaded[name][0] == "regression" else "accuracy"
        lines.append(f"| {name} | {metric} | {a.mean():.4f} [{a.min():.4f}, {a.max():.4f}] | "
                     f"{b.mean():.4f} [{b.min():.4f}, {b.max():.4f}] | {(a.mean() - b.mean()) / abs(b.mean()):+.2%} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--swift", help="command running EcoML's MLBenchmark (gets --data DIR [--seed S])")
    parser.add_argument("--markdown", help="also write the table to this file")
    parser.add_argument("--seeds", type=int, default=1, help="also compare random forests over this many seeds")
    args = parser.parse_args()
    spread = None
    with tempfile.TemporaryDirectory() as directory:
        loaded = export(directory)
        swift = run_swift(args.swift, directory, 0)
        python = sklearn_side(loaded)
        if args.seeds > 1:
            spread = seed_spread(args.swift, directory, loaded, swift, python, args.seeds)
    by_key = {(r["dataset"], r["algorithm"]): r for r in swift}
    lines = ["| dataset | algo | metric | EcoML | sklearn | Δ rel | train s EcoML / sklearn | 1-row µs EcoML / sklearn (×) | batch rows/s EcoML / sklearn |",
             "|---|---|---|---|---|---|---|---|---|"]
    worst = 0.0
    for ref in python:
        ours = by_key[(ref["dataset"], ref["algorithm"])]
        keys = ["accuracy", "rocAUC"] if "accuracy" in ref["metrics"] else ["r2", "rootMeanSquaredError"]
        for n, key in enumerate(keys):
            a, b = ours["metrics"][key], ref["metrics"][key]
            rel = (a - b) / abs(b)
            if key in ("accuracy", "rocAUC", "r2"):
                worst = min(worst, rel)
            timing = ("", "", "") if n else (
                f"{ours['trainSeconds']:.3f} / {ref['trainSeconds']:.3f}",
                f"{ours['singleRowMicroseconds']:.2f} / {ref['singleRowMicroseconds']:.0f} "
                f"({ref['singleRowMicroseconds'] / ours['singleRowMicroseconds']:.0f}×)",
                f"{ours['batchRowsPerSecond']:.3g} / {ref['batchRowsPerSecond']:.3g}")
            lines.append(f"| {ref['dataset']} | {ref['algorithm']} | {key} | {a:.4f} | {b:.4f} | {rel:+.2%} | "
                         + " | ".join(timing) + " |")
    table = "\n".join(lines) + ("\n\n" + spread if spread else "")
    print(table)
    print(f"\nworst relative shortfall of a higher-is-better score: {worst:+.2%}")
    if args.markdown:
        with open(args.markdown, "w") as out:
            out.write(table + "\n")


if __name__ == "__main__":
    main()
