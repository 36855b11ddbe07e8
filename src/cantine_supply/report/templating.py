"""The Jinja2 templates of the printed pages (``report/templates/*.j2``), autoescaped.

Every value a template prints is escaped unless it is marked safe here (the inline SVG
bars and status marks built by :mod:`cantine_supply.report.html`, which escape their own
text). ``StrictUndefined`` makes a misspelt name an error instead of an empty cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from cantine_supply.report.html import BASE_CSS


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
    env.globals["base_css"] = BASE_CSS
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
