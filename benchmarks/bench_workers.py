"""The render workers' start: ``pjgen build`` of many workbooks with ``-j`` (no PDF), this
version against an earlier revision, run for run.

    .venv/bin/python benchmarks/bench_workers.py --baseline REV [--departments 10] [--jobs 2] [--runs 7]

Both versions run as the installed ``pjgen`` command does (a console script importing
``generator.cli``; REV's ``generator`` package and packs exported to a temporary folder),
in turns, each run a new process writing .docx files into a new folder, on DEPARTMENTS
workbooks (benchmarks/make_variants.py). Wall time, and the CPU time of the command with
every process it started: this script makes itself the subreaper of its descendants
(Linux ``prctl``), so a fork server and the workers forked from it, which outlive or are
not waited for by the command, are counted when they end. Medians; also ``-j 1`` of this
version for scale. No LibreOffice: PDF conversion is the same in both versions and only
adds noise. Not a test: it prints. The machine is shared: compare within one run.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_converters import console_script  # noqa: E402
from bench_startup import export_revision  # noqa: E402
from make_variants import write_departments  # noqa: E402

PJGEN = Path(sys.executable).parent / "pjgen"
PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> None:
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise SystemExit("prctl(PR_SET_CHILD_SUBREAPER) failed: Linux only")


def reap_orphans(wait: float = 2.0) -> None:
    """Wait for the descendants left behind (a fork server ends when its command has ended)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            if time.monotonic() > deadline:
                return
            time.sleep(0.01)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_build(command: list[str], books: list[Path], out: Path, jobs: int, cwd: Path | None) -> tuple[float, float]:
    cpu = children_cpu()
    start = time.perf_counter()
    done = subprocess.run([*command, "build", *map(str, books), "-o", str(out), "--format", "docx", "-j", str(jobs)],
                          capture_output=True, text=True, cwd=cwd, check=False)
    wall = time.perf_counter() - start
    reap_orphans()
    if done.returncode != 0:
        raise SystemExit(f"pjgen build failed:\n{done.stdout}\n{done.stderr}")
    return wall, children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", metavar="REV", required=True)
    parser.add_argument("--departments", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    become_subreaper()
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="pjgen-bench-workers-") as tmp:
        root = Path(tmp)
        books = write_departments(root / "books", args.departments)
        (root / "baseline").mkdir()
        old = export_revision(args.baseline, root / "baseline")
        versions = {
            "this version": ([str(PJGEN)], None, args.jobs),
            args.baseline: ([sys.executable, str(console_script(old))], old, args.jobs),
            "this version, -j 1": ([str(PJGEN)], None, 1),
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in versions}
        for i in range(args.runs + 1):
            names = list(versions)
            names = names[i % len(names):] + names[: i % len(names)]
            for name in names:
                command, cwd, jobs = versions[name]
                measured = run_build(command, books, root / f"out-{i}-{len(times[name])}-{jobs}", jobs, cwd)
                if i:  # the first round warms up (bytecode, page cache)
                    times[name].append(measured)
            load.append(os.getloadavg()[0])
    print(f"machine: {os.cpu_count()} CPUs, load average {min(load):.1f}–{max(load):.1f}; "
          f"{args.departments} workbooks, .docx only, {args.runs} runs each in turns, medians")
    print()
    print("| version | wall | CPU (all its processes) |")
    print("|---|---|---|")
    for name, measured in times.items():
        wall = statistics.median(w for w, _ in measured)
        cpu = statistics.median(c for _, c in measured)
        label = f"`-j {args.jobs}` {name}" if "-j 1" not in name else name
        print(f"| {label} | {wall:.2f} s | {cpu:.2f} s |")
    base = statistics.median(w for w, _ in times[args.baseline])
    new = statistics.median(w for w, _ in times["this version"])
    base_cpu = statistics.median(c for _, c in times[args.baseline])
    new_cpu = statistics.median(c for _, c in times["this version"])
    print(f"\nthis version / {args.baseline}: wall {new / base:.2f}×, CPU {new_cpu / base_cpu:.2f}× "
          f"({base_cpu - new_cpu:+.2f} s CPU saved)")


if __name__ == "__main__":
    main()
