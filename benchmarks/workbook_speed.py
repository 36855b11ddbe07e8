"""Reading the sample data as a workbook against reading it as a folder.

``python benchmarks/workbook_speed.py [--reps 5]`` writes the sample data folder as a
workbook once (``cantine_supply.write_workbook``: the folder's load, the sheets, the read
back), then loads the folder and the workbook ``--reps`` times, interleaved so that a
change in the machine's load falls on both alike, and prints the median CPU seconds of
each load and their ratio (workbook / folder), the figure to compare on a shared machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(reps: int) -> list[str]:
    """Lines: the write's CPU s, the median CPU s of each load, their ratio."""
    import cantine_supply

    folder = ROOT / "data"
    cantine_supply.load(folder)  # imports and caches warm, outside the measure
    with tempfile.TemporaryDirectory() as tmp:
        cpu = time.process_time()
        workbook = cantine_supply.write_workbook(folder, Path(tmp) / "sample.xlsx")
        written = time.process_time() - cpu
        cantine_supply.load(workbook)
        runs: dict[str, list[float]] = {"folder": [], "workbook": []}
        for _ in range(reps):
            for name, path in (("folder", folder), ("workbook", workbook)):
                cpu = time.process_time()
                cantine_supply.load(path)
                runs[name].append(time.process_time() - cpu)
        size = workbook.stat().st_size
    folder_s = statistics.median(runs["folder"])
    workbook_s = statistics.median(runs["workbook"])
    return [
        f"write the workbook ({size:,} bytes): {written:.2f} s CPU",
        f"load, median of {reps}: folder {folder_s:.3f} s, workbook {workbook_s:.3f} s CPU"
        f" (workbook / folder = {workbook_s / folder_s:.1f})",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="loads of each (default 5)")
    args = parser.parse_args(argv)
    for line in measure(args.reps):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
