"""Check that the package's imports follow the declared layer order, and find cycles.

``python tools/layers.py`` reads every module of ``src/cantine_supply`` with :mod:`ast`
(every import, at module level or inside a function: a lazy import is still an import),
maps each module to its layer (:data:`LAYERS`, lowest first) and fails (exit 1) on:

- an import of a module of a *higher* layer than the importer's (against the flow
  files -> model -> problem -> optimisation -> plan -> verification -> use cases -> reports
  -> command line);
- a cycle between modules (two modules importing each other, directly or not);
- a module of the package that no layer claims (a new module must be placed).

Imports between modules of the same layer are allowed (but not in a cycle). The package's
``__init__`` (the public API) sits above the reports and below the command line, which
should use nothing else.

:data:`KNOWN` lists the imports against the flow that existed when this check was written;
each is reported as debt (not a failure) until the one-planner redesign removes it, and an
entry that no longer occurs must be deleted (a stale entry fails, so the list only shrinks).
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src" / "cantine_supply"
PACKAGE = "cantine_supply"

#: Layers, lowest first: (name, module prefixes relative to the package).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("errors", "units", "version")),
    ("model", ("model",)),
    ("io", ("io",)),
    ("problem", ("problem",)),
    ("optimize", ("optimize",)),
    ("plan", ("plans",)),
    ("verify", ("verification",)),
    ("use cases", ("planning", "journal", "network")),
    ("report", ("report",)),
    ("public API", ("__init__",)),
    ("cli", ("cli", "__main__")),
)

#: Imports against the flow found when the check was written (importer, imported), to be
#: removed by the redesign (issue 16). Reported, not failed; stale entries fail.
KNOWN: frozenset[tuple[str, str]] = frozenset()

#: Cycles found when the check was written (sorted modules), same rule as :data:`KNOWN`.
KNOWN_CYCLES: frozenset[tuple[str, ...]] = frozenset()


def module_name(path: Path, root: Path = ROOT) -> str:
    """``optimize/build.py`` -> ``optimize.build``; ``io/__init__.py`` -> ``io``."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int | None:
    """The index in :data:`LAYERS` of the layer that claims ``module`` (longest prefix)."""
    best: tuple[int, int] | None = None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                if best is None or len(prefix) > best[1]:
                    best = (index, len(prefix))
    return None if best is None else best[0]


def imports_of(path: Path, module: str, known: set[str]) -> set[str]:
    """The package's modules that ``path`` imports (absolute or relative, anywhere)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                stem = ".".join(base + ([node.module] if node.module else []))
                names = [f"{PACKAGE}.{stem}" if stem else PACKAGE]
            else:
                names = [node.module or ""]
            # `from x import y`: the module x.y when y is a module, else x itself.
            names = [f"{names[0]}.{a.name}" for a in node.names]
        for name in names:
            if name == PACKAGE or not name.startswith(PACKAGE + "."):
                continue
            target = name[len(PACKAGE) + 1:]
            while target and target not in known:  # `from x import function` -> x
                target = target.rpartition(".")[0]
            if target == "":  # `from cantine_supply import load`: the public API
                target = "__init__"
            if target and target != module:
                found.add(target)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def check(root: Path = ROOT, known: frozenset[tuple[str, str]] | None = None,
          known_cycles: frozenset[tuple[str, ...]] | None = None) -> tuple[list[str], list[str]]:
    """(failures, debt): one line each."""
    known = KNOWN if known is None else known
    known_cycles = KNOWN_CYCLES if known_cycles is None else known_cycles
    paths = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    known_modules = set(paths)
    failures: list[str] = []
    debt: list[str] = []
    graph: dict[str, set[str]] = defaultdict(set)
    seen_known: set[tuple[str, str]] = set()
    for module, path in paths.items():
        own = layer_of(module)
        if own is None:
            failures.append(f"{module}: no layer claims this module (add it to LAYERS)")
            continue
        for target in sorted(imports_of(path, module, known_modules)):
            graph[module].add(target)
            theirs = layer_of(target)
            if theirs is None or theirs <= own:
                continue
            line = (f"{module} ({LAYERS[own][0]}) imports {target} ({LAYERS[theirs][0]}),"
                    " against the flow")
            if (module, target) in known:
                seen_known.add((module, target))
                debt.append(line)
            else:
                failures.append(line)
    for importer, imported in sorted(known - seen_known):
        failures.append(f"KNOWN lists {importer} -> {imported}, which no longer occurs:"
                        " delete the entry")
    found = cycles(graph)
    for component in found:
        line = "import cycle: " + " -> ".join(component)
        (debt if tuple(component) in known_cycles else failures).append(line)
    for component in sorted(known_cycles - {tuple(c) for c in found}):
        failures.append(f"KNOWN_CYCLES lists {component}, which no longer occurs: delete it")
    return failures, debt


def main() -> int:
    failures, debt = check()
    for line in debt:
        print(f"debt: {line}")
    for line in failures:
        print(f"error: {line}")
    print(f"{len(failures)} error(s); debt: {len(debt)} known import(s) against the flow or"
          " cycle(s) (KNOWN, KNOWN_CYCLES: a list that can only shrink)")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
