"""Reading data folders: the only package that knows file formats (TOML and CSV).

:func:`load` is the entry point. Each file kind has its module (``ingredients``,
``recipes``, ``suppliers`` with ``offers`` and ``price_list``, ``unsold`` for collections
and stock, ``weeks``); ``fields`` checks values one by one and ``references`` reports the
catalogue's broken cross-references where they are written. Indexes in field paths count
from 1, as a person reads the file: ``offer[1]`` is the first ``[[offer]]``.
"""

from cantine_supply.io.loader import load

__all__ = ["load"]
