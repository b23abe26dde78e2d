#!/usr/bin/env python3
"""Writes the justice score reference fixture for EcoAnalyticsTests from SciPy (pinned below).

Percentiles: EJScreen (Technical Documentation, US EPA, October 2022, section 4) reports the share of the
comparison set with an equal or lower value, which is scipy.stats.percentileofscore(a, x, kind="weak").
The fixture holds value sets with ties, negatives and a single value, each value's weak percentile, and
percentiles of values outside the set.

Composite: a small table of cells (some inputs missing) with weights, scored independently here with
NumPy/SciPy following docs/domains.md: per input the weak percentile among the cells that have it;
E = weighted mean of the environmental percentiles present, D = weighted mean of the socio-economic
percentiles present / 100, score = E * D, scorePercentile = weak percentile of the score among scored cells.

Output: Tests/EcoAnalyticsTests/Fixtures/equity_reference.json
Run: python3 scripts/reference/equity_reference.py   (from the repository root)
"""
import json
import subprocess
import sys

SCIPY = "scipy==1.17.1"
try:
    import scipy
    if scipy.__version__ != SCIPY.split("==")[1]:
        raise ImportError
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", SCIPY])
import numpy as np
from scipy.stats import percentileofscore

rng = np.random.default_rng(17)
sets = {
    "ties": [3.0, 1.0, 2.0, 2.0, 5.0, 2.0, 4.0, 1.0],
    "negatives": [-2.5, 0.0, -1.25, 3.5, -2.5, 7.0],
    "single": [42.0],
    "random": [round(float(v), 4) for v in rng.normal(12, 4, 200)],
    "integers": [int(v) for v in rng.integers(0, 10, 150)],
}
probes = [-10.0, 0.0, 2.0, 2.5, 12.0, 100.0]
percentiles = []
for name, values in sets.items():
    values = [float(v) for v in values]
    percentiles.append({
        "name": name,
        "values": values,
        "percentiles": [float(percentileofscore(values, v, kind="weak")) for v in values],
        "probes": probes,
        "probePercentiles": [float(percentileofscore(values, p, kind="weak")) for p in probes],
    })

# The composite: 40 cells, 2 environmental and 2 socio-economic inputs, about 15 % of inputs missing.
indicators = [("pm25", "environmental", 0.6), ("ozone", "environmental", 0.4),
              ("low_income", "socioeconomic", 0.75), ("age_over_64", "socioeconomic", 0.25)]
cells = []
for index in range(40):
    inputs = {}
    for name, _, _ in indicators:
        if rng.random() < 0.85:
            inputs[name] = round(float(rng.gamma(4, 3)), 3)
    cells.append({"cell": index + 1, "inputs": inputs})

def weighted(cell, kind):
    total, weight = 0.0, 0.0
    for name, k, w in indicators:
        if k != kind or name not in cell["inputs"]:
            continue
        others = [c["inputs"][name] for c in cells if name in c["inputs"]]
        total += w * percentileofscore(others, cell["inputs"][name], kind="weak")
        weight += w
    return total / weight if weight > 0 else None

scores = []
for cell in cells:
    e = weighted(cell, "environmental")
    d = weighted(cell, "socioeconomic")
    scores.append(None if e is None or d is None else e * d / 100)
scored = [s for s in scores if s is not None]
expected = []
for cell, score in zip(cells, scores):
    expected.append({
        "cell": cell["cell"],
        "score": score,
        "scorePercentile": None if score is None else float(percentileofscore(scored, score, kind="weak")),
    })

fixture = {
    "generator": "scripts/reference/equity_reference.py with " + SCIPY,
    "percentiles": percentiles,
    "composite": {
        "indicators": [{"name": n, "kind": k, "weight": w} for n, k, w in indicators],
        "cells": cells,
        "expected": expected,
    },
}
with open("Tests/EcoAnalyticsTests/Fixtures/equity_reference.json", "w") as out:
    json.dump(fixture, out, indent=1)
    out.write("\n")
print("wrote Tests/EcoAnalyticsTests/Fixtures/equity_reference.json:", len(percentiles), "value sets,", len(cells), "cells,", len(scored), "scored")
