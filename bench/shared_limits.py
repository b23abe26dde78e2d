#!/usr/bin/env python3
"""What the shared request limits (issue #15) add to a limited request, measured through HTTP with the real binary.

One `ecotrack serve` on a throwaway PostgreSQL cluster (scripts/postgres.sh) and one on a SQLite file, each with an
admin (an operator: no rate limit, its concurrency slot counted in the process) and a viewer of the institutional
tier (rate limited, and on PostgreSQL its slot counted in the database). Sends GET /api/v1/variables alternately as
each, one at a time on a kept-alive connection each, and prints the median and p90 latency per caller and server;
the viewer's median minus the admin's on PostgreSQL is the cost of the shared counters (a token taken and a slot
leased in one statement each; the slot's release runs after the answer), the same difference on SQLite that of
the in-memory ones.
Usage: bench/shared_limits.py PATH/TO/ecotrack [REQUESTS]   (default 400 per caller; Python 3 stdlib only)
"""
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POSTGRES_SH = os.path.join(ROOT, "scripts", "postgres.sh")
BIN = os.path.abspath(sys.argv[1])
REQUESTS = int(sys.argv[2]) if len(sys.argv) > 2 else 400


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def create_user(database, email, role, tier):
    out = subprocess.run([BIN, "users", "create", "--database", database, "--email", email, "--role", role, "--tier", tier],
                         check=True, capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1].split()[-1]


def wait_ready(port):
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/readyz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server on {port} not ready")


def timed(connection, key):
    started = time.perf_counter()
    connection.request("GET", "/api/v1/variables", headers={"Authorization": f"Bearer {key}"})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise SystemExit(f"GET /api/v1/variables answered {response.status}")
    return (time.perf_counter() - started) * 1000


def measure(label, database, workdir):
    admin = create_user(database, f"admin-{label}@bench.invalid", "admin", "institutional")
    viewer = create_user(database, f"viewer-{label}@bench.invalid", "viewer", "institutional")
    port = free_port()
    with open(os.path.join(workdir, f"{label}.log"), "w") as log:
        server = subprocess.Popen([BIN, "serve", "--port", str(port), "--database", database], stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_ready(port)
        connections = {who: http.client.HTTPConnection("127.0.0.1", port, timeout=30) for who in ("admin", "viewer")}
        samples = {"admin": [], "viewer": []}
        for index in range(REQUESTS + 20):
            for who, key in (("admin", admin), ("viewer", viewer)) if index % 2 else (("viewer", viewer), ("admin", admin)):
                ms = timed(connections[who], key)
                if index >= 20:  # warm-up
                    samples[who].append(ms)
        result = {}
        for who, values in samples.items():
            values.sort()
            result[who] = (statistics.median(values), values[int(len(values) * 0.9)])
            print(f"  {label:10} {who:6} median {result[who][0]:6.2f} ms  p90 {result[who][1]:6.2f} ms  ({len(values)} requests)", flush=True)
        print(f"  {label:10} limited request costs {result['viewer'][0] - result['admin'][0]:+.2f} ms (median viewer - admin)", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=20)


def main():
    workdir = tempfile.mkdtemp(prefix="ecotrack-limits-bench-")
    url = subprocess.run([POSTGRES_SH, "start"], check=True, capture_output=True, text=True).stdout.strip()
    try:
        print(f"shared limits: {REQUESTS} requests per caller, load average {os.getloadavg()[0]:.1f}", flush=True)
        measure("sqlite", os.path.join(workdir, "bench.sqlite"), workdir)
        measure("postgres", f"{url}?schema=limits&tls=disable&pool=4", workdir)
    finally:
        subprocess.run([POSTGRES_SH, "stop", url], capture_output=True)


if __name__ == "__main__":
    main()
