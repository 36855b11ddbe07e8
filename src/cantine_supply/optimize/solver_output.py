"""Standard output for what the program prints, not for the solvers' own lines.

The solvers are C++ code: HiGHS prints
``HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();`` to file
descriptor 1 (standard output) whatever its settings, below Python, where neither
``enable_output=False`` nor ``contextlib.redirect_stdout`` reaches. A program that prints
JSON on standard output (``cantine-supply horizon --json``, or other software printing a
plan's JSON) would then print a line that is not JSON first.

:func:`solver_prints_to_stderr` moves what is written to descriptor 1 during a block to
standard error, and keeps ``sys.stdout`` writing to the real standard output::

    import json
    import cantine_supply as cs

    catalogue = cs.load("data")
    with cs.solver_prints_to_stderr():
        result = cs.plan(catalogue, "2026-w48", options=cs.SolveOptions(solver="highs"))
        print(json.dumps(result.to_json())[:20])

The command line wraps every command in it. It changes the process's descriptors, so it is
for a program's main thread (not for a library called by a program that prints from other
threads at the same time).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def solver_prints_to_stderr() -> Iterator[None]:
    """Within the block, what is written to file descriptor 1 below Python (the solvers'
    C++ code) goes to standard error, and ``sys.stdout`` writes to the real standard
    output through a descriptor of its own (see the module docstring). Without this a
    ``--json`` output could start with the solver's line and not parse (seen on the
    sample horizon).

    Only when ``sys.stdout`` is the process's own standard output on descriptor 1 (a
    program or a test that replaced it keeps it as it is); everything is put back at the
    end of the block, also on an exception."""
    stream = sys.stdout
    try:
        own = stream.fileno() == 1 and stream is sys.__stdout__
    except (AttributeError, OSError, ValueError):  # no descriptor (an in-memory stream)
        own = False
    if not own:
        yield
        return
    stream.flush()
    saved = os.dup(1)
    kept = os.fdopen(saved, "w", buffering=1 if stream.isatty() else -1,
                     encoding=stream.encoding, errors=stream.errors, closefd=False)
    os.dup2(2, 1)
    sys.stdout = kept
    try:
        yield
    finally:
        try:
            kept.flush()
        finally:
            sys.stdout = stream
            os.dup2(saved, 1)
            os.close(saved)
