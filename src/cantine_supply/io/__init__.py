"""Reading data folders and workbooks: the only package that knows file formats.

:func:`load` is the entry point, for a data folder (TOML and CSV) or a data workbook
(``.xlsx``, :mod:`~cantine_supply.io.workbook_read`); :func:`validate` checks a catalogue
built in code as ``load`` checks a folder; :func:`write_workbook` writes a folder as a
workbook. Each file kind has its module (``ingredients``,
``recipes``, ``suppliers`` with ``offers`` and ``price_list``, ``unsold`` for collections
and stock, ``weeks``); ``fields`` checks values one by one and ``references`` reports the
catalogue's broken cross-references where they are written. Indexes in field paths count
from 1, as a person reads the file: ``offer[1]`` is the first ``[[offer]]``.
"""

from __future__ import annotations

from pathlib import Path

from cantine_supply.errors import InputError, Problem
from cantine_supply.io.loader import DataFolder, load, load_folder
from cantine_supply.io.references import check_references
from cantine_supply.model import Catalogue


def write_workbook(data_dir: str | Path, out: str | Path, *, force: bool = False) -> Path:
    """Write the data folder ``data_dir`` as the data workbook ``out`` (``.xlsx``).

    See :func:`cantine_supply.io.workbook_write.write_workbook`; openpyxl is imported only
    when a workbook is written.
    """
    from cantine_supply.io.workbook_write import write_workbook as write

    return write(data_dir, out, force=force)


def validate(data: str | Path | Catalogue) -> tuple[Problem, ...]:
    """Every problem of ``data`` (file, field, line and what is wrong); empty when sound.

    ``data`` is a data folder or workbook (its problems as :func:`load` finds them), or a
    :class:`~cantine_supply.model.Catalogue` built in code or loaded and changed (every
    duplicate id and every reference to an unknown ingredient, recipe or supplier, as
    :func:`~cantine_supply.io.references.check_references` finds them; each problem names
    the item, source ``(data)``). Every other value of a catalogue was checked when its
    model objects were built (attrs validators)."""
    try:
        if isinstance(data, Catalogue):
            check_references(data)
        else:
            load(data)
    except InputError as error:
        return error.problems
    return ()


__all__ = ["DataFolder", "load", "load_folder", "validate", "write_workbook"]
