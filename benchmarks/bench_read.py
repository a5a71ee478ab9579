"""Time reading and validating a workbook: read_workbook + load_report + run_checks.

    .venv/bin/python benchmarks/bench_read.py [workbook.xlsx] [--runs 10]

Prints the median of the runs for each stage and for the whole. Not a test: it
prints timings (the first, warm-up run is not counted).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.checks import run_checks  # noqa: E402
from generator.load import load_report  # noqa: E402
from generator.packs import choose_pack  # noqa: E402
from generator.pipeline import validate_book  # noqa: E402
from generator.workbook import read_workbook  # noqa: E402


def time_once(path: Path) -> tuple[float, float, float, int]:
    t0 = time.perf_counter()
    book = read_workbook(path)
    t1 = time.perf_counter()
    report, _ = load_report(book, choose_pack(book.meta).selection)  # the sheets of the workbook's pack
    t2 = time.perf_counter()
    run_checks(report)
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2, len(validate_book(book).problems)  # what `pjgen check` reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", nargs="?", type=Path, default=ROOT / "inputs" / "2023.xlsx")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)

    time_once(args.workbook)  # warm-up: imports
    runs = [time_once(args.workbook) for _ in range(args.runs)]
    read, load, check, count = (statistics.median(r[i] for r in runs) for i in range(4))
    total = statistics.median(sum(r[:3]) for r in runs)
    cells = sum(len(s.values) for s in read_workbook(args.workbook).sheets.values())
    print(f"{args.workbook.name}: {cells} non-empty cells, {int(count)} problems; median of {args.runs} runs")
    print(f"  read_workbook  {read * 1000:7.1f} ms")
    print(f"  load_report    {load * 1000:7.1f} ms")
    print(f"  run_checks     {check * 1000:7.1f} ms")
    print(f"  total          {total * 1000:7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
