#!/usr/bin/env python3
"""Copies the platform's alert rules (deploy/prometheus/rules/ecotrack.rules.yml, their source) to
the Helm chart (files/ecotrack.rules.yml) and to the plain PrometheusRule manifest.

    python3 deploy/sync_rules.py          # write both copies
    python3 deploy/sync_rules.py --check  # exit 1 when a copy differs from the source
"""
import pathlib
import sys

DEPLOY = pathlib.Path(__file__).resolve().parent
SOURCE = DEPLOY / "prometheus" / "rules" / "ecotrack.rules.yml"
LABELS = """\
    app.kubernetes.io/name: ecotrack
    app.kubernetes.io/instance: ecotrack
    app.kubernetes.io/version: "0.1.0"
    app.kubernetes.io/managed-by: Helm
    helm.sh/chart: ecotrack-0.1.0
"""


def copies(rules):
    """Each copy's path and text, as the chart renders them (spec = the rules file, indented)."""
    spec = "\n".join(("  " + line) if line else "" for line in rules.rstrip("\n").split("\n"))
    manifest = ("# Source: ecotrack/templates/prometheusrule.yaml\n"
                "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: ecotrack\n  labels:\n"
                f"{LABELS}spec:\n{spec}\n")
    return {DEPLOY / "helm" / "ecotrack" / "files" / "ecotrack.rules.yml": rules,
            DEPLOY / "kubernetes" / "prometheusrule.yaml": manifest}


def main(argv):
    stale = []
    for path, text in copies(SOURCE.read_text(encoding="utf-8")).items():
        if "--check" in argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path.relative_to(DEPLOY.parent)))
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"out of date with {SOURCE.relative_to(DEPLOY.parent)}: {', '.join(stale)}; run python3 deploy/sync_rules.py",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
