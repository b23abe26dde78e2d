#!/usr/bin/env python3
"""Several EcoTrack processes on one PostgreSQL (issue #15), checked from outside with the real binary.

Starts a throwaway cluster (scripts/postgres.sh), two `ecotrack serve` replicas (A, B) and two `ecotrack worker`s
on it, then checks, phase by phase:
  1. an alert caused by data ingested on replica A reaches a Server-Sent Events client and a WebSocket client
     (/ws/alerts) of replica B; a free-tier viewer alternating between A and B has one rate limit, not one per replica;
  2. JOBS training jobs (tiny linear regressions, submitted alternately to A and B) each run exactly once across
     the four processes: every job succeeded on its first attempt, and the processes' logs report it ended once;
  3. `kill -9` of replica A while a client posts numbered batches (failing over to B, as a load balancer would):
     every acknowledged batch is stored, no point twice, rollups agree with the raw rows;
  4. PostgreSQL stopped for 4 s and started again under a writer on B: B answers /readyz not ready meanwhile and ready afterwards, every
     acknowledged batch is stored exactly once, an alert ingested on B after the restart reaches an SSE client and a
     WebSocket client of the restarted A, more jobs run exactly once, and every process is still running;
  detection's partitions are spread over the four processes, 2 each, at the start and after phases 3 and 4;
  5. a webhook registered on A at the start (the other processes learn of it by re-reading the webhooks) got
     each alert event once, although all four processes run a delivery loop and A was killed in between.
Usage: scripts/checks/multiprocess.py PATH/TO/ecotrack   (ECOTRACK_MP_JOBS sets the number of jobs, default 1000)
Exit status 0 when every check passed; each check prints ok/FAIL, each phase its duration.
"""
import base64
import hashlib
from http.client import HTTPException
import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
POSTGRES_SH = os.path.join(ROOT, "scripts", "postgres.sh")
BIN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "ecotrack")
JOBS = int(os.environ.get("ECOTRACK_MP_JOBS", "1000"))
SCHEMA = "mp"
KEY = None
failures = []


def check(name, condition, detail=""):
    print(f"  {'ok  ' if condition else 'FAIL'} {name}" + (f" ({detail})" if detail else ""), flush=True)
    if not condition:
        failures.append(name)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, port, path, body=None, timeout=30):
    """(status, body bytes) as the admin; status None when the replica could not be reached."""
    status, _, answer = request_as(KEY, method, port, path, body, timeout)
    return status, answer


def request_as(key, method, port, path, body=None, timeout=30):
    """(status, headers with lower-case names, body bytes) with `key`'s credentials; status None when unreachable."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if key:
        request.add_header("Authorization", f"Bearer {key}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()
    except (OSError, urllib.error.URLError, HTTPException) as error:
        # An answer cut short (the replica killed while sending it) is no acknowledgement either.
        return None, {}, str(error).encode()


class Cluster:
    def __init__(self):
        self.url = subprocess.run([POSTGRES_SH, "start"], check=True, capture_output=True, text=True).stdout.strip()
        self.database = f"{self.url}?schema={SCHEMA}&tls=disable&pool=4"
        self.psql_bin = next(p for p in ["/usr/lib/postgresql/15/bin/psql", "/usr/bin/psql"] if os.path.exists(p))

    def sql(self, statement):
        """Rows of a query as lists of strings."""
        out = subprocess.run([self.psql_bin, self.url, "-At", "-F", "\t", "-c", f"SET search_path TO {SCHEMA}", "-c", statement],
                             check=True, capture_output=True, text=True).stdout
        return [line.split("\t") for line in out.splitlines() if line and line != "SET"]

    def restart(self, seconds_down):
        subprocess.run([POSTGRES_SH, "restart", self.url, str(seconds_down)], check=True, capture_output=True)

    def stop(self):
        subprocess.run([POSTGRES_SH, "stop", self.url], capture_output=True)


class Process:
    """One ecotrack process, its JSON log in a file."""

    def __init__(self, name, args, workdir):
        self.name, self.args, self.log_path = name, args, os.path.join(workdir, f"{name}.log")
        self.port = None
        self.start()

    def start(self):
        log = open(self.log_path, "a")
        env = dict(os.environ, ECOTRACK_LOG_LEVEL="info")
        self.process = subprocess.Popen([BIN] + self.args, stdout=log, stderr=subprocess.STDOUT, env=env)

    def alive(self):
        return self.process.poll() is None

    def kill9(self):
        self.process.kill()
        self.process.wait()

    def stop(self):
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill9()

    def ended_jobs(self):
        """Job ids this process reported as ended, one entry per report."""
        ids = []
        with open(self.log_path, errors="replace") as log:
            for line in log:
                if "training job ended" in line:
                    try:
                        ids.append(json.loads(line)["job"])
                    except (ValueError, KeyError):
                        pass
        return ids


def serve(name, workdir, database):
    port = free_port()
    process = Process(name, ["serve", "--port", str(port), "--database", database], workdir)
    process.port = port
    return process


def wait_ready(port, limit=90):
    deadline = time.time() + limit
    while time.time() < deadline:
        if http("GET", port, "/readyz", timeout=5)[0] == 200:
            return True
        time.sleep(0.2)
    return False


class AlertClient(threading.Thread):
    """A live alert client of one replica, keeping (arrival time, alert) of every alert it receives."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port, self.alerts, self.connected = port, [], threading.Event()
        self.start()

    def wait_for(self, predicate, limit):
        deadline = time.time() + limit
        while time.time() < deadline:
            found = [(at, alert) for at, alert in list(self.alerts) if predicate(alert)]
            if found:
                return found[0]
            time.sleep(0.1)
        return None


class AlertStream(AlertClient):
    """An SSE client of /api/v1/alerts/stream."""

    def run(self):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/api/v1/alerts/stream?heartbeat=1")
        request.add_header("Authorization", f"Bearer {KEY}")
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                self.connected.set()
                for raw in response:
                    line = raw.decode(errors="replace").rstrip("\n")
                    if line.startswith("data:"):
                        try:
                            self.alerts.append((time.time(), json.loads(line[5:])))
                        except ValueError:
                            pass
        except OSError:
            return


class AlertSocket(AlertClient):
    """A WebSocket client of /ws/alerts (RFC 6455 by hand, stdlib only): subscribes to every alert and counts as
    connected once the server said "subscribed", so an alert caused afterwards must arrive."""

    GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    def run(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=120) as sock:
                key = base64.b64encode(os.urandom(16)).decode()
                sock.sendall((f"GET /ws/alerts?heartbeat=1 HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nUpgrade: websocket\r\n"
                              f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                              f"Authorization: Bearer {KEY}\r\n\r\n").encode())
                reader = sock.makefile("rb")
                if b" 101 " not in reader.readline():
                    return
                headers = {}
                while (line := reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode(errors="replace").partition(":")
                    headers[name.strip().lower()] = value.strip()
                expected = base64.b64encode(hashlib.sha1((key + self.GUID).encode()).digest()).decode()
                if headers.get("sec-websocket-accept") != expected:
                    return
                self.send(sock, 0x1, json.dumps({"subscribe": {}}).encode())
                message = b""
                while True:
                    head = reader.read(2)
                    if len(head) < 2:
                        return
                    final, opcode, length = head[0] & 0x80, head[0] & 0x0F, head[1] & 0x7F
                    if length == 126:
                        length = struct.unpack(">H", reader.read(2))[0]
                    elif length == 127:
                        length = struct.unpack(">Q", reader.read(8))[0]
                    mask = reader.read(4) if head[1] & 0x80 else None
                    payload = reader.read(length)
                    if mask:
                        payload = bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))
                    if opcode == 0x8:
                        return
                    if opcode == 0x9:
                        self.send(sock, 0xA, payload)
                    elif opcode in (0x0, 0x1):
                        message += payload
                        if final:
                            self.received(message)
                            message = b""
        except OSError:
            return

    def received(self, message):
        try:
            data = json.loads(message)
        except ValueError:
            return
        if data.get("type") == "subscribed":
            self.connected.set()
        elif data.get("type") == "alert":
            self.alerts.append((time.time(), data.get("alert")))

    @staticmethod
    def send(sock, opcode, payload):
        """One final frame, masked as a client's must be."""
        mask = os.urandom(4)
        size = len(payload)
        header = bytes([0x80 | opcode]) + (bytes([0x80 | size]) if size < 126 else bytes([0x80 | 126]) + struct.pack(">H", size))
        sock.sendall(header + mask + bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload)))


class WebhookReceiver(threading.Thread):
    """A loopback webhook receiver: keeps (event offset, body) of every POST and answers 204."""

    def __init__(self):
        super().__init__(daemon=True)
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                received.append((self.headers.get("X-EcoTrack-Event-Offset"), body.decode(errors="replace")))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.start()

    def run(self):
        self.server.serve_forever()

    def wait_for(self, stations, limit):
        deadline = time.time() + limit
        while time.time() < deadline:
            if all(any(station in body for _, body in list(self.received)) for station in stations):
                return True
            time.sleep(0.2)
        return False


def spike(port, station, lat, lng):
    now_ms = int(time.time() * 1000)
    return http("POST", port, "/api/v1/observations", [{"variable": "pm25", "value": 480, "observedAt": now_ms, "lat": lat,
                                                        "lng": lng, "source": "mp", "stationId": station}])


def mentions(station):
    return lambda alert: station in json.dumps(alert)


class BatchWriter(threading.Thread):
    """Posts numbered batches (batch n = 10 hourly points from hour 10n) of one station until `count` are
    acknowledged, re-sending a failed batch to the next replica of `ports` after a short pause."""

    def __init__(self, station, ports, count):
        super().__init__(daemon=True)
        self.station, self.ports, self.count = station, ports, count
        self.acknowledged, self.failed_attempts, self.replica, self.refused = [], 0, 0, None
        self.start()

    def batch(self, n):
        base = 1_700_000_000_000 // 3_600_000 * 3_600_000
        return [{"variable": "temperature_2m", "value": n % 40 + i / 10, "observedAt": base + (n * 10 + i) * 3_600_000,
                 "lat": 45.76, "lng": 4.83, "source": "mp", "stationId": self.station} for i in range(10)]

    def run(self):
        deadline = time.time() + 240
        n = 0
        while n < self.count and time.time() < deadline:
            status, body = http("POST", self.ports[self.replica], "/api/v1/observations", self.batch(n), timeout=20)
            if status is not None and 200 <= status < 300:
                if json.loads(body).get("accepted") != 10:
                    self.refused = f"batch {n}: {body[:300]!r}"
                    return
                self.acknowledged.append(n)
                n += 1
            elif status is not None and status < 500:
                self.refused = f"batch {n}: {status} {body[:300]!r}"
                return
            else:
                self.failed_attempts += 1
                self.replica = (self.replica + 1) % len(self.ports)
                time.sleep(0.25)


def check_station(cluster, station, writer):
    rows = cluster.sql(f"""
        SELECT count(*), count(DISTINCT o.t), COALESCE((SELECT sum(n) FROM rollup_day d JOIN series s2 ON s2.id = d.series_id
                                                        WHERE s2.station_id = '{station}'), 0)
        FROM observations o JOIN series s ON s.id = o.series_id WHERE s.station_id = '{station}'""")[0]
    count, distinct, rolled = (int(v) for v in rows)
    expected = 10 * len(writer.acknowledged)
    check(f"{station}: no batch refused", writer.refused is None, writer.refused or "")
    check(f"{station}: every acknowledged batch stored ({len(writer.acknowledged)} batches, "
          f"{writer.failed_attempts} attempts failed and were re-sent)", writer.acknowledged == list(range(writer.count)) and count == expected,
          f"{count} rows, expected {expected}")
    check(f"{station}: no point stored twice, daily rollups count each once", distinct == count and rolled == count,
          f"{distinct} distinct times, rollups count {rolled}")


def check_detection_spread(cluster, label, limit=90):
    """Detection's 8 partitions (the PostgreSQL default) spread over the four processes: each holds 2 live leases."""
    deadline, holders = time.time() + limit, {}
    while time.time() < deadline:
        rows = cluster.sql("SELECT holder, count(*) FROM consumer_leases WHERE name LIKE 'detection.p%of8' "
                           "AND expires_at > (extract(epoch FROM clock_timestamp()) * 1000)::bigint GROUP BY holder")
        holders = {holder: int(count) for holder, count in rows}
        if sorted(holders.values()) == [2, 2, 2, 2]:
            break
        time.sleep(1)
    check(f"detection partitions spread over the four processes ({label})", sorted(holders.values()) == [2, 2, 2, 2],
          f"partitions per process {sorted(holders.values())}")


def check_shared_rate_limit(key, ports):
    """A free-tier viewer (30 requests a minute, refilled 0.5/s) alternating between replicas is refused after about
    30 requests in all: one budget in PostgreSQL, not 30 per replica; the 429 says so as one process does."""
    started, allowed, refused = time.time(), 0, None
    for index in range(120):
        status, headers, body = request_as(key, "GET", ports[index % len(ports)], "/api/v1/variables")
        if status == 429:
            refused = (status, headers, body)
            break
        allowed += 1 if status == 200 else 0
    ceiling = 30 + int((time.time() - started) * 0.5) + 1
    check(f"a viewer alternating between replicas is refused after one quota ({allowed} allowed, at most {ceiling})",
          refused is not None and 30 <= allowed <= ceiling, "never refused" if refused is None else "")
    if refused:
        _, headers, body = refused
        detail = json.loads(body).get("detail", "") if body.startswith(b"{") else ""
        check("the 429 has Retry-After, RateLimit headers and the limit in its message",
              headers.get("retry-after", "").isdigit() and headers.get("ratelimit", "").startswith('"minute";r=0;')
              and headers.get("ratelimit-policy") == '"minute";q=30;w=60, "day";q=1000;w=86400' and "30 requests per minute" in detail,
              f"{headers.get('retry-after')!r} {headers.get('ratelimit')!r} {detail!r}")


def submit_jobs(ports, names):
    csv = "x,z,y\n" + "".join(f"{i},{i % 3},{2 * i + 1}\n" for i in range(12))
    statuses, lock = [], threading.Lock()

    def submit(chunk):
        for index, name in chunk:
            body = {"kind": "csv", "name": name, "parameters": {"csv": csv, "target": "y", "task": "regression",
                                                               "algorithm": "linear", "cv": 0}}
            status, _ = http("POST", ports[index % len(ports)], "/api/v1/models/train", body)
            with lock:
                statuses.append(status)

    items = list(enumerate(names))
    threads = [threading.Thread(target=submit, args=(items[k::4],)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def wait_jobs_done(cluster, names, limit):
    deadline = time.time() + limit
    listed = ",".join(f"'{n}'" for n in names)
    while time.time() < deadline:
        left = int(cluster.sql(f"SELECT count(*) FROM training_jobs WHERE model_name IN ({listed}) "
                               "AND status NOT IN ('succeeded', 'failed', 'cancelled')")[0][0])
        if left == 0:
            return True
        time.sleep(1)
    return False


def check_jobs(cluster, processes, names, label):
    listed = ",".join(f"'{n}'" for n in names)
    rows = cluster.sql(f"SELECT id, status, attempts FROM training_jobs WHERE model_name IN ({listed})")
    ids = {row[0] for row in rows}
    first_time = sum(1 for row in rows if row[1] == "succeeded" and row[2] == "1")
    check(f"{label}: {len(names)} jobs queued, each succeeded on its first attempt", len(rows) == len(names) and first_time == len(names),
          f"{first_time} of {len(rows)}")
    ended = {}
    for process in processes:
        for job in process.ended_jobs():
            if job in ids:
                ended.setdefault(job, []).append(process.name)
    once = sum(1 for runs in ended.values() if len(runs) == 1)
    split = {p.name: sum(1 for runs in ended.values() if p.name in runs) for p in processes}
    check(f"{label}: each job executed exactly once across the processes (by process: {split})",
          once == len(names) and len(ended) == len(names), f"{once} once, {len(ended)} seen in logs")


def main():
    global KEY
    started = time.time()
    phases = []

    def phase(name, since):
        phases.append((name, time.time() - since))
        print(f"  -- {name}: {time.time() - since:.1f} s", flush=True)
        return time.time()

    workdir = tempfile.mkdtemp(prefix="ecotrack-mp-")
    cluster = Cluster()
    processes = []
    try:
        t = time.time()
        print(f"multi-process check: cluster {cluster.url}, logs in {workdir}", flush=True)
        created = subprocess.run([BIN, "users", "create", "--database", cluster.database, "--email", "mp@example.org",
                                  "--role", "admin", "--tier", "institutional"], check=True, capture_output=True, text=True).stdout
        KEY = created.strip().splitlines()[-1].split()[-1]
        created = subprocess.run([BIN, "users", "create", "--database", cluster.database, "--email", "viewer@example.org",
                                  "--role", "viewer", "--tier", "free"], check=True, capture_output=True, text=True).stdout
        viewer = created.strip().splitlines()[-1].split()[-1]
        receiver = WebhookReceiver()
        os.environ["ECOTRACK_WEBHOOK_ALLOW"] = receiver.url
        a, b = serve("serve-a", workdir, cluster.database), serve("serve-b", workdir, cluster.database)
        workers = []
        for i in (1, 2):
            metrics_port = free_port()
            workers.append(Process(f"worker-{i}", ["worker", "--database", cluster.database, "--metrics-port", str(metrics_port)], workdir))
            workers[-1].port = metrics_port
        processes = [a, b] + workers
        check("both replicas ready", wait_ready(a.port) and wait_ready(b.port))
        check("both workers ready on their metrics port (/readyz)", all(wait_ready(w.port) for w in workers))
        scrapes = [http("GET", w.port, "/metrics") for w in workers]
        check("both workers export metrics", all(status == 200 and b"# TYPE" in body for status, body in scrapes),
              ", ".join(str(status) for status, _ in scrapes))
        t = phase("start (cluster, 2 serve, 2 worker)", t)
        status, body = http("POST", a.port, "/api/v1/webhooks", {"url": receiver.url, "secret": "mp-secret-0123456789abcdef"})
        check("webhook registered on A", status == 201, f"{status} {body[:200]!r}")

        # 1. An alert caused on A reaches B's stream and B's WebSocket.
        stream_b, socket_b = AlertStream(b.port), AlertSocket(b.port)
        stream_b.connected.wait(30)
        check("a WebSocket client of B subscribed", socket_b.connected.wait(30))
        status, body = http("POST", a.port, "/api/v1/alerts/rules", {"name": "mp pm25 high", "variable": "pm25", "direction": "above",
                                                                      "threshold": 100, "severity": "critical"})
        check("rule created on A", status == 201, f"{status} {body[:200]!r}")
        sent = time.time()
        status, body = spike(a.port, "mp-alert-a", 48.8566, 2.3522)
        check("spike ingested on A", status is not None and 200 <= status < 300, f"{status} {body[:200]!r}")
        got = stream_b.wait_for(mentions("mp-alert-a"), 60)
        check("the alert reached an SSE client of B", got is not None, f"after {got[0] - sent:.2f} s" if got else "none in 60 s")
        got = socket_b.wait_for(mentions("mp-alert-a"), 60)
        check("the alert reached a WebSocket client of B", got is not None, f"after {got[0] - sent:.2f} s" if got else "none in 60 s")
        check_detection_spread(cluster, "at start")
        t = phase("alert across replicas", t)
        check_shared_rate_limit(viewer, [a.port, b.port])
        t = phase("one rate limit across replicas", t)

        # 2. Jobs, each executed exactly once.
        names = [f"mp-job-{i}" for i in range(JOBS)]
        statuses = submit_jobs([a.port, b.port], names)
        check(f"{JOBS} jobs accepted (202) by A and B", statuses.count(202) == JOBS, f"{sorted(set(map(str, statuses)))}")
        t = phase(f"submit {JOBS} jobs", t)
        check("every job finished", wait_jobs_done(cluster, names, 900))
        check_jobs(cluster, processes, names, "jobs")
        t = phase(f"run {JOBS} jobs", t)

        # 3. kill -9 of A during ingest.
        writer = BatchWriter("mp-kill9", [a.port, b.port], 150)
        while len(writer.acknowledged) < 30 and writer.is_alive():
            time.sleep(0.05)
        a.kill9()
        writer.join(260)
        check_station(cluster, "mp-kill9", writer)
        a.start()
        check("A restarted and ready", wait_ready(a.port))
        t = phase("kill -9 of a replica during ingest", t)

        # 4. PostgreSQL restarted under a writer on B.
        stream_a, socket_a = AlertStream(a.port), AlertSocket(a.port)
        stream_a.connected.wait(30)
        check("a WebSocket client of the restarted A subscribed", socket_a.connected.wait(30))
        readiness, stop_polling = [], threading.Event()

        def poll_readiness():
            while not stop_polling.is_set():
                readiness.append(http("GET", b.port, "/readyz", timeout=5)[0])
                time.sleep(0.2)

        poller = threading.Thread(target=poll_readiness, daemon=True)
        poller.start()
        writer = BatchWriter("mp-restart", [b.port], 150)
        while len(writer.acknowledged) < 30 and writer.is_alive():
            time.sleep(0.05)
        restart_started = time.time()
        cluster.restart(seconds_down=4)  # longer than /readyz's 2 s bound, so "not ready" must be seen
        restart_seconds = time.time() - restart_started
        writer.join(260)
        stop_polling.set()
        poller.join()
        check("B said not ready while PostgreSQL restarted, ready before and after",
              readiness[:1] == [200] and any(s != 200 for s in readiness) and readiness[-1] == 200,
              f"{len([s for s in readiness if s != 200])} not-ready answers of {len(readiness)}; PostgreSQL down 4 s, restart took {restart_seconds:.1f} s")
        check_station(cluster, "mp-restart", writer)
        sent = time.time()
        status, _ = spike(b.port, "mp-alert-b", 43.2965, 5.3698)
        check("spike ingested on B after the restart", status is not None and 200 <= status < 300, f"{status}")
        got = stream_a.wait_for(mentions("mp-alert-b"), 90)
        check("the alert reached an SSE client of A after the restart", got is not None,
              f"after {got[0] - sent:.2f} s" if got else "none in 90 s")
        got = socket_a.wait_for(mentions("mp-alert-b"), 90)
        check("the alert reached a WebSocket client of A after the restart", got is not None,
              f"after {got[0] - sent:.2f} s" if got else "none in 90 s")
        more = [f"mp-after-{i}" for i in range(20)]
        statuses = submit_jobs([a.port, b.port], more)
        check("20 jobs accepted after the restart", statuses.count(202) == 20, f"{sorted(set(map(str, statuses)))}")
        check("and finished", wait_jobs_done(cluster, more, 300))
        check_jobs(cluster, processes, more, "jobs after the restart")
        check("every process still running", all(p.alive() for p in processes), ", ".join(f"{p.name}={'up' if p.alive() else 'down'}" for p in processes))
        check_detection_spread(cluster, "after kill -9 of A and the PostgreSQL restart")
        t = phase("PostgreSQL restart mid-run", t)

        # 5. Each alert event reached the webhook once, though four processes run a delivery loop.
        check("the webhook got both alerts", receiver.wait_for(["mp-alert-a", "mp-alert-b"], 90),
              f"{len(receiver.received)} deliveries")
        time.sleep(3)  # time for a second copy to arrive
        offsets = [offset for offset, _ in list(receiver.received)]
        twice = sorted({offset for offset in offsets if offsets.count(offset) > 1}, key=lambda o: int(o or 0))
        check("each event delivered to the webhook once", not twice and None not in offsets,
              f"{len(offsets)} deliveries of {len(set(offsets))} events" + (f"; offsets sent more than once: {twice[:10]}" if twice else ""))
        phase("webhook deliveries", t)
    finally:
        for process in processes:
            process.stop()
        cluster.stop()
    total = time.time() - started
    print(f"multi-process check: {len(failures)} failed; {total:.1f} s in all ("
          + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in phases) + ")", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
