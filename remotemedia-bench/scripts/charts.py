#!/usr/bin/env python3
"""Draws the performance report's SVG charts from measured JSON reports (stdlib only).

  charts.py latency OUT.svg C1.json C2.json ...   LoadGenerator --json reports (run or side-by-side);
                                                  medians per via and concurrency
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


def medians(rs):
    """One point from several rounds: each figure is the median over them."""
    return {"concurrency": rs[0]["concurrency"], "scenario": rs[0]["scenario"],
            "via": rs[0].get("via", "remote"),
            "rps": statistics.median(r["rps"] for r in rs),
            "latency_ms": {k: statistics.median(r["latency_ms"][k] for r in rs)
                           for k in ("p50", "p90", "p99")},
            "cpu": statistics.median(r.get("cpu_ms_per_call", float("nan")) for r in rs),
            "rounds": len(rs)}


def latency(out, files):
    groups = {}
    for f in files:
        r = json.load(open(f))
        groups.setdefault((r.get("via", "remote"), r["concurrency"]), []).append(r)
    points = [medians(rs) for _, rs in sorted(groups.items())]
    vias = [v for v in ("remote", "echo", "local") if any(p["via"] == v for p in points)]
    print("| via | concurrency | rounds | calls/s | p50 ms | p90 ms | p99 ms | CPU ms/call |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in points:
        lat = r["latency_ms"]
        print(f'| {r["via"]} | {r["concurrency"]} | {r["rounds"]} | {r["rps"]:.1f} | '
              f'{lat["p50"]:.2f} | {lat["p90"]:.2f} | {lat["p99"]:.2f} | {r["cpu"]:.2f} |')
    xs = sorted({p["concurrency"] for p in points})
    # One via: its p50, p90 and p99. Several: p50 (solid) and p99 (dashed) of each.
    if len(vias) == 1:
        lines = [(vias[0], key, key, COLORS[k], "") for k, key in enumerate(("p50", "p90", "p99"))]
    else:
        lines = [(via, key, f"{via} {key}", COLORS[k], "" if key == "p50" else "6,4")
                 for k, via in enumerate(vias) for key in ("p50", "p99")]
    top, body = y_axis(max(p["latency_ms"]["p99"] for p in points))
    px = lambda x: L + 30 + (W - R - L - 60) * xs.index(x) / max(1, len(xs) - 1)
    py = lambda v: H - B - (H - B - T) * v / top
    first = [p for p in points if p["via"] == vias[0]]
    for x in xs:
        body += f'<text x="{px(x)}" y="{H - B + 16}" text-anchor="middle">{x}</text>\n'
    for p in first:
        body += (f'<text x="{px(p["concurrency"])}" y="{H - B + 30}" text-anchor="middle" '
                 f'fill="#666">{p["rps"]:.0f}/s</text>\n')
    for k, (via, key, name, color, dash) in enumerate(lines):
        mine = [p for p in points if p["via"] == via]
        pts = " ".join(f'{px(p["concurrency"])},{py(p["latency_ms"][key])}' for p in mine)
        body += (f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2" '
                 f'stroke-dasharray="{dash}"/>\n')
        for p in mine:
            body += (f'<circle cx="{px(p["concurrency"])}" cy="{py(p["latency_ms"][key])}" '
                     f'r="3" fill="{color}"/>\n')
        body += (f'<line x1="{W - R + 15}" y1="{T + 20 * k + 10}" x2="{W - R + 35}" '
                 f'y2="{T + 20 * k + 10}" stroke="{color}" stroke-width="2" '
                 f'stroke-dasharray="{dash}"/>'
                 f'<text x="{W - R + 40}" y="{T + 20 * k + 14}">{name}</text>\n')
    body += (f'<text x="{W - R + 15}" y="{T + 20 * len(lines) + 20}" fill="#666">'
             f'grey: {vias[0]} calls/s</text>\n')
    scen = points[0]["scenario"]
    return svg(f"{scen} over loopback: latency against concurrency", body,
               "concurrency (closed loop, calls in flight)", "latency (ms)")


def resample(out, jmh_file, quality_md):
    speed = {}
    for b in json.load(open(jmh_file)):
        if not b["benchmark"].endswith(".process100ms"):
            continue  # process20ms (streaming chunks) is reported in the tables, not charted
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
