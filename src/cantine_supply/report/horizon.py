"""What the manager takes away from several weeks planned together, as files.

- ``horizon.json``: the whole result (:meth:`~cantine_supply.planning.horizon_plan.
  HorizonPlan.to_json`: the money, the food left at the end, the stock at each week's end
  and every week's plan);
- ``horizon.html``: one page for the manager (:func:`horizon_html`): each week's cost and
  a link to its report, the cash spent beside the weeks planned one at a time, the food
  left at the end and whether it pays, the bulk buys;
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
from decimal import Decimal
from pathlib import Path

from cantine_supply.errors import CantineSupplyError
from cantine_supply.planning.horizon_plan import HorizonPlan
from cantine_supply.plans.to_json import dumps
from cantine_supply.report.i18n import texts
from cantine_supply.report.outputs import (
    PLACEHOLDER_SIRET,
    check_out_dir,
    render_outputs,
    write_folder,
)
from cantine_supply.report.templating import render, table_data

WORDS = {
    "en": {
        "title": "Weeks planned together: {weeks}", "status": "Plan {status}{gap}.",
        "gap": ", {gap} from the solver's bound", "week": "week", "covers": "covers",
        "cash_ht": "cash HT", "cash_ttc": "cash TTC", "per_cover": "TTC per cover",
        "orders": "orders", "report": "Each week's report:", "total": "total",
        "money": "Money",
        "what": "", "together": "planned together", "alone": "each week alone",
        "spent": "cash spent HT", "left": "food left at the end, to buy again HT",
        "bought_left": "of it bought in these weeks HT", "net": "net cost HT (food left"
        " that keeps counted for half)", "bulk": "Bought in bulk", "date": "delivery",
        "packs": "packs", "product": "product", "kind": "kind", "saved": "saved HT",
        "line_total": "total HT",
        "pays": "Planned together, the weeks spend {saved} EUR HT less cash than planned one"
        " at a time: the food left at the end costs nothing.",
        "not_pays": "Planned together, the weeks spend {saved} EUR HT more cash than planned"
        " one at a time: only the food left at the end makes up for it, if it is eaten.",
        "no_compare": "The weeks were not planned one at a time (no comparison).",
    },
    "fr": {
        "title": "Semaines planifiées ensemble : {weeks}", "status": "Plan {status}{gap}.",
        "gap": ", à {gap} de la borne du solveur", "week": "semaine", "covers": "couverts",
        "cash_ht": "dépense HT", "cash_ttc": "dépense TTC", "per_cover": "TTC par couvert",
        "orders": "commandes", "report": "Le rapport de chaque semaine :", "total": "total",
        "money": "Argent",
        "what": "", "together": "planifiées ensemble", "alone": "chaque semaine seule",
        "spent": "dépense HT", "left": "reste en stock à la fin, à racheter HT",
        "bought_left": "dont acheté pendant ces semaines HT", "net": "coût net HT (le stock"
        " restant qui se garde compté pour moitié)", "bulk": "Achats en gros",
        "date": "livraison", "packs": "colis", "product": "produit", "kind": "type",
        "line_total": "total HT",
        "saved": "économie HT",
        "pays": "Planifiées ensemble, les semaines dépensent {saved} EUR HT de moins que"
        " planifiées une à une : ce qui reste en stock à la fin ne coûte rien.",
        "not_pays": "Planifiées ensemble, les semaines dépensent {saved} EUR HT de plus que"
        " planifiées une à une : seul le stock restant à la fin le compense, s'il est"
        " consommé.",
        "no_compare": "Les semaines n'ont pas été planifiées une à une (pas de comparaison).",
    },
}



def render_horizon_outputs(result: HorizonPlan, *, lang: str = "en", csv: str | None = None,
                           siret: str = PLACEHOLDER_SIRET) -> dict[str, str]:
    """Every file of a horizon: relative path to content (nothing written). ``lang``,
    ``csv`` and ``siret`` as for :func:`~cantine_supply.report.outputs.render_outputs`."""
    files = {"horizon.json": dumps(result), "horizon.html": horizon_html(result, lang)}
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


#: A bulk line's kinds (:class:`~cantine_supply.planning.horizon_bulk.BulkLine`) in French.
BULK_KINDS_FR = {"bulk format": "grand conditionnement", "price break": "prix dégressif"}


def bulk_kind_text(kind: str, lang: str) -> str:
    """A bulk line's ``kind`` (``bulk format``, ``price break`` or both, comma-separated)
    in ``lang``."""
    if lang != "fr":
        return kind
    return ", ".join(BULK_KINDS_FR.get(k.strip(), k.strip()) for k in kind.split(","))


def horizon_html(result: HorizonPlan, lang: str = "en") -> str:
    """The manager's page of a horizon (``horizon.html.j2``): per week its cash spent, its
    covers and a link to its report; the money beside the weeks planned one at a time;
    whether the food left pays (:attr:`~cantine_supply.planning.horizon_end.EndStock.pays`);
    the bulk buys. Amounts are the plans' own."""
    w = WORDS["fr" if lang == "fr" else "en"]
    t = texts(lang)

    def amount(value: Decimal | None) -> str:
        return "-" if value is None else t.number(value)

    gap = result.solver.gap
    gap_text = "" if not gap else w["gap"].format(gap=t.share(gap, 2))
    rows = []
    for problem, plan in zip(result.problems, result.plans, strict=False):
        week = problem.week.id
        ind = plan.indicators
        rows.append([week, str(plan.covers), amount(ind.total_ht if ind else None),
                     amount(ind.total_ttc if ind else None),
                     amount(ind.cost_per_cover_ttc if ind else None),
                     str(len(plan.orders))])
    weeks = table_data([w["week"], w["covers"], w["cash_ht"], w["cash_ttc"], w["per_cover"],
                        w["orders"]], rows, numeric=(1, 2, 3, 4, 5),
                       foot=[w["total"], str(sum(p.covers for p in result.plans)),
                             amount(result.cost_ht),
                             amount(result.cash_spent_ttc), "", ""])
    end = result.end_stock
    alone = result.week_by_week
    alone_left = (alone.end_stock_replacement_ht if alone is not None and alone.week_ends
                  else None)
    money = table_data(
        [w["what"], w["together"], w["alone"]],
        [[w["spent"], amount(result.cost_ht), amount(end.week_by_week_spend_ht)],
         [w["left"], amount(result.end_stock_replacement_ht), amount(alone_left)],
         [w["bought_left"], amount(end.bought_ht),
          amount(end.week_by_week_bought_ht)],
         [w["net"], amount(result.net_cost_ht),
          amount(result.week_by_week_net_cost_ht)]],
        numeric=(1, 2))
    saved = end.cash_saved_ht
    if result.cost_ht is None:
        pays = ""  # no plan: the status and the messages say why
    elif saved is None:
        pays = w["no_compare"]
    else:
        pays = (w["pays"] if end.pays else w["not_pays"]).format(
            saved=amount(abs(saved)))
    bulk = None
    if result.bulk_lines:
        bulk = table_data(
            [w["week"], w["date"], w["packs"], w["product"], w["kind"], w["line_total"],
             w["saved"]],
            [[b.week, b.delivery_date.isoformat(), str(b.packs), b.product,
              bulk_kind_text(b.kind, lang), amount(b.total_ht),
              amount(b.saved_ht)] for b in result.bulk_lines],
            numeric=(2, 5, 6))
    title = w["title"].format(weeks=", ".join(result.weeks))
    return render("horizon.html.j2", lang=lang, w=w, title=title,
                  status=w["status"].format(status=t[f"status_{result.status.value}"],
                                            gap=gap_text),
                  messages=list(result.messages), weeks=weeks, money=money, pays=pays,
                  bulk=bulk, reports=[problem.week.id for problem in result.problems])
