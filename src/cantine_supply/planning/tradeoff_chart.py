"""A trade-off curve as a small SVG chart, written by hand (no plotting library).

The x axis is the target (share in %, or a cap per cover), the y axis the cost per cover
in EUR TTC; each solved point is a dot, joined by a line, and the week's budget per cover
(when it is on a TTC basis) is a dashed line. The file is plain SVG 1.1 with no script or
external reference, so it opens in any browser and embeds in a report as it is.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from cantine_supply.model.targets import TARGETS
from cantine_supply.planning.tradeoff import TradeoffCurve

WIDTH, HEIGHT = 640, 400
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 40, 60


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high <= low:
        return [low]
    return [low + (high - low) * k / (count - 1) for k in range(count)]


def _x_text(name: str, x: float) -> str:
    if name.endswith("_share"):
        return f"{100 * x:.0f}%" if abs(100 * x - round(100 * x)) < 0.05 else f"{100 * x:.1f}%"
    return f"{x:.3g}"


def curve_svg(curve: TradeoffCurve) -> str:
    """The SVG document of ``curve``."""
    name = curve.constraint
    solved = [(p.level, float(p.cost_per_cover)) for p in curve.points
              if p.cost_per_cover is not None]
    budget = None
    if curve.budget_limit is not None and curve.budget_basis == "TTC":
        budget = curve.budget_limit / curve.covers
    xs = [x for x, _ in solved] or [0.0, 1.0]
    ys = [y for _, y in solved] + ([budget] if budget is not None else []) or [0.0, 1.0]
    x0, x1 = min(xs), max(xs)
    if x1 - x0 < 1e-12:
        x0, x1 = x0 - 0.5 * (abs(x0) or 1.0), x1 + 0.5 * (abs(x1) or 1.0)
    y0, y1 = min(ys), max(ys)
    pad = 0.1 * (y1 - y0) if y1 > y0 else 0.5
    y0, y1 = max(0.0, y0 - pad), y1 + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x: float) -> float:
        return LEFT + (x - x0) / (x1 - x0) * plot_w

    def py(y: float) -> float:
        return TOP + plot_h - (y - y0) / (y1 - y0) * plot_h

    kind = TARGETS[name]
    unit = " share" if kind.is_share else f" ({kind.per_cover_unit} per cover)"
    title = f"Week {curve.week}: least cost against {kind.word_en}{unit}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}"'
        f' viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{WIDTH / 2:.1f}" y="22" text-anchor="middle" font-size="14">'
        f"{escape(title)}</text>",
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}"'
        ' stroke="black"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="black"/>',
    ]
    for x in _ticks(x0, x1):
        out.append(f'<line x1="{px(x):.1f}" y1="{TOP + plot_h}" x2="{px(x):.1f}"'
                   f' y2="{TOP + plot_h + 5}" stroke="black"/>')
        out.append(f'<text x="{px(x):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">'
                   f"{escape(_x_text(name, x))}</text>")
    for y in _ticks(y0, y1):
        out.append(f'<line x1="{LEFT - 5}" y1="{py(y):.1f}" x2="{LEFT}" y2="{py(y):.1f}"'
                   ' stroke="black"/>')
        out.append(f'<text x="{LEFT - 8}" y="{py(y) + 4:.1f}" text-anchor="end">{y:.2f}</text>')
    xlabel = f"{kind.word_en}{unit}"
    out.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 20}" text-anchor="middle">'
               f"{escape(xlabel)}</text>")
    out.append(f'<text x="16" y="{TOP + plot_h / 2:.1f}" text-anchor="middle"'
               f' transform="rotate(-90 16 {TOP + plot_h / 2:.1f})">EUR TTC per cover</text>')
    if budget is not None:
        out.append(f'<line x1="{LEFT}" y1="{py(budget):.1f}" x2="{LEFT + plot_w}"'
                   f' y2="{py(budget):.1f}" stroke="#c0392b" stroke-dasharray="6 4"/>')
        out.append(f'<text x="{LEFT + plot_w - 4}" y="{py(budget) - 6:.1f}" text-anchor="end"'
                   f' fill="#c0392b">budget {budget:.2f}</text>')
    if len(solved) > 1:
        coords = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in solved)
        out.append(f'<polyline points="{coords}" fill="none" stroke="#2e7d32"'
                   ' stroke-width="2"/>')
    for x, y in solved:
        out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="4" fill="#2e7d32">'
                   f"<title>{escape(_x_text(name, x))}: {y:.2f} EUR per cover</title></circle>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
