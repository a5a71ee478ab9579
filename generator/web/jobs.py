"""Each request's work in a separate process, under a wall-clock limit.

A ``JobPool`` keeps ``processes`` worker processes (started with ``spawn``,
so they share nothing with the server's threads). ``run`` hands a function and
its arguments to an idle worker and waits at most ``Limits.seconds``: a worker
that has not answered by then is killed and replaced, and the request gets a
Chinese refusal, while the server and the other workers go on. A worker that
dies (memory cap reached, crash) is replaced the same way. A worker reads its
jobs from a pipe; when the server process disappears the pipe closes and the
worker ends.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from generator.problems import PjgenError
from generator.web.settings import Limits, UploadRefused

_R = TypeVar("_R")
_JOIN_SECONDS = 5


def _cap_memory(memory_mb: int | None) -> None:
    if memory_mb is None:
        return
    try:
        import resource
    except ImportError:  # Windows: no cap
        return
    size = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (size, size))


def _serve(conn: Connection, memory_mb: int | None) -> None:
    """A worker's loop: run each job, answer (kind, value); end when the pipe closes."""
    _cap_memory(memory_mb)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        fn, args = job
        try:
            answer: tuple[str, Any] = ("ok", fn(*args))
        except PjgenError as exc:
            answer = ("refused", str(exc))
        except MemoryError:
            answer = ("memory", None)
        except Exception:  # noqa: BLE001 - reported to the server's log; the worker goes on
            answer = ("crashed", traceback.format_exc())
        try:
            conn.send(answer)
        except (OSError, ValueError):
            return


class JobFailed(Exception):
    """A job raised an unexpected exception in its worker; the traceback is the message (for the log)."""


class _Worker:
    def __init__(self, memory_mb: int | None) -> None:
        self.memory_mb = memory_mb
        self.process: Any = None
        self.conn: Connection | None = None

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.is_alive()

    def start(self) -> None:
        self.stop()
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, self.memory_mb), daemon=True,
                                       name="pjgen-worker")
        self.process.start()
        theirs.close()
        self.conn = ours

    def stop(self, kill: bool = False) -> None:
        if self.process is None:
            return
        if self.conn is not None:
            if not kill:
                try:
                    self.conn.send(None)
                except (OSError, ValueError):
                    pass
            self.conn.close()
        if kill:
            self.process.kill()
        self.process.join(_JOIN_SECONDS)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(_JOIN_SECONDS)
        self.process.close()
        self.process, self.conn = None, None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None


def limit_message(seconds: float) -> str:
    return (f"处理时间超过了服务器的限制（{seconds:g} 秒），已停止。工作簿可能过大或已损坏"
            "（例如有上百万行空白格式）：请在 Excel 或 WPS 中删除多余的行和列、另存后重新上传；"
            "如确需处理这么大的工作簿，请联系管理员调高时间限制。")


DIED_MESSAGE = ("处理这个工作簿的进程意外退出，已停止。请确认上传的是部门决算工作簿（.xlsx），"
                "可在 Excel 或 WPS 中打开另存后重新上传；仍然失败时请联系管理员。")
MEMORY_MESSAGE = ("处理这个工作簿需要的内存超过了服务器的限制，已停止。工作簿可能过大或已损坏："
                  "请在 Excel 或 WPS 中删除多余的行和列、另存后重新上传。")


class JobPool:
    """``processes`` worker processes, started on first use (or ``warm``)."""

    def __init__(self, processes: int, limits: Limits) -> None:
        self.limits = limits
        self._workers = [_Worker(limits.memory_mb) for _ in range(max(1, processes))]
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        for worker in self._workers:
            self._idle.put(worker)
        self._closed = False
        self._lock = threading.Lock()

    def warm(self) -> None:
        workers = [self._idle.get() for _ in self._workers]
        try:
            for worker in workers:
                if not worker.alive:
                    worker.start()
        finally:
            for worker in workers:
                self._idle.put(worker)

    def pids(self) -> list[int]:
        return [w.pid for w in self._workers if w.pid is not None]

    def run(self, fn: Callable[..., _R], *args: Any) -> _R:
        """``fn(*args)`` in a worker (blocking; call it from a thread). A PjgenError in the
        worker becomes UploadRefused with its message; the time limit and the memory cap too."""
        if self._closed:
            raise RuntimeError("job pool is closed")
        seconds = self.limits.seconds
        worker = self._idle.get()
        try:
            if not worker.alive:
                worker.start()
            assert worker.conn is not None
            try:
                worker.conn.send((fn, args))
                answered = worker.conn.poll(seconds)
                kind, value = worker.conn.recv() if answered else ("timeout", None)
            except (EOFError, OSError):
                kind, value = "died", None
            if kind in ("timeout", "died", "memory"):
                worker.stop(kill=True)
        finally:
            self._idle.put(worker)
        if kind == "ok":
            return value
        if kind == "refused":
            raise UploadRefused(value)
        if kind == "timeout":
            raise UploadRefused(limit_message(seconds), 503)
        if kind == "memory":
            raise UploadRefused(MEMORY_MESSAGE, 503)
        if kind == "died":
            raise UploadRefused(DIED_MESSAGE, 500)
        raise JobFailed(value)

    def close(self) -> None:
        self._closed = True
        for worker in self._workers:
            worker.stop()
