#!/usr/bin/env python3
"""Prints the median of the measured iterations (and B/op with -prof gc) of JMH JSON reports.

  jmh-medians.py REPORT.json...
"""
import json
import statistics
import sys

for path in sys.argv[1:]:
    for b in json.load(open(path)):
        name = b["benchmark"].rsplit(".", 2)
        params = ",".join(f"{k}={v}" for k, v in (b.get("params") or {}).items())
        raw = [x for fork in b["primaryMetric"]["rawData"] for x in fork]
        line = (f"{name[-2]}.{name[-1]} [{params}] median {statistics.median(raw):.3f} "
                f"{b['primaryMetric']['scoreUnit']} (min {min(raw):.3f}, max {max(raw):.3f})")
        norm = (b.get("secondaryMetrics") or {}).get("gc.alloc.rate.norm")
        if norm:
            araw = [x for fork in norm["rawData"] for x in fork]
            line += f", {statistics.median(araw):.0f} B/op"
        print(line)
