#!/usr/bin/env python3
"""EcoTrack forecasting vs statsforecast (AutoETS, AutoTheta, SeasonalNaive), in the same run.

Series: environmental data shipped inside PyPI packages -- statsmodels (Mauna Loa CO2, El Nino SST, sunspots,
Nile flow) and vega_datasets (Seattle daily weather, Seattle and San Francisco hourly temperatures). Each base
series is cut at 3 end points (end, end-h, end-2h); every cut holds out its last `h` points.

Metrics per model: mean MASE (scale: in-sample seasonal naive MAE with the nominal period), mean sMAPE,
80 % interval coverage over all held-out points, and fit+predict time per series (statsforecast: measured in
Python after a JIT warm-up; EcoTrack: measured inside `ecotrack bench forecast`, which reads the CSV itself).

Run (from the repository root):
    swift build -c release --product ecotrack && swift build -c release --product ecotrack-bench
    python3 bench/forecast.py .build/release/ecotrack [--model auto|ets|theta|ensemble] [--per-series] [--nominal-season]

--nominal-season gives EcoTrack the same period as statsforecast (12, 1, 7, 24) instead of letting it detect its own.
"""
import os
import subprocess
import sys
import tempfile
import time

PINNED = ["statsforecast==2.1.1", "statsmodels==0.15.0", "vega-datasets==0.9.0"]
subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *PINNED], check=True)

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import statsmodels.api as sm  # noqa: E402
from statsforecast.models import AutoETS, AutoTheta, SeasonalNaive  # noqa: E402
from vega_datasets import local_data  # noqa: E402

CUTS = 3


def base_series():
    """(name, pandas Series with a DatetimeIndex, horizon, nominal period)."""
    out = []
    co2 = sm.datasets.co2.load_pandas().data["co2"].resample("MS").mean().interpolate()
    out.append(("co2_monthly", co2, 12, 12))
    nino = sm.datasets.elnino.load_pandas().data
    values = nino.drop(columns="YEAR").to_numpy().ravel()
    out.append(("elnino_sst", pd.Series(values, index=pd.date_range(f"{int(nino.YEAR.iloc[0])}-01-01", periods=len(values), freq="MS")), 12, 12))
    sun = sm.datasets.sunspots.load_pandas().data
    out.append(("sunspots", pd.Series(sun.SUNACTIVITY.values, index=pd.to_datetime(sun.YEAR.astype(int).astype(str) + "-01-01")), 10, 1))
    nile = sm.datasets.nile.load_pandas().data
    out.append(("nile", pd.Series(nile.volume.values.astype(float), index=pd.to_datetime(nile.year.astype(int).astype(str) + "-01-01")), 10, 1))
    sea = local_data.seattle_weather().set_index("date")
    for column in ["temp_max", "temp_min", "precipitation", "wind"]:
        out.append((f"seattle_{column}", sea[column].astype(float), 14, 7))
    for name, frame in [("seattle_hourly_temp", local_data.seattle_temps()), ("sf_hourly_temp", local_data.sf_temps())]:
        s = frame.set_index("date")["temp"].astype(float).iloc[-24 * 60:]
        out.append((name, s, 48, 24))
    return out


def cuts():
    for name, s, h, m in base_series():
        for k in range(CUTS):
            end = len(s) - k * h
            yield f"{name}_c{k}", s.iloc[:end], h, m


def metrics(y_train, y_test, mean, lo, hi, m):
    m_eff = m if len(y_train) > m else 1
    scale = np.mean(np.abs(y_train[m_eff:] - y_train[:-m_eff]))
    mase = np.mean(np.abs(y_test - mean)) / scale
    denom = np.abs(y_test) + np.abs(mean)
    smape = np.mean(np.where(denom > 0, 200 * np.abs(y_test - mean) / np.where(denom > 0, denom, 1), 0))
    inside = np.sum((y_test >= lo) & (y_test <= hi))
    return mase, smape, inside


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else ".build/release/ecotrack"
    model = sys.argv[sys.argv.index("--model") + 1] if "--model" in sys.argv else "auto"
    nominal = "--nominal-season" in sys.argv
    work = tempfile.mkdtemp(prefix="ecotrack-forecast-bench-")
    series = list(cuts())
    manifest = []
    for name, s, h, m in series:
        path = os.path.join(work, f"{name}_train.csv")
        with open(path, "w") as f:
            f.write("timestamp,value\n")
            for t, v in zip(s.index[:-h], s.values[:-h]):
                f.write(f"{t.strftime('%Y-%m-%dT%H:%M:%S')},{'' if np.isnan(v) else repr(float(v))}\n")
        # Season 0 lets EcoTrack detect its periods; --nominal-season gives it statsforecast's (like with like).
        manifest.append(f"{name},{path},{h},{m if nominal else 0}")
    with open(os.path.join(work, "manifest.csv"), "w") as f:
        f.write("\n".join(manifest) + "\n")

    results = {k: {"mase": [], "smape": [], "inside": 0, "points": 0, "seconds": []}
               for k in ["EcoTrack", "AutoETS", "AutoTheta", "SeasonalNaive"]}

    started = time.perf_counter()
    run = subprocess.run([binary, "bench", "forecast", "--manifest", os.path.join(work, "manifest.csv"), "--output", work, "--model", model],
                         check=True, capture_output=True, text=True)
    eco_wall = time.perf_counter() - started
    eco_ms = {}
    for line in run.stdout.strip().splitlines()[1:]:
        name, rest = line.split(",", 1)
        eco_ms[name] = float(rest.rsplit(",", 1)[1])

    # Warm up numba so compilation time is not counted against statsforecast.
    warm = np.sin(np.arange(60) / 3.0) + 10
    for reference_model in [AutoETS(season_length=12), AutoTheta(season_length=12), SeasonalNaive(season_length=12)]:
        reference_model.fit(warm).predict(h=12, level=[80])

    for name, s, h, m in series:
        y = s.values.astype(float)
        train, test = y[:-h], y[-h:]
        train_filled = pd.Series(train).interpolate(limit_direction="both").values
        out = pd.read_csv(os.path.join(work, f"{name}.csv"))
        r = results["EcoTrack"]
        mase, smape, inside = metrics(train_filled, test, out["mean"].values, out["p10"].values, out["p90"].values, m)
        r["mase"].append(mase); r["smape"].append(smape); r["inside"] += inside; r["points"] += h
        r["seconds"].append(eco_ms[name] / 1000)
        for label, factory in [("AutoETS", AutoETS), ("AutoTheta", AutoTheta), ("SeasonalNaive", SeasonalNaive)]:
            t0 = time.perf_counter()
            fc = factory(season_length=m).fit(train_filled).predict(h=h, level=[80])
            elapsed = time.perf_counter() - t0
            r = results[label]
            mase, smape, inside = metrics(train_filled, test, fc["mean"], fc["lo-80"], fc["hi-80"], m)
            r["mase"].append(mase); r["smape"].append(smape); r["inside"] += inside; r["points"] += h
            r["seconds"].append(elapsed)

    print(f"EcoTrack model: {model}" + (" (nominal periods)" if nominal else " (detected periods)"))
    print(f"{len(series)} series ({len(series) // CUTS} base series x {CUTS} cuts); EcoTrack process wall time {eco_wall:.2f} s")
    print("| model | mean MASE | median MASE | mean sMAPE % | 80 % coverage | mean fit+predict ms/series | total s |")
    print("|---|---|---|---|---|---|---|")
    for label, r in results.items():
        print(f"| {label} | {np.mean(r['mase']):.3f} | {np.median(r['mase']):.3f} | {np.mean(r['smape']):.2f} | "
              f"{100 * r['inside'] / r['points']:.1f} % | {1000 * np.mean(r['seconds']):.1f} | {np.sum(r['seconds']):.2f} |")
    eco = np.mean(results["EcoTrack"]["seconds"])
    print(f"speed-up vs AutoETS: {np.mean(results['AutoETS']['seconds']) / eco:.1f}x per series (mean times)")
    if "--per-series" in sys.argv:
        for i, (name, *_rest) in enumerate(series):
            print(name, *(f"{label}={results[label]['mase'][i]:.3f}" for label in results))


if __name__ == "__main__":
    main()
