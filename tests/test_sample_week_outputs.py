"""The README's first command on the sample week writes what a French canteen sends and
uses: order forms with the canteen's address and the supplier's contact, .eml drafts that
Python's e-mail parser reads back with both attachments, CSVs that a French-locale
spreadsheet reads as numbers, and a report of at most two A4 pages (printed to PDF by
headless Chromium, pages counted)."""

from __future__ import annotations

import email
import re
import shlex
import shutil
import subprocess
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from calc_fr import read_calc_fr
from cantine_supply import load
from cantine_supply.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)


def readme_first_command() -> list[str]:
    """The arguments of the ``cantine-supply`` call in the README's first sh block."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert block is not None
    call = block.group(1).split("cantine-supply", 1)[1].strip().splitlines()[0]
    return shlex.split(call)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    args = readme_first_command()
    assert args[:2] == ["plan", "data"] and "--out" in args and "--lang" in args
    folder = tmp_path_factory.mktemp("sample") / "out" / "2026-w48"
    args[1] = str(ROOT / "data")
    args[args.index("--out") + 1] = str(folder)
    assert main(["--quiet", *args]) == 0
    return folder


def test_order_forms_show_the_canteen_address_and_the_supplier_contact(out: Path) -> None:
    catalogue = load(ROOT / "data")
    canteen = catalogue.canteen
    assert canteen is not None
    forms = sorted((out / "orders").glob("*.html"))
    assert forms
    for form in forms:
        page = form.read_text(encoding="utf-8")
        for line in canteen.address_lines:
            assert line in page, (form.name, line)
        assert canteen.phone in page and canteen.contact in page
        supplier = next(s for s in catalogue.suppliers if f"_{s.id}" in form.stem)
        for value in (supplier.ordering.phone, supplier.ordering.customer_account,
                      supplier.email):
            assert value in page, (form.name, value)
        if supplier.ordering.pickup:  # the cash-and-carry: the canteen's own trip
            assert "Frais de livraison" not in page and "Retrait par la cantine" in page


def test_email_drafts_read_back_with_both_attachments(out: Path) -> None:
    drafts = sorted((out / "emails").glob("*.eml"))
    assert drafts
    for draft in drafts:
        message = email.message_from_bytes(draft.read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        assert message["To"].addresses[0].addr_spec.endswith(".example")
        body = message.get_body(("plain",))
        assert body is not None and body.get_content().startswith("Bonjour")
        names = [part.get_filename() or "" for part in message.iter_attachments()]
        assert len(names) >= 2 and len(names) % 2 == 0
        assert {Path(n).suffix for n in names} == {".csv", ".html"}
        for name in names:
            assert (out / "orders" / name).is_file()


def test_french_csvs_read_as_numbers(out: Path) -> None:
    for path in sorted((out / "orders").glob("*.csv")):
        rows = read_calc_fr(path.read_bytes())
        col = {name: i for i, name in enumerate(rows[0])}
        for row in rows[1:]:
            if row[0] == "ligne":
                for name in ("colis", "prix_unitaire_ht", "taux_tva", "total_ht", "total_ttc"):
                    assert isinstance(row[col[name]], float), (path.name, name, row)
    send = read_calc_fr((out / "a-envoyer.csv").read_bytes())
    assert all(isinstance(row[5], float) for row in send[1:])


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium (apt-get install -y chromium)")
def test_report_prints_on_at_most_two_a4_pages(out: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    done = subprocess.run(
        [CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
         "--no-pdf-header-footer", f"--user-data-dir={tmp_path / 'profile'}",
         f"--print-to-pdf={pdf}", (out / "report.html").as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    assert 1 <= pages <= 2
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", data)
    assert boxes and all(abs(float(w) - 595.28) < 2 and abs(float(h) - 841.89) < 2
                         for w, h in boxes)
