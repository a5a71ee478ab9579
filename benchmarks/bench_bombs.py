"""Peak memory and time of `pjgen check` (and optionally `build`, `import`) on each case of
the bomb corpus (tests/bomb_corpus.py), built in a temporary folder.

    .venv/bin/python benchmarks/bench_bombs.py [--commands check build import] [--cases NAME ...]

Each command runs as a new process; its peak resident memory comes from RUSAGE_CHILDREN of
a fresh interpreter that starts it, its time is the wall time of that process. Prints a
Markdown table (the README's). Not a test: tests/test_bombs.py asserts the outcomes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from bomb_corpus import CASES, READ, pjgen, run_measured  # noqa: E402


def command_line(command: str, case: Path, work: Path) -> list[str]:
    if command == "check":
        return [*pjgen(), "check", str(case)]
    if command == "build":
        return [*pjgen(), "build", str(case), "--format", "docx", "-o", str(work / "out")]
    target = work / "target.xlsx"
    shutil.copy(work / "empty.xlsx", target)
    return [*pjgen(), "import", str(case), "--into", str(target)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", nargs="+", default=["check"], choices=["check", "build", "import"])
    parser.add_argument("--cases", nargs="+", default=sorted(CASES), choices=sorted(CASES))
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    heads = " | ".join(f"`{c}`: time, peak memory" for c in args.commands)
    print(f"\n| Case | .xlsx | inflated | {heads} | Outcome |")
    print("|---|---|---|" + "---|" * len(args.commands) + "---|")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        code, out, _ = run_measured([*pjgen(), "init", str(work / "empty.xlsx")], ROOT)
        if code:
            raise SystemExit(out)
        for name in args.cases:
            path = CASES[name].build(work)
            with zipfile.ZipFile(path) as zf:
                inflated = sum(i.file_size for i in zf.infolist())
            cells = []
            outcome = ""
            for command in args.commands:
                start = time.perf_counter()
                code, out, peak = run_measured(command_line(command, path, work), ROOT)
                cells.append(f"{time.perf_counter() - start:.2f} s, {peak:.0f} MB")
                outcome = "read" if code == 0 else ("refused" if "错误" in out else f"exit {code}")
            expected = "read" if CASES[name].expected == READ else "refused"
            mark = "" if outcome == expected else f" (expected {expected})"
            print(f"| {name} | {path.stat().st_size / 1e6:.1f} MB | {inflated / 1e6:,.0f} MB | "
                  + " | ".join(cells) + f" | {outcome}{mark} |", flush=True)
            path.unlink()
            shutil.rmtree(work / "out", ignore_errors=True)
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
