"""Seeded generator of realistic benchmark canteens, built directly as a :class:`Catalogue`.

The distributions follow what a French participatory canteen buys (see ``docs/data-format.md``
and the sample data): prices per kg by product kind, organic offers 20-60% dearer than
conventional ones, packs of 1/2.5/5/10/25 kg (1-20 L, 30-180 eggs), EGalim labels by product
kind, and suppliers with their own rules (delivery weekdays, lead times of 0-2 days,
minimum orders of 0-150 EUR, delivery fees of 0-20 EUR with free-delivery thresholds,
all-units discount tiers on bulk offers, local producers with no intermediary,
wholesalers with two).

Every instance is feasible by construction:

- every ingredient has a *backbone* offer from a conventional wholesaler that delivers
  Monday to Saturday with a lead time of at most one day, all year round, with no pack
  limit; weeks are ordered on Monday and served from Tuesday (to Saturday), so every need
  can be delivered on its own service day;
- a minimum order can always be reached by buying more of one offer (the planner's pack
  caps allow it), so minimum orders never make a week infeasible;
- targets are set from a plan that exists: a "virtuous" greedy plan (each need bought from
  the offer with the most qualities, organic, EGalim, local, short chain) is computed for
  each week, and each share target is at most 90% of the share that plan reaches (and no
  more than the sample week's targets, ``TARGET_CEILINGS``). The budget is that plan's
  cost plus 5%, and the meat and CO2 caps are 5% above what the fixed menus imply. The
  virtuous plan meets every target at once, so the planner always has a plan.

Collections of unsold food and stock are not generated (the greedy baseline makes no
collection rounds). ``candidates_per_course`` is accepted but not used: every course names
one recipe (fixed menus). Menu choice has since landed in the planner; drawing candidate
recipes here is a follow-up.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence

import attrs

from cantine_supply.model import (
    Budget,
    Catalogue,
    Ingredient,
    Locality,
    MenuCourse,
    Offer,
    PriceTier,
    Recipe,
    RecipeLine,
    Service,
    Supplier,
    Targets,
    Week,
)

#: The Monday of the sample data's first week (2026-w48); generated weeks follow it.
START = dt.date(2026, 11, 23)

#: Share-target ceilings: the sample week's targets (data/weeks/2026-w48.toml).
TARGET_CEILINGS = {
    "organic_share": 0.30,
    "egalim_share": 0.50,
    "local_share": 0.25,
    "circuit_court_share": 0.30,
    "meat_fish_egalim_share": 0.60,
}


@attrs.frozen
class Role:
    """A kind of product: family, unit, shelf life, CO2, price per base unit, packs, and how
    much a recipe line uses per cover (base unit)."""

    family: str
    protein: str
    unit: str
    weight: float
    shelf: tuple[int, int]
    storage: str
    co2: tuple[float, float]
    price: tuple[float, float]
    packs: tuple[float, ...]
    per_cover: tuple[float, float]
    yield_ratio: tuple[float, float] = (1.0, 1.0)
    seasonal: float = 0.0
    frozen_share: float = 0.0
    density: float | None = None
    piece_g: float | None = None


# fmt: off
KG = (1.0, 2.5, 5.0, 10.0, 25.0)
LITRES = (1.0, 5.0, 10.0, 20.0)
ROLES: dict[str, Role] = {
    "veg": Role("FRUITS_ET_LEGUMES", "plant", "kg", 0.22, (5, 21), "chilled", (0.2, 1.2),
                (1.0, 4.5), KG, (0.04, 0.12), (0.75, 0.95), seasonal=0.6),
    "fruit": Role("FRUITS_ET_LEGUMES", "plant", "kg", 0.12, (5, 30), "chilled", (0.3, 1.5),
                  (1.5, 5.0), KG[:4], (0.08, 0.15), (0.8, 1.0), seasonal=0.6),
    "meat": Role("VIANDES_VOLAILLES", "meat", "kg", 0.09, (3, 6), "chilled", (4.0, 30.0),
                 (7.0, 24.0), KG[:4], (0.08, 0.12), (0.85, 1.0), frozen_share=0.25),
    "fish": Role("PRODUITS_DE_LA_MER", "fish", "kg", 0.06, (2, 4), "chilled", (3.0, 12.0),
                 (9.0, 30.0), KG[:3], (0.09, 0.13), (0.9, 1.0), frozen_share=0.4),
    "charcuterie": Role("CHARCUTERIE", "meat", "kg", 0.03, (10, 21), "chilled", (5.0, 9.0),
                        (9.0, 20.0), KG[:3], (0.02, 0.05)),
    "egg": Role("PRODUITS_LAITIERS", "egg_dairy", "piece", 0.01, (21, 28), "chilled",
                (1.5, 2.5), (0.15, 0.40), (30.0, 90.0, 180.0), (0.5, 2.0), piece_g=60.0),
    "milk": Role("PRODUITS_LAITIERS", "egg_dairy", "L", 0.03, (7, 90), "chilled", (1.2, 1.4),
                 (0.9, 1.6), LITRES, (0.05, 0.2), density=1.03),
    "cheese": Role("PRODUITS_LAITIERS", "egg_dairy", "kg", 0.07, (14, 60), "chilled",
                   (4.0, 9.0), (7.0, 20.0), KG[:3], (0.02, 0.04)),
    "yogurt": Role("PRODUITS_LAITIERS", "egg_dairy", "kg", 0.03, (14, 30), "chilled",
                   (1.5, 3.0), (2.0, 5.0), KG[:4], (0.1, 0.125)),
    "butter": Role("PRODUITS_LAITIERS", "egg_dairy", "kg", 0.01, (30, 60), "chilled",
                   (7.0, 10.0), (6.0, 12.0), KG[:4], (0.005, 0.015)),
    "pulse": Role("AUTRES", "plant", "kg", 0.05, (365, 720), "ambient", (0.6, 1.5),
                  (1.5, 5.0), KG, (0.06, 0.09)),
    "starch": Role("AUTRES", "plant", "kg", 0.07, (365, 720), "ambient", (0.5, 2.5),
                   (0.9, 4.0), KG, (0.05, 0.08)),
    "condiment": Role("AUTRES", "plant", "kg", 0.07, (180, 720), "ambient", (0.5, 4.0),
                      (2.0, 25.0), KG[:3], (0.002, 0.015)),
    "sweet": Role("AUTRES", "plant", "kg", 0.04, (180, 720), "ambient", (0.5, 5.0),
                  (1.0, 12.0), KG, (0.01, 0.03)),
    "oil": Role("AUTRES", "plant", "L", 0.02, (365, 365), "ambient", (2.0, 4.0),
                (2.0, 10.0), LITRES, (0.005, 0.01), density=0.92),
    "bread": Role("BOULANGERIE", "plant", "kg", 0.04, (1, 3), "ambient", (0.8, 1.5),
                  (3.0, 7.0), KG[:3], (0.04, 0.06)),
    "drink": Role("BOISSONS", "plant", "L", 0.02, (90, 365), "ambient", (0.5, 1.5),
                  (1.0, 3.0), LITRES, (0.1, 0.2), density=1.04),
}
# fmt: on

#: What each kind of producer or shop sells.
PRODUCER_GROUPS = {
    "maraicher": ("veg", "fruit"),
    "verger": ("fruit", "drink"),
    "eleveur": ("meat", "charcuterie", "egg"),
    "laitier": ("milk", "yogurt", "cheese", "butter", "egg"),
    "pecheur": ("fish",),
    "meunier": ("pulse", "starch", "sweet", "oil"),
    "boulanger": ("bread", "sweet"),
}
SHOP_GROUPS = {
    "boucherie": ("meat", "charcuterie"),
    "poissonnerie": ("fish",),
    "primeur": ("veg", "fruit"),
    "epicerie": ("pulse", "starch", "condiment", "sweet", "oil", "drink", "cheese"),
    "boulangerie": ("bread",),
}
ALL_ROLES = tuple(ROLES)
#: Relative size of a supplier's catalogue, by kind (how many offers it tends to carry).
CATALOGUE_WEIGHT = {"wholesaler": 30.0, "cash_and_carry": 15.0, "shop": 4.0, "producer": 3.0}
PRICE_FACTOR = {
    "wholesaler": (0.9, 1.05),
    "cash_and_carry": (1.0, 1.2),
    "shop": (1.15, 1.45),
    "producer": (0.9, 1.15),
}
ORGANIC_ODDS = {"wholesaler": 0.25, "cash_and_carry": 0.1, "shop": 0.3, "producer": 0.6}


def _cents(x: float) -> float:
    return max(round(x, 2), 0.01)


def _ingredients(rng: random.Random, count: int) -> tuple[list[Ingredient], dict[str, list[str]]]:
    """``count`` ingredients, at least one per role, the rest drawn by the roles' weights."""
    names = list(ROLES)
    drawn = names + rng.choices(
        names, weights=[ROLES[n].weight for n in names], k=count - len(names)
    )
    by_role: dict[str, list[str]] = {n: [] for n in names}
    out = []
    for index, name in enumerate(drawn):
        role = ROLES[name]
        iid = f"{name}-{index:04d}"
        storage, shelf = role.storage, rng.randint(*role.shelf)
        if rng.random() < role.frozen_share:
            storage, shelf = "frozen", rng.randint(90, 180)
        months: tuple[int, ...] = ()
        if rng.random() < role.seasonal:
            first, length = rng.randint(1, 12), rng.randint(4, 8)
            months = tuple(sorted({(first + k - 1) % 12 + 1 for k in range(length)}))
        out.append(
            Ingredient(
                id=iid,
                name=f"{name} {index}",
                family=role.family,
                protein=role.protein,
                unit=role.unit,  # type: ignore[arg-type]
                co2_kg_per_kg=round(rng.uniform(*role.co2), 3),
                shelf_life_days=shelf,
                storage=storage,
                months_in_season=months,
                density_g_per_ml=role.density,
                piece_weight_g=role.piece_g,
            )
        )
        by_role[name].append(iid)
    return out, by_role


def _suppliers(rng: random.Random, count: int) -> tuple[list[Supplier], dict[str, tuple[str, ...]]]:
    """Wholesalers (the first one conventional: the backbone), cash-and-carry, shops and
    producers, with the roles each one sells."""
    if count < 4:
        raise ValueError("generate at least 4 suppliers")
    n_wh = max(2, round(0.08 * count))
    n_cc = max(1, round(0.04 * count))
    n_shop = max(1, round(0.15 * count))
    kinds = ["wholesaler"] * n_wh + ["cash_and_carry"] * n_cc + ["shop"] * n_shop
    kinds += ["producer"] * (count - len(kinds))
    suppliers, sells = [], {}
    for index, kind in enumerate(kinds):
        sid = f"{kind.replace('_', '-')}-{index:03d}"
        local = None
        if kind == "wholesaler":
            roles: tuple[str, ...] = ALL_ROLES
            # Backbone wholesalers (every other one, the first included) deliver Monday to
            # Saturday with a lead time of at most one day.
            days: tuple[int, ...] = (0, 1, 2, 3, 4, 5) if index % 2 == 0 else (0, 1, 2, 3, 4)
            lead = rng.randint(0, 1) if index % 2 == 0 else rng.randint(1, 2)
            minimum, fee = rng.uniform(80, 150), rng.uniform(10, 20)
            free_from: float | None = rng.uniform(150, 400)
            middle, km = rng.choice((1, 2, 2)), rng.uniform(20, 300)
            if rng.random() < 0.15:
                local = Locality("REGION")
        elif kind == "cash_and_carry":
            roles, days, lead = ALL_ROLES, (0, 1, 2, 3, 4, 5), 0
            minimum, fee, free_from, middle, km = 0.0, 0.0, None, 2, rng.uniform(5, 30)
        elif kind == "shop":
            roles = SHOP_GROUPS[rng.choice(list(SHOP_GROUPS))]
            days = tuple(sorted(rng.sample(range(1, 6), rng.randint(2, 4))))
            lead = rng.randint(0, 1)
            minimum = rng.choice((0.0, 0.0, rng.uniform(20, 40)))
            fee = rng.choice((0.0, rng.uniform(3, 8)))
            free_from = rng.uniform(50, 100) if fee else None
            middle, km = 1, rng.uniform(1, 15)
            if rng.random() < 0.6:
                local = Locality("COMMUNE")
        else:
            group = rng.choice(list(PRODUCER_GROUPS))
            roles = PRODUCER_GROUPS[group]
            days = tuple(sorted(rng.sample(range(1, 5), rng.randint(1, 2))))
            lead = rng.randint(1, 2)
            minimum = rng.choice((0.0, rng.uniform(30, 150)))
            fee = rng.choice((0.0, rng.uniform(5, 20)))
            free_from = rng.uniform(100, 250) if fee and rng.random() < 0.7 else None
            middle, km = 0, rng.uniform(5, 150)
            if rng.random() < 0.85:
                definition = rng.choice(("DEPARTEMENT", "REGION", "PAT", "KM"))
                local = Locality(definition, round(km, 1) if definition == "KM" else None)
        suppliers.append(
            Supplier(
                id=sid,
                name=sid,
                kind=kind,
                distance_km=round(km, 1),
                intermediaries=middle,
                delivery_weekdays=days,
                lead_time_days=lead,
                local=local,
                min_order_ht=round(minimum, 0),
                delivery_fee_ht=round(fee, 2),
                free_delivery_from_ht=None if free_from is None else round(free_from, 0),
            )
        )
        sells[sid] = roles
    return suppliers, sells


def _labels(rng: random.Random, role: str, supplier: Supplier, organic_house: bool) -> list[str]:
    labels: list[str] = []
    if rng.random() < (0.9 if organic_house else ORGANIC_ODDS[supplier.kind]):
        labels.append("BIO" if rng.random() < 0.9 else "CONVERSION_BIO")
    if role in ("meat", "charcuterie", "egg") and rng.random() < 0.15:
        labels.append("LABEL_ROUGE")
    if role in ("cheese", "butter") and rng.random() < 0.3:
        labels.append("AOCAOP")
    if role in ("meat", "veg", "cheese") and rng.random() < 0.05:
        labels.append("IGP")
    if role == "fish" and rng.random() < 0.3:
        labels.append("PECHE_DURABLE")
    if role in ("veg", "fruit") and not labels and rng.random() < 0.1:
        labels.append("HVE")
    if supplier.kind == "producer" and role in ("meat", "egg", "cheese") and rng.random() < 0.3:
        labels.append("FERMIER")
    if role in ("sweet", "drink") and rng.random() < 0.15:
        labels.append("COMMERCE_EQUITABLE")
    return labels


def _premium(rng: random.Random, labels: Sequence[str]) -> float:
    factor = 1.0
    if {"BIO", "CONVERSION_BIO"} & set(labels):
        factor *= rng.uniform(1.2, 1.6)
    if {"LABEL_ROUGE", "AOCAOP", "IGP"} & set(labels):
        factor *= rng.uniform(1.1, 1.35)
    if {"HVE", "PECHE_DURABLE", "FERMIER", "COMMERCE_EQUITABLE"} & set(labels):
        factor *= rng.uniform(1.05, 1.2)
    return factor


def _tiers(rng: random.Random, price: float) -> list[PriceTier]:
    first, second = rng.choice((3, 5)), rng.choice((10, 20))
    p1, p2 = _cents(price * rng.uniform(0.93, 0.97)), _cents(price * rng.uniform(0.86, 0.92))
    tiers = [PriceTier(first, p1)] if p1 < price else []
    if p2 < (p1 if tiers else price):
        tiers.append(PriceTier(second, p2))
    return tiers


def _offers(
    rng: random.Random,
    count: int,
    ingredients: list[Ingredient],
    by_role: dict[str, list[str]],
    suppliers: list[Supplier],
    sells: dict[str, tuple[str, ...]],
) -> list[Offer]:
    """One backbone offer per ingredient, then ``count - len(ingredients)`` more."""
    if count < len(ingredients):
        raise ValueError(f"need at least one offer per ingredient ({len(ingredients)})")
    ing_by_id = {i.id: i for i in ingredients}
    role_of = {iid: role for role, ids in by_role.items() for iid in ids}
    base = {i.id: rng.uniform(*ROLES[role_of[i.id]].price) for i in ingredients}
    organic_house = {s.id: s.kind == "wholesaler" and i % 3 == 2 for i, s in enumerate(suppliers)}
    factor = {s.id: rng.uniform(*PRICE_FACTOR[s.kind]) for s in suppliers}
    backbone = [
        s
        for i, s in enumerate(suppliers)
        if s.kind == "wholesaler" and i % 2 == 0 and not organic_house[s.id]
    ]
    seen: set[str] = set()
    offers = []

    def make(supplier: Supplier, iid: str, *, backbone: bool) -> Offer:
        """A backbone offer is conventional, a medium pack, all year, unlimited, no tiers."""
        role = ROLES[role_of[iid]]
        ingredient = ing_by_id[iid]
        pack = role.packs[len(role.packs) // 2] if backbone else rng.choice(role.packs)
        labels = (
            [] if backbone else _labels(rng, role_of[iid], supplier, organic_house[supplier.id])
        )
        step = role.packs.index(pack)
        per_unit = base[iid] * factor[supplier.id] * _premium(rng, labels)
        per_unit *= (1.0 - 0.03 * step) * rng.uniform(0.95, 1.05)
        price = _cents(per_unit * pack)
        stem = f"{supplier.id}/{iid}-{pack:g}{'-bio' if 'BIO' in labels else ''}"
        oid, n = stem, 1
        while oid in seen:
            n += 1
            oid = f"{stem}-{n}"
        seen.add(oid)
        seasonal = supplier.kind == "producer" and ingredient.months_in_season
        limited = supplier.kind == "producer" and not backbone and rng.random() < 0.3
        bulk = not backbone and (pack >= 10 or supplier.kind == "wholesaler")
        tiers = _tiers(rng, price) if bulk and rng.random() < 0.15 else []
        return Offer(
            id=oid,
            supplier=supplier.id,
            ingredient=iid,
            product=f"{ingredient.name} {pack:g} {role.unit}",
            pack_quantity=pack,
            price_ht=price,
            pack_label=f"{pack:g} {role.unit}",
            vat_rate=0.055,
            labels=labels,
            months_available=ingredient.months_in_season if seasonal else (),
            max_packs=rng.randint(2, 15) if limited else None,
            tiers=tiers,
        )

    for index, ingredient in enumerate(ingredients):
        offers.append(make(backbone[index % len(backbone)], ingredient.id, backbone=True))
    weights = [CATALOGUE_WEIGHT[s.kind] for s in suppliers]
    for _ in range(count - len(ingredients)):
        supplier = rng.choices(suppliers, weights=weights)[0]
        role = rng.choice(sells[supplier.id])
        offers.append(make(supplier, rng.choice(by_role[role]), backbone=False))
    return offers


def _zipf_pick(rng: random.Random, ids: list[str], k: int = 1) -> list[str]:
    """``k`` distinct ids, favouring the first ones (staples) without starving the tail."""
    k = min(k, len(ids))
    weights = [1.0 / (1 + i) ** 0.6 for i in range(len(ids))]
    picked: list[str] = []
    while len(picked) < k:
        choice = rng.choices(ids, weights=weights)[0]
        if choice not in picked:
            picked.append(choice)
    return picked


def _recipe(rng: random.Random, rid: str, course: str, by_role: dict[str, list[str]]) -> Recipe:
    """A recipe of the course's usual make-up (a main: one protein, vegetables, a starch, fat
    and seasoning), drawing ingredients of each kind with a preference for staples."""
    roles: list[str]
    if course == "starter":
        roles = (
            ["veg"] * rng.randint(1, 2)
            + rng.sample(["cheese", "charcuterie", "fish", "egg", "pulse", "starch", "fruit"], 1)
            + ["oil"]
        )
        roles += ["condiment"] * rng.randint(1, 2)
    elif course == "main":
        protein = rng.choices(["meat", "fish", "egg", "cheese", "pulse"], [45, 20, 10, 10, 15])[0]
        roles = [protein] + ["veg"] * rng.randint(1, 3) + ["starch", rng.choice(["oil", "butter"])]
        roles += ["condiment"] * rng.randint(1, 3)
    elif course == "dessert":
        roles = rng.choice(
            [
                ["fruit", "fruit", "sweet"],
                ["yogurt", "sweet"],
                ["milk", "sweet", "egg"],
                ["sweet", "butter", "egg", "fruit", "milk"],
            ]
        )
    else:
        roles = ["bread"] + (["drink"] if rng.random() < 0.3 else [])
    chosen: list[str] = []
    for role in roles:
        options = [i for i in by_role[role] if i not in chosen]
        if options:
            chosen += _zipf_pick(rng, options)
    lines = []
    for iid in chosen:
        kind = ROLES[iid.rsplit("-", 1)[0]]
        quantity = rng.uniform(*kind.per_cover)
        lines.append(RecipeLine(iid, round(quantity, 4), round(rng.uniform(*kind.yield_ratio), 2)))
    return Recipe(id=rid, name=rid, course=course, lines=lines)


MEALS = ("lunch", "dinner", "snack")


def _weeks(
    rng: random.Random,
    weeks: int,
    services_per_week: int,
    covers: tuple[int, int],
    recipes: dict[str, list[str]],
) -> list[Week]:
    """Weeks ordered on Monday, served Tuesday to Saturday: lunches first, then dinners."""
    if not 1 <= services_per_week <= 5 * len(MEALS):
        raise ValueError(f"services_per_week must be 1 to {5 * len(MEALS)}")
    out = []
    for w in range(weeks):
        monday = START + dt.timedelta(days=7 * w)
        year, number, _ = monday.isocalendar()
        pools = {c: rng.sample(ids, len(ids)) for c, ids in recipes.items()}
        services = []
        for s in range(services_per_week):
            day, meal = monday + dt.timedelta(days=1 + s % 5), MEALS[s // 5]
            courses = [MenuCourse(c, [pools[c][(s + w) % len(pools[c])]]) for c in recipes]
            low, high = covers
            count = rng.randint(low, high) if meal == "lunch" else rng.randint(low // 2, high // 2)
            services.append(Service(date=day, covers=max(count, 1), courses=courses, name=meal))
        services.sort(key=lambda sv: (sv.date, MEALS.index(sv.name)))
        out.append(
            Week(
                id=f"{year}-w{number:02d}",
                name=f"Generated week of {monday}",
                order_date=monday,
                services=services,
                canteen="generated",
            )
        )
    return out


def generate(
    seed: int,
    ingredients: int = 60,
    suppliers: int = 10,
    offers: int = 300,
    weeks: int = 1,
    services_per_week: int = 4,
    *,
    covers: tuple[int, int] = (30, 50),
    candidates_per_course: int = 1,
    targets: bool = True,
) -> Catalogue:
    """A canteen with ``ingredients`` ingredients, ``suppliers`` suppliers, ``offers`` offers
    and ``weeks`` weeks of ``services_per_week`` services (Tuesday to Saturday lunches, then
    dinners), each of 30-50 covers (``covers``; dinners half as many), like the sample
    canteen's 36-44. Same seed, same catalogue.

    ``candidates_per_course`` is not used yet (fixed menus: the planner does not choose
    recipes); ``targets=False`` leaves every week without targets and budget.
    """
    del candidates_per_course  # menu choice is a later issue: every course is fixed
    if ingredients < len(ROLES):
        raise ValueError(f"generate at least {len(ROLES)} ingredients")
    rng = random.Random(seed)
    ing, by_role = _ingredients(rng, ingredients)
    sup, sells = _suppliers(rng, suppliers)
    off = _offers(rng, offers, ing, by_role, sup, sells)
    per_course = max(8, math.ceil(ingredients / 8), services_per_week + 2)
    recipes: dict[str, list[str]] = {}
    all_recipes = []
    for course in ("starter", "main", "dessert", "other"):
        recipes[course] = []
        for k in range(per_course):
            recipe = _recipe(rng, f"{course}-{k:03d}", course, by_role)
            all_recipes.append(recipe)
            recipes[course].append(recipe.id)
    week_list = _weeks(rng, weeks, services_per_week, covers, recipes)
    catalogue = Catalogue(
        ingredients=ing, recipes=all_recipes, suppliers=sup, offers=off, weeks=week_list
    )
    return with_reachable_targets(catalogue) if targets else catalogue


def with_reachable_targets(catalogue: Catalogue) -> Catalogue:
    """The catalogue with each week's targets and budget set from its virtuous greedy plan
    (see the module docstring): every target is met by that plan, so each week has a plan."""
    from benchmarks.greedy import greedy_plan  # the baseline doubles as the feasibility witness
    from cantine_supply.problem.week import week_problem

    weeks = []
    for week in catalogue.weeks:
        witness = greedy_plan(week_problem(catalogue, week.id), prefer="virtuous").plan
        ind = witness.indicators
        assert ind is not None
        shares = {
            name: min(TARGET_CEILINGS[name], math.floor(90 * (value or 0.0)) / 100)
            for name, value in ind.shares_by_value.items()
        }
        week_targets = Targets(
            **{name: (value if value > 0 else None) for name, value in shares.items()},  # type: ignore[arg-type]
            max_meat_g_per_cover=math.ceil(1.05 * ind.meat_g_per_cover + 1),
            max_co2_kg_per_cover=round(1.05 * ind.co2_kg_per_cover + 0.01, 2),
        )
        budget = Budget(math.ceil(105 * float(ind.total_ttc) / week.covers) / 100, per_cover=True)
        weeks.append(attrs.evolve(week, targets=week_targets, budget=budget))
    return attrs.evolve(catalogue, weeks=weeks)


#: Named sizes used by the suites (see run.py).
SIZES: dict[str, dict[str, int]] = {
    "small": dict(ingredients=40, suppliers=8, offers=150, weeks=1, services_per_week=4),
    "standard": dict(ingredients=200, suppliers=40, offers=1000, weeks=4, services_per_week=4),
    "large": dict(ingredients=1000, suppliers=200, offers=20000, weeks=4, services_per_week=10),
}
