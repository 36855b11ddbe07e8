"""The Jinja2 templates of the printed pages (``report/templates/*.j2``), autoescaped.

Every page is self-contained: CSS (``a4.css`` and each page's own) and SVG inline, no
script, no font, no image or link to fetch, so it opens and prints offline. Every value a
template prints is escaped unless it is markup a template built (the inline SVG bars and
status marks of ``macros.html.j2``, through :func:`bar` and :func:`status_mark`).
``StrictUndefined`` makes a misspelt name an error instead of an empty cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup


@cache
def environment() -> jinja2.Environment:
    """The one template environment (built on first use)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cantine_supply.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def render(name: str, **context: Any) -> str:
    """The template ``name`` (``order_form.html.j2``) rendered with ``context``."""
    return environment().get_template(name).render(**context)


def safe(markup: str) -> Markup:
    """Already-escaped HTML (an SVG bar, a status mark) that a template prints as is."""
    return Markup(markup)


def table_data(head: Sequence[object], rows: Sequence[Sequence[object]], *,
               numeric: Sequence[int] = (), classes: dict[int, str] | None = None,
               foot: Sequence[object] | None = None) -> dict[str, Any]:
    """A table for the ``table`` macro of ``macros.html.j2``: cells are text (escaped by
    the template) or :func:`safe` markup."""
    return {"head": list(head), "rows": [list(r) for r in rows], "numeric": tuple(numeric),
            "classes": dict(classes or {}), "foot": None if foot is None else list(foot)}


def section(title: str, *, before: Sequence[object] = (), tables: Sequence[dict[str, Any]] = (),
            after: Sequence[object] = (), pair: bool = False) -> str:
    """One report section rendered by ``section.html.j2`` (title, paragraphs, tables)."""
    return render("section.html.j2", title=title, before=list(before), tables=list(tables),
                  after=list(after), pair=pair)


#: Bar colours: a target met, not met, a plain value, and the target's mark.
GOOD, BAD, NEUTRAL, MARK = "#3b8b4b", "#c0392b", "#7a9cc6", "#222"


def bar(value: float | None, scale: float, *, marker: float | None = None,
        colour: str = NEUTRAL, label: str = "") -> Markup:
    """A horizontal bar as inline SVG (macro ``bar``): ``value`` out of ``scale`` fills the
    width; an optional vertical ``marker`` (a target) at ``marker`` out of ``scale``, kept
    0.4 % inside either edge so it stays visible. ``label`` is the accessible name (text)."""
    scale = scale if scale > 0 else 1.0
    width = 0.0 if value is None else max(0.0, min(1.0, value / scale)) * 100
    mark = None
    if marker is not None:
        x = min(max(max(0.0, min(1.0, marker / scale)) * 100, 0.4), 99.6)
        mark = f"{x - 0.4:.2f}"
    macros = environment().get_template("macros.html.j2").module
    return Markup(macros.bar(f"{width:.2f}", mark, colour, MARK, label))  # type: ignore[attr-defined]


def status_mark(met: bool | None, yes: str, no: str, neither: str) -> Markup:
    """``yes`` in green, ``no`` in red, or ``neither`` (not measurable) (macro
    ``status_mark``)."""
    macros = environment().get_template("macros.html.j2").module
    return Markup(macros.status_mark(met, yes, no, neither))  # type: ignore[attr-defined]
