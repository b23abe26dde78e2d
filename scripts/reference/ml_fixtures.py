#!/usr/bin/env python3
"""Writes EcoML test fixtures from scikit-learn (pinned below).

Outputs into Tests/EcoMLTests/Fixtures/:
  ml_breast_cancer.csv, ml_wine.csv, ml_diabetes.csv  -- bundled scikit-learn datasets, column `target` last
  ml_metrics.json                                    -- metric values computed by sklearn.metrics on fixed inputs
  ml_reference_scores.json                           -- sklearn RF/HGB 5-fold CV scores (stratified, shuffled, seed 0)

Run: python3 scripts/reference/ml_fixtures.py   (from the repository root)
"""
import json
import os
import subprocess
import sys

SKLEARN = "scikit-learn==1.9.1"
subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", SKLEARN], check=True)

import numpy as np  # noqa: E402
from sklearn import datasets, metrics  # noqa: E402
from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor,  # noqa: E402
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "EcoMLTests", "Fixtures")


def export(name, bunch):
    path = os.path.join(OUT, f"ml_{name}.csv")
    names = [str(n).replace(" ", "_") for n in bunch.feature_names]
    with open(path, "w") as f:
        f.write(",".join(names + ["target"]) + "\n")
        for row, y in zip(bunch.data, bunch.target):
            f.write(",".join(repr(float(v)) for v in row) + "," + (str(int(y)) if float(y).is_integer() else repr(float(y))) + "\n")
    return bunch.data, bunch.target


def metric_cases():
    rng = np.random.default_rng(7)
    cases = []
    for k in (2, 3):
        truth = rng.integers(0, k, 40)
        logits = rng.normal(size=(40, k)) + np.eye(k)[truth] * 1.2
        proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        pred = proba.argmax(axis=1)
        case = {
            "classCount": k, "truth": truth.tolist(), "predicted": pred.tolist(),
            "probabilities": proba.ravel().tolist(),
            "accuracy": metrics.accuracy_score(truth, pred),
            "balancedAccuracy": metrics.balanced_accuracy_score(truth, pred),
            "macroF1": metrics.f1_score(truth, pred, average="macro"),
            "logLoss": metrics.log_loss(truth, proba, labels=list(range(k))),
            "confusion": metrics.confusion_matrix(truth, pred, labels=list(range(k))).tolist(),
        }
        case["rocAUC"] = (metrics.roc_auc_score(truth, proba[:, 1]) if k == 2
                          else metrics.roc_auc_score(truth, proba, multi_class="ovr", average="macro"))
        cases.append(case)
    y = rng.normal(size=50) * 3 + 1
    p = y + rng.normal(size=50)
    regression = {"truth": y.tolist(), "predicted": p.tolist(),
                  "mae": metrics.mean_absolute_error(y, p),
                  "rmse": float(np.sqrt(metrics.mean_squared_error(y, p))),
                  "r2": metrics.r2_score(y, p)}
    return {"classification": cases, "regression": regression}


def main():
    os.makedirs(OUT, exist_ok=True)
    data = {
        "breast_cancer": export("breast_cancer", datasets.load_breast_cancer()),
        "wine": export("wine", datasets.load_wine()),
        "diabetes": export("diabetes", datasets.load_diabetes()),
    }
    with open(os.path.join(OUT, "ml_metrics.json"), "w") as f:
        json.dump(metric_cases(), f, indent=1)
    scores = {}
    for name, (x, y) in data.items():
        if name == "diabetes":
            cv = KFold(5, shuffle=True, random_state=0)
            rf, hgb, scoring = RandomForestRegressor(random_state=0), HistGradientBoostingRegressor(random_state=0), "r2"
        else:
            cv = StratifiedKFold(5, shuffle=True, random_state=0)
            rf, hgb, scoring = RandomForestClassifier(random_state=0), HistGradientBoostingClassifier(random_state=0), "accuracy"
        scores[name] = {
            "metric": scoring,
            "rf": float(cross_val_score(rf, x, y, cv=cv, scoring=scoring).mean()),
            "gbt": float(cross_val_score(hgb, x, y, cv=cv, scoring=scoring).mean()),
        }
    scores["generator"] = f"scripts/reference/ml_fixtures.py with {SKLEARN}"
    with open(os.path.join(OUT, "ml_reference_scores.json"), "w") as f:
        json.dump(scores, f, indent=1)
    print(json.dumps(scores, indent=1))


if __name__ == "__main__":
    main()
