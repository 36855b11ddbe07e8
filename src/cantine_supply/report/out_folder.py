"""The output folder's safety: what it is, who holds it, how it is swapped in.

Nothing a user owns is lost or overwritten:

- **Manifest**: every output folder holds :data:`MANIFEST_FILE`, written last into the
  temporary folder: the tool, its version and each file's path and SHA-256. ``--force``
  replaces an existing folder only when it is empty, or when it holds exactly the files
  its manifest lists, each with its hash (:func:`check_replaceable`): a file added,
  changed or removed by someone, a symbolic link, or a folder without a manifest (whatever
  it holds, even a ``plan.json``) is refused, naming what is in the way.
- **Lock**: writing holds an exclusive ``flock`` on the sibling file ``.<name>.lock``
  (:func:`out_lock`); a second run that finds it held is refused at once (two runs to the
  same folder cannot both succeed), and the folder is checked again under the lock. A lock
  file left by a killed run is not held (the kernel releases ``flock`` locks with the
  process), so the next run takes it and removes it.
- **Swap**: files go to the temporary sibling ``.<name>.<8 hex>.tmp`` and are renamed into
  place; a replaced folder is first renamed to ``.<name>.<8 hex>.old``. SIGINT and SIGTERM
  are held back during the two renames (:func:`signals_held`), so a signal there takes
  effect once the new folder is in place. Under the lock, temporaries and ``.old``
  folders of this name left by a killed run (SIGKILL, power loss) are removed
  (:func:`clean_leftovers`) and named in the result.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
from collections.abc import Iterator, Mapping
from pathlib import Path

from cantine_supply.errors import CantineSupplyError
from cantine_supply.plans.to_json import dumps
from cantine_supply.version import __version__

#: The manifest's file name, at the top of every output folder.
MANIFEST_FILE = "manifest.json"
#: The ``tool`` a manifest must name for its folder to be replaced.
TOOL = "cantine-supply"
#: At most this many entries are named when a folder holds something else.
SHOWN = 5


class OutputError(CantineSupplyError):
    """The output folder cannot be written (exists, would touch the data, is locked...)."""


def sha256(content: bytes) -> str:
    """The hex SHA-256 of ``content``."""
    return hashlib.sha256(content).hexdigest()


def manifest_text(files: Mapping[str, str]) -> str:
    """The manifest of the files ``files`` (relative path -> text, written as UTF-8):
    tool, version and each file's path and SHA-256, sorted by path, as JSON."""
    listed = [{"path": path, "sha256": sha256(files[path].encode("utf-8"))}
              for path in sorted(files)]
    data = {"tool": TOOL, "version": __version__, "files": listed}
    return dumps(data)


def _entries(folder: Path) -> Iterator[Path]:
    """Every file, folder and link under ``folder`` (links are not followed)."""
    for root, dirs, names in os.walk(folder):
        for name in sorted(dirs) + sorted(names):
            yield Path(root) / name


def _listed(folder: Path, display: str) -> dict[str, str]:
    """The files the manifest of ``folder`` lists, with their hashes; OutputError when it
    is missing, unreadable or not one of ours."""
    try:
        data = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
        files = {str(item["path"]): str(item["sha256"]) for item in data["files"]}
        tool = data["tool"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OutputError(f"{display} is not empty and has no readable {MANIFEST_FILE}, so it"
                          " is not an output folder of cantine-supply; not replacing it"
                          f" ({type(exc).__name__})") from exc
    if tool != TOOL:
        raise OutputError(f"{display}: its {MANIFEST_FILE} was not written by {TOOL};"
                          " not replacing it")
    return files


def _in_the_way(folder: Path, listed: Mapping[str, str]) -> list[str]:
    """What ``folder`` holds that its manifest does not account for: links, unlisted
    files and folders, listed files changed or missing (as relative paths)."""
    found: list[str] = []
    expected_dirs = {parent.as_posix() for p in listed for parent in Path(p).parents} - {"."}
    for path in _entries(folder):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found.append(f"{relative} (a link)")
        elif path.is_dir():
            if relative not in expected_dirs:
                found.append(relative + "/")
        elif relative == MANIFEST_FILE:
            continue
        elif relative not in listed:
            found.append(relative)
        elif sha256(path.read_bytes()) != listed[relative]:
            found.append(f"{relative} (changed since it was written)")
    found += [f"{p} (missing)" for p in sorted(listed) if not (folder / p).is_file()]
    return found


def check_replaceable(folder: Path, display: str) -> None:
    """Raise :class:`OutputError` unless the existing ``folder`` may be replaced: it is
    empty, or it holds exactly what its manifest lists (see the module docstring).
    ``display`` is the folder as the user wrote it, for the message."""
    try:
        if not any(folder.iterdir()):
            return
        listed = _listed(folder, display)
        found = _in_the_way(folder, listed)
    except OSError as exc:
        raise OutputError(f"{display}: cannot read the folder: {exc.strerror or exc}") from exc
    if found:
        more = f" and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
        raise OutputError(f"{display} holds what cantine-supply did not write: "
                          f"{', '.join(found[:SHOWN])}{more}; not replacing it")


def sibling(out: Path, suffix: str) -> Path:
    """``out``'s hidden sibling ``.<name><suffix>``."""
    return out.parent / f".{out.name}{suffix}"


@contextlib.contextmanager
def out_lock(out: Path, display: str) -> Iterator[None]:
    """Hold the exclusive lock of ``out`` (the sibling ``.<name>.lock``) while writing;
    :class:`OutputError` at once when another run holds it. The lock file is removed on
    the way out."""
    path = sibling(out, ".lock")
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise OutputError(f"{display} is being written by another run of"
                                  f" cantine-supply (it holds {path.name}); try again when"
                                  " it has finished") from exc
            raise
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:  # not a lock file that the run before us has just removed
            break
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


def leftovers(out: Path) -> list[Path]:
    """Temporary and ``.old`` siblings of ``out`` left by a run that was killed."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.[0-9a-f]{{8}}\.(tmp|old)")
    try:
        return sorted(p for p in out.parent.iterdir()
                      if pattern.fullmatch(p.name) and p.is_dir() and not p.is_symlink())
    except OSError:
        return []


def clean_leftovers(out: Path) -> list[Path]:
    """Remove :func:`leftovers` (call it holding the lock: no live run owns them); return
    those removed."""
    removed = []
    for path in leftovers(out):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            removed.append(path)
    return removed


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back in this thread until the block ends (then they are
    delivered), so the folder swap is never cut between its two renames."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def swap_in(tmp: Path, out: Path, token: str) -> None:
    """Rename the finished folder ``tmp`` to ``out``, replacing (and removing) an existing
    ``out``; the two renames run with signals held."""
    with signals_held():
        if out.exists():
            old = sibling(out, f".{token}.old")
            os.rename(out, old)
            try:
                os.rename(tmp, out)
            except BaseException:
                os.rename(old, out)
                raise
        else:
            old = None
            os.rename(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
