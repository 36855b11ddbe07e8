"""Shared pieces of the printed HTML pages: escaping, the A4 style sheet, tables and bars.

Every page is self-contained: CSS and SVG inline, no script, no font, no image or link to
fetch, so it opens and prints offline. Every piece of data goes through :func:`esc`; the
helpers here take already-escaped HTML only where their parameter says ``html``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

#: Printed on A4 with 15 mm margins: 180 mm of text width, also the page width on screen.
BASE_CSS = """
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { background: #fff; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
  font-size: 10pt; line-height: 1.35; color: #1a1a1a; max-width: 180mm; margin: 0 auto;
  padding: 4mm 0; overflow-wrap: anywhere; }
h1 { font-size: 17pt; margin: 0 0 1mm; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; padding-bottom: 1mm; border-bottom: 0.4mm solid #2f6b3a;
  color: #2f6b3a; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: 4mm 0 1.5mm; break-after: avoid; }
p { margin: 1mm 0 2mm; }
.sub { color: #555; margin-top: 0; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 3mm; table-layout: auto; }
th, td { padding: 1mm 1.5mm; border-bottom: 0.2mm solid #ccc; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; word-break: normal; }
th { background: #eef4ef; font-weight: bold; overflow-wrap: normal; }
td.num, th.num { text-align: right; }
td.num { white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
tfoot td { font-weight: bold; border-top: 0.3mm solid #333; border-bottom: none; }
td.bar { width: 38%; }
.nw { white-space: nowrap; }
td.kw { overflow-wrap: break-word; }
svg.bar { display: block; width: 100%; height: 4mm; }
.ok { color: #1d6b2a; font-weight: bold; white-space: nowrap; }
.bad { color: #b3261e; font-weight: bold; white-space: nowrap; }
.key { display: flex; flex-wrap: wrap; gap: 3mm; margin: 2mm 0 3mm; }
.key div { flex: 1 1 40mm; border: 0.3mm solid #2f6b3a; border-radius: 2mm; padding: 2mm 3mm; }
.key .big { font-size: 18pt; font-weight: bold; display: block; }
.box { border: 0.4mm solid #b3261e; border-radius: 2mm; padding: 2mm 3mm; margin: 2mm 0; }
ul { margin: 1mm 0 2mm; padding-left: 6mm; }
a { color: inherit; }
@media print { a { text-decoration: none; } }
"""


def esc(value: object) -> str:
    """``value`` as text safe inside HTML elements and quoted attributes."""
    return html.escape(str(value), quote=True)


def page(title: str, body_html: str, lang: str, css: str = "") -> str:
    """A complete HTML document: ``title`` is text (escaped here), ``body_html`` markup."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{BASE_CSS}{css}</style>\n</head>\n"
        f"<body>\n{body_html}\n</body>\n</html>\n"
    )


def table(
    head: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    numeric: Iterable[int] = (),
    foot: Sequence[str] | None = None,
    cell_class: dict[int, str] | None = None,
) -> str:
    """A table from already-escaped cells (no header row when ``head`` is empty); columns
    in ``numeric`` are right-aligned, ``cell_class`` gives columns a class (``bar``)."""
    classes = {i: "num" for i in numeric}
    classes.update(cell_class or {})

    def row(cells: Sequence[str], tag: str) -> str:
        out = []
        for i, cell in enumerate(cells):
            cls = f' class="{classes[i]}"' if i in classes else ""
            out.append(f"<{tag}{cls}>{cell}</{tag}>")
        return "<tr>" + "".join(out) + "</tr>"

    parts = ["<table>"]
    if head:
        parts += ["<thead>", row(head, "th"), "</thead>"]
    parts.append("<tbody>")
    parts += [row(r, "td") for r in rows]
    parts.append("</tbody>")
    if foot is not None:
        parts += ["<tfoot>", row(foot, "td"), "</tfoot>"]
    parts.append("</table>")
    return "\n".join(parts)


GOOD, BAD, NEUTRAL, MARK = "#3b8b4b", "#c0392b", "#7a9cc6", "#222"


def bar(value: float | None, scale: float, *, marker: float | None = None,
        colour: str = NEUTRAL, label: str = "") -> str:
    """A horizontal bar as inline SVG: ``value`` out of ``scale`` fills the width; an
    optional vertical ``marker`` (a target) at ``marker`` out of ``scale``. ``label`` is
    the accessible name (text)."""
    scale = scale if scale > 0 else 1.0
    width = 0.0 if value is None else max(0.0, min(1.0, value / scale)) * 100
    parts = [
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img"'
        f' aria-label="{esc(label)}" xmlns="http://www.w3.org/2000/svg">',
        '<rect x="0" y="1" width="100" height="8" fill="#eee"/>',
        f'<rect x="0" y="1" width="{width:.2f}" height="8" fill="{colour}"/>',
    ]
    if marker is not None:
        x = max(0.0, min(1.0, marker / scale)) * 100
        x = min(max(x, 0.4), 99.6)
        parts.append(f'<rect x="{x - 0.4:.2f}" y="0" width="0.8" height="10" fill="{MARK}"/>')
    parts.append("</svg>")
    return "".join(parts)


def status_mark(met: bool | None, yes: str, no: str, neither: str) -> str:
    """``yes`` in green, ``no`` in red, or ``neither`` (not measurable), escaped."""
    if met is None:
        return esc(neither)
    return f'<span class="ok">{esc(yes)}</span>' if met else f'<span class="bad">{esc(no)}</span>'
