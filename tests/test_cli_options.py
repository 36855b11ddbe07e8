"""Every option is checked when the command line is parsed (issue 21, defect 4): NaN,
infinities, negative or absurd values are one usage line and exit 2, never a traceback,
"plan error" or a plan 13% from the optimum called optimal."""

from __future__ import annotations

from pathlib import Path

import pytest

from cantine_supply.cli.main import main
from cantine_supply.cli.options import most_threads

DATA = Path(__file__).resolve().parents[1] / "data"

BAD_OPTIONS = [
    ("--time-limit", "nan", "expected a finite number"),
    ("--time-limit", "inf", "expected a finite number"),
    ("--time-limit", "1e20", "must be above 0 and at most 604800 seconds"),
    ("--time-limit", "-1", "must be above 0 and at most 604800 seconds"),
    ("--time-limit", "0", "must be above 0 and at most 604800 seconds"),
    ("--budget", "-5", "must be above 0 and at most 10000000 EUR"),
    ("--budget", "nan", "expected a finite number"),
    ("--budget", "inf", "expected a finite number"),
    ("--budget", "1e308", "must be above 0 and at most 10000000 EUR"),
    ("--threads", "0", "must be from 1 to"),
    ("--threads", "-1", "must be from 1 to"),
    ("--threads", "1000000", "must be from 1 to"),
    ("--threads", "1.5", "expected a whole number"),
    ("--gap", "-0.1", "must be at least 0 and below 1"),
    ("--gap", "nan", "expected a finite number"),
    ("--gap", "1", "must be at least 0 and below 1"),
    ("--gap", "13", "must be at least 0 and below 1"),
]


@pytest.mark.parametrize(("option", "value", "message"), BAD_OPTIONS)
@pytest.mark.parametrize("command", ["plan", "report"])
def test_bad_plan_options_exit_2_naming_the_option(
    capsys: pytest.CaptureFixture[str], command: str, option: str, value: str, message: str,
    tmp_path: Path,
) -> None:
    out = ["--out", str(tmp_path / "out")] if command == "report" else []
    assert main([command, str(DATA), "--week", "2026-w48", *out, option, value]) == 2
    err = capsys.readouterr().err
    assert f"error: argument {option}: {message}" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["horizon", "--horizon", "h", "--budget", "nan"], "argument --budget"),
        (["horizon", "--horizon", "h", "--ambient-kg", "-1"], "argument --ambient-kg"),
        (["horizon", "--horizon", "h", "--gap", "1"], "argument --gap"),
        (["horizon", "--horizon", "h", "--node-limit", "0"], "argument --node-limit"),
        (["horizon", "--horizon", "h", "--time-limit", "inf"], "argument --time-limit"),
        (["tradeoff", "--steps", "0"], "argument --steps"),
        (["tradeoff", "--up-to", "nan"], "argument --up-to"),
        (["tradeoff", "--time-limit", "-3"], "argument --time-limit"),
        # one block of solver options for every command (issue 16): these two took any float
        (["network", "x", "--week", "w", "--gap", "nan"], "argument --gap"),
        (["network", "x", "--week", "w", "--time-limit", "-1"], "argument --time-limit"),
        (["plan-many", "x", "--gap", "1"], "argument --gap"),
        (["plan-many", "x", "--time-limit", "inf"], "argument --time-limit"),
    ],
)
def test_bad_options_of_the_other_commands(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_the_edges_of_each_range_are_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    """The largest threads count, a gap just below 1, a tiny time limit and the largest
    budget plan without an error (the sample week, proven optimal or not)."""
    code = main(["-q", "plan", str(DATA), "--week", "2026-w48", "--threads",
                 str(most_threads()), "--gap", "0.999", "--budget", "10000000",
                 "--time-limit", "604800"])
    assert code == 0, capsys.readouterr().err
