"""The two converters side by side, against bare LibreOffice, in one run.

    .venv/bin/python benchmarks/bench_converters.py [--count 20] [--departments 10] [--only soffice,unoserver]
        [--baseline REV]

Converters: ``soffice`` (SofficePool, the Basic macro; the default) and
``unoserver`` (UnoserverPool; needs python3-uno and the unoserver package).
Yardstick: bare ``soffice --headless --convert-to pdf`` on the same files, each
process with its own profile, warmed once (so the yardstick pays no profile
creation). Rows, all measured in this one run:

- single PDF: one converter started, one document converted, converter closed
  (what one ``pjgen build --format pdf`` pays) / one bare soffice on that file;
- batch: COUNT distinct documents, 2 processes / two bare soffice, COUNT/2 each;
- killed: the batch again, soffice.bin of one process killed (SIGKILL) at 40 %
  of the batch's time: wall time, documents lost, all others written?
- 目录: the worked example's PDF: TOC entries whose page number is the page of
  the heading (pdftotext), bare soffice included (it does not update the TOC);
- pjgen build: ``pjgen build DIR -j 2 --format pdf`` on DEPARTMENTS workbooks
  (benchmarks/make_variants.py) / two bare soffice on the same .docx files, and
  a single ``pjgen build --format pdf`` / one bare conversion.

``--baseline REV`` adds the two ``pjgen build`` rows of git revision REV (its
``generator`` package and packs exported to a temporary folder, run through a script like
the installed ``pjgen`` command, with the default converter), timed in the same rounds, so that an
earlier version is compared with this one under the same load.

The timed rows run ROUNDS times in a rotated order (bare soffice and the
converters take turns going first); the table gives medians, and each ratio is
the median of the round's figure over the same round's bare soffice. Not a
test: it prints a Markdown table. The machine is shared: compare the ratios of
one run, not figures across runs.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tests"))  # pdf_toc: the 目录 read as the PDF tests read it

from make_variants import write_departments  # noqa: E402
from pdf_toc import heading_pages, read_toc  # noqa: E402

from generator.convert import CONVERTER_ENV, convert_each, find_soffice, open_converter  # noqa: E402
from generator.pipeline import output_name, render_report, validate  # noqa: E402

PJGEN = Path(sys.executable).parent / "pjgen"
KINDS = ("soffice", "unoserver")


def seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


# --- bare LibreOffice ---------------------------------------------------------


def bare(soffice: str, profiles: list[Path], docs: list[Path], out: Path) -> float:
    """``len(profiles)`` bare soffice processes side by side, the documents dealt round."""
    out.mkdir(parents=True, exist_ok=True)
    chunks = [docs[i::len(profiles)] for i in range(len(profiles))]

    def run() -> None:
        procs = [
            subprocess.Popen(
                [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(out), *map(str, chunk)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            for profile, chunk in zip(profiles, chunks) if chunk
        ]
        for proc in procs:
            proc.wait()

    elapsed = seconds(run)
    missing = [d.name for d in docs if not (out / f"{d.stem}.pdf").is_file()]
    if missing:
        raise SystemExit(f"bare soffice wrote no PDF for {missing}")
    return elapsed


# --- documents ----------------------------------------------------------------


def documents(folder: Path, count: int) -> tuple[list[Path], list[Path]]:
    """``count`` workbooks of distinct departments and their rendered .docx files."""
    books = write_departments(folder / "xlsx", count)
    docs = []
    (folder / "docx").mkdir()
    for book in books:
        v = validate(book)
        assert v.report is not None, book
        path = folder / "docx" / f"{output_name(v.report, v.pack)}.docx"
        path.write_bytes(render_report(v.report))
        docs.append(path)
    return books, docs


# --- 目录 check (tests/pdf_toc.py, as the PDF tests) --------------------------------


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, encoding="utf-8").stdout


def toc_check(pdf: Path) -> str:
    """"matched/entries" of the 目录: entries whose number is the page where the heading is."""
    count = int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(pdf)), re.M).group(1))
    pages = [_run("pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-") for n in range(1, count + 1)]
    toc, first_body = read_toc(pages)
    if not toc or first_body is None:
        return "no 目录 numbers"
    located = heading_pages(pages, toc, first_body)
    matched = sum(1 for title, page in toc.items() if located.get(title) == page)
    return f"{matched}/{len(toc)}"


# --- converters ---------------------------------------------------------------


def office_pids(marker: str) -> list[int]:
    """soffice.bin processes whose command line mentions ``marker`` (a worker's folder)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "soffice.bin" in cmdline and marker in cmdline:
            pids.append(int(proc.name))
    return pids


def single(kind: str, doc: Path, out: Path) -> float:
    def run() -> None:
        with open_converter(1, kind=kind) as converter:
            [done] = convert_each([doc], out, pool=converter)
            assert done.error is None, done.error

    return seconds(run)


def batch(kind: str, docs: list[Path], out: Path, kill_after: float | None = None) -> tuple[float, int]:
    """Seconds for the batch on 2 processes, and documents that failed."""
    failed = 0

    def run() -> None:
        nonlocal failed
        with open_converter(2, kind=kind) as converter:
            converter.start()
            if kill_after is not None:
                worker = converter._workers[0]  # the benchmark reaches into its own project's pool

                def kill() -> None:
                    time.sleep(kill_after)
                    for pid in office_pids(str(worker.work_dir)):
                        os.kill(pid, signal.SIGKILL)

                threading.Thread(target=kill, daemon=True).start()
            outcomes = convert_each(docs, out, pool=converter)
        failed = sum(1 for o in outcomes if o.pdf is None)

    return seconds(run), failed


def console_script(root: Path) -> Path:
    """A ``pjgen`` command for the version in ``root``, written as pip writes the console script
    (its render workers start as the installed command's do: spawned ones run this file again)."""
    script = root / "pjgen"
    if not script.is_file():
        script.write_text("import sys\nfrom generator.cli import app\n"
                          "if __name__ == '__main__':\n    sys.exit(app())\n", encoding="utf-8")
    return script


def cli_build(kind: str, workbooks: list[Path], out: Path, jobs: int, root: Path | None = None) -> float:
    """``pjgen build`` with converter ``kind``; with ``root``, the version whose ``generator`` is there."""
    env = dict(os.environ, **{CONVERTER_ENV: kind})
    command = [str(PJGEN)] if root is None else [sys.executable, str(console_script(root))]
    args = [*command, "build", *map(str, workbooks), "-o", str(out), "--format", "pdf", "-j", str(jobs)]
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False, cwd=root)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"pjgen build failed ({kind}):\n{done.stdout}\n{done.stderr}")
    return elapsed


def measure_round(kinds: list[str], order: int, soffice: str, profiles: list[Path], books: list[Path],
                  docs: list[Path], count: int, departments: int, root: Path,
                  baseline: Path | None = None) -> dict[str, dict[str, float]]:
    """One round: every figure for bare soffice and each converter, in a rotated order."""
    figures: dict[str, dict[str, float]] = {}
    names = ["bare", *kinds, *(["baseline"] if baseline is not None else [])]
    names = names[order % len(names):] + names[: order % len(names)]
    for name in names:
        out = root / f"round{order}" / name
        if name == "baseline":
            figures[name] = {
                "build1": cli_build("soffice", books[:1], out / "build1", 1, baseline),
                "buildN": cli_build("soffice", books[:departments], out / "buildN", 2, baseline),
            }
        elif name == "bare":
            figures[name] = {
                "single": bare(soffice, profiles[:1], [docs[0]], out / "single"),
                "batch": bare(soffice, profiles, docs[:count], out / "batch"),
                "buildN": bare(soffice, profiles, docs[:departments], out / "buildN"),
            }
            figures[name]["build1"] = figures[name]["single"]
        else:
            figures[name] = {
                "single": single(name, docs[0], out / "single"),
                "batch": batch(name, docs[:count], out / "batch")[0],
                "build1": cli_build(name, books[:1], out / "build1", 1),
                "buildN": cli_build(name, books[:departments], out / "buildN", 2),
            }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20, help="documents in the batch")
    parser.add_argument("--departments", type=int, default=10, help="workbooks for pjgen build -j 2")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the timed rows (medians reported)")
    parser.add_argument("--only", default=",".join(KINDS), help="converters to measure")
    parser.add_argument("--baseline", metavar="REV", help="also time pjgen build of git revision REV")
    args = parser.parse_args()
    kinds = [k for k in args.only.split(",") if k]
    soffice = find_soffice()
    if soffice is None:
        raise SystemExit("soffice not found; run scripts/setup-system.sh")
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="pjgen-bench-") as tmp:
        root = Path(tmp)
        books, docs = documents(root / "in", max(args.count, args.departments))
        example = root / "example.docx"
        v = validate(ROOT / "inputs" / "2023.xlsx")
        assert v.report is not None
        example.write_bytes(render_report(v.report))
        profiles = [root / f"profile{i}" for i in range(2)]
        bare(soffice, profiles, docs[:2], root / "warm-up")  # profiles, page cache, fontconfig cache

        baseline = None
        if args.baseline:
            from bench_startup import export_revision

            (root / "baseline").mkdir()
            baseline = export_revision(args.baseline, root / "baseline")
        rounds = []
        for order in range(args.rounds):
            rounds.append(measure_round(kinds, order, soffice, profiles, books, docs, args.count,
                                        args.departments, root, baseline))
            load.append(os.getloadavg()[0])
        killed, toc = {}, {}
        bare(soffice, profiles[:1], [example], root / "bare-toc")
        toc["bare"] = toc_check(root / "bare-toc" / "example.pdf")
        for kind in kinds:
            batch_time = statistics.median(r[kind]["batch"] for r in rounds)
            killed[kind] = batch(kind, docs[: args.count], root / kind / "killed", kill_after=0.4 * batch_time)
            with open_converter(1, kind=kind) as converter:
                convert_each([example], root / kind / "toc", pool=converter)
            toc[kind] = toc_check(root / kind / "toc" / "example.pdf")

    def cell(name: str, key: str) -> str:
        value = statistics.median(r[name][key] for r in rounds)
        if name == "bare":
            return f"{value:.2f} s"
        ratio = statistics.median(r[name][key] / r["bare"][key] for r in rounds)
        return f"{value:.2f} s ({ratio:.2f}×)"

    n, d = args.count, args.departments
    print(f"machine: {os.cpu_count()} CPUs, load average {min(load):.1f}–{max(load):.1f} during the run; "
          f"{args.rounds} rounds, medians (ratio: median of each round's ratio to bare soffice)")
    print()
    print(f"| | single PDF | batch of {n}, 2 processes | batch of {n}, soffice killed at 40 % | 目录 numbers right "
          f"| `pjgen build` 1 workbook | `pjgen build` {d} workbooks `-j 2` |")
    print("|---|---|---|---|---|---|---|")
    for name in ["bare", *kinds]:
        label = "bare `soffice --convert-to pdf`" if name == "bare" else f"`{name}`"
        k = "–" if name == "bare" else f"{killed[name][0]:.2f} s, {killed[name][1]} lost"
        print(f"| {label} | {cell(name, 'single')} | {cell(name, 'batch')} | {k} | {toc[name]} "
              f"| {cell(name, 'build1')} | {cell(name, 'buildN')} |")
    if args.baseline:
        print(f"| `soffice` at {args.baseline} | – | – | – | – | {cell('baseline', 'build1')} "
              f"| {cell('baseline', 'buildN')} |")


if __name__ == "__main__":
    main()
