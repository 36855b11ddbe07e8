"""The output folder never loses a user's files (issue 21, defects 1 and 8): ``--force``
replaces only a folder the planner wrote (its manifest) holding nothing else; a lock
keeps two runs from both writing a folder; leftovers of killed runs are removed; a
folder that cannot be created is a message and exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from cantine_supply.cli.main import main
from cantine_supply.io import load
from cantine_supply.planning.week import plan
from cantine_supply.problem.week import week_problem
from cantine_supply.report import OutputError, write_outputs
from cantine_supply.report.out_folder import MANIFEST_FILE, out_lock, sha256
from conftest import MINIMAL_FILES, MakeData


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every entry under ``folder`` (hidden ones too): file content, None for folders."""
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


@pytest.fixture
def small(make_data: MakeData) -> Path:
    """A folder with one week (w1) that can be planned: rice for 30 covers."""
    return make_data(base=MINIMAL_FILES)


def plan_out(small: Path, out: Path, *extra: str) -> int:
    return main(["-q", "plan", str(small), "--out", str(out), *extra])


def test_force_refuses_a_users_folder_that_holds_a_plan_json(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Defect 1: Documents/thesis.txt, .bashrc and the user's own plan.json survive."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents" / "thesis.txt").write_text("years of work", encoding="utf-8")
    (home / ".bashrc").write_text("alias ll='ls -l'\n", encoding="utf-8")
    (home / "plan.json").write_text('{"mine": true}\n', encoding="utf-8")
    before = snapshot(home)
    assert plan_out(small, home, "--force") == 2
    err = capsys.readouterr().err
    assert "no readable manifest.json" in err and "not replacing it" in err
    assert snapshot(home) == before


def test_force_refuses_an_output_folder_holding_anything_else(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert plan_out(small, out) == 0
    (out / "Documents").mkdir()
    (out / "Documents" / "thesis.txt").write_text("years of work", encoding="utf-8")
    (out / ".bashrc").write_text("x", encoding="utf-8")
    before = snapshot(out)
    assert plan_out(small, out, "--force") == 2
    err = capsys.readouterr().err
    assert ".bashrc" in err and "Documents/" in err and "Documents/thesis.txt" in err
    assert snapshot(out) == before


def test_force_refuses_an_output_file_the_user_changed(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert plan_out(small, out) == 0
    form = next((out / "orders").glob("*.csv"))
    form.write_text(form.read_text(encoding="utf-8") + "my note\n", encoding="utf-8")
    before = snapshot(out)
    assert plan_out(small, out, "--force") == 2
    assert "(changed since it was written)" in capsys.readouterr().err
    assert snapshot(out) == before


def test_force_refuses_a_link_and_a_forged_manifest(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert plan_out(small, out) == 0
    (out / "link").symlink_to(tmp_path)
    assert plan_out(small, out, "--force") == 2
    (out / "link").unlink()
    manifest = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    manifest["tool"] = "something-else"
    (out / MANIFEST_FILE).write_text(json.dumps(manifest), encoding="utf-8")
    assert plan_out(small, out, "--force") == 2


def test_the_manifest_lists_every_file_with_its_hash(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert plan_out(small, out) == 0
    manifest = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["tool"] == "cantine-supply" and manifest["version"]
    on_disk = {p.relative_to(out).as_posix(): sha256(p.read_bytes())
               for p in out.rglob("*") if p.is_file() and p.name != MANIFEST_FILE}
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == on_disk
    assert plan_out(small, out, "--force", "--lang", "fr") == 0  # untouched: replaced


def test_a_locked_folder_is_refused(small: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Defect 8: while another run writes ``out`` (holds its lock), a run is refused."""
    out = tmp_path / "out"
    with out_lock(out, str(out)):
        assert plan_out(small, out) == 2
        assert "being written by another run" in capsys.readouterr().err
        assert not out.exists()
    assert plan_out(small, out) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != small.name) == ["out"]


def test_two_writers_at_once_one_succeeds(small: Path, tmp_path: Path) -> None:
    """Defect 8: two writers to the same new folder at the same moment: exactly one
    writes it, the other is refused (in 8 trials)."""
    problem = week_problem(load(small), "w1")
    result = plan(problem)
    for trial in range(8):
        out = tmp_path / f"out{trial}"
        start = threading.Barrier(2)
        outcomes: list[str] = []

        def write(lang: str, out: Path = out, start: threading.Barrier = start,
                  outcomes: list[str] = outcomes) -> None:
            start.wait()
            try:
                write_outputs(problem, result, out, lang=lang)
                outcomes.append("written " + lang)
            except OutputError:
                outcomes.append("refused")

        threads = [threading.Thread(target=write, args=(lang,)) for lang in ("en", "fr")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(o.split()[0] for o in outcomes) == ["refused", "written"]
        french = "Coût par couvert" in (out / "report.html").read_text(encoding="utf-8")
        assert french == ("written fr" in outcomes)  # the folder is the winner's, whole


@pytest.mark.slow
def test_two_processes_at_once_one_succeeds(small: Path, tmp_path: Path) -> None:
    """Defect 8, as the probe ran it: two ``cantine-supply plan --out`` processes started
    together to the same new folder: in each of 4 trials exactly one exits 0 and writes
    the folder, whole; the other exits 2 (the folder is locked or exists)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for trial in range(4):
        out = tmp_path / f"out{trial}"
        runs = [subprocess.Popen(
            [sys.executable, "-m", "cantine_supply", "-q", "plan", str(small), "--out",
             str(out), "--lang", lang], env=env, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True) for lang in ("en", "fr")]
        codes = {lang: run.wait(timeout=120) for lang, run in zip(("en", "fr"), runs,
                                                                    strict=True)}
        assert sorted(codes.values()) == [0, 2], codes
        winner = "fr" if codes["fr"] == 0 else "en"
        report = (out / "report.html").read_text(encoding="utf-8")
        assert ("Coût par couvert" in report) == (winner == "fr")
        manifest = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
        assert sorted(f["path"] for f in manifest["files"]) == sorted(
            str(p.relative_to(out)) for p in out.rglob("*")
            if p.is_file() and p.name != MANIFEST_FILE)
        for run in runs:
            assert run.stdout is not None and run.stderr is not None
            run.stdout.close()
            run.stderr.close()


def test_leftovers_of_a_killed_run_are_removed(small: Path, tmp_path: Path) -> None:
    """Defect 8: a temporary and an ``.old`` folder and a lock file left by a killed run."""
    out = tmp_path / "out"
    (tmp_path / ".out.0123abcd.tmp" / "orders").mkdir(parents=True)
    (tmp_path / ".out.0123abcd.tmp" / "plan.json").write_text("{", encoding="utf-8")
    (tmp_path / ".out.89abcdef.old").mkdir()
    (tmp_path / ".out.lock").write_text("", encoding="utf-8")
    (tmp_path / ".out.mine").mkdir()  # not ours: kept
    assert plan_out(small, out) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != small.name) == [
        ".out.mine", "out"]


@pytest.mark.parametrize("where", ["file", "long", "proc"])
def test_a_folder_that_cannot_be_created_exits_2(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    """Defect 8: under a file, a name too long, a place nobody may write: exit 2."""
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    out = {"file": tmp_path / "a-file" / "out", "long": tmp_path / ("x" * 300),
           "proc": Path("/proc/cantine-supply/out")}[where]
    assert plan_out(small, out) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {out}") and "Traceback" not in err
    assert len(err.splitlines()) == 1


SIGTERM_DRIVER = """
import os, signal, sys
from pathlib import Path
import cantine_supply.report.outputs as outputs
from cantine_supply.cli.main import main
real = outputs._write_tree
def write_then_term(root, files):
    real(root, dict(list(files.items())[:2]))
    os.kill(os.getpid(), signal.SIGTERM)
    real(root, files)
outputs._write_tree = write_then_term
sys.exit(main(["-q", "plan", sys.argv[1], "--out", sys.argv[2]] + sys.argv[3:]))
"""


@pytest.mark.parametrize("force", [False, True])
def test_sigterm_while_writing_leaves_nothing_half_written(
    small: Path, tmp_path: Path, force: bool
) -> None:
    """Defect 8: SIGTERM while the files are written: exit 130, ``interrupted``, no hidden
    temporary left, and a folder being replaced is kept as it was."""
    out = tmp_path / "out"
    if force:
        assert plan_out(small, out) == 0
    before = snapshot(out) if force else None
    done = subprocess.run([sys.executable, "-c", SIGTERM_DRIVER, str(small), str(out),
                           *(["--force"] if force else [])],
                          capture_output=True, text=True, check=False, timeout=120,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.returncode == 130, done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("interrupted")
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != small.name) == (
        ["out"] if force else [])
    if force:
        assert snapshot(out) == before
