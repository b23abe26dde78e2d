#!/usr/bin/env python3
"""Walk every domain endpoint of issue #17 on `ecotrack serve --demo` (loopback only).

Starts the real binary with --demo on a fresh SQLite file, authenticates with an admin key made by
`ecotrack users create`, and calls health (AQI calculator, air quality by cell, AQI forecast bands, vector
risk), food (SPI and SPEI of a stored record, the calculator on the same months, crop monitoring, the yield
forecast through the registered model and through a model trained here), the STAC catalog, the justice scores
(with a population-weighted polygon aggregate) and the climate scenarios. Each answer must be non-empty,
valid against the schema the server publishes at /openapi.json, and physically plausible (ranges stated
at each check). Usage: scripts/checks/domains_demo.py PATH/TO/ecotrack
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import e2e  # noqa: E402  (request, Contract, check, free_port: the same client as scripts/e2e.py)

from e2e import check  # noqa: E402

DAY_MS = 86_400_000
# The demo's long climate station clim-south (DemoClimate) and its resolution-7 cell.
CLIM_SOUTH = "871fb4673ffffff"
# The demo region (DemoData.region): west, south, east, north.
REGION = (1.95, 48.60, 2.75, 49.05)
AQI_CATEGORIES = {"Good", "Moderate", "Unhealthy for Sensitive Groups", "Unhealthy", "Very Unhealthy", "Hazardous"}


def call(contract, method, path, template, body=None, content_type=None, expect=200):
    """Requests `path`, checks the status and validates the JSON answer against `template`'s schema."""
    data = json.dumps(body) if isinstance(body, (dict, list)) else body
    if isinstance(body, (dict, list)):
        content_type = "application/json"
    status, ctype, raw = e2e.request(method, path, data, content_type)
    payload = json.loads(raw) if raw else None
    check(f"{method} {path[:90]} answers {expect}", status == expect, (status, raw[:300]))
    if status == expect and payload is not None:
        try:
            contract.validate(template, method, status, ctype, payload)
            check(f"  ... valid against {template} {status}", True)
        except Exception as error:  # jsonschema.ValidationError or a missing schema
            check(f"  ... valid against {template} {status}", False, str(error)[:400])
    return payload or {}


def start(binary, database, port):
    env = dict(os.environ, ECOTRACK_LOG_LEVEL="warning")
    process = subprocess.Popen([binary, "serve", "--demo", "--port", str(port), "--database", database],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 300  # seeding the demo takes 15-60 s on a debug build
    while time.time() < deadline:
        try:
            if e2e.request("GET", "/readyz", port=port)[0] == 200:
                return process
        except OSError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.25)
    raise RuntimeError("the demo server did not become ready: " + process.stderr.read(4000).decode(errors="replace"))


def wait_for_job(job_id, limit=600):
    deadline = time.time() + limit
    while time.time() < deadline:
        status, _, raw = e2e.request("GET", f"/api/v1/models/jobs/{job_id}")
        job = json.loads(raw)
        if job.get("status") in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(0.5)
    return {"status": "timeout"}


def health(contract, end_ms):
    aqi = call(contract, "GET", "/api/v1/health/aqi?pollutant=pm25&averaging=24h&concentration=35.5", "/api/v1/health/aqi")
    check("AQI of PM2.5 35.5 µg/m³ (24 h) is 101, Unhealthy for Sensitive Groups (TAD 2024 Table 6)",
          aqi.get("aqi") == 101 and aqi.get("category") == "Unhealthy for Sensitive Groups", aqi)

    latest = call(contract, "GET", "/api/v1/health/air-quality", "/api/v1/health/air-quality")
    cells = latest.get("data", [])
    check("air quality: the demo's station cells have an AQI", len(cells) >= 30, len(cells))
    values = [c["aqi"] for c in cells if c.get("aqi") is not None]
    check("air quality: every AQI is 0–500 with an EPA category", values and all(0 <= v <= 500 for v in values)
          and all(c.get("category") in AQI_CATEGORIES for c in cells if c.get("aqi") is not None), values[:10])
    readings = [r for c in cells for r in c.get("readings", []) if r.get("pollutant") == "pm25" and r.get("concentration") is not None]
    check("air quality: 24-h PM2.5 means are 0–200 µg/m³", readings and all(0 <= r["concentration"] <= 200 for r in readings),
          [r.get("concentration") for r in readings[:10]])
    # The demo's pollution episode (days 18-21 of its 30): the cells' AQI is higher inside it than at the end.
    at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime((end_ms - 10 * DAY_MS) / 1000))
    episode = call(contract, "GET", f"/api/v1/health/air-quality?at={at}", "/api/v1/health/air-quality")
    during = [c["aqi"] for c in episode.get("data", []) if c.get("aqi") is not None]
    check("air quality: the pollution episode raises the highest AQI", during and values and max(during) > max(values),
          (max(during or [0]), max(values or [0])))

    cell = cells[0]["h3Index"] if cells else CLIM_SOUTH
    bands = call(contract, "GET", f"/api/v1/health/air-quality/{cell}/forecast?pollutant=pm25&horizon=24",
                 "/api/v1/health/air-quality/{h3}/forecast")
    check("AQI forecast: bands ahead", bool(bands.get("pollutants") or bands.get("overall") or bands.get("data")), str(bands)[:300])
    return cells


def vector_risk(contract):
    untrained = call(contract, "GET", "/api/v1/health/vector-risk", "/api/v1/health/vector-risk", expect=404)
    check("vector risk before training says how to train the model", "models/train" in json.dumps(untrained), untrained)
    status, _, raw = e2e.request("POST", "/api/v1/models/train", json.dumps({
        "kind": "species-distribution", "name": "biodiversity-sdm-aedes-aegypti-rf",
        "parameters": {"species": "aedes-aegypti", "trees": 50, "cv": 0}}), "application/json")
    check("the Ae. aegypti distribution model's training job is accepted (202)", status == 202, raw[:300])
    job = wait_for_job(json.loads(raw).get("id", "")) if status == 202 else {}
    check("the Ae. aegypti distribution model trains", job.get("status") == "succeeded", job)
    risk = call(contract, "GET", "/api/v1/health/vector-risk?model=biodiversity-sdm-aedes-aegypti-rf@1", "/api/v1/health/vector-risk")
    cells = risk.get("data", [])
    check("vector risk: cells with a habitat probability", len(cells) >= 10, len(cells))
    check("vector risk: habitat probabilities are 0–1", all(0 <= c["habitatProbability"] <= 1 for c in cells))
    rated = [c for c in cells if c.get("risk") is not None]
    check("vector risk: risks are 0–1 and never above the habitat probability",
          rated and all(0 <= c["risk"] <= c["habitatProbability"] + 1e-12 for c in rated), rated[:3])
    # Mordecai et al. (2017): R0 is 0 outside 17.05–34.61 °C.
    outside = [c for c in rated if not 17.05 < c["meanTemperatureC"] < 34.61]
    check("vector risk: zero where the mean temperature is outside the transmission range 17.05–34.61 °C",
          all(c["risk"] == 0 for c in outside), [(c["meanTemperatureC"], c["risk"]) for c in outside if c["risk"] != 0][:5])
    check("vector risk: temperatures are -30–45 °C", all(-30 <= c["meanTemperatureC"] <= 45 for c in rated))
    # The demo's cool season is below the curve's 17.05 °C, so its current risk is honestly 0; its 40-year climate stations
    # (DemoClimate: a Paris-like July about 20 °C) show the warm season, where the curve is positive (Mordecai et al. 2017).
    now = time.gmtime()
    summer = f"{now.tm_year if now.tm_mon >= 9 else now.tm_year - 1}-08-01T00:00:00Z"
    warm = call(contract, "GET", f"/api/v1/health/vector-risk?model=biodiversity-sdm-aedes-aegypti-rf@1&at={summer}&days=30",
                "/api/v1/health/vector-risk")
    warm_cells = [c for c in warm.get("data", []) if c.get("risk") is not None]
    check("vector risk in July: the climate stations' cells have a July mean of 17.05–34.61 °C",
          warm_cells and all(17.05 < c["meanTemperatureC"] < 34.61 for c in warm_cells), [c.get("meanTemperatureC") for c in warm_cells])
    check("vector risk in July: positive where the habitat is, and risk = habitat × thermal suitability",
          any(c["risk"] > 0 for c in warm_cells)
          and all(abs(c["risk"] - c["habitatProbability"] * c["thermalSuitability"]) < 1e-12 for c in warm_cells)
          and all(0 < c["thermalSuitability"] < 1 for c in warm_cells), [(c["h3Index"], c["risk"]) for c in warm_cells])


def food(contract):
    spi = call(contract, "GET", f"/api/v1/food/drought-index?h3={CLIM_SOUTH}&scale=3&index=spi", "/api/v1/food/drought-index")
    rows = spi.get("data", [])
    values = [r["value"] for r in rows if r.get("value") is not None]
    check("SPI-3 at clim-south: 40 years of months, at least 400 with a value", len(rows) >= 470 and len(values) >= 400, (len(rows), len(values)))
    check("SPI-3 values lie within ±3.09 (the cap) and average about 0", all(abs(v) <= 3.09 + 1e-9 for v in values)
          and abs(sum(values) / len(values)) < 0.2, (min(values or [0]), max(values or [0])))
    check("SPI-3 shows the demo's planned drought (a month at -1.5 or below in the last 15)",
          any(v is not None and v <= -1.5 for v in [r.get("value") for r in rows[-15:]]), [r.get("value") for r in rows[-15:]])
    months = [{"month": r["month"], "precipMm": r.get("precipitationMm")} for r in rows]
    posted = call(contract, "POST", "/api/v1/food/drought-index/calculate", "/api/v1/food/drought-index/calculate",
                  {"index": "spi", "scale": 3, "months": months})
    same = [abs(a["value"] - b["value"]) < 1e-9 for a, b in zip(rows, posted.get("data", [])) if a.get("value") is not None and b.get("value") is not None]
    check("the calculator on the same monthly totals gives the same SPI-3", len(same) == len(values) and all(same), (len(same), len(values)))
    spei = call(contract, "GET", f"/api/v1/food/drought-index?h3={CLIM_SOUTH}&scale=3&index=spei", "/api/v1/food/drought-index")
    pet = [r["petMm"] for r in spei.get("data", []) if r.get("petMm") is not None]
    spei_values = [r["value"] for r in spei.get("data", []) if r.get("value") is not None]
    check("SPEI-3: values within ±3.09, Thornthwaite PET 0–200 mm a month",
          len(spei_values) >= 400 and all(abs(v) <= 3.09 + 1e-9 for v in spei_values) and pet and all(0 <= p <= 200 for p in pet),
          (len(spei_values), min(pet or [0]), max(pet or [0])))

    crop = call(contract, "GET", f"/api/v1/food/crop-monitoring?crop=maize&h3={CLIM_SOUTH}", "/api/v1/food/crop-monitoring")
    row = (crop.get("data") or [{}])[0]
    gdd, rain = (row.get("degreeDays") or {}), (row.get("precipitationMm") or {})
    check("crop monitoring: the maize season near Paris has 500–2500 °C·day over 10 °C and 0–1000 mm of rain, with a 30+ year normal",
          500 <= (gdd.get("value") or 0) <= 2500 and 0 <= (rain.get("value") or -1) <= 1000 and (gdd.get("climatologyYears") or 0) >= 30,
          (gdd, rain))
    check("crop monitoring: the season's SPI is within ±3.09", abs((row.get("drought") or {}).get("value") or 9) <= 3.09, row.get("drought"))


def yield_forecast(contract):
    served = call(contract, "POST", "/api/v1/food/yield-forecast?model=food-yield-maize-ols", "/api/v1/food/yield-forecast")
    forecast, fit = served.get("forecast", {}), served.get("model", {})
    i80, i95 = forecast.get("interval80", {}), forecast.get("interval95", {})
    check("yield (registered model): maize 3–20 t/ha inside nested 80 % and 95 % intervals",
          3 <= forecast.get("yield", 0) <= 20 and i95.get("low", 1) < i80.get("low", 0) < forecast.get("yield", 0) < i80.get("high", 0) < i95.get("high", 0),
          forecast)
    check("yield: out of sample, the demo's synthetic history named as such",
          (served.get("registeredModel") or {}).get("inSample") is False and all("synthetic" in s for s in served.get("sources", ["x"])), served.get("sources"))
    check("yield: R² 0–1, leave-one-out RMSE at least the in-sample residual scale (0.1–2 t/ha)",
          0 <= fit.get("rSquared", -1) <= 1 and 0.1 <= fit.get("leaveOneOutRmse", 0) <= 2, fit)
    card = call(contract, "GET", "/api/v1/models/food-yield-maize-ols/info", "/api/v1/models/{name}/info")
    table = ((card.get("versions") or [{}])[0].get("parameters") or {}).get("trainingTable", [])
    csv = "region,crop,year,yield,unit,source\n" + "".join(f"demo-clim-south,maize,{r['year']},{r['yield']},t/ha,model card\n" for r in table)
    status, _, raw = e2e.request("POST", "/api/v1/models/train", json.dumps({
        "kind": "yield-regression", "name": "food-yield-maize-ols", "parameters": {"history": csv, "crop": "maize", "h3": CLIM_SOUTH}}), "application/json")
    check("a yield-regression job on the model card's table is accepted (202)", status == 202, raw[:300])
    job = wait_for_job(json.loads(raw).get("id", "")) if status == 202 else {}
    check("the yield-regression job registers version 2", job.get("status") == "succeeded", job)
    again = call(contract, "POST", "/api/v1/food/yield-forecast?model=food-yield-maize-ols@2", "/api/v1/food/yield-forecast")
    refit = call(contract, "POST", "/api/v1/food/yield-forecast?crop=maize&h3=" + CLIM_SOUTH, "/api/v1/food/yield-forecast", csv, "text/csv")
    same = [abs((again.get("forecast") or {}).get("yield", 0) - forecast.get("yield", 1)),
            abs((refit.get("forecast") or {}).get("yield", 0) - forecast.get("yield", 1))]
    check("yield: version 2 and a refit of the same history forecast the same (1e-9 t/ha)", max(same) < 1e-9, same)
    # The demo's history is also stored (GET/POST /food/yields): a forecast without a posted history fits the stored one.
    stored = call(contract, "GET", "/api/v1/food/yields?crop=maize&region=demo-clim-south", "/api/v1/food/yields")
    check("yield: the demo's synthetic maize history is stored, one record per season of the model card",
          stored.get("count") == len(table) and all("synthetic" in r["source"] for r in stored.get("data", [])), stored.get("count"))
    from_store = call(contract, "POST", "/api/v1/food/yield-forecast?crop=maize&region=demo-clim-south&h3=" + CLIM_SOUTH,
                      "/api/v1/food/yield-forecast")
    gap = abs((from_store.get("forecast") or {}).get("yield", 0) - forecast.get("yield", 1))
    check("yield: the stored history forecasts as the registered model does (1e-9 t/ha)", gap < 1e-9, gap)
    bad = call(contract, "POST", "/api/v1/food/yields", "/api/v1/food/yields", "region,crop,year,yield,unit,source\nx,maize,2020,9,bushels,y\n",
               "text/csv", expect=400)
    check("yield: a bad unit is refused naming its line and the units", "line 2" in bad.get("detail", "") and "t/ha" in bad.get("detail", ""), bad)


def catalog(contract):
    landing = call(contract, "GET", "/api/v1/catalog", "/api/v1/catalog")
    check("STAC landing page links to its search", any(link.get("rel") == "search" for link in landing.get("links", [])))
    collections = call(contract, "GET", "/api/v1/catalog/collections", "/api/v1/catalog/collections").get("collections", [])
    ids = {c.get("id") for c in collections}
    check("STAC: a collection per demo variable (pm25, precipitation, temperature_2m …)", {"pm25", "precipitation", "temperature_2m"} <= ids, ids)
    found = call(contract, "GET", "/api/v1/catalog/search?limit=5&collections=pm25", "/api/v1/catalog/search")
    features = found.get("features", [])
    check("STAC GET search: 1–5 pm25 items", 1 <= len(features) <= 5 and all(f.get("collection") == "pm25" for f in features), len(features))
    west, south, east, north = REGION
    inside = all(west - 0.01 <= f["bbox"][0] <= f["bbox"][2] <= east + 0.01 and south - 0.01 <= f["bbox"][1] <= f["bbox"][3] <= north + 0.01
                 for f in features)
    check("STAC: the items' bboxes lie in the demo region", inside, [f.get("bbox") for f in features])
    posted = call(contract, "POST", "/api/v1/catalog/search", "/api/v1/catalog/search",
                  {"bbox": [2.3, 48.8, 2.4, 48.9], "collections": ["precipitation"], "limit": 3})
    check("STAC POST search with a bbox: items", len(posted.get("features", [])) >= 1, str(posted)[:300])


def equity(contract):
    scores = call(contract, "GET", "/api/v1/equity/justice-scores", "/api/v1/equity/justice-scores")
    cells = [c for c in scores.get("data", []) if c.get("score") is not None]
    check("justice scores: the demo's station cells are scored", len(cells) >= 30, len(cells))
    check("justice scores: score 0–100, percentiles 0–100, demographic index 0–1",
          all(0 <= c["score"] <= 100 and 0 < c["scorePercentile"] <= 100 and 0 <= c["environmentalPercentile"] <= 100
              and 0 <= c["demographicIndex"] <= 1 for c in cells))
    check("justice scores: ranked 1…n by score", [c["rank"] for c in cells] == list(range(1, len(cells) + 1))
          and all(a["score"] >= b["score"] for a, b in zip(cells, cells[1:])))
    top = cells[0]["h3Index"] if cells else CLIM_SOUTH
    breakdown = call(contract, "GET", f"/api/v1/equity/justice-scores/{top}", "/api/v1/equity/justice-scores/{h3}")
    inputs = breakdown.get("inputs", [])
    check("justice breakdown: every input with its source, percentile 0–100 and weight",
          inputs and all(i.get("source") and 0 < i["percentile"] <= 100 and 0 <= i["weight"] <= 1 for i in inputs), inputs[:2])
    return cells


def exposure(contract, aqi_cells):
    """Population-weighted exposure over central Paris, recomputed here from the per-cell answer and checked
    against the cells' own values from /health/air-quality and the justice-score breakdowns."""
    ring = [[2.25, 48.80], [2.45, 48.80], [2.45, 48.92], [2.25, 48.92], [2.25, 48.80]]
    body = {"region": {"polygon": {"type": "Polygon", "coordinates": [ring]}}}
    listed = call(contract, "GET", "/api/v1/equity/indicators", "/api/v1/equity/indicators")
    check("the demo's population layer is listed apart from the scored indicators, and says it is synthetic",
          [p["indicator"] for p in listed.get("population", [])] == ["population"]
          and all("synthetic" in s for p in listed.get("population", []) for s in p["sources"])
          and "population" not in [p["indicator"] for p in listed.get("socioeconomic", [])], listed.get("population"))
    aqi_by_cell = {c["h3Index"]: c["aqi"] for c in aqi_cells if c.get("aqi") is not None}
    for indicator, low, high in [("aqi", 0, 500), ("pm25", 0, 100), ("justice_score", 0, 100)]:
        answer = call(contract, "POST", "/api/v1/equity/exposure", "/api/v1/equity/exposure", dict(body, indicator=indicator, threshold=50))
        rows = [r for r in answer.get("data", []) if r.get("value") is not None and r.get("population") is not None]
        people = sum(r["population"] for r in rows)
        mean = sum(r["population"] * r["value"] for r in rows) / people if people else None
        check(f"exposure to {indicator}: cells with values and people in the polygon", len(rows) >= 3 and answer.get("cells", 0) >= 20,
              (len(rows), answer.get("cells")))
        check(f"exposure to {indicator}: 100,000–4,000,000 people in central Paris (the synthetic layer)",
              100_000 <= answer.get("people", 0) <= 4_000_000, answer.get("people"))
        check(f"exposure to {indicator}: the weighted mean is Σ people × value / Σ people of the cells, within {low}–{high}",
              mean is not None and abs(answer.get("populationWeightedMean", 0) - mean) <= 1e-9 * max(1, abs(mean)) and low <= mean <= high,
              (answer.get("populationWeightedMean"), mean))
        check(f"exposure to {indicator}: people above the threshold are recounted",
              abs(answer.get("peopleAbove", -1) - sum(r["population"] for r in rows if r["value"] > 50)) < 1e-6)
        if indicator == "aqi":
            same = [abs(r["value"] - aqi_by_cell[r["h3Index"]]) < 1e-9 for r in rows if r["h3Index"] in aqi_by_cell]
            check("exposure to aqi: each cell's value is its AQI of /health/air-quality", same and all(same) and len(same) == len(rows), len(same))
        if indicator == "pm25":
            # The same rectangle as a bbox (the minLng,minLat,maxLng,maxLat text) and as a MultiPolygon of its two
            # overlapping halves: the same cells, each once, the same mean.
            halves = [[[[2.25, 48.80], [2.36, 48.80], [2.36, 48.92], [2.25, 48.92], [2.25, 48.80]]],
                      [[[2.34, 48.80], [2.45, 48.80], [2.45, 48.92], [2.34, 48.92], [2.34, 48.80]]]]
            for region in [{"bbox": "2.25,48.80,2.45,48.92"}, {"polygon": {"type": "MultiPolygon", "coordinates": halves}}]:
                other = call(contract, "POST", "/api/v1/equity/exposure", "/api/v1/equity/exposure", {"indicator": "pm25", "region": region})
                check(f"exposure over {list(region)[0]} ({other.get('regionKind')}): the polygon's cells and mean",
                      [r["h3Index"] for r in other.get("data", [])] == [r["h3Index"] for r in answer.get("data", [])]
                      and abs(other.get("populationWeightedMean", 0) - answer.get("populationWeightedMean", 1)) < 1e-9,
                      (other.get("cells"), answer.get("cells")))
        if indicator == "pm25" and rows:
            breakdown = call(contract, "GET", f"/api/v1/equity/justice-scores/{rows[0]['h3Index']}", "/api/v1/equity/justice-scores/{h3}")
            value = next((i["value"] for i in breakdown.get("inputs", []) if i["indicator"] == "pm25"), None)
            check("exposure to pm25: a cell's value is its justice-score pm25 input", value is not None and abs(value - rows[0]["value"]) < 1e-9,
                  (value, rows[0]["value"]))


def scenarios(contract):
    listed = call(contract, "GET", "/api/v1/climate/scenarios", "/api/v1/climate/scenarios")
    check("scenarios: the demo's projections are listed", len(listed.get("data", [])) >= 3, str(listed)[:200])
    explored = call(contract, "POST", "/api/v1/climate/scenarios/explore", "/api/v1/climate/scenarios/explore",
                    {"variable": "temperature_2m", "region": {"cells": [CLIM_SOUTH]}, "horizon": {"start": 2041, "end": 2060}})
    change = {s["scenario"]: s["meanChange"] for s in explored.get("scenarios", []) if s.get("meanChange") is not None}
    check("scenarios: warming 0–6 K by 2041–2060 vs 1995–2014, ssp585 above ssp245",
          set(change) >= {"ssp245", "ssp585"} and 0 < change["ssp245"] < change["ssp585"] < 6, change)
    spread = [s for s in explored.get("scenarios", []) if s.get("minChange") is not None]
    check("scenarios: the model spread brackets the mean change",
          spread and all(s["minChange"] <= s["meanChange"] <= s["maxChange"] for s in spread), spread[:1])
    observed = (explored.get("observations") or {})
    check("scenarios: the region's observations for context", bool(observed), str(explored)[:300])


def main():
    binary = sys.argv[1]
    started = time.time()
    workdir = tempfile.mkdtemp(prefix="ecotrack-domains-")
    database = os.path.join(workdir, "ecotrack.sqlite")
    created = subprocess.run([binary, "users", "create", "--database", database, "--email", "domains@example.org", "--role", "admin",
                              "--tier", "institutional"], check=True, capture_output=True, text=True).stdout
    e2e.KEY = created.strip().splitlines()[-1].split()[-1]
    e2e.PORT = e2e.free_port()
    process = start(binary, database, e2e.PORT)
    seeded = time.time()
    end_ms = int(time.time() * 1000) // DAY_MS * DAY_MS
    try:
        contract = e2e.Contract()
        aqi_cells = []
        for name, walk in [("health", lambda: aqi_cells.extend(health(contract, end_ms))), ("vector risk", lambda: vector_risk(contract)),
                           ("food", lambda: food(contract)), ("yield", lambda: yield_forecast(contract)),
                           ("catalog", lambda: catalog(contract)), ("equity", lambda: equity(contract)),
                           ("exposure", lambda: exposure(contract, aqi_cells)),
                           ("scenarios", lambda: scenarios(contract))]:
            print(f"-- {name}")
            t = time.time()
            walk()
            print(f"   ({time.time() - t:.1f} s)")
        # The demo used to stop on its own once its carbon feed had sent (2 min in; CarbonDemoFeedTests covers that).
        check("the demo server is still running after the walk", process.poll() is None, process.poll())
    finally:
        process.terminate()
        code = process.wait(timeout=60)
    check("SIGTERM stops the demo server cleanly (exit 0)", code == 0, code)
    failed = [name for name, ok in e2e.CHECKS if not ok]
    print(f"domains_demo: {len(e2e.CHECKS) - len(failed)} passed, {len(failed)} failed; "
          f"{time.time() - started:.1f} s in all ({seeded - started:.1f} s to seed and start the demo)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
