"""Loading at scale: a data folder with many offers (TOML and CSV), load + validate time and
peak memory, on one line.

    python benchmarks/load_scale.py [--offers 20000] [--suppliers 20] [--keep DIR]

Half the offers of each supplier are ``[[offer]]`` tables in its TOML file, half rows of its
CSV price list (``;`` and decimal commas, as spreadsheets export them). The time is of
``cantine_supply.load`` (reading, unit conversion, every check and cross-reference); the
memory is the peak traced by ``tracemalloc`` during a second load, and the process's
maximum resident size.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from cantine_supply import load

UNITS = ("kg", "L", "piece")
PACKS = {"kg": "{n} kg", "L": "{n} L", "piece": "{n} piece"}


def write_folder(root: Path, offers: int, suppliers: int, ingredients: int = 200) -> None:
    """Write a valid data folder with ``offers`` offers over ``suppliers`` suppliers."""
    (root / "recipes").mkdir(parents=True)
    (root / "suppliers").mkdir()
    (root / "weeks").mkdir()
    parts = []
    for i in range(ingredients):
        unit = UNITS[i % 3]
        extra = "piece_weight_g = 50\n" if unit == "piece" else ""
        parts.append(
            f'[[ingredient]]\nid = "ing{i}"\nname = "Ingrédient {i}"\nfamily = "AUTRES"\n'
            f'protein = "plant"\nunit = "{unit}"\nco2_kg_per_kg = 1.{i % 10}\n'
            f"shelf_life_days = {30 + i % 300}\n{extra}"
        )
    (root / "ingredients.toml").write_text("\n".join(parts), encoding="utf-8")
    (root / "recipes" / "plat.toml").write_text(
        'id = "plat"\nname = "Plat"\ncourse = "main"\n\n[[line]]\ningredient = "ing0"\n'
        'quantity = "100 g"\n',
        encoding="utf-8",
    )
    (root / "weeks" / "w1.toml").write_text(
        '[week]\nid = "w1"\nname = "Semaine 1"\norder_date = 2026-11-23\n\n'
        '[[service]]\ndate = 2026-11-26\ncovers = 60\nmain = "plat"\n',
        encoding="utf-8",
    )
    per_supplier = offers // suppliers
    for s in range(suppliers):
        toml = [
            f'[supplier]\nid = "s{s}"\nname = "Fournisseur {s}"\nkind = "wholesaler"\n'
            f'distance_km = {5 + s}\nintermediaries = 1\ndelivery_weekdays = ["tue", "thu"]\n'
            f'price_list = "s{s}.csv"\n'
        ]
        rows = ["id;ingredient;product;pack;price_ht;vat_rate;labels;tiers"]
        for k in range(per_supplier):
            ing = (s * per_supplier + k) % ingredients
            pack = PACKS[UNITS[ing % 3]].format(n=1 + k % 12)
            price = 1 + (k * 37 % 2000) / 100
            if k % 2 == 0:
                toml.append(
                    f'[[offer]]\nid = "o{k}"\ningredient = "ing{ing}"\n'
                    f'product = "Produit {k}"\npack = "{pack}"\nprice_ht = {price:.2f}\n'
                    + ('labels = ["BIO"]\n' if k % 4 == 0 else "")
                )
            else:
                price_fr = f"{price:.2f}".replace(".", ",")
                tier = f"{price * 0.95:.2f}".replace(".", ",")
                labels = "BIO|HVE" if k % 3 == 0 else ""
                rows.append(
                    f"o{k};ing{ing};Produit {k};{pack.replace('.', ',')};{price_fr};0,055;"
                    f"{labels};10:{tier}"
                )
        (root / "suppliers" / f"s{s}.toml").write_text("\n".join(toml), encoding="utf-8")
        (root / "suppliers" / f"s{s}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=20_000)
    parser.add_argument("--suppliers", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="write the folder here and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "data"
        write_folder(root, args.offers, args.suppliers)
        started = time.perf_counter()
        catalogue = load(root)
        seconds = time.perf_counter() - started
        tracemalloc.start()
        load(root)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"load_scale: {len(catalogue.offers)} offers, {len(catalogue.suppliers)} suppliers,"
        f" {len(catalogue.ingredients)} ingredients: load+validate {seconds:.2f} s,"
        f" peak traced {peak / 2**20:.1f} MiB, max RSS {max_rss_kb / 1024:.0f} MiB"
    )
    return 0 if len(catalogue.offers) == args.offers else 1


if __name__ == "__main__":
    sys.exit(main())
