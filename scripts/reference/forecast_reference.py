#!/usr/bin/env python3
"""Writes EcoForecast test fixtures from statsforecast (pinned below).

Outputs into Tests/EcoForecastTests/Fixtures/:
  forecast_<name>.csv          -- the series (timestamp,value), from datasets shipped in PyPI packages
  forecast_reference.json      -- statsforecast AutoETS / fixed ETS specs / AutoTheta / SeasonalNaive results

Run: python3 scripts/reference/forecast_reference.py   (from the repository root)
"""
import json
import os
import subprocess
import sys

PINNED = ["statsforecast==2.1.1", "statsmodels==0.15.0"]
subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *PINNED], check=True)

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import statsmodels.api as sm  # noqa: E402
from statsforecast.models import AutoETS, AutoTheta, SeasonalNaive  # noqa: E402
from statsforecast.utils import AirPassengers  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "EcoForecastTests", "Fixtures")


def series():
    co2 = sm.datasets.co2.load_pandas().data["co2"].resample("MS").mean().interpolate()
    co2 = co2["1980-01-01":"1999-12-01"]
    air = pd.Series(AirPassengers, index=pd.date_range("1949-01-01", periods=len(AirPassengers), freq="MS"))
    nile = sm.datasets.nile.load_pandas().data
    nile = pd.Series(nile["volume"].values, index=pd.to_datetime(nile["year"].astype(int).astype(str) + "-01-01"))
    sun = sm.datasets.sunspots.load_pandas().data
    sun = pd.Series(sun["SUNACTIVITY"].values[-120:], index=pd.to_datetime(sun["YEAR"].astype(int).astype(str).values[-120:] + "-01-01"))
    return {"co2": (co2, 12, 12), "airpassengers": (air, 12, 12), "nile": (nile, 1, 10), "sunspots": (sun, 1, 10)}


def main():
    reference = {"statsforecast": "2.1.1", "series": {}}
    for name, (s, m, h) in series().items():
        y = s.values.astype(float)
        with open(os.path.join(OUT, f"forecast_{name}.csv"), "w") as f:
            f.write("timestamp,value\n")
            for t, v in zip(s.index, y):
                f.write(f"{t.strftime('%Y-%m-%d')},{float(v)!r}\n")
        auto = AutoETS(season_length=m).fit(y)
        fc = auto.predict(h=h, level=[80])
        entry = {
            "period": m, "horizon": h,
            "autoets": {"method": auto.model_["method"], "aicc": float(auto.model_["aicc"]),
                        "loglik": float(auto.model_["loglik"]),
                        "mean": fc["mean"].tolist(), "lo80": fc["lo-80"].tolist(), "hi80": fc["hi-80"].tolist()},
            "specs": {},
        }
        specs = ["ANN", "AAN", "MNN"] + (["ANA", "AAA", "MAM", "MNM"] if m > 1 else [])
        for spec in specs:
            for damped in ([False, True] if spec[1] == "A" else [False]):
                try:
                    fit = AutoETS(season_length=m, model=spec, damped=damped).fit(y)
                except Exception:  # noqa: BLE001 - a spec statsforecast cannot fit is simply left out
                    continue
                key = spec[0] + ("Ad" if damped else spec[1]) + spec[2]
                entry["specs"][key] = {"aicc": float(fit.model_["aicc"]), "loglik": float(fit.model_["loglik"]),
                                       "mean": fit.predict(h=h)["mean"].tolist()}
        theta = AutoTheta(season_length=m).fit(y)
        tf = theta.predict(h=h, level=[80])
        entry["autotheta"] = {"mean": tf["mean"].tolist(), "lo80": tf["lo-80"].tolist(), "hi80": tf["hi-80"].tolist()}
        sn = SeasonalNaive(season_length=m).fit(y).predict(h=h, level=[80])
        entry["snaive"] = {"mean": sn["mean"].tolist(), "lo80": sn["lo-80"].tolist(), "hi80": sn["hi-80"].tolist()}
        reference["series"][name] = entry
    with open(os.path.join(OUT, "forecast_reference.json"), "w") as f:
        json.dump(reference, f, indent=1)


if __name__ == "__main__":
    main()
