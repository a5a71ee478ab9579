"""Time the fuzz corpus (tests/test_fuzz.py) as the normal test command runs it.

    .venv/bin/python benchmarks/bench_fuzz.py [--repeat 1]

Runs `pytest tests/test_fuzz.py` in a subprocess and reports its wall time, its CPU
time (user + system, which a busy machine does not inflate much) and the slowest
cases (pytest --durations). Prints Markdown (for the README). Not a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_once() -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--durations=5",
                           "tests/test_fuzz.py"], cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.exit(done.stdout[-3000:] + done.stderr[-2000:])
    return wall, cpu, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(f"{platform.platform()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}\n")
    print("| run | cases | wall | CPU (user + system) |\n|---|---|---|---|")
    for i in range(args.repeat):
        wall, cpu, out = run_once()
        cases = re.search(r"(\d+) passed", out)
        print(f"| {i + 1} | {cases.group(1) if cases else '?'} | {wall:.1f} s | {cpu:.1f} s |")
    slowest = [line for line in out.splitlines() if re.match(r"^\d+\.\d+s call", line)]
    print("\nSlowest cases:\n\n" + "\n".join(f"    {line}" for line in slowest))


if __name__ == "__main__":
    main()
