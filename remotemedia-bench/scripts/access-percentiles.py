#!/usr/bin/env python3
"""Percentiles of the server's own timing of ExecutePipeline calls, from its JSON access lines.

    access-percentiles.py SERVER_LOG FROM TO

FROM and TO are UTC times of day (HH:MM:SS, TO excluded), such as a measured round of a
load generator run (its report's `date` is the round's end). Prints p50, p90, p95 and p99 of
`duration_ms` (from the call's headers to the server's close: receiving the request body,
decoding, the pipeline and serializing the response, not the response's trip) and of
`pipeline_ms` (the pipeline alone).
"""
import json
import sys


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * len(ordered))))]


def main():
    log, start, end = sys.argv[1], sys.argv[2], sys.argv[3]
    rows = []
    with open(log, encoding="utf-8") as lines:
        for line in lines:
            if '"method":"ExecutePipeline"' not in line or '"event":"rpc.access"' not in line:
                continue
            entry = json.loads(line)
            if start <= entry["@timestamp"][11:19] < end and "pipeline_ms" in entry:
                rows.append(entry)
    if not rows:
        sys.exit(f"no ExecutePipeline access lines between {start} and {end} in {log}")
    for field in ("duration_ms", "pipeline_ms"):
        values = [row[field] for row in rows]
        print(f"{field}: calls {len(values)}, " + ", ".join(
            f"p{p} {percentile(values, p):.2f}" for p in (50, 90, 95, 99)))


if __name__ == "__main__":
    main()
