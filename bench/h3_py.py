#!/usr/bin/env python3
"""h3-py's integer API on the points written by `ecotrack bench h3 --write-points` (see bench/h3.sh).

Prints operation,resolution,calls_per_second (best of REPEATS, process CPU time) for latlng_to_cell,
cell_to_latlng and cell_to_boundary at res 0, 9 and 15.
"""
import sys
import time

import h3
from h3.api import basic_int

path, repeats = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
points = [tuple(map(float, line.split(","))) for line in open(path) if line.strip()]
print(f"# h3-py {h3.__version__} (h3.api.basic_int), {len(points)} points")
print("operation,resolution,calls_per_second_cpu")


def best(fn, items):
    top = 0.0
    for _ in range(repeats):
        t0 = time.process_time()
        for item in items:
            fn(item)
        top = max(top, len(items) / (time.process_time() - t0))
    return top


for res in (0, 9, 15):
    encode = basic_int.latlng_to_cell
    print(f"latLngToCell,{res},{int(best(lambda p: encode(p[0], p[1], res), points))}")
    cells = [encode(lat, lng, res) for lat, lng in points[:50000]]
    print(f"cellToLatLng,{res},{int(best(basic_int.cell_to_latlng, cells))}")
    print(f"cellToBoundary,{res},{int(best(basic_int.cell_to_boundary, cells))}")
