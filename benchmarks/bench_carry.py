"""Time the next-year commands on the worked example: init --from, import, check --prior.

    .venv/bin/python benchmarks/bench_carry.py [--runs 5]

The export imported is the worked example itself (its nine tables are in the layout
the 决算 software exports). Prints the median of the runs (after one warm-up run).
Not a test: it prints timings.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.carry import carry_forward, prior_problems  # noqa: E402
from generator.importer import import_tables  # noqa: E402
from generator.workbook import read_workbook  # noqa: E402

EXAMPLE = ROOT / "inputs" / "2023.xlsx"


def time_once(folder: Path) -> tuple[float, float, float]:
    for p in folder.iterdir():
        p.unlink()
    old, new = folder / "2023.xlsx", folder / "2024.xlsx"
    shutil.copyfile(EXAMPLE, old)
    t0 = time.perf_counter()
    carry_forward(old, new)
    t1 = time.perf_counter()
    import_tables(old, new)
    t2 = time.perf_counter()
    prior_problems(read_workbook(new), old)
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        time_once(folder)  # warm-up
        runs = [time_once(folder) for _ in range(args.runs)]
    carry, imported, prior = (statistics.median(r[i] for r in runs) for i in range(3))
    print(f"worked example, median of {args.runs} runs")
    print(f"  init --from            {carry * 1000:7.1f} ms")
    print(f"  import (nine tables)   {imported * 1000:7.1f} ms")
    print(f"  check --prior (compare){prior * 1000:7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
