"""Ctrl-C (and SIGTERM, which the command line turns into Ctrl-C) stops the solver.

Python runs signal handlers in the main thread between bytecodes, so a ``KeyboardInterrupt``
never reaches a main thread that sits in the solver's C++ code until the solve ends. So
:func:`interruptible_solve` runs ``mathopt.solve`` in a worker thread with a math_opt
:class:`SolveInterrupter` while the main thread waits, interruptibly; on Ctrl-C it
interrupts the solver (SCIP and CP-SAT stop within a fraction of a second), waits at most
:data:`GRACE_S` for it, and raises :class:`SolveInterrupted` with the objective of the best
solution found so far, if any. Called from another thread (which receives no signals), it
is ``mathopt.solve`` itself.

OR-Tools 9.15's SCIP wrapper prints two harmless ``ERROR`` lines on standard error at every
solve that has an interrupter or a callback (``[scip_event.c:305] ERROR: SCIPcatchEvent does
not support variable or row change events...`` and ``[gscip_event_handler.cc:124] ERROR:
Error <-9> in function call``; the solve and the interrupt work). A manager must not read
"ERROR" on every plan, so :func:`scip_noise_filtered` sends the process's standard error
to a temporary file during a SCIP solve (Python's own ``sys.stderr`` keeps writing to the
terminal, so progress lines still show) and passes on every other line afterwards.

When math_opt refuses a model (a NaN bound, a name given twice), OR-Tools 9.15's Python
wrapper fails while turning the C++ status into an exception and raises
``AttributeError: 'StatusNotOk' object has no attribute 'canonical_code'``, the solver's
own reason only in the exception's context. :func:`solve` (the one call of
``mathopt.solve`` in the package) raises :class:`SolverRejected` with that reason instead,
so the planner can tell an invalid model from a solver failure and say why.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from typing import Any, TextIO

from ortools.math_opt.python import mathopt
from ortools.util.python.solve_interrupter import SolveInterrupter

from cantine_supply.errors import SolveInterrupted

__all__ = ["GRACE_S", "SolveInterrupted", "SolverRejected", "interruptible_solve", "solve"]

#: Seconds to wait for the solver to stop once interrupted (a second Ctrl-C stops waiting).
GRACE_S = 1.5


class SolverRejected(RuntimeError):
    """The solver refused the model or the solve; the message is the solver's own reason
    (for an invalid model it contains ``INVALID_ARGUMENT``)."""


def solve(model: mathopt.Model, solver_type: mathopt.SolverType,
          **kwargs: Any) -> mathopt.SolveResult:
    """``mathopt.solve(model, solver_type, **kwargs)``; a refusal that the wrapper turns
    into an ``AttributeError`` (module docstring) is raised as :class:`SolverRejected` with
    the solver's reason."""
    try:
        return mathopt.solve(model, solver_type, **kwargs)
    except AttributeError as exc:
        reason = exc.__context__
        if reason is None or type(reason).__name__ != "StatusNotOk":
            raise
        raise SolverRejected(str(reason)) from reason


def interruptible_solve(model: mathopt.Model, solver_type: mathopt.SolverType,
                        **kwargs: Any) -> mathopt.SolveResult:
    """``mathopt.solve(model, solver_type, **kwargs)``, stopped by Ctrl-C (see the module
    docstring); raises :class:`SolveInterrupted` when interrupted."""
    if threading.current_thread() is not threading.main_thread():
        return solve(model, solver_type, **kwargs)
    interrupter = SolveInterrupter()
    outcome: dict[str, Any] = {}
    done = threading.Event()  # not Thread.join: an interrupted join marks a live thread done

    def work() -> None:
        try:
            outcome["result"] = solve(model, solver_type, interrupter=interrupter, **kwargs)
        except BaseException as exc:  # handed to the main thread, raised there
            outcome["error"] = exc
        finally:
            done.set()

    worker = threading.Thread(target=work, name="cantine-supply-solve", daemon=True)
    quiet = scip_noise_filtered() if solver_type == mathopt.SolverType.GSCIP else None
    with quiet or contextlib.nullcontext():
        worker.start()
        try:
            while not done.wait(0.2):
                pass
        except KeyboardInterrupt as exc:
            interrupter.interrupt()
            stopped = done.wait(GRACE_S)
            raise SolveInterrupted(_best(outcome.get("result")), stopped) from exc
    if "error" in outcome:
        raise outcome["error"]
    result: mathopt.SolveResult = outcome["result"]
    return result


def _best(result: mathopt.SolveResult | None) -> float | None:
    """The objective value of ``result``'s best solution, None without one."""
    if result is None or not result.has_primal_feasible_solution():
        return None
    return float(result.objective_value())


#: The two lines OR-Tools' SCIP wrapper prints at every solve with an event handler.
SCIP_NOISE = re.compile(
    r"^\[(scip_event\.c:\d+\] ERROR: SCIPcatchEvent does not support variable or row change"
    r" events\.|gscip_event_handler\.cc:\d+\] ERROR: Error <-9> in function call$)"
)


@contextlib.contextmanager
def scip_noise_filtered() -> Iterator[None]:
    """Standard error (file descriptor 2) goes to a temporary file during the block, then
    every line but :data:`SCIP_NOISE` is written to it; ``sys.stderr``, when it writes to
    descriptor 2, writes to a copy of the real one meanwhile. Does nothing when descriptor
    2 cannot be redirected."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    python_stderr = sys.stderr
    uses_fd2 = _fileno(python_stderr) == 2
    with tempfile.TemporaryFile() as caught:
        if uses_fd2:
            python_stderr.flush()
        os.dup2(caught.fileno(), 2)
        live: TextIO | None = None
        try:
            if uses_fd2:
                live = os.fdopen(os.dup(saved), "w", buffering=1, encoding="utf-8",
                                 errors="backslashreplace")
                sys.stderr = live
            yield
        finally:
            if live is not None:
                sys.stderr = python_stderr
                live.close()
            os.dup2(saved, 2)
            os.close(saved)
            caught.seek(0)
            kept = [line for line in caught.read().decode("utf-8", "replace").splitlines(True)
                    if not SCIP_NOISE.match(line)]
            if kept:
                os.write(2, "".join(kept).encode("utf-8"))


def _fileno(stream: TextIO) -> int | None:
    try:
        return stream.fileno()
    except (OSError, ValueError, AttributeError):
        return None
