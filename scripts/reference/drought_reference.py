#!/usr/bin/env python3
"""Writes the SPI/SPEI reference fixture for EcoAnalyticsTests from climate-indices (pinned below).

Input: scripts/reference/data/nclimdiv_4503_puget_sound.csv — monthly precipitation and mean
temperature of NOAA NCEI climate division 45-03 (Washington, Puget Sound Lowlands), 1895-01 to
2015-12, from the nClimDiv dataset (Vose et al. 2014, doi:10.7289/V5M32STR; U.S. Government
work, public domain). The series is the 2016 vintage extracted by the public repository
fgassert/PREP-washington-observed-data (observed_precip.csv holds inches x 12, observed_temp.csv
degrees F); data/README.md says how it was turned into millimetres and degrees Celsius.

Output: Tests/EcoAnalyticsTests/Fixtures/drought_reference.json with
  months, precipMm, tempC, latitude       -- the input (latitude 47.5 N, the division's centre)
  petThornthwaite                          -- climate_indices.eto.eto_thornthwaite (mm/month)
  spiGammaThom[scale]                      -- climate_indices.indices.spi, Distribution.gamma
                                              (Thom's estimator, zero mixture, clipped to +-3.09)
  spiGammaMLE[scale]                       -- the same pipeline with scipy.stats.gamma.fit(floc=0)
                                              (full maximum likelihood) instead of Thom
  speiLogLogistic[scale]                   -- climate_indices.indices.spei, Distribution.loglogistic
                                              (unbiased-PWM L-moment fit of the generalized logistic,
                                              as the R SPEI package), P - Thornthwaite PET
  hargreaves1896                           -- climate_indices.eto.eto_hargreaves (FAO-56 eq. 52), daily, summed
                                              per month, for the leap year 1896 with the record's monthly mean
                                              temperature and a made-up daily range of 8 K (tmin = t - 4,
                                              tmax = t + 4); a formula check, the record has no tmin/tmax
Calibration is the whole record (1895-2015). NaN (no value yet at the start of a scale) is null.
It also prints how far the `spei` package (3-parameter gamma by scipy MLE, zeros included in the
fit) lies from climate-indices, for docs/domains.md.

Run: python3 scripts/reference/drought_reference.py   (from the repository root)
"""
import csv
import json
import os
import subprocess
import sys

subprocess.run(
    [sys.executable, "-m", "pip", "install", "--quiet", "climate-indices==3.1.0", "spei==0.8.2", "scipy==1.17.1"],
    check=True,
)

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import scipy.stats  # noqa: E402
import spei as spei_package  # noqa: E402
from climate_indices import compute, eto, indices  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INPUT = os.path.join(ROOT, "scripts", "reference", "data", "nclimdiv_4503_puget_sound.csv")
OUT = os.path.join(ROOT, "Tests", "EcoAnalyticsTests", "Fixtures", "drought_reference.json")
SCALES = [1, 3, 6, 12, 24]
LATITUDE = 47.5

with open(INPUT) as f:
    rows = list(csv.DictReader(f))
months = [r["month"] for r in rows]
precip = np.array([float(r["precip_mm"]) for r in rows])
temp = np.array([float(r["temp_c"]) for r in rows])
start_year = int(months[0][:4])
end_year = int(months[-1][:4])
monthly = compute.Periodicity.monthly


def rolling_sum(values, scale):
    out = np.full(values.shape, np.nan)
    for i in range(scale - 1, len(values)):
        out[i] = values[i - scale + 1 : i + 1].sum()
    return out


def spi_mle(values, scale):
    """SPI with a full maximum-likelihood gamma fit per calendar month (scipy, location fixed at 0)."""
    summed = rolling_sum(values, scale)
    result = np.full(values.shape, np.nan)
    for month in range(12):
        idx = np.arange(month, len(values), 12)
        sample = summed[idx]
        valid = sample[~np.isnan(sample)]
        q = np.count_nonzero(valid == 0) / len(valid)
        shape, _, scale_param = scipy.stats.gamma.fit(valid[valid > 0], floc=0)
        for i in idx:
            if np.isnan(summed[i]):
                continue
            g = 0.0 if summed[i] == 0 else scipy.stats.gamma.cdf(summed[i], shape, scale=scale_param)
            result[i] = np.clip(scipy.stats.norm.ppf(q + (1 - q) * g), -3.09, 3.09)
    return result


def as_list(values):
    return [None if np.isnan(v) else float(v) for v in values]


pet = eto.eto_thornthwaite(temp, LATITUDE, start_year)
fixture = {
    "source": "climate-indices 3.1.0 (SPI gamma/Thom, SPEI log-logistic ub-PWM, Thornthwaite PET); "
    "scipy 1.17.1 gamma.fit(floc=0) for the MLE SPI; input NOAA nClimDiv division 4503",
    "latitude": LATITUDE,
    "months": months,
    "precipMm": [float(v) for v in precip],
    "tempC": [float(v) for v in temp],
    "petThornthwaite": as_list(pet),
    "spiGammaThom": {},
    "spiGammaMLE": {},
    "speiLogLogistic": {},
}
for scale in SCALES:
    thom = indices.spi(precip, scale, indices.Distribution.gamma, start_year, start_year, end_year, monthly)
    fixture["spiGammaThom"][str(scale)] = as_list(thom)
    fixture["spiGammaMLE"][str(scale)] = as_list(spi_mle(precip, scale))
    spei_values = indices.spei(
        precip, pet, scale, indices.Distribution.loglogistic, monthly, start_year, start_year, end_year
    )
    fixture["speiLogLogistic"][str(scale)] = as_list(spei_values)

# Hargreaves for 1896 (a leap year, so climate-indices' 366-day layout matches the calendar).
year_index = 1896 - start_year
monthly_mean = temp[year_index * 12 : year_index * 12 + 12]
days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
daily_mean = np.repeat(monthly_mean, days)
daily_pet = eto.eto_hargreaves(daily_mean - 4, daily_mean + 4, daily_mean, LATITUDE)
bounds = np.cumsum([0] + days)
fixture["hargreaves1896"] = {
    "tmeanC": [float(v) for v in monthly_mean],
    "tminC": [float(v - 4) for v in monthly_mean],
    "tmaxC": [float(v + 4) for v in monthly_mean],
    "petMm": [float(daily_pet[bounds[m] : bounds[m + 1]].sum()) for m in range(12)],
}

with open(OUT, "w") as f:
    json.dump(fixture, f, indent=None, separators=(",", ":"))
print(f"wrote {OUT}")

# How far the `spei` package's SPI (3-parameter gamma by scipy MLE, zeros in the fit) lies from
# climate-indices' Thom SPI: reported in docs/domains.md, not used by the tests.
index = pd.to_datetime([m + "-01" for m in months]) + pd.offsets.MonthEnd(0)
for scale in (1, 3, 12):
    series = pd.Series(precip, index=index)
    summed = series.rolling(scale).sum().dropna() if scale > 1 else series
    other = spei_package.spi(summed, dist=scipy.stats.gamma, prob_zero=True).to_numpy()
    ours = np.array(fixture["spiGammaThom"][str(scale)][scale - 1 :], dtype=float)
    diff = np.abs(np.clip(other, -3.09, 3.09) - ours)
    print(f"spei package vs climate-indices SPI-{scale}: median {np.median(diff):.4f}, max {np.max(diff):.4f}")
