#!/usr/bin/env python3
"""Writes the Getis-Ord Gi* fixture for EcoAnalyticsTests from PySAL esda (pinned below).

Output: Tests/EcoAnalyticsTests/Fixtures/analytics_gistar.json, a list of cases, each with
  values        -- one positive value per location (seeded, with a planted hot and cold cluster)
  neighbours    -- binary lattice neighbours per location, WITHOUT self (Gi* adds it)
  zScores       -- esda.G_Local(y, w, transform="B", star=True, permutations=0).Zs (analytical)
  pNormOneSided -- its p_norm (one-sided normal tail of |z|)

Run: python3 scripts/reference/analytics_gistar.py   (from the repository root)
"""
import json
import os
import subprocess
import sys

subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "esda==2.9.0", "libpysal==4.14.1"], check=True)

import numpy as np  # noqa: E402
from esda.getisord import G_Local  # noqa: E402
from libpysal.weights import lat2W  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "EcoAnalyticsTests", "Fixtures", "analytics_gistar.json")


def case(name, rows, cols, rook, seed):
    rng = np.random.default_rng(seed)
    values = rng.gamma(4.0, 5.0, rows * cols)
    values[[0, 1, cols, cols + 1]] += 40.0          # hot corner
    centre = (rows // 2) * cols + cols // 2
    values[[centre, centre + 1]] = rng.uniform(0.1, 0.5, 2)  # cold pair
    w = lat2W(rows, cols, rook=rook)
    g = G_Local(values, w, transform="B", star=True, permutations=0)
    neighbours = [sorted(int(j) for j in w.neighbors[i]) for i in range(w.n)]
    return {
        "name": name,
        "values": [float(v) for v in values],
        "neighbours": neighbours,
        "zScores": [float(z) for z in g.Zs],
        "pNormOneSided": [float(p) for p in g.p_norm],
    }


cases = [
    case("rook 6x7", 6, 7, True, 7),
    case("queen 9x9", 9, 9, False, 11),
]
with open(OUT, "w") as f:
    json.dump({"source": "esda 2.9.0 G_Local(transform='B', star=True), libpysal 4.14.1 lat2W", "cases": cases}, f, indent=1)
print(f"wrote {OUT}")
