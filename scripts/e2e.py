#!/usr/bin/env python3
"""End-to-end check of the real `ecotrack` binary over HTTP (loopback only).

Starts `ecotrack serve` on a fresh SQLite file, ingests observations in every format
(including broken bodies), queries them back, validates each JSON response against the
schema the server publishes at /openapi.json, and proves durability: a batch answered with
200 survives `kill -9` of the server. Usage: scripts/e2e.py PATH/TO/ecotrack
"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import jsonschema

BIN = sys.argv[1]
CHECKS = []


def check(name, condition, detail=""):
    CHECKS.append((name, bool(condition)))
    print(("  ok   " if condition else "  FAIL ") + name + ("" if condition else f"  -- {detail}"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, database, port):
        self.database, self.port = database, port
        self.process = None

    def start(self):
        env = dict(os.environ, ECOTRACK_LOG_LEVEL="warning")
        self.process = subprocess.Popen([BIN, "serve", "--port", str(self.port), "--database", self.database],
                                        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if request("GET", "/readyz", port=self.port)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not become ready: " + self.process.stderr.read(4000).decode(errors="replace"))

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)


PORT = None
# An admin API key made with `ecotrack users create` before the server starts (issue #4: every
# /api/v1 route needs credentials).
KEY = None


def request(method, path, body=None, content_type=None, port=None, headers=None):
    url = f"http://127.0.0.1:{port or PORT}{path}"
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method=method)
    if content_type:
        req.add_header("Content-Type", content_type)
    if KEY:
        req.add_header("Authorization", f"Bearer {KEY}")
    for key, value in (headers or {}).items():
        req.add_header(key, value)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


class Contract:
    """Validates responses against the schemas in the server's own OpenAPI document."""

    def __init__(self):
        status, _, body = request("GET", "/openapi.json")
        assert status == 200
        self.document = json.loads(body)

    def validate(self, path_template, method, status, content_type, payload):
        operation = self.document["paths"][path_template][method.lower()]
        response = operation["responses"][str(status)]
        if "$ref" in response:
            response = self.resolve(response["$ref"])
        media = content_type.split(";")[0]
        schema = response["content"][media]["schema"]
        resolver_schema = dict(schema, components=self.document["components"])
        jsonschema.validate(payload, resolver_schema)

    def resolve(self, ref):
        node = self.document
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        return node


def main():
    global PORT
    workdir = tempfile.mkdtemp(prefix="ecotrack-e2e-")
    database = os.path.join(workdir, "ecotrack.sqlite")
    PORT = free_port()
    global KEY
    created = subprocess.run([BIN, "users", "create", "--database", database, "--email", "e2e@example.org", "--role", "admin",
                              "--tier", "institutional"], check=True, capture_output=True, text=True).stdout
    KEY = created.strip().splitlines()[-1].split()[-1]
    server = Server(database, PORT)
    server.start()
    contract = Contract()
    now_ms = int(time.time() * 1000) // 3_600_000 * 3_600_000 - 48 * 3_600_000

    def ingest(body, content_type, query=""):
        status, ctype, raw = request("POST", "/api/v1/observations" + query, body, content_type)
        payload = json.loads(raw) if raw else None
        return status, ctype, payload

    # JSON array, with a °F value converted to °C.
    records = [{"variable": "temperature_2m", "value": 68, "unit": "°F", "observedAt": now_ms + i * 3_600_000,
                "lat": 48.8566, "lng": 2.3522, "source": "e2e", "stationId": "paris"} for i in range(24)]
    status, ctype, report = ingest(json.dumps(records), "application/json")
    check("JSON array ingest answers 200", status == 200, (status, report))
    check("JSON array: 24 accepted", report and report["accepted"] == 24, report)
    contract.validate("/api/v1/observations", "post", status, ctype, report)

    # NDJSON with one broken line and one out-of-range value.
    lines = [json.dumps({"variable": "pm25", "value": 10 + i, "observedAt": now_ms + i * 3_600_000, "lat": 48.86, "lng": 2.35,
                         "source": "e2e", "stationId": "paris"}) for i in range(10)]
    lines.insert(3, "{not json")
    lines.insert(5, json.dumps({"variable": "pm25", "value": -5, "observedAt": now_ms, "lat": 48.86, "lng": 2.35}))
    status, ctype, report = ingest("\n".join(lines) + "\n", "application/x-ndjson")
    check("NDJSON with bad lines answers 200", status == 200, (status, report))
    check("NDJSON: 10 accepted, 2 rejected", report and report["accepted"] == 10 and report["rejected"] == 2, report)
    lines_reported = sorted(e.get("line") for e in report["errors"]) if report else []
    check("NDJSON rejections name their lines (4 and 6)", lines_reported == [4, 6], report and report["errors"])
    contract.validate("/api/v1/observations", "post", status, ctype, report)

    # CSV with a header.
    csv = "variable,value,unit,observedAt,lat,lng,source,stationId\n" + "".join(
        f"precipitation,{i * 0.1:.1f},mm,{now_ms + i * 3_600_000},48.9,2.4,e2e,north\n" for i in range(12))
    status, ctype, report = ingest(csv, "text/csv")
    check("CSV ingest: 12 accepted", status == 200 and report["accepted"] == 12, (status, report))

    # Broken bodies: every record bad, atomic rejection, wrong content type, empty body.
    status, ctype, problem = ingest(json.dumps([{"variable": "pm26", "value": 1, "observedAt": now_ms, "lat": 0, "lng": 0}]), "application/json")
    check("all-bad batch answers 422 problem+json", status == 422 and ctype.startswith("application/problem+json"), (status, ctype))
    check("422 names the unknown variable and suggests pm25", problem and "pm25" in json.dumps(problem["errors"]), problem)
    contract.validate("/api/v1/observations", "post", status, ctype, problem)
    mixed = [records[0], {"variable": "pm25", "value": "high", "observedAt": now_ms, "lat": 0, "lng": 0}]
    status, ctype, problem = ingest(json.dumps(mixed), "application/json", "?atomic=true")
    check("atomic batch with one bad record answers 422", status == 422, (status, problem))
    status, ctype, problem = ingest("hello", "text/plain")
    check("unsupported content type answers 415", status == 415, (status, problem))
    status, ctype, problem = ingest("", "application/x-ndjson")
    check("empty body answers 400", status == 400, (status, problem))

    # Queries.
    status, ctype, raw = request("GET", "/api/v1/observations?variable=temperature_2m&limit=10")
    page = json.loads(raw)
    check("observations page of 10 with a cursor", status == 200 and len(page["data"]) == 10 and page["pagination"]["hasMore"], page.get("pagination"))
    check("°F was stored as °C (68 °F = 20 °C)", abs(page["data"][0]["value"] - 20) < 1e-9 and page["data"][0]["unit"] == "°C", page["data"][0])
    contract.validate("/api/v1/observations", "get", status, ctype, page)
    seen = len(page["data"])
    cursor = page["pagination"]["nextCursor"]
    while cursor:
        status, _, raw = request("GET", f"/api/v1/observations?variable=temperature_2m&limit=10&cursor={cursor}")
        page = json.loads(raw)
        seen += len(page["data"])
        cursor = page["pagination"].get("nextCursor")
    check("cursor paging visits all 24 rows", seen == 24, seen)
    status, ctype, raw = request("GET", "/api/v1/observations?variable=pm25&format=ndjson")
    rows = [json.loads(line) for line in raw.decode().splitlines() if line]
    check("NDJSON export streams all 10 pm25 rows", status == 200 and len(rows) == 10 and ctype.startswith("application/x-ndjson"), (status, len(rows)))
    status, ctype, raw = request("GET", "/api/v1/observations?variable=precipitation&format=csv")
    check("CSV export has a header and 12 rows", status == 200 and len(raw.decode().strip().splitlines()) == 13, raw[:200])

    cell7 = request("GET", "/api/v1/observations?variable=temperature_2m&limit=1")[2]
    cell15 = json.loads(cell7)["data"][0]["h3Index"]
    status, ctype, raw = request("GET", f"/api/v1/observations/{cell15}/timeseries?variable=temperature_2m&bucket=1d")
    series = json.loads(raw)
    check("timeseries with daily buckets", status == 200 and series["statistics"]["count"] == 24, series.get("statistics"))
    contract.validate("/api/v1/observations/{h3}/timeseries", "get", status, ctype, series)
    status, ctype, raw = request("GET", "/api/v1/cells?variable=pm25&resolution=5")
    cells = json.loads(raw)
    check("cells aggregate at resolution 5", status == 200 and sum(c["count"] for c in cells["data"]) == 10, cells)
    contract.validate("/api/v1/cells", "get", status, ctype, cells)
    status, ctype, raw = request("GET", "/api/v1/cells?variable=pm25&resolution=7&format=geojson")
    geo = json.loads(raw)
    ring = geo["features"][0]["geometry"]["coordinates"][0] if status == 200 and geo["features"] else []
    check("cells as GeoJSON hexagons (closed ring of 7 points)", len(ring) == 7 and ring[0] == ring[-1], geo)
    status, ctype, raw = request("GET", "/api/v1/observations/latest?variable=pm25&bbox=2,48,3,49&resolution=7")
    latest = json.loads(raw)
    check("latest per cell", status == 200 and latest["data"][0]["value"] == 19, latest)
    contract.validate("/api/v1/observations/latest", "get", status, ctype, latest)
    status, ctype, raw = request("GET", "/api/v1/observations?variable=pm25&bbox=2,48")
    check("bad bbox answers 400 with an example", status == 400 and b"west,south,east,north" in raw, raw)
    status, ctype, raw = request("GET", "/api/v1/variables")
    check("variables list", status == 200 and any(v["name"] == "co2e" for v in json.loads(raw)["data"]), status)
    contract.validate("/api/v1/variables", "get", status, ctype, json.loads(raw))
    # STAC catalog (issue #17): a collection per variable with data; the pm25 series above is one item.
    status, ctype, raw = request("GET", "/api/v1/catalog/collections")
    collections = json.loads(raw)
    contract.validate("/api/v1/catalog/collections", "get", status, ctype, collections)
    check("catalog: a collection per variable with data", status == 200
          and {c["id"] for c in collections["collections"]} == {"pm25", "precipitation", "temperature_2m"}, collections)
    status, ctype, raw = request("POST", "/api/v1/catalog/search", json.dumps({"collections": ["pm25"], "bbox": [2, 48, 3, 49]}), "application/json")
    found = json.loads(raw)
    contract.validate("/api/v1/catalog/search", "post", status, ctype, found)
    last = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime((now_ms + 9 * 3_600_000) / 1000))
    check("catalog search: the paris pm25 series, up to its last hour", status == 200 and len(found["features"]) == 1
          and found["features"][0]["properties"]["end_datetime"] == last, found)
    status, _, raw = request("GET", "/metrics")
    check("metrics expose http_requests_total and data_ingestion_events_total",
          status == 200 and b"http_requests_total" in raw and b"data_ingestion_events_total" in raw, raw[:300])

    # Durability: a 200 survives kill -9.
    durable = [{"variable": "temperature_2m", "value": 11.5, "observedAt": now_ms + i * 60_000, "lat": 48.7, "lng": 2.1,
                "source": "e2e", "stationId": "kill9"} for i in range(500)]
    status, _, report = ingest(json.dumps(durable), "application/json")
    check("batch before kill -9 answered 200", status == 200 and report["accepted"] == 500, report)
    server.kill9()
    server.start()
    status, _, raw = request("GET", "/api/v1/observations?variable=temperature_2m&stationId=kill9&limit=1000")
    check("all 500 rows are there after kill -9 and restart", len(json.loads(raw)["data"]) == 500, raw[:200])

    # Issue #23: SIGKILL while 8 clients post batches. Every acknowledged batch is there whole after the
    # restart; a batch that was not acknowledged is there whole or not at all, never in part.
    import threading
    acknowledged, sent, stop = set(), set(), threading.Event()
    def client(number):
        batch = 0
        while not stop.is_set():
            station = f"crash-{number}-{batch}"
            body = json.dumps([{"variable": "pm25", "value": 10 + i % 7, "observedAt": now_ms - i * 60_000, "lat": 48.8, "lng": 2.3,
                                "source": "e2e", "stationId": station} for i in range(200)])
            sent.add(station)
            try:
                status, _, _ = ingest(body, "application/json")
                if status == 200:
                    acknowledged.add(station)
            except Exception:  # noqa: BLE001  (the connection dies with the server)
                return
            batch += 1
    clients = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for thread in clients:
        thread.start()
    time.sleep(2)
    server.kill9()
    stop.set()
    for thread in clients:
        thread.join(timeout=30)
    server.start()
    counts = {}
    for station in sorted(sent):
        _, _, raw = request("GET", f"/api/v1/observations?variable=pm25&stationId={station}&limit=1000")
        counts[station] = len(json.loads(raw)["data"])
    lost = [s for s in acknowledged if counts[s] != 200]
    partial = [s for s in sent if counts[s] not in (0, 200)]
    check(f"kill -9 during 8 concurrent clients: all {len(acknowledged)} acknowledged batches are whole after restart",
          len(acknowledged) > 8 and not lost, f"lost {lost[:5]}, acknowledged {len(acknowledged)}")
    check(f"no batch is half-stored ({len(sent) - len(acknowledged)} were in flight at the kill)", not partial, partial[:5])
    code = server.stop()
    check("SIGTERM stops the server cleanly (exit 0)", code == 0, code)

    failed = [name for name, ok in CHECKS if not ok]
    print(f"e2e: {len(CHECKS) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
