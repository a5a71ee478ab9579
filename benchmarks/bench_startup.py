"""Time the command line as a user runs it: `pjgen --help` and `pjgen check <workbook>`.

    .venv/bin/python benchmarks/bench_startup.py [workbook.xlsx] [--runs 15] [--baseline REV]

Each command is started as a new process (like hyperfine): one warm-up run, then
``--runs`` timed runs. Prints the median and the minimum wall time, and the median
CPU time (user + system) of the child process, which a busy machine disturbs less
than wall time. Also lists the heavy libraries each command imports. Not a test.

The timed processes may cache bytecode, as an installed program does, even where
PYTHONDONTWRITEBYTECODE is set (``--no-bytecode-cache`` keeps it): otherwise every run
compiles pjgen's own modules again, which no user's installation does.

``--baseline REV`` times an earlier version in the same run (the `generator` package of
git revision REV, exported to a temporary folder): both versions run as
``python -m generator`` in turn, run for run, so a busy machine slows both alike, and
the ratio of the medians (this version / REV) is printed.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SCRIPT = Path(sys.executable).with_name("pjgen")  # the console script users run
PJGEN = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "generator"]
HEAVY = ("docxtpl", "docx", "openpyxl", "jinja2", "babel", "lxml", "rich.table", "rich.console", "pydantic")
TARGETS = {"--help": 0.25, "check": 0.6}


def time_once(args: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} exited {done.returncode}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def imported(args: list[str]) -> list[str]:
    """The heavy libraries the command imports (python -X importtime)."""
    command = [sys.executable, "-X", "importtime", "-m", "generator", *args[len(PJGEN):]]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    names = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    return [h for h in HEAVY if h in names]


def export_revision(rev: str, target: Path) -> Path:
    """The ``generator`` package and the template packs of git revision ``rev``, unpacked into ``target``."""
    archive = target / "generator.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "archive", "--format=tar", rev, "generator", "templates"], cwd=ROOT, stdout=out,
                       check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target


def compare(rev: str, workbook: Path, runs: int, env: dict[str, str] | None) -> None:
    """Both versions as ``python -m generator``, alternating run for run."""
    with tempfile.TemporaryDirectory(prefix="pjgen-baseline-") as folder:
        old_root = export_revision(rev, Path(folder))
        versions = {rev: old_root, "this version": ROOT}
        for label, args in {"--help": ["--help"], "check": ["check", str(workbook.resolve())]}.items():
            times: dict[str, list[tuple[float, float]]] = {name: [] for name in versions}
            for i in range(runs + 1):
                for name, root in versions.items():
                    measured = time_in(root, args, env)
                    if i:  # the first round warms up
                        times[name].append(measured)
            wall = {name: statistics.median(w for w, _ in t) for name, t in times.items()}
            cpu = {name: statistics.median(c for _, c in t) for name, t in times.items()}
            print(f"pjgen {label:7} " + ", ".join(
                f"{name}: {wall[name]:.3f} s wall (min {min(w for w, _ in times[name]):.3f} s), {cpu[name]:.3f} s CPU"
                for name in versions)
                + f"; ratio {wall['this version'] / wall[rev]:.2f} wall, {cpu['this version'] / cpu[rev]:.2f} CPU")


def time_in(root: Path, args: list[str], env: dict[str, str] | None) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=root, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:  # the worked example has no errors: anything else is a failure
        raise SystemExit(f"python -m generator {' '.join(args)} in {root} exited {done.returncode}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", nargs="?", type=Path, default=ROOT / "inputs" / "2023.xlsx")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--baseline", metavar="REV", help="also time git revision REV, run for run, and print the ratio")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="keep PYTHONDONTWRITEBYTECODE for the timed processes (if set)")
    args = parser.parse_args(argv)
    env = None if args.no_bytecode_cache else {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cache = "PYTHONDONTWRITEBYTECODE kept" if args.no_bytecode_cache else "bytecode cache allowed"

    commands = {"--help": [*PJGEN, "--help"], "check": [*PJGEN, "check", str(args.workbook)]}
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; {args.runs} runs each after one warm-up"
          f" ({cache})")
    for label, command in commands.items():
        time_once(command, env)
        runs = [time_once(command, env) for _ in range(args.runs)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        best = min(r[0] for r in runs)
        verdict = "ok" if wall < TARGETS[label] else f"over the {TARGETS[label]} s target"
        print(f"pjgen {label:7} median {wall:.3f} s wall (min {best:.3f} s), {cpu:.3f} s CPU  [{verdict}]")
        print(f"  imports: {', '.join(imported(command)) or 'none of ' + ', '.join(HEAVY)}")
    if args.baseline:
        print(f"this version against {args.baseline}, as python -m generator, alternating:")
        compare(args.baseline, args.workbook, args.runs, env)
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
