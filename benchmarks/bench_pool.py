"""Time the warm LibreOffice pool: the first PDF against the next ones, and a batch in 1 or 2 processes.

    .venv/bin/python benchmarks/bench_pool.py [--count 20] [--next 5]

Converts the worked example's document (inputs/2023.xlsx, 47 pages). Prints:
(a) a pool's first PDF (soffice start-up included) and the next PDFs on the same
pool (conversion only), against a fresh soffice per document (no pool);
(b) a batch of ``count`` documents on a pool of 1 and of 2 processes
(start-up included, as ``pjgen build -j N`` pays it). Not a test: timings only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.convert import SofficePool, convert_each, convert_to_pdf, find_soffice  # noqa: E402
from generator.pipeline import output_name, render_report, validate  # noqa: E402


def _seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20, help="documents in the batch")
    parser.add_argument("--next", type=int, default=5, help="documents after the first on one pool")
    args = parser.parse_args()
    if find_soffice() is None:
        raise SystemExit("soffice not found; run scripts/setup-system.sh")
    v = validate(ROOT / "inputs" / "2023.xlsx")
    assert v.report is not None
    data = render_report(v.report)
    with tempfile.TemporaryDirectory(prefix="pjgen-bench-") as tmp:
        root = Path(tmp)
        sources = []
        for n in range(max(args.count, args.next + 1)):
            path = root / "docx" / f"{output_name(v.report, v.pack)}-{n:02}.docx"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(data)
            sources.append(path)
        convert_to_pdf(sources[:1], root / "warm-up")  # page cache and fontconfig cache, for every row alike

        fresh = [_seconds(lambda s=s: convert_to_pdf([s], root / "fresh")) for s in sources[: args.next]]
        with SofficePool(1) as pool:
            first = _seconds(lambda: convert_each(sources[:1], root / "pool", pool=pool))
            following = [_seconds(lambda s=s: convert_each([s], root / "pool", pool=pool)) for s in sources[1 : args.next + 1]]
        batches = {}
        for processes in (1, 2):
            batches[processes] = _seconds(
                lambda p=processes: convert_to_pdf(sources[: args.count], root / f"batch{p}", processes=p)
            )

    print(f"machine: {os.cpu_count()} CPUs; document: the worked example (47 pages)")
    print(f"no pool, fresh soffice per PDF : {statistics.median(fresh):6.2f} s per PDF (median of {len(fresh)})")
    print(f"pool, first PDF (with start-up): {first:6.2f} s")
    print(f"pool, next PDFs                : {statistics.median(following):6.2f} s per PDF (median of {len(following)})")
    for processes, seconds in batches.items():
        print(f"batch of {args.count}, {processes} process(es)   : {seconds:6.2f} s ({seconds / args.count:.2f} s per PDF)")


if __name__ == "__main__":
    main()
