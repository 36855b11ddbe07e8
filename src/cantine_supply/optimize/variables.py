"""The week's other decisions: collection rounds and what they take, the servings of each
lot, the menu's choices and the split of flexible lines (the notation of :mod:`.build`)."""

from __future__ import annotations

from ortools.math_opt.python import mathopt

from cantine_supply.optimize.registry import Registry
from cantine_supply.problem.lots import lots_of
from cantine_supply.problem.week import WeekProblem


def add_collection_variables(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """``t[c,d]`` binary per collection round, fixed to 1 for a round marked ``always``
    (made whether it pays or not); ``q[c,d,i]`` in [0, guaranteed]."""
    needed = problem.most_need_by_ingredient()
    for slot in problem.collection_slots:
        collection = problem.collections[slot.collection]
        reg.trip[(slot.collection, slot.date)] = model.add_variable(
            lb=1.0 if collection.always else 0.0,
            ub=1.0,
            is_integer=True,
            name=f"trip[{slot.collection},{slot.date}]",
        )
        for item in collection.items:
            if item.ingredient in needed:
                reg.take[(slot.collection, slot.date, item.ingredient)] = model.add_variable(
                    lb=0,
                    ub=item.guaranteed,
                    name=f"take[{slot.collection},{slot.date},{item.ingredient}]",
                )


def add_allocation_variables(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """``a[i,l,s] >= 0`` for every lot ``l`` of ``i`` usable on a day ``s`` that needs ``i``."""
    need_days = problem.need_days()
    reg.lots = lots_of(problem)
    for lot in reg.lots:
        for day in need_days.get(lot.ingredient, ()):
            if lot.start <= day <= lot.until:
                reg.alloc[(lot.ingredient, lot.key, day)] = model.add_variable(
                    lb=0, name=f"serve[{lot.ingredient},{lot.key},{day}]"
                )


def add_menu_variables(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """``x[c,r]`` binary for each candidate ``r`` of each course ``c`` to choose, with
    ``Σ_r x[c,r] = 1`` (exactly one recipe per course)."""
    for index, choice in enumerate(problem.choices):
        for candidate in choice.candidates:
            reg.menu[(index, candidate.recipe)] = model.add_binary_variable(
                name=f"menu[{choice.date},{choice.service},{choice.course},{candidate.recipe}]"
            )
        model.add_linear_constraint(
            mathopt.fast_sum(reg.menu[(index, c.recipe)] for c in choice.candidates) == 1,
            name=f"one_recipe[{choice.date},{choice.service},{choice.course}]",
        )


def add_flexible_lines(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """Flexible lines: ``g[k,i]`` in [0, 1] per option ``i`` of line ``k``, with
    ``Σ_i g[k,i] = on_k`` and ``min_i · on_k <= g[k,i] <= max_i · on_k``, where ``on_k`` is 1
    on a fixed course (the bounds are then the variable's own) and ``x[c,r]`` when the line
    belongs to candidate ``r`` of course ``c``. The line then needs ``g[k,i] · full_need_i``
    of each option (see :func:`add_coverage`)."""
    for k, group in enumerate(problem.groups):
        where = f"{group.date},{group.service},{group.course},{group.recipe},{group.label}"
        shares = []
        for option in group.options:
            fixed = group.choice is None
            share = model.add_variable(
                lb=option.min_share if fixed else 0.0,
                ub=option.max_share if fixed else 1.0,
                name=f"share[{where},{option.ingredient}]",
            )
            reg.group_share[(k, option.ingredient)] = share
            shares.append(share)
            if group.choice is not None:
                chosen = reg.menu[(group.choice, group.recipe)]
                if option.min_share > 0:
                    model.add_linear_constraint(share >= option.min_share * chosen)
                model.add_linear_constraint(share <= option.max_share * chosen)
        on = 1.0 if group.choice is None else reg.menu[(group.choice, group.recipe)]
        model.add_linear_constraint(mathopt.fast_sum(shares) == on, name=f"split[{where}]")
