"""EGalim indicators, with every expected share worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cantine_supply.model.codes import Family, Label, LocalDefinition, Origin, Region
from cantine_supply.report import (
    EgalimIndicators,
    Purchase,
    egalim_category,
    egalim_indicators,
    format_share,
    targets_for,
    value_cents,
)

DAY = dt.date(2024, 3, 4)


def buy(
    value: float,
    family: Family = Family.AUTRES,
    *labels: Label,
    local: bool = False,
    circuit_court: bool = False,
) -> Purchase:
    return Purchase(
        description="item",
        supplier="ferme",
        date=DAY,
        value_ht=value,
        family=family,
        labels=labels,
        origin=Origin.FRANCE,
        circuit_court=circuit_court,
        local=local,
        local_definition=None,
        local_km=None,
    )


# --------------------------------------------------------------------------- categories


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ((Label.BIO, Label.LABEL_ROUGE), "bio"),
        ((Label.LABEL_ROUGE, Label.BIO), "bio"),
        ((Label.CONVERSION_BIO,), "bio"),
        ((Label.IGP, Label.HVE, Label.EXTERNALITES), "siqo"),
        ((Label.COMMERCE_EQUITABLE, Label.PERFORMANCE), "egalim_other"),
        ((Label.PERFORMANCE,), "externalities"),
        ((), None),
    ],
)
def test_category_is_the_first_group_in_order(
    labels: tuple[Label, ...], expected: str | None
) -> None:
    assert egalim_category(labels) == expected


def test_purchase_with_several_labels_counts_once_in_its_highest_group() -> None:
    purchases = [
        buy(100.00, Family.FRUITS_ET_LEGUMES, Label.BIO, Label.LABEL_ROUGE),  # bio only
        buy(50.00, Family.PRODUITS_LAITIERS, Label.AOCAOP, Label.HVE),  # siqo only
        buy(30.00, Family.AUTRES, Label.HVE, Label.EXTERNALITES),  # egalim_other only
        buy(20.00, Family.AUTRES, Label.PERFORMANCE),  # externalities
        buy(200.00, Family.AUTRES),  # nothing
    ]
    ind = egalim_indicators(purchases)
    # total = 100 + 50 + 30 + 20 + 200 = 400
    assert ind.total_ht == 400.00
    assert (ind.bio_ht, ind.siqo_ht, ind.egalim_other_ht, ind.externalities_ht) == (
        100.00,
        50.00,
        30.00,
        20.00,
    )
    # egalim = 100 + 50 + 30 + 20 = 200, not 100 + 2*50 + 2*30 + 20 (each purchase once)
    assert ind.egalim_ht == 200.00
    # bio share = 100 / 400 = 0.25 ; egalim share = 200 / 400 = 0.5
    assert ind.bio_share == 0.25
    assert ind.egalim_share == 0.5
    # metropole targets 20% / 50%: 0.25 >= 0.20 and 0.5 >= 0.5 (exactly at the target)
    assert (ind.bio_target, ind.egalim_target) == (0.20, 0.50)
    assert ind.bio_met is True
    assert ind.egalim_met is True


def test_just_below_the_target_is_not_met() -> None:
    # egalim = 199.99, total = 400.00: 199.99 / 400 = 0.499975 < 0.5
    ind = egalim_indicators([buy(199.99, Family.AUTRES, Label.HVE), buy(200.01)])
    assert ind.egalim_met is False
    assert ind.egalim_share == pytest.approx(0.499975)


# --------------------------------------------------------------------------- meat and fish


def test_charcuterie_is_not_in_the_meat_share() -> None:
    purchases = [
        buy(60.00, Family.VIANDES_VOLAILLES, Label.LABEL_ROUGE),
        buy(40.00, Family.VIANDES_VOLAILLES),
        buy(100.00, Family.CHARCUTERIE, Label.LABEL_ROUGE),
    ]
    ind = egalim_indicators(purchases)
    # meat = 60 + 40 = 100 (charcuterie left out), meat egalim = 60 -> 60 / 100 = 0.6
    # (with charcuterie it would be (60 + 100) / 200 = 0.8)
    assert ind.meat_ht == 100.00
    assert ind.meat_egalim_ht == 60.00
    assert ind.meat_egalim_share == 0.6
    # no fish bought: the fish share is undefined, not 0
    assert ind.fish_ht == 0.0
    assert ind.fish_egalim_share is None
    # meat + fish = 60 / 100 = 0.6 >= 0.6
    assert ind.meat_fish_egalim_share == 0.6
    assert ind.meat_fish_met is True
    # the charcuterie still counts in the overall shares: egalim = 60 + 100 = 160 / 200
    assert ind.egalim_share == 0.8


def test_meat_counts_any_egalim_label_even_a_lower_group() -> None:
    # externalities is the lowest group, but still an EGalim label: 10 / 10 = 1.0
    ind = egalim_indicators([buy(10.00, Family.VIANDES_VOLAILLES, Label.PERFORMANCE)])
    assert ind.meat_egalim_share == 1.0


def test_meat_and_fish_target_is_on_the_two_families_together() -> None:
    purchases = [
        buy(70.00, Family.VIANDES_VOLAILLES, Label.LABEL_ROUGE),
        buy(30.00, Family.VIANDES_VOLAILLES),
        buy(50.00, Family.PRODUITS_DE_LA_MER, Label.PECHE_DURABLE),
        buy(50.00, Family.PRODUITS_DE_LA_MER),
    ]
    ind = egalim_indicators(purchases)
    # meat 70 / 100 = 0.7 ; fish 50 / 100 = 0.5 ; together (70 + 50) / 200 = 0.6 -> met
    assert ind.meat_egalim_share == 0.7
    assert ind.fish_egalim_share == 0.5
    assert ind.meat_fish_egalim_share == 0.6
    assert ind.meat_fish_target == 0.6
    assert ind.meat_fish_met is True


def test_meat_and_fish_share_is_weighted_by_value_not_an_average() -> None:
    purchases = [
        buy(80.00, Family.VIANDES_VOLAILLES, Label.BIO),
        buy(20.00, Family.VIANDES_VOLAILLES),
        buy(150.00, Family.PRODUITS_DE_LA_MER, Label.PECHE_DURABLE),
        buy(150.00, Family.PRODUITS_DE_LA_MER),
    ]
    ind = egalim_indicators(purchases)
    # meat 80 / 100 = 0.8 ; fish 150 / 300 = 0.5 ; mean of the two 0.65 would pass, but
    # together (80 + 150) / (100 + 300) = 230 / 400 = 0.575 < 0.6 -> not met
    assert ind.meat_fish_egalim_share == 230 / 400
    assert ind.meat_fish_met is False


# --------------------------------------------------------------------------- undefined


def test_zero_total_is_undefined_not_zero() -> None:
    for purchases in ([], [buy(0.0, Family.VIANDES_VOLAILLES, Label.BIO)]):
        ind = egalim_indicators(purchases)
        assert ind.total_ht == 0.0
        shares = (
            ind.bio_share,
            ind.egalim_share,
            ind.meat_egalim_share,
            ind.fish_egalim_share,
            ind.meat_fish_egalim_share,
            ind.local_share,
            ind.circuit_court_share,
        )
        assert shares == (None,) * 7
        assert (ind.bio_met, ind.egalim_met, ind.meat_fish_met) == (None, None, None)
        assert format_share(ind.bio_share) == "n/a"


def test_no_meat_nor_fish_leaves_only_that_share_undefined() -> None:
    ind = egalim_indicators([buy(10.00, Family.FRUITS_ET_LEGUMES)])
    # total 10, nothing labelled: 0 / 10 = 0.0 (defined, and not met)
    assert ind.bio_share == 0.0
    assert ind.bio_met is False
    assert ind.meat_fish_egalim_share is None
    assert ind.meat_fish_met is None


# --------------------------------------------------------------------------- regions


def test_targets_for_every_region() -> None:
    assert targets_for(Region.METROPOLE) == (0.20, 0.50)
    for region in (
        Region.GUADELOUPE,
        Region.MARTINIQUE,
        Region.GUYANE,
        Region.LA_REUNION,
        Region.SAINT_MARTIN,
    ):
        assert targets_for(region) == (0.05, 0.20)
    assert targets_for(Region.MAYOTTE) == (0.02, 0.05)
    assert targets_for(Region.SAINT_PIERRE_ET_MIQUELON) == (0.10, 0.30)


def test_overseas_thresholds_change_met() -> None:
    purchases = [
        buy(10.00, Family.FRUITS_ET_LEGUMES, Label.BIO),
        buy(15.00, Family.FRUITS_ET_LEGUMES, Label.HVE),
        buy(75.00, Family.FRUITS_ET_LEGUMES),
    ]
    # bio = 10 / 100 = 0.10 ; egalim = (10 + 15) / 100 = 0.25
    metropole = egalim_indicators(purchases)
    assert (metropole.bio_share, metropole.egalim_share) == (0.10, 0.25)
    assert (metropole.bio_met, metropole.egalim_met) == (False, False)  # 0.10 < 0.20, 0.25 < 0.50
    reunion = egalim_indicators(purchases, Region.LA_REUNION)
    assert (reunion.bio_target, reunion.egalim_target) == (0.05, 0.20)
    assert (reunion.bio_met, reunion.egalim_met) == (True, True)  # 0.10 >= 0.05, 0.25 >= 0.20
    spm = egalim_indicators(purchases, Region.SAINT_PIERRE_ET_MIQUELON)
    assert (spm.bio_met, spm.egalim_met) == (True, False)  # 0.10 >= 0.10, 0.25 < 0.30
    # the meat-and-fish target is 60% overseas too
    assert reunion.meat_fish_target == 0.60


# --------------------------------------------------------------------------- information only


def test_local_and_circuit_court_are_information_only() -> None:
    purchases = [
        buy(30.00, Family.FRUITS_ET_LEGUMES, local=True, circuit_court=True),
        buy(20.00, Family.FRUITS_ET_LEGUMES, circuit_court=True),
        buy(50.00, Family.FRUITS_ET_LEGUMES, Label.BIO),
    ]
    ind = egalim_indicators(purchases)
    # local 30 / 100 = 0.3 ; circuit court (30 + 20) / 100 = 0.5 ; egalim only the bio 50 / 100
    assert ind.local_share == 0.3
    assert ind.circuit_court_share == 0.5
    assert ind.egalim_share == 0.5


# --------------------------------------------------------------------------- money


def test_money_is_summed_exactly_in_cents() -> None:
    # ten purchases of 0.10: a float sum gives 0.9999999999999999, cents give exactly 1.00
    ind = egalim_indicators([buy(0.10, Family.AUTRES, Label.BIO)] * 10)
    assert ind.total_ht == 1.00
    assert ind.bio_share == 1.0
    # 0.1 + 0.2 = 0.30000000000000004 in floats: rounded once to 30 cents
    assert value_cents(0.1 + 0.2) == 30
    # half a cent rounds up on the decimal amount, not on its binary approximation
    assert value_cents(2.675) == 268
    assert value_cents(0.004) == 0


def test_format_share_for_display() -> None:
    assert format_share(0.25) == "25.0 %"
    assert format_share(0.5, digits=0) == "50 %"


# --------------------------------------------------------------------------- validators


@pytest.mark.parametrize("value", [-0.01, math.nan, math.inf])
def test_purchase_value_must_be_finite_and_non_negative(value: float) -> None:
    with pytest.raises(ValueError, match="value_ht"):
        buy(value)


def test_local_definition_only_when_local() -> None:
    with pytest.raises(ValueError, match="not local"):
        Purchase("x", "y", DAY, 1.0, Family.AUTRES, local=False, local_definition="REGION")
    ok = Purchase("x", "y", DAY, 1.0, Family.AUTRES, local=True, local_definition="REGION")
    assert ok.local_definition is LocalDefinition.REGION


def test_local_km_only_with_km() -> None:
    with pytest.raises(ValueError, match="not KM"):
        Purchase(
            "x",
            "y",
            DAY,
            1.0,
            Family.AUTRES,
            local=True,
            local_definition=LocalDefinition.PAT,
            local_km=5.0,
        )
    ok = Purchase(
        "x",
        "y",
        DAY,
        1.0,
        Family.AUTRES,
        local=True,
        local_definition=LocalDefinition.KM,
        local_km=5.0,
    )
    assert ok.local_km == 5.0


def test_purchase_date_is_a_date_and_labels_are_unique() -> None:
    with pytest.raises(ValueError, match="datetime"):
        Purchase("x", "y", dt.datetime(2024, 3, 4, 12, 0), 1.0, Family.AUTRES)
    with pytest.raises(ValueError, match="twice"):
        Purchase("x", "y", DAY, 1.0, Family.AUTRES, labels=(Label.BIO, Label.BIO))
    with pytest.raises(ValueError):
        Purchase("x", "y", DAY, 1.0, Family.AUTRES, labels=("NOT_A_LABEL",))


# --------------------------------------------------------------------------- property


def _purchases_strategy() -> st.SearchStrategy[Purchase]:
    common = {
        "description": st.text(min_size=1, max_size=20),
        "supplier": st.text(min_size=1, max_size=20),
        "date": st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)),
        "value_ht": st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False),
        "family": st.sampled_from(Family),
        "labels": st.lists(st.sampled_from(Label), unique=True, max_size=4).map(tuple),
        "origin": st.sampled_from(Origin),
        "circuit_court": st.booleans(),
    }
    not_local = st.builds(
        Purchase, **common, local=st.just(False), local_definition=st.none(), local_km=st.none()
    )
    local = st.builds(
        Purchase,
        **common,
        local=st.just(True),
        local_definition=st.sampled_from([*LocalDefinition, None]),
        local_km=st.none(),
    )
    local_km = st.builds(
        Purchase,
        **common,
        local=st.just(True),
        local_definition=st.just(LocalDefinition.KM),
        local_km=st.none() | st.floats(min_value=0, max_value=500, allow_nan=False),
    )
    return not_local | local | local_km


def _in_unit(share: float | None) -> bool:
    return share is None or 0.0 <= share <= 1.0


@settings(max_examples=200, derandomize=True)
@given(
    purchases=st.lists(_purchases_strategy(), max_size=12),
    region=st.sampled_from(Region),
)
def test_indicator_invariants(purchases: list[Purchase], region: Region) -> None:
    ind: EgalimIndicators = egalim_indicators(purchases, region)
    shares = (
        ind.bio_share,
        ind.egalim_share,
        ind.meat_egalim_share,
        ind.fish_egalim_share,
        ind.meat_fish_egalim_share,
        ind.local_share,
        ind.circuit_court_share,
    )
    assert all(_in_unit(s) for s in shares)
    total_cents = sum(value_cents(p.value_ht) for p in purchases)
    assert (ind.egalim_share is None) == (total_cents == 0)
    if ind.bio_share is not None and ind.egalim_share is not None:
        assert ind.egalim_share >= ind.bio_share
    # the four groups add up, to the cent, to the value of the labelled purchases
    groups = [ind.bio_ht, ind.siqo_ht, ind.egalim_other_ht, ind.externalities_ht]
    labelled = sum(value_cents(p.value_ht) for p in purchases if p.labels)
    assert sum(value_cents(x) for x in groups) == labelled == value_cents(ind.egalim_ht)
    # the combined meat-and-fish share lies between the two families' shares
    if ind.meat_egalim_share is not None and ind.fish_egalim_share is not None:
        low, high = sorted((ind.meat_egalim_share, ind.fish_egalim_share))
        assert ind.meat_fish_egalim_share is not None
        assert low - 1e-12 <= ind.meat_fish_egalim_share <= high + 1e-12
    # met is None exactly when its share is undefined
    assert (ind.bio_met is None) == (ind.bio_share is None)
    assert (ind.meat_fish_met is None) == (ind.meat_fish_egalim_share is None)
