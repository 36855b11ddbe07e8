"""A tiny hand-written SVG line chart: time against offers, per method (no dependency)."""

from __future__ import annotations

import math
from typing import Any
from xml.sax.saxutils import escape

COLOURS = {"scip": "#1f77b4", "highs": "#d62728", "pulp": "#2ca02c", "greedy": "#7f7f7f"}
#: Methods that build no model: only their total time is drawn.
NO_MODEL = ("greedy",)
W, H, LEFT, RIGHT, TOP, BOTTOM = 720, 420, 70, 150, 40, 50


def _log_ticks(low: float, high: float) -> list[float]:
    ticks, p = [], math.floor(math.log10(low))
    steps = (1, 2, 5) if math.log10(high / low) <= 2.5 else (1,)
    while 10**p <= high * 1.0001:
        for m in steps:
            if low / 1.0001 <= m * 10**p <= high * 1.0001:
                ticks.append(m * 10.0**p)
        p += 1
    return ticks


def time_against_offers(
    rows: list[dict[str, Any]], title: str = "Time against offers (one generated week)"
) -> str:
    """Model-building time (solid) and total time (dashed) per method, log-log axes."""
    series: dict[str, list[tuple[float, float, float]]] = {}
    for r in rows:
        series.setdefault(r["method"], []).append((r["offers"], r["total_s"], r["build_s"]))
    xs = [p[0] for pts in series.values() for p in pts]
    ys = [max(p[1], 0.01) for pts in series.values() for p in pts]
    ys += [p[2] for m, pts in series.items() if m not in NO_MODEL for p in pts]
    if not xs:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    x0, x1 = math.log10(min(xs)), math.log10(max(xs)) or 1.0
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    if x1 == x0:
        x1 = x0 + 1
    if y1 == y0:
        y1 = y0 + 1

    def px(x: float) -> float:
        return LEFT + (math.log10(x) - x0) / (x1 - x0) * (W - LEFT - RIGHT)

    def py(y: float) -> float:
        return H - BOTTOM - (math.log10(max(y, 1e-3)) - y0) / (y1 - y0) * (H - TOP - BOTTOM)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
        f'font-family="sans-serif" font-size="12">',
        f'<rect width="{W}" height="{H}" fill="white"/>',
        f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="15">{escape(title)}</text>',
    ]
    for t in _log_ticks(min(xs), max(xs)):
        out.append(
            f'<line x1="{px(t):.1f}" y1="{TOP}" x2="{px(t):.1f}" y2="{H - BOTTOM}" stroke="#eee"/>'
        )
        out.append(f'<text x="{px(t):.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">{t:g}</text>')
    for t in _log_ticks(10.0**y0, 10.0**y1):
        out.append(
            f'<line x1="{LEFT}" y1="{py(t):.1f}" x2="{W - RIGHT}" y2="{py(t):.1f}" stroke="#eee"/>'
        )
        out.append(f'<text x="{LEFT - 6}" y="{py(t) + 4:.1f}" text-anchor="end">{t:g}</text>')
    out.append(
        f'<rect x="{LEFT}" y="{TOP}" width="{W - LEFT - RIGHT}" height="{H - TOP - BOTTOM}" '
        'fill="none" stroke="#333"/>'
    )
    out.append(
        f'<text x="{(W - RIGHT + LEFT) / 2}" y="{H - 12}" text-anchor="middle">offers (log)</text>'
    )
    out.append(
        f'<text x="16" y="{(H - BOTTOM + TOP) / 2}" text-anchor="middle" '
        f'transform="rotate(-90 16 {(H - BOTTOM + TOP) / 2})">seconds (log)</text>'
    )
    for k, (method, pts) in enumerate(sorted(series.items())):
        pts.sort()
        colour = COLOURS.get(method, "#9467bd")
        for index, dash in ((2, ""), (1, ' stroke-dasharray="5,4"')):
            if index == 2 and method in NO_MODEL:
                continue
            path = " ".join(f"{px(p[0]):.1f},{py(p[index]):.1f}" for p in pts)
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
            )
        for p in pts:
            y = py(p[1] if method in NO_MODEL else p[2])
            out.append(f'<circle cx="{px(p[0]):.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
        y = TOP + 10 + 20 * k
        out.append(
            f'<line x1="{W - RIGHT + 12}" y1="{y}" x2="{W - RIGHT + 36}" y2="{y}" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
        out.append(f'<text x="{W - RIGHT + 42}" y="{y + 4}">{escape(method)}</text>')
    y = TOP + 10 + 20 * len(series) + 10
    out.append(f'<text x="{W - RIGHT + 12}" y="{y}" fill="#555">solid: build</text>')
    out.append(f'<text x="{W - RIGHT + 12}" y="{y + 16}" fill="#555">dashed: total</text>')
    out.append("</svg>")
    return "\n".join(out)
