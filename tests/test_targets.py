"""The one table of targets (``model/targets.py``): its names are the week's target fields,
each share's predicate picks the lines the EGalim rules and the canteen's definitions say,
and values are written once for every reader."""

from __future__ import annotations

import attrs
import pytest
from tests.builders import ingredient, offer, supplier

from cantine_supply.model import Locality, Offer, Supplier, Targets
from cantine_supply.model.targets import CAPS, SHARES, TARGETS, target


def test_the_table_names_every_target_of_a_week_and_the_budget() -> None:
    fields = {f.name for f in attrs.fields(Targets)}
    assert set(SHARES) | set(CAPS) == fields - {"share_basis", "min_vegetarian_mains"}
    assert tuple(TARGETS) == ("budget", *SHARES, *CAPS)
    assert Targets.SHARES == SHARES
    assert {TARGETS[n].bound for n in SHARES} == {"min"}
    assert {TARGETS[n].bound for n in ("budget", *CAPS)} == {"max"}


def test_each_share_counts_the_lines_its_rule_names() -> None:
    """Organic: BIO or CONVERSION_BIO; EGalim: any EGalim label (HVE here); local: a
    supplier with a local definition; short chain: at most one intermediary; the
    meat-and-fish share: an EGalim label, counted only on meat and fish."""
    near = supplier("near", local=Locality("DEPARTEMENT"), intermediaries=1)
    far = supplier("far", intermediaries=2)
    organic = offer("near", "carrot", 1, 2.0, labels=("CONVERSION_BIO",))
    hve = offer("far", "carrot", 1, 2.0, labels=("HVE",))
    plain = offer("far", "carrot", 1, 2.0)

    def qualifying(o: Offer, s: Supplier) -> set[str]:
        return {n for n in SHARES if TARGETS[n].qualifies(o, s)}

    assert qualifying(organic, near) == {"organic_share", "egalim_share", "local_share",
                                         "circuit_court_share", "meat_fish_egalim_share"}
    assert qualifying(hve, far) == {"egalim_share", "meat_fish_egalim_share"}
    assert qualifying(plain, far) == set()
    carrot = ingredient("carrot")
    hake = ingredient("hake", family="PRODUITS_DE_LA_MER", protein="fish")
    assert [n for n in SHARES if not TARGETS[n].counts(carrot)] == ["meat_fish_egalim_share"]
    assert all(TARGETS[n].counts(hake) for n in SHARES)


def test_values_are_written_with_the_tables_decimals_and_symbol() -> None:
    assert TARGETS["organic_share"].value_text(0.3291) == "32.9%"
    assert TARGETS["organic_share"].value_text(0.3291, "fr") == "32,9\u00a0%"
    assert TARGETS["max_meat_g_per_cover"].value_text(30.64) == "30.6 g"
    assert TARGETS["max_co2_kg_per_cover"].value_text(0.8567, "fr") == "0,857 kg"
    assert TARGETS["budget"].value_text(352.344) == "352.34 EUR"
    assert TARGETS["local_share"].value_text(None) == "n/a"
    assert TARGETS["local_share"].value_text(None, "fr") == "n.d."


def test_words_and_labels_in_both_languages() -> None:
    kind = TARGETS["circuit_court_share"]
    assert (kind.word("en"), kind.word("fr")) == ("short-chain", "circuit court")
    assert (kind.label("en"), kind.label("fr")) == ("short-chain share",
                                                    "part en circuit court")
    assert TARGETS["max_co2_kg_per_cover"].per_cover_unit == "kg CO2e"


def test_an_unknown_target_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="organic_share"):
        target("bio")
