"""The worker processes that validate and render workbooks side by side (``build`` with ``jobs`` > 1).

On Linux and macOS they start from a fork server: one process, started by the first pool of
a pjgen process and kept until it exits, that has imported once what a worker needs (the
reading, checks and rendering modules, openpyxl, docxtpl, python-docx, Jinja) and what
the command's main script imports; each worker is a fork of it and renders without importing them
again. Spawned workers (Windows, which has no fork server) import everything themselves,
about 0.35 s of CPU each. Plain ``fork`` is never used: the command's process has threads
(the progress bar, the converter's). ``start_early`` lets the command start the fork
server beside LibreOffice, before it needs a worker.

A fork server's children are copies of the fork server, not of the process that asks for
them: the working folder and ``sys.path`` come with each worker's start as with spawn, and
``pool`` hands each worker the environment of the moment the pool is made (the
``PJGEN_*`` variables, ``HOME`` and ``XDG_*`` folders), which a spawned worker would have
inherited. The fork server itself only imports: the caches of ``render`` are filled in each
worker, keyed by the template's text.

In Python 3.11 (and early 3.12/3.13 releases) the fork server imports with the
interpreter's own module path, not the one of the process that started it (CPython
gh-117378), and never preloads ``__main__`` (gh-126631); the pjgen command's script only imports ``generator.cli``, so
that module is preloaded instead. A process that put another copy of pjgen first on its
module path (a benchmark of an older revision) would get workers running the installed
copy: each worker checks that its ``generator`` is the one of the pool's maker and fails
loudly otherwise.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext

# What a render worker imports (generator.build's render_workbook and what it calls,
# including the modules render.py and pipeline.py import only when first rendering).
# "__main__" is the command's script, which a worker runs again on starting (pjgen's only
# imports generator.cli; ``python -m generator`` workers skip it).
PRELOAD = (
    "__main__",
    "generator.cli",
    "generator.build",
    "generator.pipeline",
    "generator.context",
    "generator.render",
    "generator.layout",
    "generator.packcheck",
    "generator.docx_guard",
    "openpyxl",
    "docx",
    "docxtpl",
    "jinja2",
    "jinja2.compiler",
    "jinja2.sandbox",
)


def start_method() -> str:
    """``forkserver`` where the platform has it (Linux, macOS), else ``spawn`` (Windows)."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def context() -> BaseContext:
    """The multiprocessing context render workers start in; sets the fork server's preload."""
    method = start_method()
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        # Read when the fork server starts (the first pool); a later call changes nothing.
        ctx.set_forkserver_preload(list(PRELOAD))
    return ctx


def start_early() -> None:
    """Start the fork server now (where there is one), so that its imports overlap the
    command's own work before the first pool asks for workers."""
    if start_method() == "forkserver":
        context()
        from multiprocessing import forkserver

        forkserver.ensure_running()


def start_worker(environ: dict[str, str], package: str) -> None:
    """A worker's first act: take the environment of the process that made the pool, and make
    sure the ``generator`` it renders with is that process's (``package``: its ``__file__``)."""
    import generator

    if not _same_file(generator.__file__, package):
        raise RuntimeError(f"渲染进程载入的 pjgen（{generator.__file__}）与命令本身的（{package}）不是同一份，"
                           "请检查 Python 的模块路径（sys.path、PYTHONPATH）。")
    os.environ.clear()
    os.environ.update(environ)


def _same_file(a: str | None, b: str) -> bool:
    try:
        return a == b or (a is not None and os.path.samefile(a, b))
    except OSError:
        return False


def pool(processes: int) -> ProcessPoolExecutor:
    """A pool of ``processes`` render workers; shut it down when done."""
    import generator

    return ProcessPoolExecutor(max_workers=processes, mp_context=context(),
                               initializer=start_worker, initargs=(dict(os.environ), generator.__file__))
