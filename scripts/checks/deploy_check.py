#!/usr/bin/env python3
"""Checks of the deployment artefacts that need no cluster, no Docker and no network (issue #15).

Called by scripts/checks/deploy.sh, which installs the tools and scrapes a running binary:

    deploy_check.py metrics METRICS_TEXT OPENAPI_JSON  # queries name only exported metrics and real routes
    deploy_check.py promql-syntax PROMTOOL          # every dashboard query parses (through promtool)
    deploy_check.py compose                         # compose.yaml, Prometheus and Grafana provisioning agree
    deploy_check.py manifests OUT_CONFIG_FILE       # deploy/kubernetes objects refer to each other correctly
    deploy_check.py same-objects DIR_A DIR_B        # two renderings hold the same objects (helm template)
    deploy_check.py helm CHART OUT_DIR              # Helm's own lint (strict) and rendering of the chart into OUT_DIR

Each prints one line per problem and exits 1 when there is any.
"""
import json
import pathlib
import re
import subprocess
import sys
import tempfile

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
RULES = DEPLOY / "prometheus" / "rules" / "ecotrack.rules.yml"
DASHBOARDS = sorted((DEPLOY / "grafana" / "dashboards").glob("*.json"))
# Metrics that do not come from the binary, and who exports them.
EXTERNAL = {"up": "Prometheus itself"}
EXTERNAL_PREFIXES = {"kube_": "kube-state-metrics"}
# A Secret the manifests use but never contain: the operator creates it (docs/deployment.md).
EXTERNAL_SECRETS = {"ecotrack-secrets"}
SECRET_KEYS = {"database", "jwtSecret", "metricsToken"}
PROMQL_WORDS = {"and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right",
                "offset", "bool", "inf", "nan", "atan2"}
# Grafana's variables, replaced by values Prometheus accepts before a query is parsed.
GRAFANA_VARIABLES = {"$__rate_interval": "5m", "$__range": "1h", "$__interval": "1m", "$instance": ".*"}

problems = []


def problem(text):
    problems.append(text)
    print(f"  FAIL {text}")


def metric_names(expr):
    """The metric names a PromQL expression selects (functions, label names and keywords left out)."""
    text = re.sub(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'', '""', expr)
    text = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", text)
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    text = re.sub(r"\$\{?\w+\}?", " ", text)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", text):
        before = text[match.start() - 1] if match.start() else " "
        if before.isdigit() or before == ".":
            continue  # the unit of a duration or an exponent: 5m, 1e3
        if re.match(r"\s*\(", text[match.end():]) or match.group(0) in PROMQL_WORDS:
            continue
        names.add(match.group(0))
    return names


def rule_queries():
    """(where, expr) of every alert rule."""
    document = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    return [(f"{RULES.name}: {rule['alert']}", rule["expr"]) for group in document["groups"] for rule in group["rules"]]


def dashboard_queries():
    """(where, expr) of every panel target and every query variable; a file that is not JSON is a problem."""
    queries = []
    for path in DASHBOARDS:
        try:
            board = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            problem(f"{path.name} is not JSON: {error}")
            continue
        for panel in board.get("panels", []):
            for target in panel.get("targets", []):
                queries.append((f"{path.name}: {panel['title']}", target["expr"]))
        for variable in board.get("templating", {}).get("list", []):
            found = re.match(r"\s*label_values\(\s*([A-Za-z_:][\w:]*)\s*,", variable.get("definition", ""))
            if found:
                queries.append((f"{path.name}: variable {variable['name']}", found.group(1)))
    if not DASHBOARDS:
        problem("no dashboard in deploy/grafana/dashboards")
    return queries


def exported(scrape_text):
    """Series names in a /metrics answer, and the names declared as histograms."""
    series, histograms = set(), set()
    for line in scrape_text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(None, 3)
            if kind.strip() == "histogram":
                histograms.add(name)
        elif line and not line.startswith("#"):
            series.add(re.split(r"[{\s]", line, maxsplit=1)[0])
    return series, histograms


def route_matchers(expr):
    """(operator, value) of each `route` label matcher in a query."""
    return re.findall(r'\broute\s*(=~|!~|!=|=)\s*"((?:\\.|[^"\\])*)"', expr)


def check_routes(where, expr, routes):
    """A route a query selects must be one the server has (OpenAPI paths, as the metrics label them)."""
    for operator, value in route_matchers(expr):
        if operator == "=" and value not in routes:
            problem(f"{where}: route \"{value}\" is no route of the server")
        elif operator == "=~":
            for alternative in value.split("|"):
                if not any(re.fullmatch(alternative, route) for route in routes):
                    problem(f"{where}: route=~ alternative \"{alternative}\" matches no route of the server")


def check_metrics(scrape_path, openapi_path):
    series, histograms = exported(pathlib.Path(scrape_path).read_text(encoding="utf-8"))
    routes = set(json.loads(pathlib.Path(openapi_path).read_text(encoding="utf-8"))["paths"]) | {"/metrics", "/readyz"}
    queries = rule_queries() + dashboard_queries()
    used = 0
    for where, expr in queries:
        check_routes(where, expr, routes)
        for name in sorted(metric_names(expr)):
            used += 1
            if name in series or name in EXTERNAL or any(name.startswith(p) for p in EXTERNAL_PREFIXES):
                continue
            if name in histograms:
                problem(f"{where}: {name} is a histogram; query {name}_bucket, _sum or _count")
            else:
                problem(f"{where}: {name} is not exported by the binary (it exports {', '.join(sorted(series))})")
    print(f"  {len(queries)} queries name {used} metrics (and their routes); binary exports {len(series)} series names, {len(routes)} routes")


def check_promql_syntax(promtool):
    """Parses every dashboard query with promtool, as recording rules of a throwaway rules file."""
    rules = []
    for number, (where, expr) in enumerate(dashboard_queries()):
        for variable, value in GRAFANA_VARIABLES.items():
            expr = expr.replace(variable, value)
        if "$" in expr:
            problem(f"{where}: a Grafana variable this check does not know: {expr}")
        rules.append({"record": f"dashboard:query_{number}", "expr": expr})
    with tempfile.NamedTemporaryFile("w", suffix=".yml") as handle:
        yaml.safe_dump({"groups": [{"name": "dashboards", "rules": rules}]}, handle)
        handle.flush()
        result = subprocess.run([promtool, "check", "rules", handle.name], capture_output=True, text=True)
    if result.returncode != 0:
        problem(f"a dashboard query does not parse:\n{result.stdout}{result.stderr}")
    else:
        print(f"  {len(rules)} dashboard queries parse (promtool)")


def check_compose():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose.get("services", {})
    commands = [(service.get("command") or ["serve"])[0] for name, service in services.items() if service.get("build")]
    if commands.count("serve") != 2 or commands.count("worker") != 1:
        problem(f"compose.yaml should run 2 serve and 1 worker from the Dockerfile, runs {commands}")
    for needed in ("postgres", "prometheus", "grafana"):
        if needed not in services:
            problem(f"compose.yaml has no service {needed}")
    for name, service in services.items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith(".") and not (ROOT / source).exists():
                problem(f"compose.yaml: {name} mounts {source}, which does not exist")
        for key, value in (service.get("environment") or {}).items():
            if re.search(r"SECRET|TOKEN|PASSWORD", key) and "${" not in str(value):
                problem(f"compose.yaml: {name}.{key} is written in the file; take it from .env")
    example = (DEPLOY / "compose.env.example").read_text(encoding="utf-8")
    for variable in sorted(set(re.findall(r"\$\{(\w+):\?", (ROOT / "compose.yaml").read_text(encoding="utf-8")))):
        if not re.search(rf"^{variable}=", example, re.M):
            problem(f"compose.yaml needs {variable}, which deploy/compose.env.example does not list")
    prometheus = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text(encoding="utf-8"))
    for job in prometheus["scrape_configs"]:
        for group in job["static_configs"]:
            for target in group["targets"]:
                if target.split(":")[0] not in services:
                    problem(f"prometheus.yml scrapes {target}, which is no compose service")
    datasource = yaml.safe_load((DEPLOY / "grafana" / "provisioning" / "datasources" / "prometheus.yaml").read_text(encoding="utf-8"))
    uids = {source["uid"] for source in datasource["datasources"]}
    for path in DASHBOARDS:
        text = path.read_text(encoding="utf-8")
        for uid in set(re.findall(r'"uid": "(ecotrack-prometheus[^"]*)"', text)) - uids:
            problem(f"{path.name} names datasource {uid}, which is not provisioned")
    provider = yaml.safe_load((DEPLOY / "grafana" / "provisioning" / "dashboards" / "ecotrack.yaml").read_text(encoding="utf-8"))
    mounts = [v.split(":")[1] for v in services.get("grafana", {}).get("volumes", []) if v.startswith("./deploy/grafana/dashboards")]
    if provider["providers"][0]["options"]["path"] not in mounts:
        problem("the Grafana dashboard provider reads a folder compose.yaml does not mount the dashboards at")
    print(f"  compose.yaml: {len(services)} services, mounts, secrets from .env, scrape targets, Grafana provisioning")


def load_objects(folder):
    objects = []
    for path in sorted(pathlib.Path(folder).rglob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if document:
                objects.append((path.name, document))
    return objects


def matches(selector, labels):
    return bool(selector) and all(labels.get(key) == value for key, value in selector.items())


def check_manifests(config_out):
    objects = load_objects(DEPLOY / "kubernetes")
    by_kind = {}
    for _, item in objects:
        by_kind.setdefault(item["kind"], {})[item["metadata"]["name"]] = item
    deployments, services = by_kind.get("Deployment", {}), by_kind.get("Service", {})
    configmaps, secrets = by_kind.get("ConfigMap", {}), set(by_kind.get("Secret", {})) | EXTERNAL_SECRETS
    pod_labels = {name: d["spec"]["template"]["metadata"]["labels"] for name, d in deployments.items()}
    for name, deployment in deployments.items():
        if not matches(deployment["spec"]["selector"]["matchLabels"], pod_labels[name]):
            problem(f"Deployment {name}: its selector does not match its pod labels")
        pod = deployment["spec"]["template"]["spec"]
        for volume in pod.get("volumes", []):
            if "configMap" in volume and volume["configMap"]["name"] not in configmaps:
                problem(f"Deployment {name}: ConfigMap {volume['configMap']['name']} does not exist")
        for container in pod["containers"]:
            if container.get("securityContext", {}).get("allowPrivilegeEscalation", True):
                problem(f"Deployment {name}: container {container['name']} may escalate privileges")
            for variable in container.get("env", []):
                reference = variable.get("valueFrom", {}).get("secretKeyRef")
                if reference and reference["name"] not in secrets:
                    problem(f"Deployment {name}: Secret {reference['name']} is neither in the manifests nor documented")
                if variable.get("value") and variable["name"] in {"ECOTRACK_DATABASE", "ECOTRACK_JWT_SECRET", "ECOTRACK_METRICS_TOKEN"}:
                    problem(f"Deployment {name}: {variable['name']} is written in the manifest; take it from the Secret")
            ports = {port["name"] for port in container.get("ports", [])}
            probes = {kind: container.get(kind, {}).get("httpGet") for kind in ("livenessProbe", "readinessProbe")}
            args = container.get("args", [])
            if "serve" in args[:1] or ("worker" in args[:1] and "--metrics-port" in args):
                if (probes["livenessProbe"] or {}).get("path") != "/healthz" or (probes["readinessProbe"] or {}).get("path") != "/readyz":
                    problem(f"Deployment {name}: {args[0]} needs liveness /healthz and readiness /readyz")
            for probe in filter(None, probes.values()):
                if probe["port"] not in ports:
                    problem(f"Deployment {name}: a probe uses port {probe['port']}, which the container does not name")
    for name, service in services.items():
        targets = [d for d, labels in pod_labels.items() if matches(service["spec"]["selector"], labels)]
        if not targets:
            problem(f"Service {name}: its selector matches no Deployment")
    for name, hpa in by_kind.get("HorizontalPodAutoscaler", {}).items():
        target = deployments.get(hpa["spec"]["scaleTargetRef"]["name"])
        if target is None:
            problem(f"HorizontalPodAutoscaler {name}: its Deployment does not exist")
        elif "replicas" in target["spec"]:
            problem(f"HorizontalPodAutoscaler {name}: its Deployment also sets replicas, which each apply would reset")
    for kind in ("PodDisruptionBudget", "NetworkPolicy"):
        for name, item in by_kind.get(kind, {}).items():
            selector = (item["spec"].get("selector") or item["spec"].get("podSelector"))["matchLabels"]
            if not any(matches(selector, labels) for labels in pod_labels.values()):
                problem(f"{kind} {name}: its selector matches no Deployment")
    for name, ingress in by_kind.get("Ingress", {}).items():
        if not ingress["spec"].get("tls"):
            problem(f"Ingress {name}: no TLS")
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                service = services.get(backend["name"])
                if service is None or backend["port"].get("name") not in {p["name"] for p in service["spec"]["ports"]}:
                    problem(f"Ingress {name}: backend {backend} is not a Service port")
    for name, monitor in by_kind.get("ServiceMonitor", {}).items():
        selected = [s for s in services.values() if matches(monitor["spec"]["selector"]["matchLabels"], s["metadata"]["labels"])]
        if not selected:
            problem(f"ServiceMonitor {name}: selects no Service")
        for endpoint in monitor["spec"]["endpoints"]:
            if selected and endpoint["port"] not in {p["name"] for p in selected[0]["spec"]["ports"]}:
                problem(f"ServiceMonitor {name}: port {endpoint['port']} is not on the Service")
            if endpoint.get("authorization", {}).get("credentials", {}).get("name") not in secrets:
                problem(f"ServiceMonitor {name}: scrapes without the metrics token Secret")
    config_text = None
    for name, configmap in configmaps.items():
        for key, text in configmap.get("data", {}).items():
            settings = {line.split(":", 1)[0].strip() for line in text.splitlines() if ":" in line and not line.startswith("#")}
            for secret in sorted(settings & SECRET_KEYS):
                problem(f"ConfigMap {name}: {key} holds the secret {secret}")
            if key == "ecotrack.yaml":
                config_text = text
    if config_text is None:
        problem("no ConfigMap holds ecotrack.yaml")
    else:
        pathlib.Path(config_out).write_text(config_text, encoding="utf-8")
    for source, item in objects:
        template = DEPLOY / "helm" / "ecotrack" / "templates" / source
        if not template.exists():
            problem(f"deploy/kubernetes/{source} has no template of that name in the chart")
    print(f"  {len(objects)} Kubernetes objects refer to each other correctly")


def comparable(folder):
    """The objects of a rendering keyed by kind/name, without the config checksum only Helm computes."""
    result = {}
    for _, item in load_objects(folder):
        annotations = item.get("spec", {}).get("template", {}).get("metadata", {}).get("annotations", {})
        annotations.pop("checksum/config", None)
        if annotations == {} and "template" in item.get("spec", {}):
            item["spec"]["template"]["metadata"].pop("annotations", None)
        result[f"{item['kind']}/{item['metadata']['name']}"] = item
    return result


def check_same_objects(first, second):
    a, b = comparable(first), comparable(second)
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            problem(f"{key} differs between {first} and {second}")
    print(f"  {len(a)} objects compared")


# The values the plain manifests were written for (docs/deployment.md, "Which is the source").
HELM_VALUES = {"secret": {"existingSecret": "ecotrack-secrets"}}


def check_helm(chart, out_dir):
    """Lints and renders the chart with Helm itself: the helm-python-sdk wheel carries Helm's Go library
    (libhelm_c), so this is `helm lint --strict` and `helm template ecotrack CHART --namespace ecotrack
    --output-dir OUT_DIR` without a helm binary (none in Debian)."""
    import helm_python
    from helm_python import chart as helm_chart

    report = helm_chart.lint(chart, HELM_VALUES, strict=True, namespace="ecotrack")
    for message in report.get("messages", []):
        # Severity 1 is information ("icon is recommended"); warnings count as errors under strict.
        if message["severity"] >= 2:
            problem(f"helm lint {message['path']}: {message['error']}")
    for error in report.get("errors", []):
        problem(f"helm lint: {error}")
    rendered = helm_chart.Chart.load(chart).render(HELM_VALUES, name="ecotrack", namespace="ecotrack", is_install=True)
    written = 0
    for path, text in rendered.items():
        if path.endswith(".yaml") and text.strip():
            target = pathlib.Path(out_dir) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
            written += 1
    print(f"  Helm {helm_python.helm_sdk_version()}: lint {len(report.get('messages', []))} message(s), {written} templates rendered")


def main(argv):
    command, arguments = argv[0], argv[1:]
    {"metrics": check_metrics, "promql-syntax": check_promql_syntax, "compose": check_compose,
     "manifests": check_manifests, "same-objects": check_same_objects, "helm": check_helm}[command](*arguments)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
