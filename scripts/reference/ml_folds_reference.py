#!/usr/bin/env python3
"""Writes Tests/EcoMLTests/Fixtures/ml_folds_reference.json: scikit-learn's GroupKFold and
PredefinedSplit test folds, which EcoML's group folds and predefined folds must reproduce.

- GroupKFold (shuffle=False): every group in one fold, groups placed largest first into the fold
  with the fewest rows so far. EcoML's `Splits.groupFoldAssignment(groups:folds:seed: nil)` must give
  the same test rows per fold; with a seed only the order of groups of equal size changes, so the
  rows per fold must still equal scikit-learn's.
- PredefinedSplit: one fold per distinct value of `test_fold` in ascending order; -1 rows are never
  tested (always trained on). EcoML's `Splits.predefinedFolds` must give the same train/test rows.

Run: python3 scripts/reference/ml_folds_reference.py   (from the repository root)
"""
import json
import os
import subprocess
import sys

SKLEARN = "scikit-learn==1.9.1"
subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", SKLEARN], check=True)

import numpy as np  # noqa: E402
from sklearn.model_selection import GroupKFold, PredefinedSplit  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "Tests", "EcoMLTests", "Fixtures")


def group_cases():
    rng = np.random.default_rng(7)
    cases = []
    # Hand-made: distinct sizes, ties between sizes, string labels, more folds than the largest group.
    cases.append(("distinct sizes", [3, 3, 3, 1, 2, 2, 0, 0, 0, 0, 4, 5, 5, 5, 5, 5], 3))
    cases.append(("tied sizes", [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 6, 7], 4))
    cases.append(("string labels", ["b", "a", "c", "a", "d", "b", "a", "e", "e", "c", "a"], 2))
    # Random: many groups of skewed size (as H3 cells over clustered samples), in shuffled row order.
    for n, n_groups, k in [(200, 23, 5), (500, 61, 10), (120, 6, 5)]:
        sizes = rng.geometric(0.15, size=n_groups)
        labels = np.repeat(np.arange(n_groups) * 7 + 100, sizes)[:n]
        rng.shuffle(labels)
        cases.append((f"random {len(labels)} rows {n_groups} groups", labels.tolist(), k))
    out = []
    for name, groups, k in cases:
        folds = [test.tolist() for _, test in GroupKFold(n_splits=k).split(np.zeros(len(groups)), groups=groups)]
        out.append({"name": name, "groups": [str(g) for g in groups], "numeric": not isinstance(groups[0], str),
                    "folds": k, "test": folds})
    return out


def predefined_cases():
    cases = [
        ("scikit-learn's example", [0, 1, -1, 1]),
        ("unordered values", [3, 1, 2, 3, 1, 2, 2, -1, 1, 3]),
        ("one fold and training-only rows", [-1, -1, 0, -1, 0]),
    ]
    out = []
    for name, test_fold in cases:
        split = PredefinedSplit(test_fold)
        pairs = [{"train": train.tolist(), "test": test.tolist()} for train, test in split.split()]
        out.append({"name": name, "testFold": test_fold, "splits": pairs})
    return out


def main():
    out = {"generator": f"scripts/reference/ml_folds_reference.py with {SKLEARN}",
           "groupKFold": group_cases(), "predefinedSplit": predefined_cases()}
    with open(os.path.join(FIXTURES, "ml_folds_reference.json"), "w") as f:
        json.dump(out, f, indent=1)
    print(f"wrote {len(out['groupKFold'])} GroupKFold and {len(out['predefinedSplit'])} PredefinedSplit cases")


if __name__ == "__main__":
    main()
