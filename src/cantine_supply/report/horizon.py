"""What the manager takes away from several weeks planned together, as files.

- ``horizon.json``: the whole result (:meth:`~cantine_supply.planning.horizon_plan.
  HorizonPlan.to_json`: the money, the food left at the end, the stock at each week's end
  and every week's plan);
- per week, its own folder ``weeks/<week id>/``: the same files as a week planned alone
  (:func:`~cantine_supply.report.outputs.render_outputs`: order forms per supplier and
  delivery day, e-mail drafts and the list of orders to send, the weekly report, the
  transparency sheet, the ma cantine file and the week's ``plan.json``), each week's orders
  to be sent before that week (food carried in from an earlier week appears as stock
  used).

Amounts are the plans' own, to the cent; labels in English or French (``lang``). A horizon
without a plan writes ``horizon.json`` only (its messages say why).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from cantine_supply.errors import CantineSupplyError
from cantine_supply.planning.horizon_plan import HorizonPlan
from cantine_supply.plans.to_json import dumps
from cantine_supply.report.outputs import (
    PLACEHOLDER_SIRET,
    check_out_dir,
    render_outputs,
    write_folder,
)


def render_horizon_outputs(result: HorizonPlan, *, lang: str = "en", csv: str | None = None,
                           siret: str = PLACEHOLDER_SIRET) -> dict[str, str]:
    """Every file of a horizon: relative path to content (nothing written). ``lang``,
    ``csv`` and ``siret`` as for :func:`~cantine_supply.report.outputs.render_outputs`."""
    files = {"horizon.json": dumps(result)}
    if result.plans and len(result.problems) != len(result.plans):
        raise CantineSupplyError(
            "the horizon plan does not carry the week problems its plans were made from:"
            " plan it with cantine_supply.plan_horizon")
    for problem, plan in zip(result.problems, result.plans, strict=True):
        week = problem.week.id
        for relative, content in render_outputs(problem, plan, lang=lang, csv=csv,
                                                siret=siret).items():
            files[f"weeks/{week}/{relative}"] = content
    return files


def write_horizon_outputs(result: HorizonPlan, out_dir: str | os.PathLike[str], *,
                          force: bool = False, lang: str = "en", csv: str | None = None,
                          siret: str = PLACEHOLDER_SIRET,
                          protected: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """Write :func:`render_horizon_outputs` into the new folder ``out_dir`` at once (with
    its ``manifest.json``, under the folder's lock) through
    :func:`~cantine_supply.report.outputs.write_folder`: an earlier output folder is
    replaced only with ``force``, nothing a user owns is, and the data folders
    (``protected``) are never written into. Returns the files written."""
    check_out_dir(out_dir, force=force, protected=protected)  # before rendering
    return write_folder(render_horizon_outputs(result, lang=lang, csv=csv, siret=siret),
                        out_dir, force=force, protected=protected)
