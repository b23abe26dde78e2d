#!/usr/bin/env python3
"""Writes the Grafana dashboards of deploy/grafana/dashboards from the short descriptions below.

    python3 deploy/grafana/build_dashboards.py          # rewrite the JSON files
    python3 deploy/grafana/build_dashboards.py --check  # exit 1 when a committed file differs

The JSON files are what Grafana provisions (compose.yaml mounts them); this script is their source,
so a panel is described once and every dashboard has the same layout, datasource and variables.
Every metric a query names must be exported by `ecotrack serve`: scripts/checks/deploy.sh checks it.
"""
import json
import pathlib
import sys

DATASOURCE = {"type": "prometheus", "uid": "ecotrack-prometheus"}
OUT = pathlib.Path(__file__).resolve().parent / "dashboards"
# Every query is scoped to the replicas chosen in the $instance variable.
I = 'instance=~"$instance"'
# Read routes: long-lived streams, probes and the scrape itself would swamp the latency figures.
READS = f'{I}, method="GET", route!~".*/stream|/ws/.*|/healthz|/readyz|/metrics"'
INGEST = f'{I}, method="POST", route="/api/v1/observations"'
JOB_ROUTES = "/api/v1/models/train|/api/v1/models/jobs.*|/api/v1/carbon/import.*"


def quantiles(metric, selector, by="", qs=(0.5, 0.95, 0.99)):
    """histogram_quantile queries of `metric` for each quantile, grouped by `by` as well as le."""
    group = f"le, {by}" if by else "le"
    legend = f"p{{q}} {{{{{by}}}}}" if by else "p{q}"
    return [(f"histogram_quantile({q}, sum by ({group}) (rate({metric}_bucket{{{selector}}}[$__rate_interval])))",
             legend.format(q=int(q * 100))) for q in qs]


def timeseries(title, targets, unit="short", description=""):
    return {"type": "timeseries", "title": title, "description": description, "unit": unit, "targets": targets}


def stat(title, targets, unit="short", description=""):
    return {"type": "stat", "title": title, "description": description, "unit": unit, "targets": targets}


def note(title, text):
    return {"type": "text", "title": title, "text": text}


DASHBOARDS = {
    "ingest": ("EcoTrack / Ingest", [
        timeseries("Records accepted per second, by format",
                   [(f'sum by (format) (rate(data_ingestion_events_total{{{I}, outcome="accepted"}}[$__rate_interval]))', "{{format}}")],
                   "rps"),
        timeseries("Records rejected per second, by format",
                   [(f'sum by (format) (rate(data_ingestion_events_total{{{I}, outcome="rejected"}}[$__rate_interval]))', "{{format}}")],
                   "rps", "Each ingest answer lists its rejected records and why."),
        stat("Rejected share (range)",
             [(f'sum(increase(data_ingestion_events_total{{{I}, outcome="rejected"}}[$__range])) / '
               f'sum(increase(data_ingestion_events_total{{{I}}}[$__range]))', "rejected")], "percentunit"),
        timeseries("Ingest requests per second, by status",
                   [(f"sum by (status) (rate(http_requests_total{{{INGEST}}}[$__rate_interval]))", "{{status}}")], "reqps"),
        timeseries("Ingest request duration", quantiles("http_request_duration_seconds", INGEST), "s"),
        timeseries("Store insert duration",
                   quantiles("store_operation_duration_seconds", f'{I}, operation="insert_observations"'), "s"),
    ]),
    "query-latency": ("EcoTrack / Query latency", [
        timeseries("Read latency, all routes", quantiles("http_request_duration_seconds", READS), "s",
                   "GET requests without streams, probes and /metrics."),
        timeseries("p99 by route", quantiles("http_request_duration_seconds", READS, by="route", qs=(0.99,)), "s"),
        timeseries("Requests per second, by route",
                   [(f"sum by (route) (rate(http_requests_total{{{I}}}[$__rate_interval]))", "{{route}}")], "reqps"),
        timeseries("Errors per second, by route and status",
                   [(f'sum by (route, status) (rate(http_requests_total{{{I}, status=~"4..|5.."}}[$__rate_interval]))',
                     "{{status}} {{route}}")], "reqps", "503 with a store timeout: queryTimeoutSeconds was reached."),
        stat("5xx share (range)",
             [(f'sum(increase(http_requests_total{{{I}, status=~"5.."}}[$__range])) / sum(increase(http_requests_total{{{I}}}[$__range]))',
               "5xx")], "percentunit"),
    ]),
    "alerts": ("EcoTrack / Alerts", [
        note("What this shows",
             "The binary exports no counter of alerts opened or resolved yet: these panels show the alert API, "
             "the live streams and webhook deliveries. GET /api/v1/alerts lists the alerts themselves."),
        timeseries("Alert reads per second",
                   [(f'sum by (route) (rate(http_requests_total{{{I}, method="GET", route=~"/api/v1/alerts.*|/api/v1/anomalies"}}[$__rate_interval]))',
                     "{{route}}")], "reqps"),
        timeseries("Live alert streams opened per second",
                   [(f'sum by (route) (rate(http_requests_total{{{I}, route=~"/api/v1/alerts/stream|/api/v1/events/stream|/ws/alerts"}}[$__rate_interval]))',
                     "{{route}}")], "reqps", "SSE and WebSocket connections; a spike means clients reconnect."),
        timeseries("Alert rule changes per second",
                   [(f'sum by (method) (rate(http_requests_total{{{I}, method!="GET", route=~"/api/v1/alerts/rules.*"}}[$__rate_interval]))',
                     "{{method}}")], "reqps"),
        timeseries("Alert acknowledgements per second",
                   [(f'sum(rate(http_requests_total{{{I}, route="/api/v1/alerts/{{id}}/ack"}}[$__rate_interval]))', "ack")], "reqps"),
        timeseries("Webhook deliveries per second, by status",
                   [(f"sum by (status) (rate(webhook_deliveries_total{{{I}}}[$__rate_interval]))", "{{status}}")], "ops"),
    ]),
    "jobs": ("EcoTrack / Jobs", [
        note("What this shows",
             "Webhook deliveries are the background work with an outcome counter. Training jobs and carbon imports "
             "export none yet: their panels show submissions and status reads through the API."),
        timeseries("Webhook deliveries per second, by status",
                   [(f"sum by (status) (rate(webhook_deliveries_total{{{I}}}[$__rate_interval]))", "{{status}}")], "ops"),
        stat("Webhook deliveries given up (range)",
             [(f'sum(increase(webhook_deliveries_total{{{I}, status="gave_up"}}[$__range]))', "gave up")]),
        timeseries("Job API requests per second, by route and status",
                   [(f'sum by (route, status) (rate(http_requests_total{{{I}, route=~"{JOB_ROUTES}"}}[$__rate_interval]))',
                     "{{status}} {{route}}")], "reqps"),
        timeseries("Job API latency", quantiles("http_request_duration_seconds", f'{I}, route=~"{JOB_ROUTES}"'), "s"),
    ]),
    "store": ("EcoTrack / Store", [
        timeseries("Store operations per second",
                   [(f"sum by (operation) (rate(store_operation_duration_seconds_count{{{I}}}[$__rate_interval]))", "{{operation}}")], "ops"),
        timeseries("Store duration p99, by operation",
                   quantiles("store_operation_duration_seconds", I, by="operation", qs=(0.99,)), "s"),
        timeseries("Store duration p50, by operation",
                   quantiles("store_operation_duration_seconds", I, by="operation", qs=(0.5,)), "s"),
        timeseries("Mean store duration, by operation",
                   [(f"sum by (operation) (rate(store_operation_duration_seconds_sum{{{I}}}[$__rate_interval])) / "
                     f"sum by (operation) (rate(store_operation_duration_seconds_count{{{I}}}[$__rate_interval]))", "{{operation}}")], "s"),
        timeseries("503 answers per second (store timeouts, not ready)",
                   [(f'sum by (route) (rate(http_requests_total{{{I}, status="503"}}[$__rate_interval]))', "{{route}}")], "reqps"),
    ]),
}


def panel_json(index, spec):
    """One Grafana panel: two panels a row, 8 units high."""
    panel = {"id": index + 1, "type": spec["type"], "title": spec["title"],
             "gridPos": {"h": 8, "w": 12, "x": (index % 2) * 12, "y": (index // 2) * 8}}
    if spec["type"] == "text":
        panel["options"] = {"mode": "markdown", "content": spec["text"]}
        return panel
    panel["datasource"] = DATASOURCE
    panel["description"] = spec["description"]
    panel["fieldConfig"] = {"defaults": {"unit": spec["unit"]}, "overrides": []}
    panel["targets"] = [{"datasource": DATASOURCE, "expr": expr, "legendFormat": legend, "refId": chr(ord("A") + n)}
                        for n, (expr, legend) in enumerate(spec["targets"])]
    return panel


def dashboard_json(uid, title, panels):
    return {
        "uid": f"ecotrack-{uid}", "title": title, "tags": ["ecotrack"], "editable": False,
        "schemaVersion": 39, "refresh": "30s", "time": {"from": "now-6h", "to": "now"},
        "templating": {"list": [{
            "name": "instance", "label": "Replica", "type": "query", "datasource": DATASOURCE,
            "query": {"query": "label_values(http_requests_total, instance)", "refId": "instance"},
            "definition": "label_values(http_requests_total, instance)",
            "includeAll": True, "multi": True, "allValue": ".*", "refresh": 2,
            "current": {"selected": True, "text": ["All"], "value": ["$__all"]},
        }]},
        "panels": [panel_json(n, spec) for n, spec in enumerate(panels)],
    }


def rendered():
    return {f"{uid}.json": json.dumps(dashboard_json(uid, title, panels), indent=2, ensure_ascii=False) + "\n"
            for uid, (title, panels) in DASHBOARDS.items()}


def main(argv):
    check = "--check" in argv
    stale = []
    files = rendered()
    for name, text in files.items():
        path = OUT / name
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    extra = sorted(p.name for p in OUT.glob("*.json") if p.name not in files)
    if check and (stale or extra):
        print(f"dashboards out of date: {', '.join(stale + extra)}; run python3 deploy/grafana/build_dashboards.py",
              file=sys.stderr)
        return 1
    print(f"{len(files)} dashboards {'up to date' if check else 'written'} in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
