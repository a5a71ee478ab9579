"""Time `pjgen build` on many department workbooks: serially, with -j, with PDFs, and unchanged.

    .venv/bin/python benchmarks/bench_batch.py [--count 100] [--jobs 2] [--series 25,50,100] [--no-pdf]

The workbooks are generated variations of the worked example
(benchmarks/make_variants.py). Every figure is the wall time of one
`pjgen build FOLDER` run (Python start-up included). Prints Markdown tables
(for the README). Not a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_variants import write_departments  # noqa: E402

from generator.convert import find_soffice  # noqa: E402

PJGEN = Path(sys.executable).parent / "pjgen"


def pjgen_build(folder: Path, out: Path, *options: str, fresh: bool = True) -> float:
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    args = [str(PJGEN), "build", str(folder), "-o", str(out), *options]
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"pjgen build failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--series", default="25,50,100")
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    pdf = not args.no_pdf and find_soffice() is not None
    series = sorted({int(x) for x in args.series.split(",")} | {args.count})

    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="pjgen-bench-") as tmp:
        root = Path(tmp)
        folders: dict[int, Path] = {}
        all_books = write_departments(root / "all", max(series))
        for n in series:
            folder = root / f"books_{n}"
            folder.mkdir()
            for book in all_books[:n]:
                os.link(book, folder / book.name)
            folders[n] = folder
        out = root / "out"
        n = args.count
        j = f"-j{args.jobs}"

        print(f"\n## {n} department workbooks\n")
        print("| run | wall time | per workbook |")
        print("|---|---|---|")

        def row(label: str, seconds: float) -> None:
            print(f"| {label} | {seconds:.1f} s | {1000 * seconds / n:.0f} ms |", flush=True)

        row(".docx, serial", pjgen_build(folders[n], out, "-f", "docx"))
        row(f".docx, -j {args.jobs}", pjgen_build(folders[n], out, "-f", "docx", j))
        row(".docx, rebuild with nothing changed", pjgen_build(folders[n], out, "-f", "docx", fresh=False))
        if pdf:
            row(".docx + .pdf, serial (one LibreOffice run)", pjgen_build(folders[n], out))
            row(f".docx + .pdf, -j {args.jobs} (one LibreOffice run)", pjgen_build(folders[n], out, j))
            row(".docx + .pdf, rebuild with nothing changed", pjgen_build(folders[n], out, fresh=False))

        print("\n## Cost by number of workbooks (serial)\n")
        header = "| workbooks | .docx | per added workbook |" + (" .docx + .pdf | per added workbook |" if pdf else "")
        print(header)
        print("|---" * (header.count("|") - 1) + "|")
        previous: tuple[int, float, float] | None = None
        for count in series:
            docx = pjgen_build(folders[count], out, "-f", "docx")
            both = pjgen_build(folders[count], out) if pdf else 0.0
            if previous:
                step = count - previous[0]
                slope_docx = f"{1000 * (docx - previous[1]) / step:.0f} ms"
                slope_both = f"{1000 * (both - previous[2]) / step:.0f} ms"
            else:
                slope_docx = slope_both = "—"
            line = f"| {count} | {docx:.1f} s | {slope_docx} |"
            if pdf:
                line += f" {both:.1f} s | {slope_both} |"
            print(line, flush=True)
            previous = (count, docx, both)


if __name__ == "__main__":
    main()
