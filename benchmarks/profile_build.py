"""Where the seconds of a PDF build go: a timeline of one ``pjgen build --format pdf``.

    .venv/bin/python benchmarks/profile_build.py [--departments 10] [--jobs 2] [--macro]

Runs the command in this process (``generator.cli.app``), timing from the start of
this script: when soffice is spawned and ready, each workbook's validation and
rendering (in this process; with ``--jobs`` > 1 the workbooks render in worker
processes, and the timeline shows when each rendered document came back), each
document's conversion on its soffice process, and the end of each process. First
the worked example alone, then DEPARTMENTS workbooks (benchmarks/make_variants.py)
with ``-j JOBS``. ``--macro`` adds, per document, the export macro's own phases
(load, 目录 updates, the 注-line check, PDF export) read from a copy of the macro
with timing marks. Not a test: it prints. The machine is shared: read it with
``uptime`` beside it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

T0 = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

EVENTS: list[tuple[float, str, str]] = []
LOCK = threading.Lock()


def mark(who: str, what: str) -> None:
    with LOCK:
        EVENTS.append((time.perf_counter() - T0, who, what))


def timed_macro() -> None:
    """The export macro with GetSystemTicks marks: its result line carries the phase times."""
    import generator.soffice_export as export

    code = export._BASIC  # the benchmark reads its own project's macro

    def put(old: str, new: str) -> None:
        nonlocal code
        if old not in code:
            raise SystemExit(f"the export macro changed; update benchmarks/profile_build.py near: {old.strip()[:60]}")
        code = code.replace(old, new)

    put('    doc = StarDesktop.loadComponentFromURL(srcUrl, "_blank", 0, loadArgs())',
        '    Dim t0 As Long, tl As String\n    t0 = GetSystemTicks()\n'
        '    doc = StarDesktop.loadComponentFromURL(srcUrl, "_blank", 0, loadArgs())\n'
        '    tl = tl & " load " & (GetSystemTicks() - t0) : t0 = GetSystemTicks()')
    put("    UpdateIndexes(doc, cursor)\n    UpdateIndexes(doc, cursor)\n"
        "    If KeepNotesWithTables(doc, cursor) > 0 Then UpdateIndexes(doc, cursor)\n",
        "    UpdateIndexes(doc, cursor)\n    tl = tl & \", 目录 1st \" & (GetSystemTicks() - t0) : t0 = GetSystemTicks()\n"
        "    UpdateIndexes(doc, cursor)\n    tl = tl & \", 目录 2nd \" & (GetSystemTicks() - t0) : t0 = GetSystemTicks()\n"
        "    Dim splits As Integer\n    splits = KeepNotesWithTables(doc, cursor)\n"
        "    tl = tl & \", 注 check \" & (GetSystemTicks() - t0) & \" (\" & splits & \" split)\" : t0 = GetSystemTicks()\n"
        "    If splits > 0 Then UpdateIndexes(doc, cursor)\n"
        "    If splits > 0 Then tl = tl & \", 目录 3rd \" & (GetSystemTicks() - t0) : t0 = GetSystemTicks()\n")
    put('    doc.storeToURL(pdfUrl, storeArgs())\n    doc.close(True)\n    ExportOne = "OK" & Chr(9) & srcUrl',
        '    doc.storeToURL(pdfUrl, storeArgs())\n    tl = tl & ", PDF " & (GetSystemTicks() - t0) : t0 = GetSystemTicks()\n'
        '    doc.close(True)\n    tl = tl & ", close " & (GetSystemTicks() - t0)\n'
        '    ExportOne = "OK" & Chr(9) & srcUrl & Chr(9) & tl')
    export._BASIC = code


def instrument(macro: bool) -> None:
    import generator.build as build
    import generator.soffice_pool as soffice_pool
    from generator.soffice_export import RESULT_NAME

    if macro:
        timed_macro()
    worker_cls = soffice_pool.SofficeWorker
    names: dict[int, str] = {}

    def who(worker: object) -> str:
        return names.setdefault(id(worker), f"soffice {len(names) + 1}")

    start, export, stop = worker_cls.start, worker_cls.export, worker_cls.stop

    def timed_start(self):  # type: ignore[no-untyped-def]
        mark(who(self), "spawned")
        start(self)
        mark(who(self), "ready")

    def timed_export(self, job):  # type: ignore[no-untyped-def]
        mark(who(self), f"converts {job.source.stem[:14]}")
        error = export(self, job)
        detail = ""
        if macro and self.user is not None:
            line = (self.user / RESULT_NAME).read_text(encoding="utf-8").strip().split("\t")
            detail = f" (ms: {line[-1].strip()})" if line[0] == "OK" else ""
        mark(who(self), f"converted{detail}" if error is None else f"failed: {error}")
        return error

    def timed_stop(self):  # type: ignore[no-untyped-def]
        running = self.proc is not None
        cpu = office_cpu(self.work_dir) if running else 0.0
        stop(self)
        if running:
            mark(who(self), f"killed (soffice.bin had used {cpu:.2f} s of CPU)")

    worker_cls.start, worker_cls.export, worker_cls.stop = timed_start, timed_export, timed_stop

    validate, render = build.validate, build.render_report

    def timed_validate(path, *args):  # type: ignore[no-untyped-def]
        mark("python", f"validates {Path(path).stem[:14]}")
        v = validate(path, *args)
        mark("python", "validated")
        return v

    def timed_render(report, *args):  # type: ignore[no-untyped-def]
        mark("python", "renders")
        data = render(report, *args)
        mark("python", "rendered")
        return data

    build.validate, build.render_report = timed_validate, timed_render
    write = build._Build.write_docx

    def timed_write(self, rendered):  # type: ignore[no-untyped-def]
        mark("python", f"writes {Path(rendered.path).stem[:14]}")
        return write(self, rendered)

    build._Build.write_docx = timed_write


def office_cpu(work_dir: Path | None) -> float:
    """CPU seconds (user + system) of the soffice.bin running on a worker's profile (Linux)."""
    if work_dir is None or not Path("/proc").is_dir():
        return 0.0
    total = 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
            if "soffice.bin" not in cmdline or str(work_dir) not in cmdline:
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def python_cpu() -> float:
    """CPU seconds of this process, of its finished children (spawned render workers) and of
    the multiprocessing fork server with its finished children (render workers forked from
    it, Linux), which stays until this process exits."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + fork_server_cpu()


def fork_server_cpu() -> float:
    """utime + stime + cutime + cstime of this process's fork server child, if any (Linux /proc)."""
    if not Path("/proc").is_dir():
        return 0.0
    total = 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != os.getpid():
                continue
            if b"multiprocessing.forkserver" not in (proc / "cmdline").read_bytes():
                continue
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    return total


def run_cli(args: list[str]) -> None:
    import contextlib
    import io

    from generator.cli import app

    cpu = python_cpu()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            app(args, standalone_mode=False)
        except SystemExit:
            pass
    mark("python", "build done")
    time.sleep(0.3)  # the fork server reaps its finished workers (their CPU) on SIGCHLD
    mark("python", f"CPU of pjgen's own processes: {python_cpu() - cpu:.2f} s")


def show(title: str, since: float) -> None:
    print(f"\n{title}")
    for at, who, what in EVENTS:
        if at >= since:
            print(f"  {at - since:6.2f} s  {who:10s} {what}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--macro", action="store_true", help="the export macro's phases per document")
    args = parser.parse_args()
    mark("python", "script started (interpreter up)")
    import generator.cli  # noqa: F401  (what the pjgen command imports before it parses)

    mark("python", "command module imported")
    instrument(args.macro)
    from make_variants import write_departments

    print(f"load average {os.getloadavg()[0]:.1f}; {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="pjgen-profile-") as tmp:
        root = Path(tmp)
        begin = time.perf_counter() - T0
        mark("python", "build starts")
        run_cli(["build", str(ROOT / "inputs" / "2023.xlsx"), "-o", str(root / "one"), "--format", "pdf"])
        show("pjgen build inputs/2023.xlsx --format pdf (times from the command's start)", begin)
        books = write_departments(root / "books", args.departments)
        begin = time.perf_counter() - T0
        mark("python", "build starts")
        run_cli(["build", *map(str, books), "-o", str(root / "many"), "--format", "pdf", "-j", str(args.jobs)])
        show(f"pjgen build ({args.departments} workbooks) -j {args.jobs} --format pdf", begin)
    print(f"\nload average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
