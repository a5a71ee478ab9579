"""Time the loader reading the nine 公开 tables of a workbook (generator/tables + load_tables).

    .venv/bin/python benchmarks/bench_tables.py [workbook.xlsx] [--runs 20] [--baseline REV]

Prints the median time of reading the nine tables in process, the first read of a fresh
process apart (what one `pjgen check` pays, label caches cold). With --baseline, the
load_tables.py of git revision REV is timed the same way, alternately, on the same workbook
(its figures must equal this version's). Not a test: it prints timings.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import schema  # noqa: E402
from generator.load import Loader  # noqa: E402
from generator.workbook import read_workbook  # noqa: E402

READERS = {schema.TableShape.CODED: "coded", schema.TableShape.TWO_PANEL: "two_panel",
           schema.TableShape.ECONOMIC: "economic", schema.TableShape.SINGLE_ROW: "single_row"}


def read_tables(loader_class: type, book) -> list:
    loader = loader_class(book)
    return [getattr(loader, READERS[spec.shape])(spec) for spec in schema.OFFICIAL_TABLES]


def baseline_loader(rev: str, folder: Path) -> type:
    """A Loader whose table readers are revision `rev`'s load_tables.py."""
    source = subprocess.run(["git", "show", f"{rev}:generator/load_tables.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    path = folder / "baseline_load_tables.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("baseline_load_tables", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return type("BaselineLoader", (module.OfficialTables, Loader), {})


def first_read(workbook: Path, rev: str | None) -> float:
    """The first read of the nine tables in a fresh process, in seconds."""
    code = ("import sys, time, tempfile; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
            "import benchmarks.bench_tables as b; from generator.load import Loader;"
            "book = b.read_workbook(Path(sys.argv[2])); folder = Path(tempfile.mkdtemp());"
            "cls = b.baseline_loader(sys.argv[3], folder) if len(sys.argv) > 3 else Loader;"
            "t = time.perf_counter(); b.read_tables(cls, book); print(time.perf_counter() - t)")
    args = [sys.executable, "-c", code, str(ROOT), str(workbook)] + ([rev] if rev else [])
    return float(subprocess.run(args, check=True, capture_output=True, text=True).stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", nargs="?", type=Path, default=ROOT / "inputs" / "2023.xlsx")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--baseline", metavar="REV")
    args = parser.parse_args(argv)
    book = read_workbook(args.workbook)
    with tempfile.TemporaryDirectory() as folder:
        classes = {"this version": Loader}
        if args.baseline:
            classes[args.baseline] = baseline_loader(args.baseline, Path(folder))
            if read_tables(classes[args.baseline], book) != read_tables(Loader, book):
                print("the baseline reads other figures", file=sys.stderr)
                return 1
        times: dict[str, list[float]] = {name: [] for name in classes}
        firsts: dict[str, list[float]] = {name: [] for name in classes}
        for _ in range(args.runs):
            for name, cls in classes.items():
                t = time.perf_counter()
                read_tables(cls, book)
                times[name].append(time.perf_counter() - t)
        for _ in range(min(args.runs, 7)):
            for name in classes:
                firsts[name].append(first_read(args.workbook, None if name == "this version" else name))
    for name in classes:
        print(f"{name}: nine tables {statistics.median(times[name]) * 1000:.1f} ms median in process, "
              f"first read in a fresh process {statistics.median(firsts[name]) * 1000:.1f} ms median")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
