"""``load``: a whole data folder into a checked :class:`~cantine_supply.model.Catalogue`;
``load_folder``: the same reading, keeping the storage capacities and horizons it checks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import attrs

from cantine_supply.errors import InputError, Problem
from cantine_supply.io.canteen import CANTEEN_FILE, load_canteen
from cantine_supply.io.context import LoadContext
from cantine_supply.io.horizons import pick_horizon, read_horizons
from cantine_supply.io.ingredients import load_ingredients
from cantine_supply.io.recipes import load_recipe
from cantine_supply.io.references import report_references
from cantine_supply.io.storage import STORAGE_FILE, read_storage
from cantine_supply.io.suppliers import load_supplier
from cantine_supply.io.unsold import load_collections, load_stock
from cantine_supply.io.weeks import load_week
from cantine_supply.model import Catalogue, Offer, Recipe, Supplier, Week
from cantine_supply.model.horizon import Horizon, StorageCapacity


@attrs.frozen
class DataFolder:
    """A data folder read once: its catalogue, and the storage capacities
    (``storage.toml``, None without the file) and horizons (``horizons/*.toml``) that
    :func:`load` checks but does not keep; a data workbook has neither (None and ())."""

    catalogue: Catalogue
    storage: StorageCapacity | None
    horizons: tuple[Horizon, ...]

    def horizon(self, horizon_id: str) -> Horizon:
        """The horizon ``horizon_id``; an :class:`InputError` when there is none."""
        return pick_horizon(self.horizons, horizon_id)


def load(data_dir: str | Path) -> Catalogue:
    """Read the data folder ``data_dir`` (see ``docs/data-format.md``) into a Catalogue.

    A path ending in ``.xlsx`` is read as a data workbook instead (``docs/workbook.md``),
    with the same checks, every problem naming its sheet, row and column.

    Every quantity is converted once, here, to its ingredient's base unit (kg, L or piece);
    offer ids become ``supplier_id/offer_id``. Every file is read and every value and
    cross-reference checked before failing: bad input raises one
    :class:`~cantine_supply.errors.InputError` listing all the problems, each with the file
    (relative to ``data_dir``), the field, the line when known and what is expected.
    """
    return load_folder(data_dir).catalogue


def load_folder(data_dir: str | Path) -> DataFolder:
    """:func:`load`, keeping the storage capacities and horizons it reads and checks (the
    horizon command plans from them without reading the files again)."""
    folder = Path(data_dir)
    if folder.suffix.lower() == ".xlsx" and not folder.is_dir():
        from cantine_supply.io.workbook_read import load_workbook  # openpyxl only when needed

        return DataFolder(load_workbook(folder), None, ())
    if not folder.is_dir():
        message = "not a folder" if folder.exists() else "data folder not found"
        raise InputError(Problem(source=str(data_dir), field="", message=message))
    if not (folder / "ingredients.toml").is_file():
        raise InputError(
            Problem(
                source="ingredients.toml",
                field="",
                message="file not found: every data folder needs an ingredients.toml",
            )
        )
    ctx = LoadContext(folder)
    catalogue, storage = read_folder_and_storage(ctx, folder)
    horizons = read_horizons(ctx, catalogue.week_by_id)
    ctx.problems.raise_if_any()
    return DataFolder(catalogue, storage, tuple(horizons))


def read_folder(ctx: LoadContext, folder: Path, shared: Path | None = None) -> Catalogue:
    """The catalogue of :func:`read_folder_and_storage`."""
    return read_folder_and_storage(ctx, folder, shared)[0]


def read_folder_and_storage(
    ctx: LoadContext, folder: Path, shared: Path | None = None
) -> tuple[Catalogue, StorageCapacity | None]:
    """The catalogue of the data folder ``folder``, every problem recorded in ``ctx``.

    Ingredients, recipes and suppliers (with their offers and price lists) come from
    ``shared`` when given (a network canteen using the network's catalogue), else from
    ``folder``; collections, stock, storage capacities, the canteen and the weeks come
    from ``folder``. Cross-references are checked once the catalogue is built.
    """
    kitchen = folder if shared is None else shared
    ingredients = load_ingredients(ctx, kitchen / "ingredients.toml")
    recipes: list[Recipe] = []
    for path in _toml_files(ctx, kitchen / "recipes", "recipe"):
        recipe = load_recipe(ctx, path)
        if recipe is not None:
            recipes.append(recipe)
    suppliers: list[Supplier] = []
    offers: list[Offer] = []
    price_lists: set[str] = set()
    for path in _toml_files(ctx, kitchen / "suppliers", "supplier"):
        supplier, supplier_offers = load_supplier(ctx, path, price_lists)
        if supplier is not None:
            suppliers.append(supplier)
        offers.extend(supplier_offers)
    _check_price_lists(ctx, kitchen / "suppliers", price_lists)
    collections = []
    if (folder / "collections.toml").exists():
        collections = load_collections(ctx, folder / "collections.toml")
    stock = []
    if (folder / "stock.toml").exists():
        stock = load_stock(ctx, folder / "stock.toml")
    storage = None
    if (folder / STORAGE_FILE).exists():
        storage = read_storage(ctx, folder / STORAGE_FILE)
    canteen = None
    if (folder / CANTEEN_FILE).exists():
        canteen = load_canteen(ctx, folder / CANTEEN_FILE)
    weeks: list[Week] = []
    for path in _toml_files(ctx, folder / "weeks", "week"):
        week = load_week(ctx, path)
        if week is not None:
            weeks.append(week)
    catalogue = Catalogue(
        ingredients=ingredients,
        recipes=recipes,
        suppliers=suppliers,
        offers=offers,
        collections=collections,
        stock=stock,
        weeks=weeks,
        canteen=canteen,
    )
    report_references(ctx, catalogue)
    return catalogue, storage


def _toml_files(ctx: LoadContext, folder: Path, what: str) -> Iterator[Path]:
    """The ``*.toml`` files of ``folder`` by name; a problem when there are none."""
    source = ctx.source(folder) + "/"
    if not folder.is_dir():
        ctx.problems.add(source, "", f"folder not found (expected one .toml file per {what})")
        ctx.unsure.add(what)
        return
    paths = sorted(
        path
        for path in folder.iterdir()
        if path.suffix == ".toml" and not path.name.startswith(".")
    )
    if not paths:
        ctx.problems.add(source, "", f"no .toml file (expected one per {what})")
    yield from paths


def _check_price_lists(ctx: LoadContext, folder: Path, named: set[str]) -> None:
    """Refuse a CSV price list that no supplier file names (it would be silently ignored)."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.csv")):
        if path.name not in named and not path.name.startswith("."):
            ctx.problems.add(
                ctx.source(path),
                "",
                f"no supplier names this price list (add price_list = {path.name!r}"
                " to its supplier file)",
            )
