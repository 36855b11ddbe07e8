"""The journal as text for the manager, in English or French: what happened per week, and
the invoiced prices that moved. Amounts EUR HT with two decimals; quantities in the
ingredient's base unit; dates ISO (``2026-11-24``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from cantine_supply.journal.history import WeekSummary
from cantine_supply.journal.records import Export
from cantine_supply.report.declare import PriceMove

_EN = {
    "committed": "{week}: committed {at}{times}, ordered {ordered} EUR HT",
    "times": " ({n} commits)",
    "received": "  received: {delivered} lines delivered, {missing} missing, {subs} substitutes,"
                " {corrections} corrections; invoiced {invoiced} EUR HT",
    "not_received": "  not received yet",
    "collection": "  collection {name} {day}: {items} items",
    "above": "; more than guaranteed: ",
    "below": "; less than guaranteed: ",
    "item": "{ingredient} {got} {unit} ({guaranteed} guaranteed)",
    "count": "stock count {day}: {lots} lots",
    "served": "served {day}: {covers} covers",
    "waste": "thrown away {day}: {quantity} {unit} of {ingredient}",
    "round": "round {name}: made {n} time{s}",
    "export": "ma cantine export {at}: {rows} purchases {start} to {end} into {path}",
    "price": "{offer}: list {listed}, invoiced {invoiced} EUR HT a pack{change} on {day}"
             " ({product}, {supplier})",
    "not_listed": "not listed",
    "no_move": "every invoiced price matches the price lists",
}
_FR = {
    "committed": "{week} : plan envoyé le {at}{times}, commandé {ordered} EUR HT",
    "times": " ({n} envois)",
    "received": "  reçu : {delivered} lignes livrées, {missing} manquantes, {subs} remplacements,"
                " {corrections} corrections ; facturé {invoiced} EUR HT",
    "not_received": "  pas encore reçu",
    "collection": "  collecte {name} {day} : {items} produits",
    "above": " ; plus que garanti : ",
    "below": " ; moins que garanti : ",
    "item": "{ingredient} {got} {unit} ({guaranteed} garantis)",
    "count": "inventaire {day} : {lots} lots",
    "served": "servis {day} : {covers} couverts",
    "waste": "jeté {day} : {quantity} {unit} de {ingredient}",
    "round": "tournée {name} : faite {n} fois{s}",
    "export": "export ma cantine {at} : {rows} achats du {start} au {end} dans {path}",
    "price": "{offer} : tarif {listed}, facturé {invoiced} EUR HT le colis{change} le {day}"
             " ({product}, {supplier})",
    "not_listed": "hors tarif",
    "no_move": "tous les prix facturés sont ceux des tarifs",
}


def _texts(lang: str) -> dict[str, str]:
    return _FR if lang == "fr" else _EN


def _eur(cents: int, lang: str) -> str:
    text = f"{cents / 100:.2f}"
    return text.replace(".", ",") if lang == "fr" else text


def journal_lines(weeks: Sequence[WeekSummary], counts: Sequence[tuple[dt.date, int]],
                  served: Mapping[dt.date, int],
                  waste: Sequence[tuple[dt.date, str, float, str]],
                  rounds: Mapping[str, Sequence[tuple[dt.date, str, float, float]]],
                  exports: Sequence[Export], lang: str = "en",
                  names: Mapping[str, str] | None = None) -> list[str]:
    """What happened: per committed week, then counts, covers, waste, rounds, exports.
    ``names`` gives ingredients' names (their ids otherwise)."""
    t = _texts(lang)
    names = names or {}

    def number(value: float) -> str:
        text = f"{value:g}"
        return text.replace(".", ",") if lang == "fr" else text

    out = []
    for w in weeks:
        times = t["times"].format(n=w.commits) if w.commits > 1 else ""
        out.append(t["committed"].format(week=w.week, at=w.committed_at, times=times,
                                         ordered=_eur(w.ordered_ht_cents, lang)))
        if w.receipts:
            out.append(t["received"].format(
                delivered=w.lines_delivered, missing=w.lines_missing, subs=w.substitutes,
                corrections=w.corrections, invoiced=_eur(w.invoiced_ht_cents, lang)))
        else:
            out.append(t["not_received"])
        for made in w.collections:
            line = t["collection"].format(name=made.collection, day=made.date.isoformat(),
                                          items=made.items)
            for key, facts in (("above", made.above), ("below", made.below)):
                if facts:
                    line += t[key] + ", ".join(
                        t["item"].format(ingredient=names.get(f[0], f[0]), got=number(f[1]),
                                         guaranteed=number(f[2]), unit=f[3])
                        for f in facts)
            out.append(line)
    out += [t["count"].format(day=day.isoformat(), lots=lots) for day, lots in counts]
    out += [t["served"].format(day=day.isoformat(), covers=c) for day, c in served.items()]
    out += [t["waste"].format(day=day.isoformat(), quantity=number(q), unit=unit,
                              ingredient=names.get(i, i)) for day, i, q, unit in waste]
    for name, history in rounds.items():
        days = len({entry[0] for entry in history})
        plural = "s" if days > 1 and lang != "fr" else ""
        out.append(t["round"].format(name=name, n=days, s=plural))
    out += [t["export"].format(at=e.exported_at, rows=e.rows, start=e.date_from,
                               end=e.date_to, path=e.path) for e in exports]
    return out


def price_lines(moves: Sequence[PriceMove], lang: str = "en") -> list[str]:
    """One line per offer whose invoiced price moved from the price list."""
    t = _texts(lang)
    if not moves:
        return [t["no_move"]]
    out = []
    for move in moves:
        listed = t["not_listed"] if move.list_ht is None else _eur(round(move.list_ht * 100),
                                                                    lang)
        change = "" if move.change is None else f" ({move.change:+.1%})"
        if lang == "fr":
            change = change.replace(".", ",").replace("%", "\u202f%")
        out.append(t["price"].format(
            offer=move.offer, listed=listed, invoiced=_eur(round(move.invoiced_ht * 100), lang),
            change=change, day=move.delivery_date.isoformat(), product=move.product,
            supplier=move.supplier_name))
    return out
