#!/usr/bin/env python3
"""Reference vectors for EcoTrack's pure-Swift H3 from h3-py (Uber H3 v4), pinned.

Writes Tests/H3Tests/Fixtures/h3_*.csv|json. Deterministic (fixed seed). Run:
    python3 scripts/reference/h3_reference.py

Everything comes from h3-py 4.5.0 (H3 C 4.5.0, the release whose tables Sources/H3/Tables hold),
installed into a scratch folder so the machine's own Python packages stay as they are.
"""
import json
import math
import random
import subprocess
import sys
from pathlib import Path

H3_VERSION = "4.5.0"
SCRATCH = Path("/tmp/ecotrack-h3-" + H3_VERSION)
if not (SCRATCH / "h3").exists():
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--target", str(SCRATCH), f"h3=={H3_VERSION}"],
                   check=True)
sys.path.insert(0, str(SCRATCH))
import h3  # noqa: E402

assert h3.__version__ == H3_VERSION, h3.__version__
out = Path(__file__).resolve().parents[2] / "Tests" / "H3Tests" / "Fixtures"
out.mkdir(parents=True, exist_ok=True)
rng = random.Random(20261123)


def random_point():
    # uniform on the sphere
    z = rng.uniform(-1.0, 1.0)
    return math.degrees(math.asin(z)), rng.uniform(-180.0, 180.0)


def slerp(a, b, t):
    (la, ga), (lb, gb) = a, b
    va = [math.cos(math.radians(la)) * math.cos(math.radians(ga)),
          math.cos(math.radians(la)) * math.sin(math.radians(ga)), math.sin(math.radians(la))]
    vb = [math.cos(math.radians(lb)) * math.cos(math.radians(gb)),
          math.cos(math.radians(lb)) * math.sin(math.radians(gb)), math.sin(math.radians(lb))]
    omega = math.acos(max(-1.0, min(1.0, sum(x * y for x, y in zip(va, vb)))))
    s = math.sin(omega)
    v = [(math.sin((1 - t) * omega) * x + math.sin(t * omega) * y) / s for x, y in zip(va, vb)]
    return math.degrees(math.asin(v[2])), math.degrees(math.atan2(v[1], v[0]))




def write_regions():
    rng = random.Random(20261123)

    def random_point():
        z = rng.uniform(-1.0, 1.0)
        return math.degrees(math.asin(z)), rng.uniform(-180.0, 180.0)

    # ---- compact / polyfill --------------------------------------------------------------
    cases = []
    for i in range(40):
        lat, lng = random_point()
        r = rng.randrange(3, 9)
        c = h3.latlng_to_cell(lat, lng, r)
        cells = sorted(h3.grid_disk(c, rng.randrange(2, 8)))
        cases.append({"cells": cells, "compacted": sorted(h3.compact_cells(cells))})
    for p in h3.get_pentagons(3)[:6]:
        cells = sorted(h3.grid_disk(p, 5))
        cases.append({"cells": cells, "compacted": sorted(h3.compact_cells(cells))})
    for p in h3.get_pentagons(1)[:3]:
        cells = sorted(h3.cell_to_children(p, 3))
        cases.append({"cells": cells, "compacted": sorted(h3.compact_cells(cells))})

    polygons = [
        ("square", [[(37.77, -122.52), (37.81, -122.52), (37.81, -122.38), (37.70, -122.38)]], 9),
        ("with-hole", [[(0.0, 0.0), (0.0, 2.0), (2.0, 2.0), (2.0, 0.0)], [(0.5, 0.5), (0.5, 1.5), (1.5, 1.5), (1.5, 0.5)]], 6),
        ("antimeridian", [[(-16.0, 179.0), (-16.0, -179.0), (-18.0, -179.0), (-18.0, 179.0)]], 5),
        ("pentagon-area", None, 4),
        ("concave", [[(40.0, 10.0), (44.0, 10.0), (42.0, 12.0), (44.0, 14.0), (40.0, 14.0)]], 6),
        ("thin", [[(10.0, 10.0), (10.01, 10.0), (10.01, 13.0), (10.0, 13.0)]], 8),
        ("north", [[(80.0, -10.0), (85.0, -10.0), (85.0, 30.0), (80.0, 30.0)]], 4),
    ]
    poly_out = []
    for name, rings, res in polygons:
        if rings is None:  # a square around a pentagon centre
            lat, lng = h3.cell_to_latlng(h3.get_pentagons(0)[2])
            rings = [[(lat - 3, lng - 3), (lat - 3, lng + 3), (lat + 3, lng + 3), (lat + 3, lng - 3)]]
        shape = h3.LatLngPoly(rings[0], *rings[1:])
        entry = {"name": name, "res": res,
                 "geojson": {"type": "Polygon", "coordinates": [[[lng, lat] for lat, lng in ring + [ring[0]]] for ring in rings]}}
        for mode in ("center", "full", "overlap"):
            entry[mode] = sorted(h3.h3shape_to_cells_experimental(shape, res, contain=mode))
        assert entry["center"] == sorted(h3.h3shape_to_cells(shape, res))
        poly_out.append(entry)
    outlines = []
    sets = []
    paris = h3.latlng_to_cell(48.85, 2.35, 6)
    sets.append(h3.grid_disk(paris, 3))
    sets.append(sorted(set(h3.grid_disk(paris, 3)) - set(h3.grid_disk(paris, 1))))
    sets.append(h3.grid_disk(paris, 1) + h3.grid_disk(h3.latlng_to_cell(-33.9, 151.2, 6), 2))
    sets.append(h3.grid_disk(h3.get_pentagons(5)[3], 2))
    sets.append(h3.grid_disk(h3.latlng_to_cell(-17.0, 179.99, 5), 2))
    sets.append(h3.grid_disk(h3.latlng_to_cell(90.0, 0.0, 2), 1))  # around the north pole
    sets.append(h3.grid_disk(h3.latlng_to_cell(-89.5, 30.0, 3), 2))  # around the south pole
    sets.append(h3.grid_ring(h3.latlng_to_cell(65.0, -179.5, 4), 2))  # a ring with a hole, across 180°
    sets.append(h3.get_res0_cells())  # the whole sphere
    sets.append(list(reversed(sorted(h3.grid_disk(paris, 2)))))  # input order decides the first vertex
    for cells in sets:
        cells = list(dict.fromkeys(cells))
        shape = h3.cells_to_h3shape(cells, tight=False)
        polys = shape.polys
        outlines.append({"cells": cells,
                         "polygons": [{"outer": [list(p) for p in poly.outer],
                                       "holes": [[list(p) for p in hole] for hole in poly.holes]} for poly in polys]})
    with open(out / "h3_regions.json", "w") as f:
        json.dump({"h3": H3_VERSION, "compact": cases, "polygons": poly_out, "outlines": outlines}, f, separators=(",", ":"))


# ---- points: every resolution for each point ------------------------------------------
points = [random_point() for _ in range(5200)]
pentagon_centers = [h3.cell_to_latlng(p) for p in h3.get_pentagons(0)]
for lat, lng in pentagon_centers:
    points.append((lat, lng))
    for _ in range(20):
        points.append((lat + rng.uniform(-1.0, 1.0) * 10 ** rng.uniform(-9, 0),
                       lng + rng.uniform(-1.0, 1.0) * 10 ** rng.uniform(-9, 0)))
# icosahedron edges join neighbouring pentagon centres (the icosahedron's vertices)
edges = set()
for i, a in enumerate(pentagon_centers):
    dists = sorted((h3.great_circle_distance(a, b, unit="rads"), j) for j, b in enumerate(pentagon_centers) if j != i)
    for d, j in dists[:5]:
        edges.add((min(i, j), max(i, j)))
for i, j in sorted(edges):
    for _ in range(40):
        lat, lng = slerp(pentagon_centers[i], pentagon_centers[j], rng.random())
        off = rng.choice([0.0, 1e-9, -1e-9, 5e-10, -5e-10, 1e-12])
        points.append((lat + off, lng + rng.choice([0.0, 1e-9, -1e-9])))
for lat in (90.0, -90.0, 89.999999999, -89.999999999, 89.9, -89.9):
    for lng in (0.0, 45.0, 180.0, -180.0, 123.456):
        points.append((lat, lng))
for _ in range(400):
    lat = rng.uniform(-89.0, 89.0)
    for lng in (180.0, -180.0, 179.999999999, -179.999999999, 180.0 - 1e-12, rng.uniform(179.9, 180.0)):
        points.append((lat, lng))
for _ in range(100):  # longitudes outside [-180, 180]
    lat, lng = random_point()
    points.append((lat, lng + rng.choice([360.0, -360.0, 720.0])))

with open(out / "h3_points.csv", "w") as f:
    f.write("# lat,lng then latLngToCell at res 0...15 (h3-py %s)\n" % H3_VERSION)
    for lat, lng in points:
        cells = [h3.latlng_to_cell(lat, lng, r) for r in range(16)]
        f.write(f"{lat!r},{lng!r}," + ",".join(cells) + "\n")
print("points", len(points), "cases", 16 * len(points))

# ---- cells for geometry: centres and boundaries ----------------------------------------
geometry_cells = set(h3.get_res0_cells())
for r in range(16):
    geometry_cells.update(h3.get_pentagons(r))
for p in h3.get_pentagons(2):
    geometry_cells.update(h3.grid_disk(p, 2))
for r in (1, 3, 5, 9, 15):
    for p in h3.get_pentagons(r):
        geometry_cells.update(h3.grid_disk(p, 1))
for i, (lat, lng) in enumerate(points[::4]):
    geometry_cells.add(h3.latlng_to_cell(lat, lng, i % 16))
with open(out / "h3_geometry.csv", "w") as f:
    f.write("# cell,area_km2,center lat,center lng,then boundary lat,lng pairs (h3-py %s)\n" % H3_VERSION)
    for c in sorted(geometry_cells):
        lat, lng = h3.cell_to_latlng(c)
        b = h3.cell_to_boundary(c)
        f.write(f"{c},{h3.cell_area(c, unit='km^2')!r},{lat!r},{lng!r}," + ",".join(f"{a!r},{o!r}" for a, o in b) + "\n")
print("geometry", len(geometry_cells))

# ---- hierarchy, neighbourhoods -------------------------------------------------------
disk_origins = set()
for r in range(0, 16, 3):
    disk_origins.update(h3.get_pentagons(r))
    for p in h3.get_pentagons(r)[:4]:
        disk_origins.update(h3.grid_disk(p, 2))
for i in range(300):
    lat, lng = random_point()
    disk_origins.add(h3.latlng_to_cell(lat, lng, i % 16))
with open(out / "h3_disks.csv", "w") as f:
    f.write("# origin,k,sorted gridDisk (h3-py %s)\n" % H3_VERSION)
    for i, c in enumerate(sorted(disk_origins)):
        k = 1 + i % 4
        f.write(f"{c},{k}," + " ".join(sorted(h3.grid_disk(c, k))) + "\n")
print("disks", len(disk_origins))

with open(out / "h3_children.csv", "w") as f:
    f.write("# cell,child res,sorted children (h3-py %s)\n" % H3_VERSION)
    parents = set()
    for r in range(0, 15):
        parents.update(h3.get_pentagons(r)[:3])
    for i in range(150):
        lat, lng = random_point()
        parents.add(h3.latlng_to_cell(lat, lng, i % 15))
    for c in sorted(parents):
        res = h3.get_resolution(c)
        for cr in (res, res + 1, min(res + 2, 15)):
            f.write(f"{c},{cr}," + " ".join(sorted(h3.cell_to_children(c, cr))) + "\n")

with open(out / "h3_distances.csv", "w") as f:
    f.write("# a,b,gridDistance,areNeighborCells (h3-py %s)\n" % H3_VERSION)
    n = 0
    while n < 600:
        lat, lng = random_point()
        r = rng.randrange(0, 16)
        a = h3.latlng_to_cell(lat, lng, r)
        b = rng.choice(sorted(h3.grid_disk(a, rng.randrange(1, 6))))
        try:
            d = h3.grid_distance(a, b)
        except Exception:
            continue
        f.write(f"{a},{b},{d},{int(h3.are_neighbor_cells(a, b))}\n")
        n += 1

with open(out / "h3_measures.csv", "w") as f:
    f.write("# published averages: res,average edge km,average hexagon area km2; "
            "then great-circle distances: lat1,lng1,lat2,lng2,km (h3-py %s)\n" % H3_VERSION)
    for r in range(16):
        f.write(f"avg,{r},{h3.average_hexagon_edge_length(r, unit='km')!r},{h3.average_hexagon_area(r, unit='km^2')!r}\n")
    for _ in range(500):
        a, b = random_point(), random_point()
        if rng.random() < 0.5:  # nearby pairs too
            b = (a[0] + rng.uniform(-0.01, 0.01), a[1] + rng.uniform(-0.01, 0.01))
        f.write(f"gcd,{a[0]!r},{a[1]!r},{b[0]!r},{b[1]!r},{h3.great_circle_distance(a, b, unit='km')!r}\n")

write_regions()
for p in sorted(out.iterdir()):
    print(p.name, p.stat().st_size)
