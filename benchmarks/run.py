"""Run the benchmark suites: each instance with each method, one fresh process per run.

    python benchmarks/run.py --suite quick|standard|large|scaling [--json] [--methods ...]
        [--instances NAME,...] [--limit S] [--jobs N]

Methods: ``scip`` and ``highs`` (the planner: checks, build, solve, assemble, verify, as
``cantine_supply.plans.plan`` does), ``greedy`` (benchmarks/greedy.py) and ``pulp`` (the same
model in PuLP, solved by CBC; skipped when PuLP is not installed); on request only,
``scip-hint`` and ``highs-hint`` (the planner's model with the greedy plan as a starting
solution, benchmarks/hint.py: an experiment), ``scip-warm`` and ``highs-warm`` (the
planner with its warm start, ``SolveOptions.warm_start``, ``--warm-share`` of each week's
limit). Weeks of an instance are
planned one after another in one fresh process (multiprocessing, spawn), so its peak memory
(``ru_maxrss``, plus CBC's own process for ``pulp``) is its own. With ``--jobs N`` (N > 1)
each week is planned in its own fresh process, N at a time (the weeks are independent
instances; SCIP runs on one thread as always, HiGHS's threads cannot be set through math_opt
and its search ran on one core in our measurements, CPU = wall): **wall s** is the
instance's wall time, **cpu s** the sum of the weeks' CPU and **peak MB** the largest
week's. The horizon instance is one
MIP and always runs in one process.

Exit status: 0 when every plan passes ``cantine_supply.verification.week`` (the greedy plan may miss
targets, but not break a rule), 1 when a plan fails it or a run crashes, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import multiprocessing
import os
import platform
import resource
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = ROOT / "data"
SAMPLE_WEEKS = ("2026-w48", "2026-w49", "2026-w50", "2026-w51")
METHODS = ("scip", "highs", "greedy", "pulp")
#: Not run unless asked for: the planner's model seeded with the greedy plan (hint.py), and
#: the planner's warm start (``SolveOptions.warm_start``, the share of each week's limit).
EXTRA_METHODS = ("scip-hint", "highs-hint", "scip-warm", "highs-warm")
#: The sample horizon (one MIP for four weeks, ``plan_horizon``): time limit and gap.
HORIZON_LIMIT_S = 120.0
HORIZON_GAP = 0.005
#: verify() messages about targets and budget: the greedy baseline may have these.
TARGET_MESSAGES = ("below the target", "above the budget", "above the cap")


def _instance(
    name: str,
    *,
    sample: tuple[str, ...] = (),
    size: dict[str, int] | None = None,
    seed: int = 0,
    time_limit_s: float = 60.0,
    gap: float = 0.0,
    horizon: bool = False,
) -> dict[str, Any]:
    return {
        "name": name,
        "sample": list(sample),
        "size": size,
        "seed": seed,
        "time_limit_s": time_limit_s,
        "gap": gap,
        "horizon": horizon,
    }


def suites() -> dict[str, list[dict[str, Any]]]:
    """The instances of each suite, with each one's time limit (per week) and relative gap."""
    from benchmarks.generate import SIZES

    scaling = []
    for offers in (150, 500, 1000, 2000, 5000, 10000, 20000):
        size = dict(
            ingredients=max(40, offers // 20),
            suppliers=max(8, offers // 100),
            offers=offers,
            weeks=1,
            services_per_week=5,
        )
        scaling.append(
            _instance(f"gen-{offers}-offers", size=size, seed=offers, time_limit_s=20.0, gap=0.01)
        )
    return {
        "quick": [
            _instance("sample-w48", sample=SAMPLE_WEEKS[:1], time_limit_s=5.0, gap=0.01),
            _instance("gen-small", size=SIZES["small"], seed=1, time_limit_s=5.0, gap=0.01),
        ],
        "standard": [
            _instance("sample-w48", sample=SAMPLE_WEEKS[:1], time_limit_s=60.0, gap=0.0),
            _instance(
                "gen-standard-4w", size=SIZES["standard"], seed=2, time_limit_s=30.0, gap=0.005
            ),
            _instance(
                "sample-horizon-w48-w51",
                sample=SAMPLE_WEEKS,
                time_limit_s=HORIZON_LIMIT_S,
                gap=HORIZON_GAP,
                horizon=True,
            ),
        ],
        "large": [
            _instance("gen-large-4w", size=SIZES["large"], seed=3, time_limit_s=60.0, gap=0.01),
        ],
        "scaling": scaling,
    }


# --- one run, in a child process ----------------------------------------------------------


def _catalogue(instance: dict[str, Any]) -> Any:
    if instance["sample"]:
        import cantine_supply

        return cantine_supply.load(DATA)
    from benchmarks.generate import generate

    return generate(instance["seed"], **instance["size"])


#: Modules a method uses, imported before its clock starts (see :func:`_preload`).
PRELOAD = {
    "pulp": ("benchmarks.pulp_model",),
    "greedy": ("benchmarks.greedy",),
}
SOLVER_MODULES = (
    "cantine_supply.problem.checks",
    "cantine_supply.optimize.build",
    "cantine_supply.optimize.solve",
    "cantine_supply.optimize.split",
    "benchmarks.greedy",
    "benchmarks.hint",
)


def _warm_share(instance: dict[str, Any]) -> float:
    """The warm start's share for the ``-warm`` methods: ``--warm-share`` when given, else
    the planner's own (``WARM_START_SHARE``, what it uses on a large week by default)."""
    from cantine_supply.optimize.solve import WARM_START_SHARE

    share = instance.get("warm_start")
    return WARM_START_SHARE if share is None else float(share)


def _preload(method: str) -> None:
    """Import what ``method`` uses before its clock starts: the first import of a module
    (OR-Tools' math_opt, PuLP) is a cost of the fresh process, once, not of planning a
    week (it was 0.15 s of the 0.23 s "build" of the sample week in a spawned process)."""
    import importlib

    for name in PRELOAD.get(method, SOLVER_MODULES):
        importlib.import_module(name)


def _week(method: str, catalogue: Any, week_id: str, instance: dict[str, Any]) -> dict[str, Any]:
    from cantine_supply.plans.assemble import Decisions, assemble_plan
    from cantine_supply.problem.week import week_problem
    from cantine_supply.verification.week import verify

    limit, gap = instance["time_limit_s"], instance["gap"]
    _preload(method)
    started = time.perf_counter()
    problem = week_problem(catalogue, week_id)
    outcome_plan, report = None, None
    if method.split("-")[0] in ("scip", "highs"):
        from cantine_supply.optimize.build import build_model
        from cantine_supply.optimize.solve import SolveOptions, solve_model
        from cantine_supply.problem.checks import supply_findings

        if supply_findings(problem):
            raise RuntimeError(f"{week_id}: the checks before solving found a blocking problem")
        from cantine_supply.problem.reduce import reduce_problem

        # as the planner does: dominated offers left out (not for -hint: the greedy's plan
        # may use them)
        week = problem if method.endswith("-hint") else reduce_problem(problem).problem
        built = build_model(week, "cost", problem.budget.basis if problem.budget else "TTC")
        built_at = time.perf_counter()
        solver = method.split("-")[0]
        options = SolveOptions(
            solver=solver,
            time_limit_s=limit,
            relative_gap=gap,
            threads=None if solver == "highs" else 1,
            warm_start=_warm_share(instance) if method.endswith("-warm") else 0.0,
        )
        hint = None
        if method.endswith("-hint"):  # the greedy's time counts as solving time
            from benchmarks.greedy import greedy_plan
            from benchmarks.hint import hint_from

            greedy = greedy_plan(problem).plan
            hint = hint_from(
                built,
                Decisions(
                    packs={
                        (line.offer, o.delivery_date): line.packs
                        for o in greedy.orders
                        for line in o.lines
                    },
                    taken={},
                    servings=greedy.servings,
                ),
            )
        from cantine_supply.optimize.split import split_and_serve_unsold_first

        outcome = split_and_serve_unsold_first(built, solve_model(built, options, hint=hint))
        solved_at = time.perf_counter()
        status, report = outcome.status, outcome.report
        if outcome.decisions is not None:
            outcome_plan = assemble_plan(problem, outcome.decisions, status, report)
    elif method == "pulp":
        from benchmarks.pulp_model import build_pulp, solve_pulp

        model = build_pulp(problem)
        built_at = time.perf_counter()
        result = solve_pulp(model, time_limit_s=limit, relative_gap=gap, threads=1)
        solved_at = time.perf_counter()
        status, report = result.status, result.report
        if result.decisions is not None:
            outcome_plan = assemble_plan(problem, result.decisions, status, report)
    else:
        from benchmarks.greedy import greedy_plan

        built_at = time.perf_counter()
        outcome_plan = greedy_plan(problem).plan
        solved_at = time.perf_counter()
        status = outcome_plan.status
    failures = verify(problem, outcome_plan) if outcome_plan is not None else []
    finished = time.perf_counter()
    return _row(
        week_id,
        build_s=built_at - started,
        solve_s=solved_at - built_at,
        total_s=finished - started,
        status="heuristic" if method == "greedy" else status.value,
        plan=outcome_plan,
        report=report,
        failures=failures,
        size={"needs": len(problem.needs), "delivery_slots": len(problem.delivery_slots)},
    )


def _row(
    week: str,
    *,
    build_s: float,
    solve_s: float,
    total_s: float,
    status: str,
    plan: Any = None,
    report: Any = None,
    failures: list[str] | None = None,
    size: dict[str, int] | None = None,
) -> dict[str, Any]:
    """One row of the results: times, status, the plan's cost and targets (none without a
    plan), the solver's objective, bound and gap (none without ``report``)."""
    targets = plan.targets if plan is not None else ()
    ind = plan.indicators if plan is not None else None
    return {
        "week": week,
        "build_s": build_s,
        "solve_s": solve_s,
        "total_s": total_s,
        "status": status,
        "cost_ttc": float(ind.total_ttc) if ind is not None else None,
        "objective": report.objective if report else None,
        "bound": report.bound if report else None,
        "solver_gap": report.gap if report else None,
        "targets_met": sum(t.met for t in targets),
        "targets": len(targets),
        "missed": [t.name for t in targets if not t.met],
        "failures": list(failures or []),
        "size": size or {},
    }


def _horizon(
    method: str, catalogue: Any, weeks: list[str], instance: dict[str, Any]
) -> list[dict[str, Any]]:
    """The weeks planned together by ``cantine_supply.planning.horizon.plan_horizon`` with its
    defaults (one MIP for the weeks, started from the weeks planned one at a time, which
    also gives the bulk savings): one row per week, the horizon's times and solver figures
    on the first. solve = the horizon solver's time; build = the rest (the week-by-week
    plans, the problem, the model, assembly, the verifier and the horizon checks); a plan
    failing them is reported as a failure."""
    from cantine_supply.errors import VerificationError
    from cantine_supply.optimize.solve import SolveOptions
    from cantine_supply.planning.horizon import plan_horizon

    options = SolveOptions(
        solver=method,
        time_limit_s=instance["time_limit_s"],
        relative_gap=instance["gap"],
        threads=None if method == "highs" else 1,
    )
    started = time.perf_counter()
    try:
        result = plan_horizon(catalogue, weeks, options=options)
    except VerificationError as exc:
        failed = time.perf_counter() - started
        return [
            _row("+".join(weeks), build_s=0.0, solve_s=failed, total_s=failed,
                 status="error", failures=list(exc.failures))
        ]
    total = time.perf_counter() - started
    report = result.solver
    rows = []
    for k, plan in enumerate(result.plans):
        first = k == 0
        # no ``report``: the horizon's objective (HT, less the end stock's value) is not a
        # weekly TTC cost; its bound and gap are reported on their own ("horizon_*")
        rows.append(
            _row(plan.week, build_s=total - report.time_s if first else 0.0,
                 solve_s=report.time_s if first else 0.0, total_s=total if first else 0.0,
                 status=result.status.value, plan=plan)
        )
    if not rows:
        rows.append(
            _row("+".join(weeks), build_s=total - report.time_s, solve_s=report.time_s,
                 total_s=total, status=result.status.value, failures=list(result.messages))
        )
    rows[0]["horizon"] = {
        "objective_net_ht": report.objective,
        "bound_net_ht": report.bound,
        "solver_gap": report.gap,
        "net_cost_ht": None if result.net_cost_ht is None else float(result.net_cost_ht),
        "bulk_savings_ht": (
            None if result.bulk_savings_ht is None else float(result.bulk_savings_ht)
        ),
        "week_by_week_solve_s": (
            result.week_by_week.solver.time_s if result.week_by_week is not None else None
        ),
    }
    return rows


def run_one(
    instance: dict[str, Any], method: str, only_week: int | None = None
) -> dict[str, Any]:
    """Plan every week of ``instance`` with ``method`` (or only the week numbered
    ``only_week``, from 0); runs in a fresh child process."""
    os.dup2(2, 1)  # solvers' own prints (HiGHS writes some) must not reach the JSON on stdout
    started = time.perf_counter()
    catalogue = _catalogue(instance)
    ready = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_at_ready = usage.ru_utime + usage.ru_stime
    weeks = instance["sample"] or [w.id for w in catalogue.weeks]
    if only_week is not None:
        weeks = weeks[only_week : only_week + 1]
    if instance.get("horizon") and method in ("scip", "highs"):
        out = _horizon(method, catalogue, weeks, instance)
    else:
        out = [_week(method, catalogue, w, instance) for w in weeks]
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # CBC, for pulp
    extra = method == "pulp"
    return {
        "instance": instance["name"],
        "method": method,
        "weeks": out,
        "catalogue_s": ready - started,
        "cpu_s": own.ru_utime
        + own.ru_stime
        - cpu_at_ready
        + (children.ru_utime + children.ru_stime if extra else 0.0),
        "offers": len(catalogue.offers),
        "ingredients": len(catalogue.ingredients),
        "suppliers": len(catalogue.suppliers),
        "peak_mb": (own.ru_maxrss + (children.ru_maxrss if extra else 0)) / 1024,
    }


def week_count(instance: dict[str, Any]) -> int:
    """How many weeks ``instance`` has (without building its catalogue)."""
    return len(instance["sample"]) or int(instance["size"]["weeks"])


def _spawned(instance: dict[str, Any], method: str, jobs: int = 1) -> dict[str, Any]:
    """Run ``instance`` with ``method`` in fresh processes: all its weeks in one, or, with
    ``jobs > 1``, each week in its own, ``jobs`` at a time.
    ``wall_s`` is the instance's wall time seen from here (process start, catalogue and
    weeks); the weeks' rows, CPU (summed) and peak memory (the largest) are merged."""
    context = multiprocessing.get_context("spawn")
    started = time.perf_counter()
    if jobs <= 1 or instance.get("horizon") or week_count(instance) <= 1:
        with cf.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            run = pool.submit(run_one, instance, method).result()
        return {**run, "wall_s": time.perf_counter() - started, "jobs": 1}
    with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [
            pool.submit(run_one, instance, method, k) for k in range(week_count(instance))
        ]
        runs = [f.result() for f in futures]
    return merge_weeks(runs, wall_s=time.perf_counter() - started, jobs=jobs)


def merge_weeks(runs: list[dict[str, Any]], *, wall_s: float, jobs: int) -> dict[str, Any]:
    """One run from the runs of single weeks (in week order): their rows, CPU summed, the
    largest peak memory and catalogue time, and the instance's wall time ``wall_s``."""
    return {
        **runs[0],
        "weeks": [w for r in runs for w in r["weeks"]],
        "catalogue_s": max(r["catalogue_s"] for r in runs),
        "cpu_s": sum(r["cpu_s"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "wall_s": wall_s,
        "jobs": jobs,
    }


# --- summary ------------------------------------------------------------------------------


def summarise(run: dict[str, Any]) -> dict[str, Any]:
    """Totals over the instance's weeks: times, worst status, costs, bounds, targets."""
    weeks = run["weeks"]
    order = ["optimal", "heuristic", "feasible", "time_limit", "infeasible", "error"]
    worst = max((w["status"] for w in weeks), key=lambda s: order.index(s) if s in order else 99)
    costs = [w["cost_ttc"] for w in weeks]
    bounds = [w["bound"] for w in weeks]
    objectives = [w["objective"] for w in weeks]
    horizon = weeks[0].get("horizon")
    summary = {
        "instance": run["instance"],
        # the weeks planned together (plan_horizon) rather than one after another
        "method": run["method"] + ("-horizon" if horizon is not None else ""),
        "weeks": len(weeks),
        "offers": run["offers"],
        "build_s": sum(w["build_s"] for w in weeks),
        "solve_s": sum(w["solve_s"] for w in weeks),
        "total_s": sum(w["total_s"] for w in weeks),
        "cpu_s": run["cpu_s"],
        "wall_s": run.get("wall_s"),
        "jobs": run.get("jobs", 1),
        "max_week_s": max(w["total_s"] for w in weeks),
        "status": worst,
        "cost_ttc": sum(costs) if None not in costs else None,
        "bound": sum(bounds) if None not in bounds else None,
        "objective": sum(objectives) if None not in objectives else None,
        "targets_met": sum(w["targets_met"] for w in weeks),
        "targets": sum(w["targets"] for w in weeks),
        "missed": sorted({f"{w['week']}:{m}" for w in weeks for m in w["missed"]}),
        "failures": [f"{w['week']}: {f}" for w in weeks for f in w["failures"]],
        "peak_mb": run["peak_mb"],
        "horizon": horizon,
    }
    summary["rule_failures"] = [
        f
        for f in summary["failures"]
        if run["method"] != "greedy" or not any(t in f for t in TARGET_MESSAGES)
    ]
    return summary


def add_gaps(rows: list[dict[str, Any]]) -> None:
    """Gap of each method's cost to the best bound any exact method proved on the instance
    (week by week); a horizon run has its solver's own gap on the horizon's objective."""
    by_instance: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_instance.setdefault(row["instance"], []).append(row)
    for group in by_instance.values():
        bounds = [r["bound"] for r in group if r["bound"] is not None]
        best = max(bounds) if bounds else None
        for r in group:
            r["best_bound"] = best
            cost = r["cost_ttc"]
            r["gap"] = None if best is None or not cost else (cost - best) / cost
            if r.get("horizon") is not None:  # its own gap, on the horizon's net cost HT
                r["gap"] = r["horizon"]["solver_gap"]


def _fmt(value: Any, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def table(rows: list[dict[str, Any]]) -> str:
    header = (
        "instance",
        "method",
        "build s",
        "solve s",
        "total s",
        "wall s",
        "cpu s",
        "status",
        "cost TTC",
        "gap",
        "targets",
        "peak MB",
    )
    lines = []
    for r in rows:
        lines.append(
            (
                r["instance"],
                r["method"],
                _fmt(r["build_s"], ".2f"),
                _fmt(r["solve_s"], ".2f"),
                _fmt(r["total_s"], ".2f"),
                _fmt(r.get("wall_s"), ".2f"),
                _fmt(r["cpu_s"], ".2f"),
                r["status"],
                _fmt(r["cost_ttc"], ",.2f"),
                "-" if r["gap"] is None else f"{100 * r['gap']:.2f}%",
                f"{r['targets_met']}/{r['targets']}",
                _fmt(r["peak_mb"], ".0f"),
            )
        )
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines, strict=True)]
    out = []
    for i, line in enumerate([header, *lines]):
        out.append(
            "| "
            + " | ".join(
                str(x).ljust(w) if j < 2 or j == 7 else str(x).rjust(w)
                for j, (x, w) in enumerate(zip(line, widths, strict=True))
            )
            + " |"
        )
        if i == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def machine() -> dict[str, str]:
    import ortools

    info = {
        "python": platform.python_version(),
        "ortools": ortools.__version__,
        "platform": platform.platform(),
    }
    try:
        info["nproc"] = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
        cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        info["cpu"] = next(
            (ln.split(":", 1)[1].strip() for ln in cpu.splitlines() if ln.startswith("Model name")),
            "?",
        )
    except OSError:
        pass
    try:
        import pulp

        info["pulp"] = pulp.__version__
    except ImportError:
        info["pulp"] = "not installed"
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suite", choices=tuple(suites()), default="quick")
    parser.add_argument(
        "--methods",
        default=",".join(METHODS),
        help=f"comma-separated, among {', '.join(METHODS + EXTRA_METHODS)}",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="plan an instance's weeks in parallel, each in its own process",
    )
    parser.add_argument(
        "--limit", type=float, help="time limit per week in seconds, instead of the suite's"
    )
    parser.add_argument(
        "--instances", help="comma-separated names: only these instances of the suite"
    )
    parser.add_argument(
        "--warm-share",
        type=float,
        default=None,
        help="for scip-warm and highs-warm: the share of each week's limit for the warm start"
        " (default: the planner's, WARM_START_SHARE)",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--svg", type=Path, help="write a chart of time against offers here")
    args = parser.parse_args(argv)
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = [m for m in methods if m not in METHODS + EXTRA_METHODS]
    if unknown:
        parser.error(f"unknown methods: {', '.join(unknown)}")
    notes = []
    if "pulp" in methods:
        try:
            import pulp  # noqa: F401
        except ImportError:
            methods.remove("pulp")
            notes.append("pulp: not installed (pip install pulp), skipped")
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    instances = suites()[args.suite]
    if args.instances:
        wanted = {n.strip() for n in args.instances.split(",")}
        missing = wanted - {i["name"] for i in instances}
        if missing:
            parser.error(f"not in suite {args.suite}: {', '.join(sorted(missing))}")
        instances = [i for i in instances if i["name"] in wanted]
    if args.limit is not None:
        instances = [{**i, "time_limit_s": args.limit} for i in instances]
    if args.warm_share is not None:
        instances = [{**i, "warm_start": args.warm_share} for i in instances]
    if any(i["sample"] for i in instances):
        try:
            import cantine_supply

            cantine_supply.load(DATA)
        except Exception as exc:  # the loaders are another team's work in progress
            instances = [i for i in instances if not i["sample"]]
            notes.append(
                f"sample data not loaded ({type(exc).__name__}: {exc}), sample instances skipped"
            )
    started = time.perf_counter()
    load_before = os.getloadavg()
    rows, crashes = [], []
    for instance in instances:
        for method in methods:
            try:
                run = _spawned(instance, method, args.jobs)
            except Exception:
                crashes.append(f"{instance['name']} {method}:\n{traceback.format_exc()}")
                continue
            rows.append({**summarise(run), "details": run["weeks"]})
            if not args.json:
                print(
                    f"  {instance['name']} {method}: {rows[-1]['total_s']:.1f} s", file=sys.stderr
                )
    add_gaps(rows)
    elapsed = time.perf_counter() - started
    load = {"before": load_before, "after": os.getloadavg()}
    failing = [r for r in rows if r["rule_failures"]]
    if args.svg:
        from benchmarks.chart import time_against_offers

        args.svg.write_text(time_against_offers(rows), encoding="utf-8")
    if args.json:
        print(
            json.dumps(
                {
                    "suite": args.suite,
                    "machine": machine(),
                    "elapsed_s": elapsed,
                    "load_average": load,
                    "jobs": args.jobs,
                    "notes": notes,
                    "crashes": crashes,
                    "results": rows,
                },
                indent=2,
                default=str,
            )
        )
    else:
        print(table(rows))
        print(
            f"\nsuite {args.suite}: {elapsed:.1f} s wall, {args.jobs} job(s); "
            + "; ".join(
                f"{k} {v}" for k, v in machine().items() if k in ("nproc", "cpu", "ortools", "pulp")
            )
        )
        print(
            "load average (1, 5, 15 min) before {:.2f} {:.2f} {:.2f}, "
            "after {:.2f} {:.2f} {:.2f}".format(*load["before"], *load["after"])
        )
        for note in notes:
            print(f"note: {note}")
        for r in rows:
            if r["missed"]:
                print(f"{r['instance']} {r['method']} misses: {', '.join(r['missed'])}")
        for r in failing:
            print(
                f"VERIFY FAILED {r['instance']} {r['method']}:\n  "
                + "\n  ".join(r["rule_failures"])
            )
        for crash in crashes:
            print(f"CRASHED {crash}")
    return 1 if failing or crashes else 0


if __name__ == "__main__":
    sys.exit(main())
