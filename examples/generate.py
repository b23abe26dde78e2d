#!/usr/bin/env python3
"""Writes the README tour's input files (synthetic; see examples/README.md for what each models).

Deterministic: the same files on every run and Python 3 version (random.Random with a fixed seed,
fixed formatting). Run from anywhere: python3 examples/generate.py
"""
import math
import os
import random
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(2026)


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="\n") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join(str(cell) for cell in row) + "\n")


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


# readings.csv: four air-quality stations in Lyon, 48 hours, hourly, three variables.
# PM2.5 and NO2 follow the traffic rush hours (peaks near 08:00 and 19:00 local, UTC+1),
# temperature a diurnal cycle (minimum near sunrise, maximum mid-afternoon); one station reports
# temperature in °F, which ingest converts to the canonical °C.
stations = [
    ("lyon-bellecour", 45.7578, 4.8320, 1.25),
    ("lyon-part-dieu", 45.7605, 4.8593, 1.40),
    ("lyon-gerland", 45.7275, 4.8300, 1.00),
    ("villeurbanne-tonkin", 45.7740, 4.8790, 0.85),
]
start = datetime(2026, 11, 20, tzinfo=timezone.utc)
readings = []
for station, lat, lng, traffic in stations:
    for h in range(48):
        t = start + timedelta(hours=h)
        local = (t.hour + 1) % 24
        rush = math.exp(-((local - 8) ** 2) / 4) + 0.8 * math.exp(-((local - 19) ** 2) / 6)
        pm25 = max(1.0, 9 + 14 * traffic * rush + rng.gauss(0, 2.0))
        no2 = max(1.0, 11 + 22 * traffic * rush + rng.gauss(0, 3.0))
        temp_c = 6.5 + 4.0 * math.sin((local - 9) / 24 * 2 * math.pi) + rng.gauss(0, 0.4)
        readings.append(("pm25", f"{pm25:.1f}", "µg/m³", iso(t), lat, lng, station))
        readings.append(("no2", f"{no2:.1f}", "ppb", iso(t), lat, lng, station))
        if station == "villeurbanne-tonkin":
            readings.append(("temperature_2m", f"{temp_c * 9 / 5 + 32:.1f}", "°F", iso(t), lat, lng, station))
        else:
            readings.append(("temperature_2m", f"{temp_c:.1f}", "°C", iso(t), lat, lng, station))
write("readings.csv", ["variable", "value", "unit", "observedAt", "lat", "lng", "stationId"], readings)

# series.csv: three weeks of hourly 2 m temperature at one station (autumn, mid-latitudes):
# a diurnal cycle of ±3.5 °C, a slow synoptic swing, noise, one sensor spike (+14 °C for one hour)
# and a six-hour stuck run (the same value repeated), for `ecotrack detect` to find.
series = []
start = datetime(2026, 10, 1, tzinfo=timezone.utc)
stuck_value = None
for h in range(21 * 24):
    t = start + timedelta(hours=h)
    value = 12 + 3.5 * math.sin((t.hour - 9) / 24 * 2 * math.pi) + 2.5 * math.sin(h / (24 * 6.5) * 2 * math.pi) + rng.gauss(0, 0.5)
    if h == 300:
        value += 14
    if 400 <= h < 406:
        stuck_value = stuck_value if stuck_value is not None else value
        value = stuck_value
    series.append((iso(t), f"{value:.2f}"))
write("series.csv", ["timestamp", "value"], series)


# sites.csv: presence (1) or absence (0) of pedunculate oak (Quercus robur) at 300 survey plots,
# with five site descriptors. The presence probability is a logistic function favouring moist,
# mild, lowland, slightly acid, forested plots, so a model has real signal to find and noise to miss.
COVERS = ["broadleaf_forest", "mixed_forest", "grassland", "cropland", "urban"]
COVER_EFFECT = {"broadleaf_forest": 1.6, "mixed_forest": 0.9, "grassland": -0.4, "cropland": -1.2, "urban": -2.0}


def site():
    elevation = max(5.0, rng.gauss(350, 280))
    temp = 12.5 - 0.0062 * elevation + rng.gauss(0, 0.8)  # standard lapse rate 6.2 °C/km
    precip = max(450.0, rng.gauss(800, 180) + 0.35 * elevation)
    ph = min(8.3, max(3.8, rng.gauss(6.0, 0.9)))
    cover = COVERS[min(4, int(rng.random() * 5))]
    return elevation, temp, precip, ph, cover


def presence_probability(elevation, temp, precip, ph, cover):
    z = (-0.4 + 0.0035 * (precip - 800) - 0.004 * (elevation - 350) - 0.25 * (temp - 10.3) ** 2
         - 0.6 * (ph - 5.6) ** 2 + COVER_EFFECT[cover])
    return 1 / (1 + math.exp(-z))


header = ["elevation_m", "mean_temp_c", "annual_precip_mm", "soil_ph", "land_cover"]
rows = []
for _ in range(300):
    elevation, temp, precip, ph, cover = site()
    present = 1 if rng.random() < presence_probability(elevation, temp, precip, ph, cover) else 0
    rows.append((f"{elevation:.0f}", f"{temp:.1f}", f"{precip:.0f}", f"{ph:.1f}", cover, present))
write("sites.csv", header + ["present"], rows)

# new_sites.csv: ten more plots without the answer, for `ecotrack predict`.
new_rows = []
for _ in range(10):
    elevation, temp, precip, ph, cover = site()
    new_rows.append((f"{elevation:.0f}", f"{temp:.1f}", f"{precip:.0f}", f"{ph:.1f}", cover))
write("new_sites.csv", header, new_rows)
