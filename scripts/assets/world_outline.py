#!/usr/bin/env python3
"""Converts the Natural Earth 1:110m countries into the dashboard's basemap, Web/world.json.

Source: Natural Earth, "Admin 0 - Countries" at 1:110m (public domain, naturalearthdata.com), as
shipped in the geopandas 0.14.4 wheel on PyPI (geopandas/datasets/naturalearth_lowres, the last
release that bundled it). Run once; the output is committed:

    python3 scripts/assets/world_outline.py            # writes Sources/EcoServer/Web/world.json

Output: {"source", "step", "rings"}: each ring is a flat list of integers in units of `step`
degrees, the first pair absolute (lng, lat), the rest differences to the previous point, with
points that quantize onto their predecessor dropped. 0.05 degrees (about 5 km) is below the
detail of the 1:110m generalisation, so nothing visible is lost.
"""
import json
import pathlib
import subprocess
import sys
import tempfile
import zipfile

STEP = 0.05
ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Sources/EcoServer/Web/world.json"


def fetch_shapefile(folder: pathlib.Path) -> pathlib.Path:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "pyshp==2.3.1"], check=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(folder), "geopandas==0.14.4"], check=True)
    wheel = next(folder.glob("geopandas-0.14.4-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            if "/naturalearth_lowres/naturalearth_lowres." in member:
                archive.extract(member, folder)
    return folder / "geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp"


def quantized_rings(shape):
    parts = list(shape.parts) + [len(shape.points)]
    for start, end in zip(parts, parts[1:]):
        ring, last = [], None
        for lng, lat in shape.points[start:end]:
            point = (round(lng / STEP), round(lat / STEP))
            if point != last:
                ring.append(point)
                last = point
        if len(ring) >= 4:
            yield ring


def main():
    import importlib
    with tempfile.TemporaryDirectory() as tmp:
        path = fetch_shapefile(pathlib.Path(tmp))
        shapefile = importlib.import_module("shapefile")
        rings = []
        for shape in shapefile.Reader(str(path)).shapes():
            for ring in quantized_rings(shape):
                flat = [ring[0][0], ring[0][1]]
                for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
                    flat += [x1 - x0, y1 - y0]
                rings.append(flat)
    document = {
        "source": "Natural Earth 1:110m Admin 0 Countries (public domain), via the geopandas 0.14.4 wheel (naturalearth_lowres)",
        "step": STEP,
        "rings": rings,
    }
    OUT.write_text(json.dumps(document, separators=(",", ":")) + "\n")
    print(f"{OUT.relative_to(ROOT)}: {len(rings)} rings, {sum(len(r) // 2 for r in rings)} points, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
