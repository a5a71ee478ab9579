"""Time `pjgen import` on the published Shanghai tables (tests/data/reference/putuo-planning-2024-tables.xlsx,
234 non-zero amounts) into a fresh shanghai-2024 workbook, and how much of it is the verification.

    .venv/bin/python benchmarks/bench_import.py [--runs 5]

Prints the median of the runs (after one warm-up run): reading the export's nine tables
(read_tables), the whole import (read, write, read back and account for every amount), and
the read-back alone. Not a test: it prints timings.
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

from generator.importer import import_tables, read_tables  # noqa: E402
from generator.importer import run as run_module  # noqa: E402
from generator.packs import find_pack  # noqa: E402
from generator.workbook import write_workbook  # noqa: E402

EXPORT = ROOT / "tests" / "data" / "reference" / "putuo-planning-2024-tables.xlsx"


def time_once(folder: Path, blank: Path) -> tuple[float, float, float]:
    target = folder / "2024.xlsx"
    shutil.copyfile(blank, target)
    spent: list[float] = []
    read_back = run_module._read_back

    def timed(*args):  # the verification's share of the import
        t = time.perf_counter()
        out = read_back(*args)
        spent.append(time.perf_counter() - t)
        return out

    t0 = time.perf_counter()
    read_tables(EXPORT)
    t1 = time.perf_counter()
    run_module._read_back = timed
    try:
        result = import_tables(EXPORT, target)
    finally:
        run_module._read_back = read_back
    t2 = time.perf_counter()
    assert result.placed == result.amounts == 234 and result.saved
    return t1 - t0, t2 - t1, sum(spent)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        blank = folder / "blank.xlsx"
        pack = find_pack("shanghai-2024")
        write_workbook(blank, selection=pack.selection, meta={"pack": pack.id})
        time_once(folder, blank)  # warm-up
        runs = [time_once(folder, blank) for _ in range(args.runs)]
    read, whole, back = (statistics.median(r[i] for r in runs) for i in range(3))
    print(f"putuo-planning-2024 tables (234 amounts), median of {args.runs} runs")
    print(f"  read the export (nine tables)     {read * 1000:7.1f} ms")
    print(f"  import: read, write, verify       {whole * 1000:7.1f} ms")
    print(f"  of which the read-back            {back * 1000:7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
