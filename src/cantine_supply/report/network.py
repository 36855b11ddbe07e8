"""What each side of a pooled week receives, as files.

- per supplier and delivery day, one **pooled order form** (``pooled-orders/<date>_<supplier>
  .csv`` and ``.html``): the pooled lines at the pooled prices, the fee, the minimum order,
  and one column per canteen with the packs to deliver there (with a hub delivery,
  everything goes to the hub and the columns say whose goods they are);
- the **split** (``split.csv`` and ``network.html``): for each canteen, what it would pay
  alone, its goods at the pooled prices, its part of the fees and transfers, the
  adjustment that keeps it at or below alone, what it pays and its saving, with the rule;
- ``plan.json``: the whole result (:meth:`~cantine_supply.network.NetworkPlan.to_json`);
- per canteen, its own folder ``canteens/<id>/``: its order view, weekly report and
  cost-per-cover sheet, from :func:`~cantine_supply.report.outputs.render_outputs` (its
  order forms show its lines at the pooled prices; the fees are in its share).

Labels in English or French (``lang``); amounts are the plan's own, to the cent.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from pathlib import Path

from cantine_supply.network.result import NetworkPlan, PooledOrder
from cantine_supply.plans.to_json import dumps
from cantine_supply.report.cells import spreadsheet_writer
from cantine_supply.report.order_forms import slug
from cantine_supply.report.outputs import check_out_dir, render_outputs, write_folder
from cantine_supply.report.templating import render, table_data

WORDS = {
    "en": {
        "pooled_order": "Pooled order", "supplier": "supplier", "delivery_date":
        "delivery date", "product": "product", "offer": "offer", "packs": "packs",
        "pack_size": "pack size", "unit_price_ht": "unit price HT", "vat_rate": "VAT rate",
        "total_ht": "total HT", "fee": "delivery fees", "total": "total", "min_order":
        "minimum order HT", "deliver": "deliver to", "hub": "everything to the hub",
        "canteen": "canteen", "alone": "alone TTC", "goods": "goods TTC", "fees":
        "fees TTC", "transfers": "transfers", "adjustment": "adjustment", "pays":
        "pays TTC", "saving": "saving", "network": "Pooled orders of",
        "rule": "Each canteen pays its goods at the pooled prices, the delivery fees of each"
        " pooled order and the day's transfers in proportion to the value of its goods in"
        " them, and never more than its own optimal plan alone: any excess is paid by the"
        " canteens that save, in proportion to their saving.",
    },
    "fr": {
        "pooled_order": "Commande groupée", "supplier": "fournisseur", "delivery_date":
        "date de livraison", "product": "produit", "offer": "offre", "packs": "colis",
        "pack_size": "conditionnement", "unit_price_ht": "prix unitaire HT", "vat_rate":
        "taux de TVA", "total_ht": "total HT", "fee": "frais de livraison", "total":
        "total", "min_order": "minimum de commande HT", "deliver": "à livrer à", "hub":
        "tout au point de dépôt", "canteen": "cantine", "alone": "seule TTC", "goods":
        "marchandises TTC", "fees": "frais TTC", "transfers": "navettes", "adjustment":
        "ajustement", "pays": "paie TTC", "saving": "économie", "network":
        "Commandes groupées de",
        "rule": "Chaque cantine paie ses marchandises au prix de la commande groupée, les"
        " frais de livraison de chaque commande et les navettes du jour au prorata de la"
        " valeur de ses marchandises, et jamais plus que son propre plan optimal seule :"
        " l'excédent éventuel est payé par les cantines qui économisent, au prorata de leur"
        " économie.",
    },
}


def _words(lang: str) -> dict[str, str]:
    return WORDS["fr" if lang == "fr" else "en"]


def _stem(order: PooledOrder) -> str:
    return f"{order.delivery_date.isoformat()}_{slug(order.supplier)}"


def pooled_order_csv(result: NetworkPlan, order: PooledOrder, lang: str = "en") -> str:
    """One pooled order as CSV: a ``line`` row per product with one column of packs per
    canteen, then ``delivery_fee``, ``total`` and ``minimum_order`` rows."""
    w = _words(lang)
    names = [part.canteen for part in result.parts]
    buffer = io.StringIO(newline="")
    writer = spreadsheet_writer(buffer, lineterminator="\r\n")
    writer.writerow(["kind", w["supplier"], w["delivery_date"], w["product"], w["offer"],
                     w["packs"], w["pack_size"], w["unit_price_ht"], w["vat_rate"],
                     w["total_ht"], *(f"{w['deliver']} {n}" for n in names)])
    common = [order.supplier_name, order.delivery_date.isoformat()]
    for line in order.lines:
        split = dict(line.split)
        writer.writerow(["line", *common, line.product, line.offer, line.packs,
                         line.pack_label, f"{line.price_per_pack_ht:.2f}", repr(line.vat_rate),
                         f"{line.total_ht:.2f}", *(split.get(n, 0) for n in names)])
    writer.writerow(["delivery_fee", *common, w["fee"], "", "", "", "", "",
                     f"{order.fee_ht:.2f}", *("" for _ in names)])
    writer.writerow(["total", *common, w["total"], "", "", "", "", "",
                     f"{order.lines_ht + order.fee_ht:.2f}", *("" for _ in names)])
    if order.min_order_ht > 0:
        writer.writerow(["minimum_order", *common, w["min_order"], "", "", "", "", "",
                         f"{order.min_order_ht:.2f}", *("" for _ in names)])
    return buffer.getvalue()


def pooled_order_html(result: NetworkPlan, order: PooledOrder, lang: str = "en") -> str:
    """One pooled order as a printable page, the packs per canteen in columns
    (``pooled_order.html.j2``)."""
    w = _words(lang)
    names = [part.canteen for part in result.parts]
    rows: list[list[object]] = [
        [line.product, line.pack_label, line.packs, f"{line.price_per_pack_ht:.2f}",
         f"{line.total_ht:.2f}", *(dict(line.split).get(n, "") for n in names)]
        for line in order.lines]
    rows.append([w["fee"], "", "", "", f"{order.fee_ht:.2f}", *("" for _ in names)])
    lines = table_data(
        [w["product"], w["pack_size"], w["packs"], w["unit_price_ht"], w["total_ht"],
         *(f"{w['deliver']} {n}" for n in names)], rows,
        numeric=range(2, 5 + len(names)),
        foot=[w["total"], "", "", "", f"{order.lines_ht + order.fee_ht:.2f}",
              *("" for _ in names)])
    return render("pooled_order.html.j2", lang=lang, w=w, lines=lines,
                  title=f"{w['pooled_order']} {order.supplier_name} {order.delivery_date}",
                  supplier_name=order.supplier_name,
                  delivery_date=order.delivery_date.isoformat(), hub=result.delivery == "hub")


def _split_rows(result: NetworkPlan) -> list[list[str]]:
    return [[part.canteen, f"{s.alone:.2f}", f"{s.goods:.2f}", f"{s.fees:.2f}",
             f"{s.transfers:.2f}", f"{s.adjustment:.2f}", f"{s.total:.2f}", f"{s.saving:.2f}"]
            for part in result.parts for s in (part.share,)]


def split_csv(result: NetworkPlan, lang: str = "en") -> str:
    """Each canteen's share: alone, goods, fees, transfers, adjustment, pays, saving; then
    the network's totals."""
    w = _words(lang)
    buffer = io.StringIO(newline="")
    writer = spreadsheet_writer(buffer, lineterminator="\r\n")
    keys = ("canteen", "alone", "goods", "fees", "transfers", "adjustment", "pays", "saving")
    writer.writerow([w[k] for k in keys])
    writer.writerows(_split_rows(result))
    writer.writerow([w["total"], f"{result.alone:.2f}", "", "", "", "",
                     f"{result.total:.2f}", f"{result.saving:.2f}"])
    return buffer.getvalue()


def network_html(result: NetworkPlan, lang: str = "en") -> str:
    """The split on one page, with the rule and the list of pooled orders
    (``network.html.j2``)."""
    w = _words(lang)
    keys = ("canteen", "alone", "goods", "fees", "transfers", "adjustment", "pays", "saving")
    split = table_data([w[k] for k in keys], _split_rows(result), numeric=range(1, 8),
                       foot=[w["total"], f"{result.alone:.2f}", "", "", "", "",
                             f"{result.total:.2f}", f"{result.saving:.2f}"])
    orders = table_data([w["delivery_date"], w["supplier"], w["total_ht"], w["fee"]],
                        [[o.delivery_date.isoformat(), o.supplier_name, f"{o.lines_ht:.2f}",
                          f"{o.fee_ht:.2f}"] for o in result.orders],
                        numeric=(2, 3))
    return render("network.html.j2", lang=lang, w=w, split=split, orders=orders,
                  title=f"{w['network']} {result.network} {result.week}",
                  network=result.network, week=result.week)


def render_network_outputs(result: NetworkPlan, lang: str = "en") -> dict[str, str]:
    """Every file of a network's week: relative path to content (nothing written)."""
    files = {"plan.json": dumps(result),
             "split.csv": split_csv(result, lang), "network.html": network_html(result, lang)}
    for order in result.orders:
        stem = _stem(order)
        files[f"pooled-orders/{stem}.csv"] = pooled_order_csv(result, order, lang)
        files[f"pooled-orders/{stem}.html"] = pooled_order_html(result, order, lang)
    for part in result.parts:
        for relative, content in render_outputs(part.problem, part.plan, lang=lang).items():
            files[f"canteens/{slug(part.canteen)}/{relative}"] = content
    return files


def write_network_outputs(result: NetworkPlan, out_dir: str | os.PathLike[str], *,
                          force: bool = False, lang: str = "en",
                          protected: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """Write :func:`render_network_outputs` into the new folder ``out_dir`` at once (a
    temporary folder next to it, renamed into place, with its ``manifest.json``, under the
    folder's lock) through :func:`~cantine_supply.report.outputs.write_folder`: nothing
    a user owns is replaced, and the data folders (``protected``) are never written
    into."""
    check_out_dir(out_dir, force=force, protected=protected)  # before rendering
    return write_folder(render_network_outputs(result, lang), out_dir, force=force,
                        protected=protected)
