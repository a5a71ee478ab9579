"""A pool of converter processes, each converting one document at a time.

The pool logic shared by ``SofficePool`` and ``UnoserverPool``: idle workers
wait in a queue (the last used, the warmest, first); a batch is spread over
threads, one per worker; a worker whose process died or failed on a document
starts a fresh process on its next job. A document whose process died under
it (killed, not timed out) is tried once more on a fresh process, so a killed
soffice costs time, not documents.
"""

from __future__ import annotations

import queue
import shutil
import threading
import weakref
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

from generator.converter import ExportJob, OnDone, StartFailed


class Worker(Protocol):
    @property
    def alive(self) -> bool: ...

    crashed: bool  # the process died during the last job (not a timeout, not the document's own failure)

    def start(self) -> None: ...

    def export(self, job: ExportJob) -> str | None: ...

    def stop(self) -> None: ...


class WorkerPool:
    """Workers kept running between documents; see ``converter.Converter`` for the contract."""

    def __init__(self, workers: Sequence[Worker], folder: Path) -> None:
        self.processes = len(workers)
        self._idle: queue.LifoQueue[Worker] = queue.LifoQueue()
        self._workers = list(workers)
        for worker in self._workers:
            self._idle.put(worker)
        self._closed = False
        self._starting = threading.Lock()  # held by start(): close() waits for a start in progress
        self._finalizer = weakref.finalize(self, _stop_all, self._workers, folder)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start every process now (in parallel), so that the first document waits for none."""
        def start(worker: Worker) -> None:
            if not worker.alive and not self._closed:
                worker.start()
            if self._closed:  # closed while starting (see convert.started): end what was started
                worker.stop()

        with self._starting:
            workers = [self._idle.get() for _ in self._workers]
            try:
                with ThreadPoolExecutor(max_workers=len(workers)) as threads:
                    list(threads.map(start, workers))
            finally:
                for worker in workers:
                    self._idle.put(worker)

    warm = start  # the name the web server and older callers use

    def healthy(self) -> bool:
        """Every process started and still running."""
        return not self._closed and all(worker.alive for worker in self._workers)

    def export(self, jobs: Sequence[ExportJob], on_done: OnDone | None = None) -> list[str | None]:
        """Convert ``jobs`` side by side; per job None (done) or why it failed.

        Raises ConversionFailed (``StartFailed``) when LibreOffice cannot be
        started at all. ``on_done(index, error)`` is called as each job ends
        (from a worker thread).
        """
        if self._closed:
            raise RuntimeError("pool is closed")
        outcomes: list[str | None] = [None] * len(jobs)
        start_failure: list[StartFailed] = []

        def run(index: int) -> None:
            if start_failure:
                return
            worker = self._idle.get()
            try:
                if start_failure:
                    return
                outcomes[index] = worker.export(jobs[index])
                if outcomes[index] is not None and worker.crashed:
                    # LibreOffice died under the document (killed, out of memory): once more on a fresh process.
                    outcomes[index] = worker.export(jobs[index])
            except StartFailed as exc:
                start_failure.append(exc)
                return
            finally:
                self._idle.put(worker)
            if on_done is not None:
                on_done(index, outcomes[index])

        if len(jobs) == 1 or self.processes == 1:
            for index in range(len(jobs)):
                run(index)
        else:
            with ThreadPoolExecutor(max_workers=min(self.processes, len(jobs))) as threads:
                list(threads.map(run, range(len(jobs))))
        if start_failure:
            raise start_failure[0]
        return outcomes

    def close(self) -> None:
        self._closed = True
        with self._starting:  # a process half started would write into a removed profile
            self._finalizer()


def _stop_all(workers: list[Worker], folder: Path) -> None:
    for worker in workers:
        worker.stop()
    shutil.rmtree(folder, ignore_errors=True)
