#!/usr/bin/env python3
"""Draws the performance report's SVG charts from measured JSON reports (stdlib only).

  charts.py latency OUT.svg C1.json C2.json ...   LoadGenerator --json reports; medians per concurrency
  charts.py resample OUT.svg JMH.json QUALITY.md  ResampleBenchmark -rf json, and the quality
                                                  table of docs/nodes/AudioResample.md (44100->16000
                                                  rows: worst alias/image per quality)
"""
import json
import re
import statistics
import sys

W, H, L, R, T, B = 640, 400, 70, 150, 40, 60
COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]


def svg(title, body, xlabel, ylabel):
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
            f'font-family="sans-serif" font-size="12">\n'
            f'<rect width="{W}" height="{H}" fill="white"/>\n'
            f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="15">{title}</text>\n'
            f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="black"/>\n'
            f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="black"/>\n'
            f'<text x="{(L + W - R) / 2}" y="{H - 18}" text-anchor="middle">{xlabel}</text>\n'
            f'<text transform="translate(18,{(T + H - B) / 2}) rotate(-90)" '
            f'text-anchor="middle">{ylabel}</text>\n' + body + '</svg>\n')


def nice_max(v):
    for step in [1, 2, 2.5, 5]:
        for exp in range(-3, 9):
            m = step * 10 ** exp
            if m >= v:
                yield m


def y_axis(ymax, unit=""):
    top = min(nice_max(ymax * 1.05))
    out = ""
    for i in range(6):
        v = top * i / 5
        y = H - B - (H - B - T) * i / 5
        out += (f'<line x1="{L - 4}" y1="{y}" x2="{W - R}" y2="{y}" stroke="#ddd"/>'
                f'<text x="{L - 8}" y="{y + 4}" text-anchor="end">{v:g}{unit}</text>\n')
    return top, out


def latency(out, files):
    by_c = {}
    for f in files:
        r = json.load(open(f))
        by_c.setdefault(r["concurrency"], []).append(r)
    # Several reports per concurrency (rounds): each figure is the median over them.
    reports = [{"concurrency": c, "scenario": rs[0]["scenario"],
                "rps": statistics.median(r["rps"] for r in rs),
                "latency_ms": {k: statistics.median(r["latency_ms"][k] for r in rs)
                               for k in ("p50", "p90", "p99")},
                "cpu": statistics.median(r.get("cpu_ms_per_call", float("nan")) for r in rs),
                "rounds": len(rs)}
               for c, rs in sorted(by_c.items())]
    print("| concurrency | rounds | calls/s | p50 ms | p90 ms | p99 ms | server CPU ms/call |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in reports:
        lat = r["latency_ms"]
        print(f'| {r["concurrency"]} | {r["rounds"]} | {r["rps"]:.1f} | {lat["p50"]:.2f} | '
              f'{lat["p90"]:.2f} | {lat["p99"]:.2f} | {r["cpu"]:.2f} |')
    xs = [r["concurrency"] for r in reports]
    series = [("p50", "p50"), ("p90", "p90"), ("p99", "p99")]
    top, body = y_axis(max(r["latency_ms"]["p99"] for r in reports))
    px = lambda i: L + 30 + (W - R - L - 60) * i / max(1, len(xs) - 1)
    py = lambda v: H - B - (H - B - T) * v / top
    for i, x in enumerate(xs):
        body += (f'<text x="{px(i)}" y="{H - B + 16}" text-anchor="middle">{x}</text>'
                 f'<text x="{px(i)}" y="{H - B + 30}" text-anchor="middle" fill="#666">'
                 f'{reports[i]["rps"]:.0f}/s</text>\n')
    for k, (key, name) in enumerate(series):
        pts = " ".join(f'{px(i)},{py(r["latency_ms"][key])}' for i, r in enumerate(reports))
        body += f'<polyline points="{pts}" fill="none" stroke="{COLORS[k]}" stroke-width="2"/>\n'
        for i, r in enumerate(reports):
            body += f'<circle cx="{px(i)}" cy="{py(r["latency_ms"][key])}" r="3" fill="{COLORS[k]}"/>\n'
        body += (f'<line x1="{W - R + 15}" y1="{T + 20 * k + 10}" x2="{W - R + 35}" '
                 f'y2="{T + 20 * k + 10}" stroke="{COLORS[k]}" stroke-width="2"/>'
                 f'<text x="{W - R + 40}" y="{T + 20 * k + 14}">{name}</text>\n')
    body += f'<text x="{W - R + 15}" y="{T + 80}" fill="#666">grey: calls/s</text>\n'
    scen = reports[0]["scenario"]
    return svg(f"{scen} over loopback: latency against concurrency", body,
               "concurrency (closed loop, calls in flight)", "latency (ms)")


def resample(out, jmh_file, quality_md):
    speed = {}
    for b in json.load(open(jmh_file)):
        q = b["params"]["quality"]
        speed[q] = b["primaryMetric"]["score"] * 0.1  # ops/s of 100 ms chunks -> x realtime
    alias = {}
    for line in open(quality_md, encoding="utf-8"):
        m = re.match(r"\| (\w+) \| 44100→16000 \| (\S+) dB \|.*?\| (\S+) dBFS at", line)
        if m:
            alias[m.group(1).upper()] = float(m.group(3))
    qs = [q for q in ["QUICK", "MEDIUM", "HIGH", "VERY_HIGH"] if q in speed and q in alias]
    top, body = y_axis(max(speed[q] for q in qs), "x")
    xmin, xmax = -170, -70
    px = lambda a: L + (W - R - L) * (a - xmin) / (xmax - xmin)
    py = lambda v: H - B - (H - B - T) * v / top
    for a in range(xmin, xmax + 1, 20):
        body += f'<text x="{px(a)}" y="{H - B + 16}" text-anchor="middle">{a}</text>\n'
    pts = " ".join(f"{px(alias[q])},{py(speed[q])}" for q in qs)
    body += f'<polyline points="{pts}" fill="none" stroke="{COLORS[0]}" stroke-width="2"/>\n'
    for q in qs:
        body += (f'<circle cx="{px(alias[q])}" cy="{py(speed[q])}" r="4" fill="{COLORS[0]}"/>'
                 f'<text x="{px(alias[q]) + 6}" y="{py(speed[q]) - 8}">{q.lower()} '
                 f'{speed[q]:.0f}x</text>\n')
    return svg("AudioResample 44.1 kHz→16 kHz mono: speed against quality", body,
               "worst alias (dBFS, lower is better)", "times realtime per core")


if __name__ == "__main__":
    kind, out = sys.argv[1], sys.argv[2]
    text = latency(out, sys.argv[3:]) if kind == "latency" else resample(out, *sys.argv[3:5])
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
