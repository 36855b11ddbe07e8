"""network.toml: loading a network folder with clear errors, and `cantine-supply network`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from cantine_supply import InputError
from cantine_supply.cli.main import main
from cantine_supply.io.network import load_network
from conftest import MINIMAL_FILES, write_data

DATA = Path(__file__).resolve().parents[1] / "data"

NETWORK = """\
[network]
name = "Réseau test"
catalogue = "catalogue"

[[canteen]]
id = "a"
name = "Cantine A"
folder = "a"

[[canteen]]
id = "b"
name = "Cantine B"
folder = "b"
"""

SUPPLIER = MINIMAL_FILES["suppliers/grossiste.toml"].replace(
    'delivery_weekdays = ["tue"]',
    'delivery_weekdays = ["tue"]\ndelivery_fee_ht = 8\nfree_delivery_from_ht = 15\n'
    'fee_vat_rate = 0')


def _week(covers: int) -> str:
    return MINIMAL_FILES["weeks/w1.toml"].replace("covers = 30", f"covers = {covers}")


def network_folder(root: Path, network: str = NETWORK, **extra: str | None) -> Path:
    """Two canteens sharing a catalogue: rice, 5 kg sacks at 9.50 EUR, a fee of 8 EUR,
    free delivery from 15 EUR: alone each pays 9.50 HT (10.02 TTC) + 8, pooled 19 HT with
    free delivery."""
    files: dict[str, str | None] = {
        "network.toml": network,
        "catalogue/ingredients.toml": MINIMAL_FILES["ingredients.toml"],
        "catalogue/recipes/riz.toml": MINIMAL_FILES["recipes/riz.toml"],
        "catalogue/suppliers/grossiste.toml": SUPPLIER,
        "a/weeks/w1.toml": _week(30),
        "b/weeks/w1.toml": _week(40),
    }
    files.update(extra)
    return write_data(root, {k: v for k, v in files.items() if v is not None})


def test_the_sample_network_loads_with_its_shared_suppliers() -> None:
    network = load_network(DATA / "network-lyon")
    assert [c.id for c in network.canteens] == ["vaise", "villeurbanne", "vieux-lyon", "oullins"]
    assert network.delivery == "drops"
    suppliers = [{s.id for s in c.catalogue.suppliers} for c in network.canteens]
    assert len(set.intersection(*suppliers)) >= 4
    assert all(c.catalogue.week_by_id["2026-w48"] for c in network.canteens)


def test_a_folder_without_network_toml(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_network(tmp_path)
    assert str(info.value.problems[0]).startswith("network.toml: file not found")


def test_every_problem_of_network_toml_is_reported_at_its_line(tmp_path: Path) -> None:
    text = NETWORK.replace('catalogue = "catalogue"', 'catalogue = "catalogue"\ndelivry = "hub"')
    text = text.replace('folder = "b"', 'folder = "nowhere"').replace('id = "b"', 'id = "a"')
    text += '\n[[canteen]]\nid = "c"\nname = "C"\nfolder = "a"\ntransfer_cost = -3\n'
    with pytest.raises(InputError) as info:
        load_network(network_folder(tmp_path, text))
    found = [str(p) for p in info.value.problems]
    assert any(p.startswith("network.toml:4: network.delivry: unknown key") for p in found)
    assert any(p.startswith("network.toml:12: canteen[2].id: duplicate canteen id 'a'")
               for p in found)
    assert any(p.startswith("network.toml:14: canteen[2].folder: folder not found")
               for p in found)
    assert any(p.startswith("network.toml:20: canteen[3].transfer_cost") for p in found)


def test_a_hub_that_is_no_canteen_and_a_bad_week_file(tmp_path: Path) -> None:
    text = NETWORK.replace('catalogue = "catalogue"', 'catalogue = "catalogue"\n'
                           'delivery = "hub"\nhub = "z"')
    folder = network_folder(tmp_path, text, **{"b/weeks/w1.toml": _week(30).replace(
        "covers = 30", "covers = -30")})
    with pytest.raises(InputError) as info:
        load_network(folder)
    found = [str(p) for p in info.value.problems]
    assert any(p.startswith("network.toml:5: network.hub: with delivery = 'hub'") for p in found)
    assert any(p.startswith("b/weeks/w1.toml:") and "covers" in p for p in found)


def test_canteens_with_their_own_catalogues_must_agree_on_shared_suppliers(
        tmp_path: Path) -> None:
    own = {"network.toml": NETWORK.replace('catalogue = "catalogue"\n', "")}
    for name, covers in (("a", 30), ("b", 40)):
        own[f"{name}/ingredients.toml"] = MINIMAL_FILES["ingredients.toml"]
        own[f"{name}/recipes/riz.toml"] = MINIMAL_FILES["recipes/riz.toml"]
        own[f"{name}/weeks/w1.toml"] = _week(covers)
    own["a/suppliers/grossiste.toml"] = SUPPLIER
    own["b/suppliers/grossiste.toml"] = SUPPLIER.replace("price_ht = 9.5", "price_ht = 9.9")
    with pytest.raises(InputError) as info:
        load_network(write_data(tmp_path, own))
    (problem,) = info.value.problems
    assert str(problem) == ("network.toml:12: canteen[2].folder: offer 'grossiste/riz-5kg':"
                            " price_ht differs from canteen 'a''s (a pooled line has one price)")


def test_the_command_prints_the_split_and_writes_every_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = network_folder(tmp_path / "net")
    out = tmp_path / "out"
    code = main(["network", str(folder), "--week", "w1", "--out", str(out), "--lang", "fr"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "network               36.04      20.04     16.00  EUR TTC" in printed
    data = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert (data["alone_ttc"], data["total_ttc"], data["saving_ttc"]) == ("36.04", "20.04",
                                                                          "16.00")
    assert [s["pays"] for s in data["shares"]] == ["10.02", "10.02"]
    (form,) = (out / "pooled-orders").glob("*.csv")
    rows = list(csv.reader(form.read_text(encoding="utf-8").splitlines()))
    assert rows[0][-2:] == ["à livrer à a", "à livrer à b"]
    assert rows[1][0] == "line" and rows[1][5] == "2" and rows[1][-2:] == ["1", "1"]
    assert (out / "canteens" / "a" / "report.html").is_file()
    assert (out / "canteens" / "b" / "transparency.html").is_file()
    assert main(["network", str(folder), "--week", "w1", "--out", str(out)]) == 2  # exists


def test_the_network_folder_has_a_manifest_and_force_keeps_what_a_user_touched(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The network's output folder is written like a week's: ``manifest.json`` lists every
    file with its SHA-256; ``--force`` replaces an untouched folder and refuses one where a
    file was edited (nothing the user changed is lost)."""
    folder = network_folder(tmp_path / "net")
    out = tmp_path / "out"
    args = ["network", str(folder), "--week", "w1", "--out", str(out)]
    assert main(args) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {entry["path"] for entry in manifest["files"]} == written - {"manifest.json"}
    assert any("/" in entry["path"] for entry in manifest["files"])  # canteens/<slug>/...
    assert main([*args, "--force"]) == 0  # untouched: replaced
    (out / "plan.json").write_text("{}", encoding="utf-8")  # the user edits a file
    capsys.readouterr()
    assert main([*args, "--force"]) == 2
    assert (out / "plan.json").read_text(encoding="utf-8") == "{}"  # kept as the user left it
    assert "plan.json" in capsys.readouterr().err
