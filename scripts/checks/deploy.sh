#!/usr/bin/env bash
# Deployment check (issue #15), without a cluster, Docker or network access after the installs:
# - the alert rules with `promtool check rules`, Prometheus's compose config with `promtool check config`;
# - deploy/kubernetes/*.yaml against the Kubernetes schemas of 1.25 (the chart's oldest) and 1.37
#   (kubernetes-validate from PyPI: the schemas ship inside the package, so it validates offline),
#   and against each other (selectors, Services, Secrets, probes: scripts/checks/deploy_check.py);
# - compose.yaml parsed with its mounts, secrets, scrape targets and Grafana provisioning;
# - the dashboards parsed, each query parsed by promtool, and EVERY metric that a dashboard or an alert
#   rule names found in the /metrics of this binary, started with --demo and the ConfigMap's config
#   file, after ingest, reads and a failing webhook delivery made it export what it can;
# - the generated copies (dashboards, the chart's and the PrometheusRule's rules) up to date;
# - the Helm chart linted (strict) and rendered by Helm itself, and the rendering equal to deploy/kubernetes
#   object by object (Helm 4's Go library from the PyPI wheel helm-python-sdk: no helm binary in Debian).
# Installs what is missing: Debian's `prometheus` (for promtool; root with apt-get, as in CI) and a
# virtual environment .build/deploy-venv with kubernetes-validate, PyYAML and helm-python-sdk.
# Usage: scripts/checks/deploy.sh PATH/TO/ecotrack
set -euo pipefail
bin="$1"
here="$(cd "$(dirname "$0")/../.." && pwd)"
started=$(date +%s)
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$work"' EXIT
failed=0
ok() { echo "  ok   $*"; }
fail() { echo "  FAIL $*"; failed=1; }

if ! command -v promtool > /dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus > /dev/null
  else
    echo "  FAIL promtool is missing and cannot be installed here (Debian package prometheus, as root)"
    exit 1
  fi
fi
venv="$here/.build/deploy-venv"
python="$venv/bin/python"
packages=(kubernetes-validate==1.37.0 PyYAML==6.0.3 helm-python-sdk==0.2.2)
if ! (cd / && "$python" -c "import kubernetes_validate, yaml, helm_python") 2>/dev/null; then
  if ! python3 -m venv "$venv" 2> /dev/null; then
    # A Debian python3 without its venv module: install it as root, as promtool above.
    if [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv > /dev/null \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv > /dev/null; }
    fi
    rm -rf "$venv"
    python3 -m venv "$venv" || { echo "  FAIL python3 -m venv (Debian: python3-venv)"; exit 1; }
  fi
  "$python" -m pip install --quiet "${packages[@]}"
fi
command -v curl > /dev/null || { echo "  FAIL curl is missing"; exit 1; }
echo "  tools ready after $(( $(date +%s) - started )) s"
check="$python $here/scripts/checks/deploy_check.py"
cd "$here"

# Generated copies first: a stale copy would make the checks below look at old text.
if "$python" deploy/grafana/build_dashboards.py --check > /dev/null && "$python" deploy/sync_rules.py --check; then
  ok "dashboards and rule copies match their sources"
else
  fail "generated files are stale (see above)"
fi

if promtool check rules deploy/prometheus/rules/ecotrack.rules.yml > "$work/promtool.txt" 2>&1; then
  ok "alert rules: $(grep -Eo '[0-9]+ rules found' "$work/promtool.txt")"
else
  cat "$work/promtool.txt"; fail "promtool check rules"
fi
# Prometheus's compose config, with the container paths it names pointed at their files here.
echo "token" > "$work/metrics_token"
sed -e "s#/etc/prometheus/rules#$here/deploy/prometheus/rules#" -e "s#/run/secrets/metrics_token#$work/metrics_token#" \
  deploy/prometheus/prometheus.yml > "$work/prometheus.yml"
if promtool check config "$work/prometheus.yml" > "$work/promtool.txt" 2>&1; then
  ok "deploy/prometheus/prometheus.yml (promtool check config)"
else
  cat "$work/promtool.txt"; fail "promtool check config"
fi
$check promql-syntax promtool || failed=1

for version in 1.25.0 1.37.0; do
  if "$venv/bin/kubernetes-validate" --strict --quiet -k "$version" deploy/kubernetes/*.yaml > "$work/kv.txt" 2>&1; then
    ok "deploy/kubernetes against the Kubernetes $version schemas (strict; $(grep -c "Couldn't find schema" "$work/kv.txt" || true) custom resources without a schema: ServiceMonitor, PrometheusRule)"
  else
    grep -v "Couldn't find schema" "$work/kv.txt" || true; fail "kubernetes-validate $version"
  fi
done
$check manifests "$work/ecotrack.yaml" || failed=1
$check compose || failed=1
if docker compose version > /dev/null 2>&1; then
  POSTGRES_PASSWORD=x ECOTRACK_JWT_SECRET=x ECOTRACK_METRICS_TOKEN=x GRAFANA_ADMIN_PASSWORD=x \
    docker compose -f compose.yaml config --quiet && ok "docker compose config" || fail "docker compose config"
fi

if $check helm deploy/helm/ecotrack "$work/rendered"; then
  ok "helm lint --strict and helm template (Helm's library)"
  $check same-objects "$work/rendered" deploy/kubernetes && ok "the chart renders exactly deploy/kubernetes" || failed=1
else
  fail "helm lint or helm template"
fi

# The binary, with the ConfigMap's config file: it must start with it, and export every metric named.
# Two free ports, bound together so they differ: the server's, and one nothing listens on.
read -r port closed < <("$python" -c '
import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])')
# No rate limits: the polling of /metrics below is anonymous and would be throttled.
ECOTRACK_RATE_LIMITS=false ECOTRACK_LOG_LEVEL=warning ECOTRACK_WEBHOOK_ALLOW_LIST="http://127.0.0.1:$closed/" ECOTRACK_WEBHOOK_MAX_ATTEMPTS=1 \
  "$bin" serve --config "$work/ecotrack.yaml" --port "$port" --database "$work/demo.sqlite" --demo > "$work/server.out" 2> "$work/server.log" &
pid=$!
url="http://127.0.0.1:$port"
for _ in $(seq 1 600); do
  curl -sf "$url/readyz" > /dev/null 2>&1 && break
  kill -0 "$pid" 2> /dev/null || break
  sleep 0.2
done
if ! curl -sf "$url/readyz" > /dev/null 2>&1; then
  tail -5 "$work/server.log"; fail "ecotrack serve did not start with the ConfigMap's ecotrack.yaml"; exit 1
fi
ok "ecotrack serve starts with the ConfigMap's config file"
key=$(grep -Eo 'eco_[0-9a-f]+_[0-9a-f]+' "$work/server.out" | head -1)
post() { curl -sf -o /dev/null -H "Authorization: Bearer $key" -H "Content-Type: $1" --data-binary "$2" "$url$3"; }
# A webhook to a closed port and a rule the next record breaks: the delivery fails, so it is counted.
post application/json '{"url":"http://127.0.0.1:'"$closed"'/hook","secret":"deploy-check-secret-0123"}' /api/v1/webhooks \
  || fail "POST /api/v1/webhooks with the demo admin key"
post application/json '{"name":"deploy check","variable":"pm25","threshold":50,"severity":"critical"}' /api/v1/alerts/rules \
  || fail "POST /api/v1/alerts/rules with the demo admin key"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
post text/csv "variable,value,unit,observedAt,lat,lng,stationId
pm25,500,µg/m³,$now,45.7578,4.832,deploy-check
pm25,not-a-number,µg/m³,$now,45.7578,4.832,deploy-check" /api/v1/observations || fail "POST /api/v1/observations"
for path in /api/v1/observations?limit=5 /api/v1/alerts /api/v1/models/jobs /api/v1/variables; do
  curl -s -o /dev/null -H "Authorization: Bearer $key" "$url$path"
done
# Detection and the webhook worker run in the background: up to 90 s on a loaded machine.
for _ in $(seq 1 180); do
  curl -sf "$url/metrics" > "$work/metrics.txt" && grep -q '^webhook_deliveries_total' "$work/metrics.txt" && break
  sleep 0.5
done
curl -sf "$url/openapi.json" > "$work/openapi.json" || fail "GET /openapi.json"
grep "^data_ingestion_events_total" "$work/metrics.txt" | sed "s/^/       /" || true
$check metrics "$work/metrics.txt" "$work/openapi.json" || failed=1

echo "  deploy check took $(( $(date +%s) - started )) s"
[ "$failed" -eq 0 ] && ok "deployment artefacts" || { echo "  FAIL deployment artefacts: see above"; exit 1; }
