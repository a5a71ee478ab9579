"""Time pjgen serve under load: check latency for 1, 10 and 20 users at once, and PDF queue times.

    .venv/bin/python benchmarks/bench_web.py [--users 1 10 20] [--pdf-users 4] [--pool 1 2]

A real server (uvicorn on 127.0.0.1, default settings: 2 worker processes) gets
``users`` simultaneous clients, each with its own session, each uploading the
worked example (inputs/2023.xlsx) to 上传检查 once, ``rounds`` times: median and
worst latency per level, all from one run. Then ``pdf-users`` clients build at once on a LibreOffice
pool of each size: how long each PDF waited for a free LibreOffice process
(queue), the time from upload to PDF, and how long a page load took meanwhile.
Not a test: timings only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import httpx2 as httpx  # noqa: E402

from generator.convert import find_soffice  # noqa: E402
from generator.web.app import WebSettings, create_app  # noqa: E402
from web_support import running  # noqa: E402

EXAMPLE = ROOT / "inputs" / "2023.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _check(base: str, data: bytes, gate: threading.Barrier) -> float:
    with httpx.Client(base_url=base, timeout=300) as client:
        client.get("/")  # the session cookie
        gate.wait()
        started = time.perf_counter()
        r = client.post("/api/check", files={"workbook": ("2023.xlsx", data, XLSX)})
        elapsed = time.perf_counter() - started
        assert r.status_code == 200 and r.json()["errors"] == 0, r.text
        return elapsed


def _checks(base: str, users: int, data: bytes) -> list[float]:
    gate = threading.Barrier(users)
    with ThreadPoolExecutor(max_workers=users) as pool:
        return list(pool.map(lambda _: _check(base, data, gate), range(users)))


def _pdf(base: str, data: bytes) -> float:
    with httpx.Client(base_url=base, timeout=600) as client:
        started = time.perf_counter()
        built = client.post("/api/build", files={"workbook": ("2023.xlsx", data, XLSX)}).json()
        state = built
        while state["pdf"] == "converting":
            time.sleep(0.1)
            state = client.get(f"/api/build/{built['id']}").json()
        assert state["pdf"] == "done", state
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[1, 10, 20])
    parser.add_argument("--pdf-users", type=int, default=4)
    parser.add_argument("--pool", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of simultaneous checks per level")
    args = parser.parse_args()
    data = EXAMPLE.read_bytes()
    with tempfile.TemporaryDirectory(prefix="pjgen-bench-") as tmp:
        app = create_app(WebSettings(root=Path(tmp) / "checks"))
        with running(app) as base:
            app.state.web.jobs.warm()
            _checks(base, 2, data)  # warm-up: imports in the workers
            print("上传检查 (check latency, seconds)")
            for users in args.users:
                times = [t for _ in range(args.rounds) for t in _checks(base, users, data)]
                print(f"  {users:>3} users at once: median {statistics.median(times):.2f}  worst {max(times):.2f}")
        if find_soffice() is None:
            print("soffice not found: no PDF figures")
            return
        for size in args.pool:
            app = create_app(WebSettings(root=Path(tmp) / f"pdf{size}", pdf_processes=size))
            with running(app) as base:
                app.state.web.pdf.pool().warm()
                app.state.web.jobs.warm()
                _pdf(base, data)  # warm-up
                app.state.web.pdf.waits.clear()
                with ThreadPoolExecutor(max_workers=args.pdf_users) as pool:
                    futures = [pool.submit(_pdf, base, data) for _ in range(args.pdf_users)]
                    time.sleep(1.5)
                    started = time.perf_counter()
                    page = httpx.get(f"{base}/build", timeout=60)
                    page_seconds = time.perf_counter() - started
                    totals = [f.result() for f in futures]
                assert page.status_code == 200
                waits = app.state.web.pdf.waits
                print(f"{args.pdf_users} PDF builds at once, pool of {size}: queue median {statistics.median(waits):.2f} s, "
                      f"worst {max(waits):.2f} s; upload to PDF median {statistics.median(totals):.2f} s, "
                      f"worst {max(totals):.2f} s; page load meanwhile {page_seconds:.2f} s")


if __name__ == "__main__":
    main()
