#!/usr/bin/env python3
"""Draws relay throughput against concurrency as an SVG line chart, with no library beyond Python's own.

Usage: plot_relay.py CSV SVG

The CSV is what bench/relay-plot appends to: one row per round. Each series point is the median
over the rounds of the latest run at that concurrency (the rows with the latest date for it), so
that re-running one concurrency replaces its point. Concurrency is on a log scale.
"""
import csv
import math
import statistics
import sys
from collections import defaultdict

SERIES = [  # column, label, colour, dashed, where the value is written (-1 above the point, 1 below)
    ("outpost_msg_s", "Outpost", "#1f77b4", False, -1),
    ("postfix_msg_s", "Postfix", "#d62728", False, 1),
    ("sink_msg_s", "straight to the sink (harness ceiling)", "#7f7f7f", True, 0),
]
WIDTH, HEIGHT = 720, 470
LEFT, RIGHT, TOP, BOTTOM = 80, 40, 55, 100


def latest_runs(rows):
    """Rows of the latest run (by its first round's date) at each concurrency."""
    by_c = defaultdict(list)
    for row in rows:
        by_c[int(row["concurrency"])].append(row)
    chosen = {}
    for c, rs in by_c.items():
        runs, current = [], []
        for r in rs:  # a run starts again at round 1
            if r["round"] == "1" and current:
                runs.append(current)
                current = []
            current.append(r)
        runs.append(current)
        chosen[c] = runs[-1]
    return chosen


def nice_step(top):
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


def main(csv_path, svg_path):
    with open(csv_path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit("no rows in " + csv_path)
    runs = latest_runs(rows)
    xs = sorted(runs)
    points = {col: [(c, statistics.median(float(r[col]) for r in runs[c])) for c in xs] for col, *_ in SERIES}
    ymax = max(v for pts in points.values() for _, v in pts)
    step = nice_step(ymax)
    ytop = step * math.ceil(ymax / step)
    lo, hi = math.log10(min(xs)), math.log10(max(xs))
    # Room on both sides, so that the end points do not sit on the axes.
    pad = max(hi - lo, 1) * 0.06
    lo, hi = lo - pad, hi + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(c):
        return LEFT + (math.log10(c) - lo) / (hi - lo) * plot_w

    def py(v):
        return TOP + plot_h - v / ytop * plot_h

    first = runs[xs[0]][0]
    dates = sorted({r["date"][:10] for c in xs for r in runs[c]})
    loads = sorted(float(r["load_average"]) for c in xs for r in runs[c])
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="15">'
        f"End-to-end relay throughput against concurrency (fsync on)</text>",
        f'<text x="{WIDTH / 2}" y="39" text-anchor="middle" fill="#555">'
        f'{first["messages"]} messages of {first["size"]} bytes, {first["recipients"]} recipient(s) each, '
        f'median of rounds; {", ".join(dates)}; load average {loads[0]:g} to {loads[-1]:g}</text>',
    ]
    v = 0.0
    while v <= ytop + 1e-9:
        y = py(v)
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{v:,.0f}</text>')
        v += step
    for c in xs:
        x = px(c)
        out.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + plot_h}" stroke="#f0f0f0"/>')
        out.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">{c}</text>')
    out.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="black"/>')
    out.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="black"/>')
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{TOP + plot_h + 40}" text-anchor="middle">'
               f"concurrent client connections (log scale)</text>")
    out.append(f'<text transform="translate(20 {TOP + plot_h / 2}) rotate(-90)" text-anchor="middle">'
               f"messages per second</text>")
    for i, (col, label, colour, dashed, side) in enumerate(SERIES):
        pts = points[col]
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        path = " ".join(f"{px(c):.1f},{py(val):.1f}" for c, val in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for c, val in pts:
            out.append(f'<circle cx="{px(c):.1f}" cy="{py(val):.1f}" r="3.5" fill="{colour}"/>')
            if side:
                out.append(f'<text x="{px(c):.1f}" y="{py(val) + (18 if side > 0 else -8):.1f}" '
                           f'text-anchor="middle" fill="{colour}">'
                           f"{val:,.0f}</text>")
        lx, ly = LEFT + [0, 110, 240][i], HEIGHT - 22
        out.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 28}" y2="{ly}" stroke="{colour}" '
                   f'stroke-width="2"{dash}/>')
        out.append(f'<text x="{lx + 34}" y="{ly + 4}">{label}</text>')
    out.append("</svg>")
    with open(svg_path, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
