"""Properties of the period's EGalim indicators against a direct count, on random
purchases (explicit strategies, derandomized, fixed example count)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from cantine_supply.model import Family, Label, Origin
from cantine_supply.report.egalim import Purchase
from cantine_supply.report.egalim_period import LABEL_PRIORITY, period_indicators, top_label

purchases = st.lists(
    st.builds(
        Purchase,
        description=st.just("produit"),
        supplier=st.just("fournisseur"),
        date=st.just(dt.date(2026, 3, 2)),
        value_ht=st.integers(min_value=0, max_value=500_000).map(lambda c: c / 100),
        family=st.sampled_from(list(Family)),
        labels=st.lists(st.sampled_from(list(Label)), unique=True, max_size=4).map(tuple),
        origin=st.sampled_from(list(Origin)),
    ),
    max_size=25,
)


@settings(derandomize=True, max_examples=150, deadline=None)
@given(purchases)
def test_every_purchase_counts_once_under_its_highest_label(items: list[Purchase]) -> None:
    ind = period_indicators(items)
    cents = [round(p.value_ht * 100) for p in items]
    by_label = {name: 0 for name, _ in LABEL_PRIORITY}
    for p, c in zip(items, cents, strict=True):
        name = next((n for n, group in LABEL_PRIORITY if set(p.labels) & group), None)
        assert top_label(p.labels) == name
        if name is not None:
            by_label[name] += c
    assert {k: round(v * 100) for k, v in ind.by_label_ht} == by_label
    assert sum(by_label.values()) == round(ind.egalim.egalim_ht * 100)
    assert round(ind.egalim.bio_ht * 100) == by_label["bio"]
    assert round(ind.egalim.siqo_ht * 100) == by_label["label_rouge"] + by_label["aocaop_igp_stg"]
    fair = [c for p, c in zip(items, cents, strict=True)
            if Label.COMMERCE_EQUITABLE in p.labels]
    assert round((ind.bio_fair_trade_ht + ind.egalim_other_fair_trade_ht) * 100) <= sum(fair)
    assert ind.bio_fair_trade_ht <= ind.egalim.bio_ht
    assert ind.egalim_other_fair_trade_ht <= ind.egalim.egalim_other_ht
    meat_fr = sum(c for p, c in zip(items, cents, strict=True)
                  if p.family is Family.VIANDES_VOLAILLES and p.origin is Origin.FRANCE)
    assert round(ind.meat_france_ht * 100) == meat_fr
    charcuterie = sum(c for p, c in zip(items, cents, strict=True)
                      if p.family is Family.CHARCUTERIE)
    assert round(ind.charcuterie_ht * 100) == charcuterie
    if ind.meat_fish_france_share is not None:
        assert 0.0 <= ind.meat_fish_france_share <= 1.0
