"""The console of ``plan``: in French under ``--lang fr``, with ingredient names, not ids."""

from __future__ import annotations

import io

from cantine_supply.cli.display import print_plan
from report_week import report_week


def test_french_console_with_names() -> None:
    problem, plan = report_week()
    names = {i.id: i.name for i in problem.catalogue.ingredients}
    out = io.StringIO()
    print_plan(plan, out, lang="fr", names=names)
    text = out.getvalue()
    ind = plan.indicators
    assert ind is not None
    assert text.startswith(f"Semaine {plan.week} : {plan.covers} couverts, plan optimal\n")
    assert f"Total {ind.total_ht:.2f} EUR HT".replace(".", ",") in text
    assert "par couvert" in text and "atteint" in text and "objectif" in text
    assert "livraison mar. 24 nov. 2026" in text
    for run in plan.collections:
        for item in run.items:
            assert names[item.ingredient] in text  # "Carottes <bio> & co", not "carrot"
    assert "Collect " not in text and "Total " in text and " per cover" not in text
    english = io.StringIO()
    print_plan(plan, english)
    assert english.getvalue().startswith(f"Week {plan.week}: {plan.covers} covers, plan optimal")
