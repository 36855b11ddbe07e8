"""Everything the manager takes away from a plan, written into a new folder at once.

:func:`write_outputs` renders every file in memory, writes them into a temporary folder
next to the destination, flushes them to disk and renames the folder into place, so an
interrupted run leaves either nothing or the complete folder (a run killed outright may
leave a hidden ``.<name>.*.tmp`` folder, removed by the next run). The folder holds:

- ``plan.json``: the plan exactly as ``cantine-supply plan --json`` prints it;
- ``report.html``: the week's report, two A4 pages: the manager's summary (key figures,
  what to do, targets, diagnosis), then the details (costs, EGalim, menu, collections,
  leftovers);
- with a plan only: ``transparency.html`` (the dining-room sheet),
  ``orders/<delivery date>_<supplier id>.csv`` and ``.html`` (one order form per
  supplier and delivery), ``emails/<supplier id>.eml`` (a draft to each supplier with an
  e-mail, the forms attached), ``a-envoyer.csv`` (``to-send.csv`` for English
  spreadsheets: the orders to send, to tick) and ``ma-cantine-achats.csv`` (the purchases
  in ma cantine's import format; not written, with the reason in the report, when ma
  cantine would refuse a purchase).

- ``manifest.json``: the tool, its version and every file's path and SHA-256
  (:mod:`cantine_supply.report.out_folder`).

Safety rules (each refusal raises :class:`OutputError` and changes nothing): the
destination must not be, be inside, or contain a protected folder (the data folder); an
existing destination is replaced only with ``force``, and only when it is a folder that is
empty or holds exactly what its manifest lists (one we wrote before, untouched) and is not
the current folder. Writing holds a lock on the destination, so two runs cannot both
write it; see :mod:`cantine_supply.report.out_folder` for the lock, the swap and the
leftovers of killed runs. A destination that cannot be created is an :class:`OutputError`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path

from cantine_supply.plans.plan import Order, Plan
from cantine_supply.plans.to_json import dumps
from cantine_supply.problem.week import WeekProblem
from cantine_supply.report.email_drafts import SEND_LIST, email_draft, send_list
from cantine_supply.report.i18n import Texts, texts
from cantine_supply.report.macantine import MacantineExportError, write_macantine_csv
from cantine_supply.report.order_forms import (
    form_names,
    order_form_csv,
    order_form_html,
    order_forms,
    slug,
)
from cantine_supply.report.out_folder import (
    MANIFEST_FILE,
    check_replaceable,
    clean_leftovers,
    manifest_text,
    out_lock,
    sibling,
    swap_in,
)
from cantine_supply.report.out_folder import (
    OutputError as OutputError,
)
from cantine_supply.report.purchases import last_delivery, plan_purchases
from cantine_supply.report.sheets import CSV_STYLES, CsvStyle
from cantine_supply.report.transparency import transparency_html
from cantine_supply.report.weekly import weekly_report_html

#: Written in the ma cantine file's ``siret`` column when no SIRET is given: 14 zeros,
#: which the file format accepts but ma cantine will refuse (it is no canteen's number),
#: so a file written without ``--siret`` cannot be imported by mistake under a wrong SIRET.
PLACEHOLDER_SIRET = "00000000000000"

MACANTINE_FILE = "ma-cantine-achats.csv"


def plan_json_text(plan: Plan) -> str:
    """``plan.json``'s content: what ``plan --json`` prints (with its final newline)."""
    return dumps(plan)


def _macantine(problem: WeekProblem, plan: Plan, siret: str, t: Texts,
               today: dt.date | None) -> tuple[str | None, list[str]]:
    """The ma cantine file's content (None when it cannot be written) and report notes."""
    purchases = plan_purchases(problem, plan)
    # Planned purchases are dated in the future, which ma cantine refuses on import: the
    # file is meant to be imported after the week, so dates up to the last delivery pass.
    latest = last_delivery(plan)
    today = today or dt.date.today()
    if latest is not None:
        today = max(today, latest)
    buffer = io.StringIO(newline="")
    try:
        write_macantine_csv(purchases, siret, buffer, today=today)
    except MacantineExportError as error:
        return None, [t["macantine_failed"], *error.problems]
    notes = [t["macantine_note"]]
    if siret == PLACEHOLDER_SIRET:
        notes.append(t["siret_placeholder"].format(siret=siret))
    return buffer.getvalue(), notes


def render_outputs(problem: WeekProblem, plan: Plan, *, lang: str = "en",
                   siret: str = PLACEHOLDER_SIRET, today: dt.date | None = None,
                   csv: str | None = None) -> dict[str, str]:
    """Every output file's relative path and text, without writing anything.

    ``csv`` is the style of the spreadsheets (``en`` or ``fr``, default: ``lang``);
    ``siret`` defaults to the one of ``canteen.toml`` when it has one. ``today`` (default:
    the local date) is only used to check the ma cantine file's dates.
    """
    t = texts(lang)
    style = CSV_STYLES[csv or lang]
    canteen = problem.catalogue.canteen
    if siret == PLACEHOLDER_SIRET and canteen is not None and canteen.siret:
        siret = canteen.siret
    files: dict[str, str] = {"plan.json": plan_json_text(plan)}
    notes: list[str] = []
    stems: list[str] = []
    if plan.status.has_plan:
        files.update(order_forms(problem, plan, t, style))
        stems = form_names(plan)
        files.update(_drafts(problem, plan, texts(style.lang), style))
        files["transparency.html"] = transparency_html(problem, plan, t)
        content, notes = _macantine(problem, plan, siret, t, today)
        if content is not None:
            files[MACANTINE_FILE] = content
    files["report.html"] = weekly_report_html(problem, plan, t, form_stems=stems, notes=notes,
                                              send_list=SEND_LIST[style.lang] if stems else "")
    return files


def _drafts(problem: WeekProblem, plan: Plan, t: Texts, style: CsvStyle) -> dict[str, str]:
    """``emails/<supplier>.eml`` for each supplier with an e-mail (in French, the French
    order forms attached) and the send list of every order."""
    french = texts("fr")
    by_supplier: dict[str, list[tuple[Order, str]]] = {}
    for order, stem in zip(plan.orders, form_names(plan), strict=True):
        by_supplier.setdefault(order.supplier, []).append((order, stem))
    files: dict[str, str] = {}
    drafts: dict[str, str] = {}
    for supplier_id, orders in by_supplier.items():
        supplier = problem.suppliers[supplier_id]
        if not supplier.email:
            continue
        attachments = []
        for order, stem in orders:
            attachments += [(f"{stem}.csv", order_form_csv(problem, order, french)),
                            (f"{stem}.html", order_form_html(problem, order, french))]
        path = f"emails/{slug(supplier_id)}.eml"
        files[path] = email_draft(problem, supplier, [o for o, _ in orders], attachments,
                                  french)
        drafts[supplier_id] = path
    every = [pair for orders in by_supplier.values() for pair in orders]
    files[SEND_LIST[style.lang]] = send_list(problem, every, drafts, t, style)
    return files


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_out_dir(out_dir: str | os.PathLike[str], *, force: bool = False,
                  protected: Iterable[str | os.PathLike[str]] = ()) -> Path:
    """The resolved destination, or :class:`OutputError` when it may not be written
    (see the module docstring for the rules)."""
    try:
        return _checked_out_dir(out_dir, force, protected)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot use this folder: {exc.strerror or exc}") from exc


def _checked_out_dir(out_dir: str | os.PathLike[str], force: bool,
                     protected: Iterable[str | os.PathLike[str]]) -> Path:
    out = Path(out_dir).resolve()
    for folder in protected:
        guarded = Path(folder).resolve()
        if _inside(out, guarded):
            raise OutputError(f"{out_dir}: the output folder may not be the data folder"
                              f" {folder} or inside it; choose a new folder elsewhere")
        if _inside(guarded, out):
            raise OutputError(f"{out_dir}: the output folder contains the data folder {folder};"
                              " choose a new folder elsewhere")
    if out.exists() or out.is_symlink():
        if not force:
            raise OutputError(f"{out_dir} already exists: choose a new folder, or pass --force"
                              " to replace it")
        if out.is_symlink() or not out.is_dir():
            raise OutputError(f"{out_dir} exists and is not a folder; not replacing it")
        if _inside(Path.cwd().resolve(), out):
            raise OutputError(f"{out_dir} is or contains the current folder; not replacing it")
        check_replaceable(out, str(out_dir))
    return out


def _write_tree(root: Path, files: dict[str, str]) -> None:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(path, 0o644)
    for folder in {root / Path(r).parent for r in files}:
        os.chmod(folder, 0o755)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_outputs(problem: WeekProblem, plan: Plan, out_dir: str | os.PathLike[str], *,
                  force: bool = False, lang: str = "en", siret: str = PLACEHOLDER_SIRET,
                  protected: Iterable[str | os.PathLike[str]] = (),
                  today: dt.date | None = None, csv: str | None = None) -> list[Path]:
    """Write the plan's outputs into the new folder ``out_dir``; return the files written
    (``manifest.json`` included).

    ``force`` replaces an earlier output folder; ``lang`` is ``en`` or ``fr``, ``csv`` the
    spreadsheets' style (``en`` or ``fr``, default ``lang``); ``siret``
    goes into the ma cantine file (default :data:`PLACEHOLDER_SIRET`); ``protected``
    folders (the data folder) are never written over or into. Atomic: see the module
    docstring. Raises :class:`OutputError` when the folder may not be written.
    """
    check_out_dir(out_dir, force=force, protected=protected)  # before the work of rendering
    files = render_outputs(problem, plan, lang=lang, siret=siret, today=today, csv=csv)
    return write_folder(files, out_dir, force=force, protected=protected)


def write_folder(files: dict[str, str], out_dir: str | os.PathLike[str], *,
                 force: bool = False,
                 protected: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """Write ``files`` (relative path -> text) and their ``manifest.json`` into the new
    folder ``out_dir``, under :func:`check_out_dir`'s rules, atomically and under the
    folder's lock (see the module docstring); return the files written. Every writer of
    an output folder (a week's, a network's) goes through here."""
    out = check_out_dir(out_dir, force=force, protected=protected)
    files = dict(files)
    files[MANIFEST_FILE] = manifest_text(files)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out_lock(out, str(out_dir)):
            check_out_dir(out_dir, force=force, protected=protected)  # again, under the lock
            clean_leftovers(out)
            _write_new(out, files)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write the folder: {exc.strerror or exc}") from exc
    return sorted(out / relative for relative in files)


def _write_new(out: Path, files: dict[str, str]) -> None:
    """Write ``files`` into a temporary sibling of ``out`` and swap it in (holding the lock)."""
    token = uuid.uuid4().hex[:8]
    tmp = sibling(out, f".{token}.tmp")
    os.mkdir(tmp, 0o755)
    try:
        _write_tree(tmp, files)
        _fsync_dir(tmp)
        swap_in(tmp, out, token)
        _fsync_dir(out.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
