#!/usr/bin/env python3
"""Writes Tests/EcoMLTests/Fixtures/ml_boosting_reference.json: scikit-learn's HistGradientBoosting
predictions that EcoML's gradient boosting must reproduce (same binning, split search, missing-value
routing and shrinkage), plus scikit-learn's bin thresholds for a column with more than 255 values.

Reads the dataset fixtures written by ml_fixtures.py (ml_diabetes.csv, ml_breast_cancer.csv, ml_wine.csv).
Rows with index % 4 == 0 are the test rows, the others train. "holes" cases blank cell (i, j) when
(7 i + 3 j) % 11 == 0, so missing values reach training and prediction alike.

Run: python3 scripts/reference/ml_boosting_reference.py   (from the repository root)
"""
import json
import os
import subprocess
import sys

SKLEARN = "scikit-learn==1.9.1"
os.environ["OMP_NUM_THREADS"] = "1"
subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", SKLEARN], check=True)

import numpy as np  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor  # noqa: E402
from sklearn.ensemble._hist_gradient_boosting.binning import _find_binning_thresholds  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "Tests", "EcoMLTests", "Fixtures")
ITERATIONS = 30  # fewer than the default 100 to keep the debug-mode test quick; everything else default


def load(name):
    path = os.path.join(FIXTURES, f"ml_{name}.csv")
    header = open(path).readline().strip().split(",")
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    return header, data[:, :-1], data[:, -1]


def with_holes(x):
    x = x.copy()
    i, j = np.indices(x.shape)
    x[(7 * i + 3 * j) % 11 == 0] = np.nan
    return x


def main():
    cases = []
    for name, task, holes in [("diabetes", "regression", False), ("diabetes", "regression", True),
                              ("breast_cancer", "classification", True), ("wine", "classification", False)]:
        _, x, y = load(name)
        if holes:
            x = with_holes(x)
        test = np.arange(len(y)) % 4 == 0
        make = HistGradientBoostingRegressor if task == "regression" else HistGradientBoostingClassifier
        model = make(max_iter=ITERATIONS, random_state=0).fit(x[~test], y[~test])
        predicted = model.predict(x[test]) if task == "regression" else model.predict_proba(x[test]).ravel()
        cases.append({"dataset": name, "task": task, "holes": holes, "iterations": ITERATIONS,
                      "predictions": [float(v) for v in predicted]})
    header, x, _ = load("diabetes")
    column = header.index("s2")
    thresholds = _find_binning_thresholds(x[:, column], max_bins=255)
    out = {"generator": f"scripts/reference/ml_boosting_reference.py with {SKLEARN}", "cases": cases,
           "binning": {"dataset": "diabetes", "column": "s2", "maxBins": 255,
                       "distinctValues": int(len(np.unique(x[:, column]))),
                       "thresholds": [float(v) for v in thresholds]}}
    with open(os.path.join(FIXTURES, "ml_boosting_reference.json"), "w") as f:
        json.dump(out, f, indent=1)
    print(f"wrote {len(cases)} cases and {len(thresholds)} thresholds")


if __name__ == "__main__":
    main()
