"""A small but complete week for the report tests, built with :mod:`builders`.

Two services (Tuesday and Wednesday, 38 and 42 covers) with a starter, a main and a
dessert; three suppliers: a local producer with a minimum order and a delivery fee free
from 60 EUR (12.5 km away, so ``KM`` 13 for ma cantine), an organic wholesaler (too dear
to be used), and a cash-and-carry; a collection round of organic unsold food; stock on
hand. Names carry ``<``, ``>``, ``&`` and quotes so that escaping is tested everywhere.
"""

from __future__ import annotations

import datetime as dt

from builders import (
    MONDAY,
    TUESDAY,
    Budget,
    Collection,
    CollectionItem,
    Locality,
    StockLot,
    Targets,
    catalogue,
    ingredient,
    offer,
    supplier,
)
from cantine_supply.model import Catalogue, MenuCourse, Recipe, RecipeLine, Service, Week
from cantine_supply.planning.week import plan
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.week import WeekProblem, week_problem

WEDNESDAY = TUESDAY + dt.timedelta(days=1)
WEEK_ID = "2026-w48"
CANTEEN = 'La Petite Cantine "Vaise" & co'
CASH_AND_CARRY = 'Métro "Cash" <Lyon> & Vaise'
CARROTS = "Carottes <bio> & co"


def _recipe(id: str, name: str, course: str, lines: dict[str, float]) -> Recipe:
    return Recipe(id=id, name=name, course=course,
                  lines=[RecipeLine(ingredient=i, quantity_per_cover=q) for i, q in lines.items()])


def _service(day: dt.date, covers: int, starter: str, main: str, dessert: str) -> Service:
    return Service(date=day, covers=covers, courses=[
        MenuCourse(course="starter", recipes=[starter]), MenuCourse(course="main", recipes=[main]),
        MenuCourse(course="dessert", recipes=[dessert])])


def report_catalogue(*, chicken_labels: tuple[str, ...] = ("LABEL_ROUGE",),
                     targets: Targets | None = None) -> Catalogue:
    """The week's catalogue; ``targets`` replace the default ones (30% organic, 50%
    EGalim, at most 60 g of meat per cover)."""
    ingredients = [
        ingredient("carrot", name=CARROTS),
        ingredient("lentils", name="Lentilles corail", family="AUTRES"),
        ingredient("chicken", name="Poulet fermier", family="VIANDES_VOLAILLES", protein="meat",
                   shelf_life_days=4),
        ingredient("apple", name="Pommes", shelf_life_days=20),
        ingredient("yogurt", name="Yaourt", family="PRODUITS_LAITIERS", shelf_life_days=10),
    ]
    recipes = [
        _recipe("salad", "Salade de carottes au cumin", "starter", {"carrot": 0.12}),
        _recipe("dahl", "Dahl de lentilles corail", "main", {"lentils": 0.08, "carrot": 0.05}),
        _recipe("poulet", "Poulet rôti <maison>", "main", {"chicken": 0.1}),
        _recipe("compote", "Compote de pommes", "dessert", {"apple": 0.15}),
        _recipe("yaourt", "Yaourt nature", "dessert", {"yogurt": 1 / 8}),
    ]
    suppliers = [
        supplier("ferme-du-val", name="Ferme du Val", email="commandes@fermeduval.example",
                 local=Locality("KM", 12.5), min_order_ht=30.0, delivery_fee_ht=8.0,
                 free_delivery_from_ht=60.0, fee_vat_rate=0.2),
        supplier("biogros", name="Biogros Rhône", kind="wholesaler", intermediaries=1,
                 min_order_ht=50.0, delivery_fee_ht=15.0, free_delivery_from_ht=150.0),
        supplier("metro", name=CASH_AND_CARRY, kind="cash_and_carry", intermediaries=2),
    ]
    offers = [
        offer("ferme-du-val", "carrot", 10, 14.0, labels=["BIO"], pack_label="cagette 10 kg",
              vat_rate=0.055),
        offer("ferme-du-val", "apple", 5, 11.5, pack_label="cagette 5 kg", vat_rate=0.055),
        offer("biogros", "lentils", 5, 17.9, labels=["BIO"], pack_label="sac de 5 kg",
              vat_rate=0.055),
        offer("biogros", "yogurt", 8, 4.6, labels=["BIO"], vat_rate=0.055),
        offer("metro", "lentils", 1, 2.4, vat_rate=0.055),
        offer("metro", "chicken", 2.5, 21.0, labels=list(chicken_labels), vat_rate=0.055),
        offer("metro", "carrot", 2, 2.2, vat_rate=0.055),
        offer("metro", "apple", 2, 4.4, vat_rate=0.055),
        offer("metro", "yogurt", 12, 3.0, vat_rate=0.055),
    ]
    week = Week(
        id=WEEK_ID, name="Semaine du 24 novembre 2026", order_date=MONDAY, canteen=CANTEEN,
        services=[_service(TUESDAY, 38, "salad", "dahl", "compote"),
                  _service(WEDNESDAY, 42, "salad", "poulet", "yaourt")],
        targets=targets or Targets(organic_share=0.3, egalim_share=0.5,
                                   max_meat_g_per_cover=60),
        budget=Budget(4.0, per_cover=True),
    )
    collections = [Collection(id="biocoop", name="Invendus Biocoop Les Halles", weekday=1,
                              items=[CollectionItem("carrot", 3, 6), CollectionItem("apple", 2, 4)],
                              trip_cost=6.0, labels=["BIO"])]
    return catalogue(ingredients=ingredients, recipes=recipes, suppliers=suppliers,
                     offers=offers, weeks=[week], collections=collections,
                     stock=[StockLot("lentils", 1.5)])


def report_week(**kw: object) -> tuple[WeekProblem, Plan]:
    """The week's problem and its least-cost plan (``kw`` go to :func:`report_catalogue`)."""
    problem = week_problem(report_catalogue(**kw), WEEK_ID)  # type: ignore[arg-type]
    return problem, plan(problem)
