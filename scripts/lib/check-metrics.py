#!/usr/bin/python3
"""Checks RustRedis\\metrics() output with Prometheus's own Python parser.

    php -r 'echo RustRedis\\metrics();' | check-metrics.py [--forbid TEXT]...

Debian's python3 (/usr/bin/python3, with python3-prometheus-client from
scripts/deps.sh), not whichever python3 is first on PATH.

The text must parse (prometheus_client.parser), every family must have HELP
and TYPE, counters must end in _total, each histogram's buckets must be
cumulative with +Inf equal to _count, and no label value may contain a
--forbid TEXT (a password, a session id). Prints a JSON summary:
{"totals": {family: sum over series}, "servers": {server: {family: value}}}
(histograms: their _count). Exits 1 with the problems on stderr.
"""
import argparse
import json
import sys

from prometheus_client.parser import text_string_to_metric_families


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--forbid", action="append", default=[])
    args = ap.parse_args()
    text = sys.stdin.read()
    problems = []
    try:
        families = list(text_string_to_metric_families(text))
    except Exception as e:  # the parser's own words
        print(f"check-metrics: does not parse: {e}", file=sys.stderr)
        return 1
    if not families:
        problems.append("no metric families")
    totals, servers = {}, {}
    for f in families:
        if not f.name.startswith("rustredis_"):
            problems.append(f"{f.name}: not prefixed rustredis_")
        if f.type not in ("counter", "gauge", "histogram"):
            problems.append(f"{f.name}: type {f.type} (no # TYPE line?)")
        if not f.documentation:
            problems.append(f"{f.name}: no # HELP")
        buckets = {}
        for s in f.samples:
            for key, value in s.labels.items():
                for bad in args.forbid:
                    if bad and bad in value:
                        problems.append(f"{s.name}: label {key} contains a forbidden text")
            server = s.labels.get("server", "")
            if f.type == "counter":
                if s.name != f.name + "_total":
                    problems.append(f"{s.name}: a counter sample not named {f.name}_total")
                totals[f.name] = totals.get(f.name, 0) + s.value
                row = servers.setdefault(server, {})
                row[f.name] = row.get(f.name, 0) + s.value
            elif f.type == "histogram":
                if s.name.endswith("_bucket"):
                    buckets.setdefault(server, []).append((s.labels["le"], s.value))
                elif s.name.endswith("_count"):
                    buckets.setdefault(server, [])
                    servers.setdefault(server, {})[f.name] = s.value
                    totals[f.name] = totals.get(f.name, 0) + s.value
            else:
                servers.setdefault(server, {})[f.name] = s.value
        for server, bs in buckets.items():
            values = [v for _, v in bs]
            if values != sorted(values):
                problems.append(f"{f.name}{{server={server}}}: buckets not cumulative")
            if not bs or bs[-1][0] != "+Inf":
                problems.append(f"{f.name}{{server={server}}}: no +Inf bucket last")
            elif bs[-1][1] != servers.get(server, {}).get(f.name):
                problems.append(f"{f.name}{{server={server}}}: +Inf bucket is not _count")
    for p in problems:
        print(f"check-metrics: {p}", file=sys.stderr)
    print(json.dumps({"totals": totals, "servers": servers}, sort_keys=True))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
