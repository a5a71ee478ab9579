"""Time one build of the worked example, and how the cost grows with the number of projects.

    .venv/bin/python benchmarks/bench_build.py [--repeat 5] [--projects 12,100,250,500] [--no-pdf]

Prints Markdown tables (for the README). Not a test. The PDF figures need
LibreOffice (scripts/setup-system.sh); without it they are left out.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_variants import write_projects  # noqa: E402

from generator.context import build_context  # noqa: E402
from generator.convert import find_soffice  # noqa: E402
from generator.build import BuildOptions, build_many  # noqa: E402
from generator.pipeline import document_info, validate  # noqa: E402
from generator.render import DEFAULT_TEMPLATE, render_docx  # noqa: E402

EXAMPLE = ROOT / "inputs" / "2023.xlsx"
SHANGHAI = ROOT / "inputs" / "shanghai-2024.xlsx"
PJGEN = Path(sys.executable).parent / "pjgen"


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli_build(workbook: Path, out: Path, formats: list[str]) -> float:
    shutil.rmtree(out, ignore_errors=True)
    args = [str(PJGEN), "build", str(workbook), "-o", str(out)]
    for f in formats:
        args += ["--format", f]
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"pjgen build failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def stages(workbook: Path, repeat: int) -> dict[str, float]:
    """Median seconds of validate, context, render (docx bytes)."""
    v = validate(workbook)
    assert v.ok and v.report is not None
    report = v.report
    ctx = build_context(report)
    return {
        "validate": median_time(lambda: validate(workbook), repeat),
        "context": median_time(lambda: build_context(report), repeat),
        "render": median_time(lambda: render_docx(ctx, DEFAULT_TEMPLATE, info=document_info(report)), repeat),
    }


def in_process_build(workbook: Path, out: Path, formats: tuple[str, ...]) -> float:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    run = build_many([workbook], BuildOptions(out_dir=out, formats=formats))
    elapsed = time.perf_counter() - start
    assert run.ok, [r.errors for r in run.results]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--projects", default="12,100,250,500")
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    pdf = not args.no_pdf and find_soffice() is not None
    counts = [int(x) for x in args.projects.split(",")]

    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="pjgen-bench-") as tmp:
        root = Path(tmp)
        for title, book in (("Worked example (inputs/2023.xlsx, 12 projects)", EXAMPLE),
                            ("Shanghai example (inputs/shanghai-2024.xlsx, pack shanghai-2024)", SHANGHAI)):
            print(f"\n## {title}\n")
            print("| build | pjgen build (wall, incl. start-up) | in process |")
            print("|---|---|---|")
            cli = median_time(lambda: cli_build(book, root / "cli", ["docx"]), args.repeat)
            inproc = median_time(lambda: in_process_build(book, root / "in", ("docx",)), args.repeat)
            print(f"| .docx | {cli:.2f} s | {inproc:.2f} s |")
            if pdf:
                n = max(1, args.repeat // 2)
                cli = median_time(lambda: cli_build(book, root / "cli", ["docx", "pdf"]), n)
                inproc = median_time(lambda: in_process_build(book, root / "in", ("docx", "pdf")), n)
                print(f"| .docx + .pdf | {cli:.2f} s | {inproc:.2f} s |")

        print("\n## Cost by number of projects (in process, median)\n")
        header = "| projects | validate | context | render .docx | .docx build | per added project |"
        if pdf:
            header += " .docx + .pdf build |"
        print(header)
        print("|---" * (header.count("|") - 1) + "|")
        previous: tuple[int, float] | None = None
        for count in counts:
            book = write_projects(root / f"projects_{count}.xlsx", count)
            s = stages(book, max(1, args.repeat // 2))
            total = median_time(lambda: in_process_build(book, root / "p", ("docx",)), max(1, args.repeat // 2))
            slope = f"{1000 * (total - previous[1]) / (count - previous[0]):.1f} ms" if previous else "—"
            previous = (count, total)
            row = (
                f"| {count} | {s['validate']:.2f} s | {s['context']:.2f} s | {s['render']:.2f} s | "
                f"{total:.2f} s | {slope} |"
            )
            if pdf:
                row += f" {in_process_build(book, root / 'pp', ('docx', 'pdf')):.1f} s |"
            print(row, flush=True)


if __name__ == "__main__":
    main()
