"""What a week's menus need: per ingredient and service day, from fixed courses, courses
to choose (their candidate recipes) and flexible lines (recipe groups split between options).

Every quantity is in the ingredient's base unit: covers × gross quantity per cover.
:func:`~cantine_supply.problem.week.week_problem` gathers them into a
:class:`~cantine_supply.problem.week.WeekProblem`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import attrs

from cantine_supply.model import Catalogue, Week
from cantine_supply.model.codes import ProteinClass


@attrs.frozen
class Need:
    """Quantity of an ingredient (base unit) needed for the service on ``date``."""

    ingredient: str
    date: dt.date
    quantity: float


@attrs.frozen
class Candidate:
    """One candidate recipe of a course to choose: its needs for the service, per
    ingredient in base units (covers × gross quantity per cover), and its kind of main."""

    recipe: str
    needs: tuple[tuple[str, float], ...]
    vegetarian: bool
    meat: bool
    fish: bool


@attrs.frozen
class CourseChoice:
    """A course of the service on ``date`` (``service`` its name) with several candidate
    recipes, of which the plan serves exactly one to ``covers`` guests."""

    date: dt.date
    service: str
    course: str
    covers: int
    candidates: tuple[Candidate, ...]


@attrs.frozen
class GroupOptionNeed:
    """One option of a flexible line in a service: ``full_need`` is what the service needs
    of ``ingredient`` if this option alone fills the line (covers × gross per cover, base
    unit); its share lies between ``min_share`` and ``max_share``."""

    ingredient: str
    full_need: float
    min_share: float
    max_share: float


@attrs.frozen
class GroupNeed:
    """A flexible line (recipe group ``label``) served on ``date`` by ``service``'s
    ``course`` in recipe ``recipe``. ``choice`` is the index in ``WeekProblem.choices``
    when the recipe is a candidate (the line is then needed only if it is chosen), None on a
    fixed course. The plan splits the line between ``options``, shares summing to 1."""

    date: dt.date
    service: str
    course: str
    recipe: str
    label: str
    options: tuple[GroupOptionNeed, ...]
    choice: int | None = None



def fixed_needs(catalogue: Catalogue, week: Week) -> tuple[Need, ...]:
    """The needs of the fixed courses, summed per ingredient and service day."""
    quantities: dict[tuple[str, dt.date], float] = defaultdict(float)
    for service in week.services:
        for course in service.courses:
            if not course.is_fixed:
                continue
            recipe = catalogue.recipe_by_id[course.recipes[0]]
            for line in recipe.lines:
                quantities[(line.ingredient, service.date)] += service.covers * line.gross_per_cover
    return tuple(
        Need(ingredient, date, quantity)
        for (ingredient, date), quantity in sorted(quantities.items())
    )



def recipe_kind(catalogue: Catalogue, recipe_id: str) -> tuple[bool, bool, bool]:
    """Whether recipe ``recipe_id`` is vegetarian, has meat, has fish."""
    recipe = catalogue.recipe_by_id[recipe_id]
    ingredients = catalogue.ingredient_by_id
    proteins = {ingredients[i].protein for i in recipe.ingredient_ids()}
    return (
        recipe.is_vegetarian(ingredients),
        ProteinClass.MEAT in proteins,
        ProteinClass.FISH in proteins,
    )



def course_choices(catalogue: Catalogue, week: Week) -> tuple[CourseChoice, ...]:
    """The courses with several candidate recipes, each candidate with its needs."""
    choices = []
    for service in week.services:
        for course in service.courses:
            if course.is_fixed:
                continue
            candidates = []
            for recipe_id in course.recipes:
                recipe = catalogue.recipe_by_id[recipe_id]
                vegetarian, meat, fish = recipe_kind(catalogue, recipe_id)
                needs = tuple(
                    (line.ingredient, service.covers * line.gross_per_cover)
                    for line in recipe.lines
                )
                candidates.append(Candidate(recipe_id, needs, vegetarian, meat, fish))
            choices.append(
                CourseChoice(
                    service.date,
                    service.name,
                    course.course.value,
                    service.covers,
                    tuple(candidates),
                )
            )
    return tuple(choices)



def flexible_lines(
    catalogue: Catalogue, week: Week, choices: tuple[CourseChoice, ...]
) -> tuple[GroupNeed, ...]:
    """The flexible lines of every fixed course's recipe and of every candidate recipe."""
    index_of = {(c.date, c.service, c.course): i for i, c in enumerate(choices)}
    out = []
    for service in week.services:
        for course in service.courses:
            choice = None if course.is_fixed else index_of[
                (service.date, service.name, course.course.value)
            ]
            for recipe_id in course.recipes:
                for group in catalogue.recipe_by_id[recipe_id].groups:
                    options = tuple(
                        GroupOptionNeed(
                            o.ingredient,
                            service.covers * o.gross_per_cover,
                            o.min_share,
                            o.max_share,
                        )
                        for o in group.options
                    )
                    out.append(
                        GroupNeed(
                            service.date,
                            service.name,
                            course.course.value,
                            recipe_id,
                            group.label,
                            options,
                            choice,
                        )
                    )
    return tuple(out)

