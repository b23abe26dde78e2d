#!/usr/bin/env python3
"""The ocean chain of issue #18 end to end through HTTP, in one run, against the real binary and an S3 stand-in.

Starts moto (scripts/s3.sh: a fresh bucket, signatures checked) and `ecotrack serve` on a fresh SQLite file with the
S3-compatible object store pointed at it (under a prefix of its own) and a classifier assigned to image entries, then
checks each link:
  1. upload: tagged PNG entries with positions, as multipart, answered 201;
  2. stored in S3: every upload is an object `PREFIX/<sha256>` in the moto bucket, of the right size, and its bytes
     read back from the bucket equal what was sent;
  3. listed: `GET /api/v1/entries?tags=reef&bbox=…` answers exactly the reef entries inside the box (a reef entry
     outside it and a harbour entry inside it are left out);
  4. classified: the background classifier labels each entry (red `heavy_plastic`, blue `clear`) and marks it processed;
  5. alert: each heavy_plastic entry has an open `ocean` alert in `GET /api/v1/alerts`, a clear one none;
  6. dataset: `POST /api/v1/datasets` from the same query, and its manifest lists exactly those entries, each with its
     SHA-256, its label from the `class:` tag and a split, the three splits all used;
  7. head trained by a job: an `image-head` training job on that dataset succeeds, with the registered classifier as
     backbone cut at its `flat` output (the per-channel means);
  8. registered: the head is version 1 of its name in `GET /api/v1/models` (algorithm `image-head`, its backbone's
     SHA-256), with the alias `champion` once pointed at it; the job's checkpoint is in the bucket;
  9. predicts: `POST /api/v1/models/HEAD@champion/predict` on unseen red and blue images answers `plastic` and `clear`.

The ONNX model (an 8×8 image's per-channel means, `flat`, through a fixed linear layer and Softmax: red →
heavy_plastic, blue → clear) is written here as protocol-buffer bytes with the standard library,
as EcoTestSupport's TinyImageModels.colourClassifier builds them in Swift: no onnx package, no torch.

Usage: scripts/checks/ocean_chain.py PATH/TO/ecotrack
Exit 0 when every check passed, 1 otherwise; 0 with "SKIPPED" when moto cannot be installed here (python3 without
venv/ensurepip, as `scripts/s3.sh available` says) or ECOTRACK_TEST_S3=off. Prints each check and the runtime.
"""
import base64
import hashlib
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
S3_SH = os.path.join(ROOT, "scripts", "s3.sh")
BIN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "ecotrack")
MOTO_VENV = os.environ.get("ECOTRACK_MOTO_VENV", os.path.expanduser("~/.cache/ecotrack/moto-venv"))
BBOX = (5.2, 43.2, 5.5, 43.4)  # minLng, minLat, maxLng, maxLat: off Marseille
CLASSIFIER, HEAD, DATASET = "ocean-plastic", "ocean-debris-head", "reef-chain"
PER_CLASS = 10
failures = []


def check(name, condition, detail=""):
    print(f"  {'ok  ' if condition else 'FAIL'} {name}" + ("" if condition else f"  -- {str(detail)[:600]}"), flush=True)
    if not condition:
        failures.append(name)
    return bool(condition)


# ---------------------------------------------------------------- ONNX bytes (protocol buffers by hand)

def _varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _int(field, value):
    return _varint(field << 3) + _varint(value)


def _bytes(field, data):
    data = data.encode() if isinstance(data, str) else data
    return _varint(field << 3 | 2) + _varint(len(data)) + data


def _tensor(name, dims, floats):
    """TensorProto: dims (1), data_type FLOAT (2), name (8), raw_data (9, little-endian float32)."""
    return b"".join(_int(1, d) for d in dims) + _int(2, 1) + _bytes(8, name) + _bytes(9, struct.pack(f"<{len(floats)}f", *floats))


def _value_info(name, shape):
    """ValueInfoProto: name (1), type (2) → tensor_type (1) → elem_type FLOAT (1), shape (2) → dim (1): dim_value (1) or dim_param (2)."""
    if shape is None:
        return _bytes(1, name)
    dims = b"".join(_bytes(1, _bytes(2, "N") if d is None else _int(1, d)) for d in shape)
    return _bytes(1, name) + _bytes(2, _bytes(1, _int(1, 1) + _bytes(2, dims)))


def _node(op, inputs, outputs, attributes=()):
    """NodeProto: input (1), output (2), op_type (4), attribute (5): name (1), i (3), type INT (20)."""
    attrs = b"".join(_bytes(5, _bytes(1, key) + _int(3, value) + _int(20, 2)) for key, value in attributes)
    return b"".join(_bytes(1, i) for i in inputs) + b"".join(_bytes(2, o) for o in outputs) + _bytes(4, op) + attrs


def onnx_model(nodes, initializers, output, size=8):
    """ModelProto (ir_version 8, opset 17) of one graph, input `x` [N,3,size,size]."""
    graph = (b"".join(_bytes(1, n) for n in nodes) + _bytes(2, "g") + b"".join(_bytes(5, t) for t in initializers)
             + _bytes(11, _value_info("x", [None, 3, size, size])) + _bytes(12, _value_info(output, None)))
    return _int(1, 8) + _bytes(2, "ecotrack-ocean-chain") + _bytes(7, graph) + _bytes(8, _int(2, 17))


def classifier_onnx():
    """Channel means through Gemm(w [3,2], b) and Softmax: classes (clear, heavy_plastic); blue → clear, red → heavy_plastic."""
    nodes = [_node("GlobalAveragePool", ["x"], ["pooled"]), _node("Flatten", ["pooled"], ["flat"]),
             _node("Gemm", ["flat", "w", "b"], ["logits"]), _node("Softmax", ["logits"], ["y"], [("axis", 1)])]
    weights = [0, 10, 0, 0, 10, 0]  # R → heavy_plastic, B → clear
    return onnx_model(nodes, [_tensor("w", [3, 2], weights), _tensor("b", [2], [0, 0])], "y")


# ---------------------------------------------------------------- PNG bytes

def png(colour, variant):
    """An 8×8 RGB PNG of `colour` ('red' or 'blue'), its pixels varied by `variant` so every file is distinct."""
    base = {"red": (200, 30, 20), "blue": (20, 40, 200)}[colour]
    rows = b""
    for y in range(8):
        row = bytearray([0])
        for x in range(8):
            row += bytes(min(255, max(0, c + ((x * 7 + y * 3) % 23) - 11)) for c in base)
        if y == 0:
            row[2] = variant % 256  # the first pixel's green: every variant's bytes differ
        rows += row

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


# ---------------------------------------------------------------- HTTP

class Client:
    def __init__(self, port, key):
        self.base, self.key = f"http://127.0.0.1:{port}", key

    def request(self, method, path, body=None, content_type=None, timeout=60):
        """(status, headers, parsed JSON or raw bytes)."""
        if isinstance(body, (dict, list)):
            body, content_type = json.dumps(body).encode(), "application/json"
        req = urllib.request.Request(self.base + path, data=body, method=method)
        if content_type:
            req.add_header("Content-Type", content_type)
        req.add_header("Authorization", f"Bearer {self.key}")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                status, headers, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, raw = error.code, error.headers, error.read()
        try:
            return status, headers, json.loads(raw)
        except ValueError:
            return status, headers, raw

    def multipart(self, path, parts):
        """POST parts [(name, filename or None, content type, bytes)] as multipart/form-data."""
        boundary = "ocean-chain-" + uuid.uuid4().hex
        body = b""
        for name, filename, content_type, data in parts:
            disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
            body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\nContent-Type: {content_type}\r\n\r\n".encode() + data + b"\r\n"
        body += f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, f"multipart/form-data; boundary={boundary}")


def poll(attempt, seconds):
    """attempt() until it answers something true, or None after `seconds`."""
    deadline = time.time() + seconds
    while True:
        value = attempt()
        if value or time.time() > deadline:
            return value
        time.sleep(0.25)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- moto

def start_moto():
    """The exports of `scripts/s3.sh start` as a dict (ECOTRACK_TEST_S3, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)."""
    out = subprocess.run([S3_SH, "start"], check=True, capture_output=True, text=True, timeout=600)
    exports = {}
    for line in out.stdout.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        exports[name] = value.strip("'")
    return exports


def bucket_objects(exports, prefix, read_key=None):
    """{key: size} of the bucket under `prefix`, read with boto3 from moto's own virtual environment (moto depends on
    it), signed with the same key as the server; and the bytes of `read_key` when given."""
    endpoint = exports["ECOTRACK_TEST_S3"].split("endpoint=")[1].split("&")[0]
    bucket = exports["ECOTRACK_TEST_S3"].removeprefix("s3://").split("?")[0].split("/")[0]
    program = """
import base64, json, sys, boto3
endpoint, bucket, prefix, read_key = sys.argv[1:5]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
sizes = {}
for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix + "/"):
    for item in page.get("Contents", []):
        sizes[item["Key"]] = item["Size"]
body = base64.b64encode(s3.get_object(Bucket=bucket, Key=read_key)["Body"].read()).decode() if read_key else None
print(json.dumps({"sizes": sizes, "body": body}))
"""
    env = dict(os.environ, AWS_ACCESS_KEY_ID=exports["AWS_ACCESS_KEY_ID"], AWS_SECRET_ACCESS_KEY=exports["AWS_SECRET_ACCESS_KEY"])
    out = subprocess.run([os.path.join(MOTO_VENV, "bin", "python"), "-c", program, endpoint, bucket, prefix, read_key or ""],
                         check=True, capture_output=True, text=True, env=env).stdout
    answer = json.loads(out)
    return answer["sizes"], (base64.b64decode(answer["body"]) if answer["body"] else None)


# ---------------------------------------------------------------- the chain

def register(client, name, onnx, task, labels):
    metadata = {"task": task, "labels": labels, "preprocessing": {"inputSize": 8, "mean": [0, 0, 0], "std": [1, 1, 1]}}
    return client.multipart(f"/api/v1/models/{name}/versions", [("metadata", None, "application/json", json.dumps(metadata).encode()),
                                                                 ("model", "model.onnx", "application/octet-stream", onnx)])


def upload(client, colour, variant, lat, lng, tags, source):
    meta = {"dataType": "image", "source": source, "lat": lat, "lng": lng, "tags": tags}
    data = png(colour, variant)
    status, _, entry = client.multipart("/api/v1/entries", [("metadata", None, "application/json", json.dumps(meta).encode()),
                                                           ("file", f"{source}-{variant}.png", "image/png", data)])
    return status, entry, data


def chain(client, exports, prefix):
    timings = {}
    started = time.time()

    print("model: a classifier for image entries (and the backbone of the head)")
    classifier = classifier_onnx()
    status, _, body = register(client, CLASSIFIER, classifier, "classification", ["clear", "heavy_plastic"])
    check("classifier registered (201)", status == 201, body)
    classifier_key = body.get("artifactKey", "") if isinstance(body, dict) else ""

    print("1. upload")
    upload_started = time.time()
    inside = []  # (entry, bytes, colour)
    for index in range(2 * PER_CLASS):
        colour = "red" if index % 2 == 0 else "blue"
        label = "plastic" if colour == "red" else "clear"
        lat, lng = 43.25 + 0.005 * index, 5.3 + 0.005 * index
        status, entry, data = upload(client, colour, index, lat, lng, ["reef", f"class:{label}"], f"buoy-{index % 3}")
        if status != 201:
            check(f"entry {index} ({colour}) uploaded: 201", False, entry)
            return timings
        inside.append((entry, data, colour))
    check(f"{len(inside)} reef entries inside the box uploaded ({PER_CLASS} red tagged class:plastic, {PER_CLASS} blue class:clear): 201", True)
    status, outside, outside_bytes = upload(client, "red", 100, 10.0, 10.0, ["reef", "class:plastic"], "buoy-far")
    check("reef entry outside the box uploaded: 201", status == 201, outside)
    status, harbour, harbour_bytes = upload(client, "blue", 101, 43.3, 5.35, ["harbour", "class:clear"], "buoy-harbour")
    check("harbour entry inside the box uploaded: 201", status == 201, harbour)
    check("each entry carries the SHA-256 of its bytes",
          all(e.get("file", {}).get("sha256") == hashlib.sha256(d).hexdigest() for e, d, _ in inside), inside[0][0])
    timings["upload"] = time.time() - upload_started

    print("2. stored in the S3 stand-in")
    first_key = f"{prefix}/{inside[0][0]['file']['sha256']}"
    sizes, first_bytes = bucket_objects(exports, prefix, read_key=first_key)
    missing = [e["file"]["sha256"] for e, d, _ in inside + [(outside, outside_bytes, ""), (harbour, harbour_bytes, "")]
               if sizes.get(f"{prefix}/{e['file']['sha256']}") != len(d)]
    check(f"every upload is an object PREFIX/<sha256> of its size in the moto bucket ({len(sizes)} objects under the prefix)",
          not missing, f"missing or wrong size: {missing}; bucket: {sizes}")
    check("the bytes read back from the bucket equal the upload", first_bytes == inside[0][1])
    check("the registered classifier's ONNX file is there too, under its artifactKey",
          classifier_key == hashlib.sha256(classifier).hexdigest() and sizes.get(f"{prefix}/{classifier_key}") == len(classifier), classifier_key)

    print("3. listed by tag and bbox")
    bbox = ",".join(str(v) for v in BBOX)
    status, _, listed = client.request("GET", f"/api/v1/entries?tags=reef&bbox={bbox}&limit=100")
    ids = {e["id"] for e in listed.get("data", [])} if status == 200 else set()
    check("GET /api/v1/entries?tags=reef&bbox=… answers 200", status == 200, listed)
    check(f"it lists all {len(inside)} reef entries in the box", ids == {e["id"] for e, _, _ in inside},
          f"{len(ids)} listed")
    check("it leaves out the reef entry outside the box and the harbour entry inside it",
          outside["id"] not in ids and harbour["id"] not in ids)
    _, _, by_tag = client.request("GET", "/api/v1/entries?tags=reef&limit=100")
    _, _, by_box = client.request("GET", f"/api/v1/entries?bbox={bbox}&limit=100")
    check("by tag alone the outside entry is listed, by box alone the harbour entry: each filter does its part",
          outside["id"] in {e["id"] for e in by_tag.get("data", [])} and harbour["id"] in {e["id"] for e in by_box.get("data", [])})
    status, _, none = client.request("GET", f"/api/v1/entries?tags=kelp&bbox={bbox}")
    check("a tag that matches nothing lists nothing", status == 200 and none.get("data") == [], none)

    print("4. classified")

    def all_processed():
        status, _, page = client.request("GET", f"/api/v1/entries?tags=reef&bbox={bbox}&processed=true&limit=100")
        return page if status == 200 and len(page.get("data", [])) == len(inside) else None
    processed = poll(all_processed, 120)
    check(f"the classifier processed all {len(inside)} entries", processed is not None)
    timings["first upload to all classified"] = time.time() - upload_started
    wrong = []
    for entry, _, colour in inside:
        _, _, current = client.request("GET", f"/api/v1/entries/{entry['id']}")
        result = current.get("metadata", {}).get("classification", {}).get(CLASSIFIER, {})
        expected = "heavy_plastic" if colour == "red" else "clear"
        if not (current.get("label") == expected and current.get("processed") is True and result.get("model") == f"{CLASSIFIER}@1"
                and result.get("probabilities", {}).get(expected, 0) > 0.9):
            wrong.append(current)
    check(f"each is labelled by {CLASSIFIER}@1 (red heavy_plastic, blue clear, p > 0.9), the result kept in its metadata",
          not wrong, wrong[:1])
    status, _, heavy = client.request("GET", f"/api/v1/entries?label=heavy_plastic&tags=reef&bbox={bbox}&limit=100")
    check(f"?label=heavy_plastic lists the {PER_CLASS} red entries", status == 200 and len(heavy.get("data", [])) == PER_CLASS, heavy)

    print("5. alert")
    red_ids = {e["id"] for e, _, c in inside if c == "red"}

    def ocean_alerts():
        status, _, page = client.request("GET", "/api/v1/alerts?domain=ocean&limit=500")
        alerts = page.get("data", []) if status == 200 and isinstance(page, dict) else []
        by_entry = {a.get("metadata", {}).get("entryId"): a for a in alerts}
        return by_entry if red_ids <= set(by_entry) else None
    by_entry = poll(ocean_alerts, 30) or {}
    red_alerts = [by_entry.get(i, {}) for i in red_ids]
    check(f"/api/v1/alerts?domain=ocean has a firing alert for each of the {PER_CLASS} heavy_plastic entries",
          by_entry and all(a.get("domain") == "ocean" and a.get("status") == "firing" and a.get("alertType") == "image_classification"
                           and a.get("metadata", {}).get("class") == "heavy_plastic" for a in red_alerts), list(by_entry.values())[:2])
    blue_ids = {e["id"] for e, _, c in inside if c == "blue"}
    check("and none for a clear entry", by_entry and not blue_ids & set(by_entry), sorted(blue_ids & set(by_entry)))

    print("6. dataset manifest")
    status, _, version = client.request("POST", "/api/v1/datasets", {
        "name": DATASET, "query": {"tags": "reef", "type": "image", "bbox": bbox}, "labelSource": "tag:class:",
        "split": {"train": 0.6, "validation": 0.2, "test": 0.2}, "seed": 7})
    check("POST /api/v1/datasets answers 201, version 1", status == 201 and version.get("version") == 1, version)
    status, _, manifest = client.request("GET", f"/api/v1/datasets/{DATASET}/versions/1/manifest")
    members = manifest.get("entries", []) if isinstance(manifest, dict) else []
    by_id = {m["entryId"]: m for m in members if "entryId" in m} or {m.get("entry_id"): m for m in members}
    expected = {e["id"]: (e["file"]["sha256"], "plastic" if c == "red" else "clear") for e, _, c in inside}
    check(f"the manifest lists exactly the {len(inside)} entries of the query", set(by_id) == set(expected), members[:2])
    check("each with its SHA-256 and its class: tag as label",
          all(by_id.get(i, {}).get("sha256") == sha and by_id.get(i, {}).get("label") == label for i, (sha, label) in expected.items()),
          members[:2])
    splits = {m.get("split") for m in members}
    check("each with a split, all three used", splits == {"train", "validation", "test"}, splits)
    status, _, csv = client.request("GET", f"/api/v1/datasets/{DATASET}/versions/1/manifest?format=csv")
    csv_text = csv.decode() if isinstance(csv, bytes) else ""
    check("the CSV manifest has a row per entry", status == 200 and len(csv_text.strip().splitlines()) == len(inside) + 1, csv_text[:200])

    print("7. head trained by a job")
    mark = time.time()
    status, headers, job = client.request("POST", "/api/v1/models/train", {
        "kind": "image-head", "name": HEAD,
        "parameters": {"dataset": DATASET, "backbone": f"{CLASSIFIER}@1", "embeddingOutput": "flat", "epochs": 30, "learningRate": 0.5, "seed": 0}})
    if not check("POST /api/v1/models/train (image-head) answers 202", status == 202, job):
        return timings
    location = headers.get("Location") or f"/api/v1/models/jobs/{job.get('id')}"

    def finished():
        _, _, state = client.request("GET", location)
        return state if isinstance(state, dict) and state.get("status") in ("succeeded", "failed", "cancelled") else None
    state = poll(finished, 240) or {}
    timings["training"] = time.time() - mark
    check("the job succeeded", state.get("status") == "succeeded", state)
    result = state.get("result") or {}
    metrics = result.get("metrics") or {}
    check("its result names the head, version 1, with validation accuracy 1", result.get("name") == HEAD and result.get("version") == 1
          and metrics.get("validationAccuracy") == 1, result)

    print("8. registered")
    status, _, models = client.request("GET", "/api/v1/models")
    versions = [m for m in (models.get("data", []) if isinstance(models, dict) else []) if m.get("name") == HEAD]
    head = versions[0] if len(versions) == 1 else {}
    parameters = head.get("parameters", {})
    check(f"GET /api/v1/models lists {HEAD} version 1, algorithm image-head", head.get("version") == 1 and head.get("algorithm") == "image-head",
          versions or models)
    check("it records its backbone (ocean-plastic@1 by the SHA-256 of the stored file), output, classes and dataset version",
          parameters.get("backbone") == f"{CLASSIFIER}@1" and parameters.get("backboneSha256") == classifier_key
          and parameters.get("embeddingOutput") == "flat" and parameters.get("classes") == ["clear", "plastic"]
          and parameters.get("dataset") == DATASET and parameters.get("datasetVersion") == 1, parameters)
    status, _, answer = client.request("POST", f"/api/v1/models/{HEAD}/aliases", {"alias": "champion", "version": 1})
    _, _, models = client.request("GET", "/api/v1/models")
    aliases = [m.get("aliases") for m in models.get("data", []) if m.get("name") == HEAD]
    check("pointing the alias champion at it: the model list shows it on version 1", status == 200 and aliases == [["champion"]], (answer, aliases))
    sizes_after, _ = bucket_objects(exports, prefix)
    added = set(sizes_after) - set(sizes)
    check("the job's checkpoint went to the bucket too (one new object, the earlier epochs' removed)", len(added) == 1, added)

    print("9. predicts")
    for colour, expected_label in (("red", "plastic"), ("blue", "clear")):
        status, _, answer = client.request("POST", f"/api/v1/models/{HEAD}@champion/predict", png(colour, 999), "image/png")
        prediction = (answer.get("predictions") or [{}])[0] if isinstance(answer, dict) else {}
        probability = (prediction.get("probabilities") or {}).get(expected_label, 0)
        check(f"an unseen {colour} image is predicted {expected_label} (p={probability:.3f}) by {HEAD}@champion (version 1)",
              status == 200 and prediction.get("label") == expected_label and answer.get("version") == 1 and probability > 0.5, answer)
    timings["chain"] = time.time() - started
    return timings


def main():
    started = time.time()
    if os.environ.get("ECOTRACK_TEST_S3") == "off":
        print("ocean chain SKIPPED: ECOTRACK_TEST_S3=off")
        return 0
    if subprocess.run([S3_SH, "available"]).returncode != 0:
        print("ocean chain SKIPPED: moto cannot be installed here (python3 has no venv/ensurepip; Debian: apt-get install python3-venv)")
        return 0
    workdir = tempfile.mkdtemp(prefix="ecotrack-ocean-chain-")
    exports, server = None, None
    try:
        exports = start_moto()
        moto_ready = time.time()
        prefix = "chain-" + uuid.uuid4().hex[:8]
        location = exports["ECOTRACK_TEST_S3"].replace("s3://ecotrack-test?", f"s3://ecotrack-test/{prefix}?")
        database = os.path.join(workdir, "ecotrack.sqlite")
        created = subprocess.run([BIN, "users", "create", "--database", database, "--email", "chain@example.org", "--role", "admin",
                                  "--tier", "institutional"], check=True, capture_output=True, text=True).stdout
        key = created.strip().splitlines()[-1].split()[-1]
        port = free_port()
        env = dict(os.environ, ECOTRACK_LOG_LEVEL="warning", AWS_ACCESS_KEY_ID=exports["AWS_ACCESS_KEY_ID"],
                   AWS_SECRET_ACCESS_KEY=exports["AWS_SECRET_ACCESS_KEY"])
        log = open(os.path.join(workdir, "server.log"), "wb")
        server = subprocess.Popen([BIN, "serve", "--port", str(port), "--database", database, "--object-store", location,
                                   "--set", f"entryModels=image={CLASSIFIER}", "--set", "oceanAlertClasses=heavy_plastic",
                                   "--set", "oceanAlertThreshold=0.9"], env=env, stdout=log, stderr=subprocess.STDOUT)
        client = Client(port, key)

        def ready():
            try:
                return client.request("GET", "/readyz", timeout=2)[0] == 200
            except OSError:
                return server.poll() is not None
        poll(ready, 60)
        if not check("ecotrack serve with the S3 store on moto is ready", server.poll() is None and client.request("GET", "/readyz")[0] == 200,
                     open(log.name, errors="replace").read()[-2000:]):
            return 1
        server_ready = time.time()
        timings = chain(client, exports, prefix)
        if failures:
            print("server log (last lines):\n" + open(log.name, errors="replace").read()[-3000:])
    finally:
        if server and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if exports:
            subprocess.run([S3_SH, "stop", exports["ECOTRACK_TEST_S3"]], check=False)
        shutil.rmtree(workdir, ignore_errors=True)
    total = time.time() - started
    passed = "passed" if not failures else f"FAILED ({len(failures)}: {', '.join(failures[:3])})"
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
    print(f"ocean chain {passed}: upload → S3 → list → classify → alert → dataset → head job → registry → predict; "
          f"total {total:.1f} s (moto start {moto_ready - started:.1f} s, server start {server_ready - moto_ready:.1f} s, {phases})")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
