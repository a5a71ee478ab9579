"""LibreOffice and the uploads do not outlive the server, even when it is killed.

``start`` launches a small helper process (multiprocessing, spawned) holding one
end of a pipe whose other end only the server holds. When the server ends in any way, the pipe closes;
the helper then kills every process started with the server's run marker in its
environment (the LibreOffice processes inherit it), removes their temporary
folders, and removes the server's upload folder. On a normal shutdown the server
has done all this already and the helper finds nothing to do. Linux only (it
reads /proc); elsewhere ``start`` does nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import shutil
import signal
import sys
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

RUN_ENV = "PJGEN_WEB_RUN"
_TEMP_PREFIXES = ("pjgen-soffice-", "pjgen-pool-")


def _environment(pid: str) -> dict[str, str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return {}
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(errors="replace"): v.decode(errors="replace") for k, v in pairs}


def _command(pid: str) -> list[str]:
    try:
        return [a.decode(errors="replace") for a in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") if a]
    except OSError:
        return []


def _temp_folders(pid: str, env: dict[str, str]) -> set[Path]:
    """The temporary folders LibreOffice was started with (its profile's and the font map's)."""
    found = set()
    paths = [env.get("FONTCONFIG_FILE", "")]
    paths += [a.split("=", 1)[1].removeprefix("file://") for a in _command(pid) if a.startswith("-env:UserInstallation=")]
    for text in paths:
        for part in Path(text).parents:
            if part.name.startswith(_TEMP_PREFIXES):
                found.add(part)
    return found


def reap(marker: str, uploads: Path | None) -> int:
    """Kill this run's processes (found by ``marker``), remove their folders and ``uploads``."""
    killed, folders = 0, set()
    me = str(os.getpid())
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or entry.name == me:
            continue
        env = _environment(entry.name)
        if env.get(RUN_ENV) != marker:
            continue
        folders |= _temp_folders(entry.name, env)
        try:
            os.kill(int(entry.name), signal.SIGKILL)
            killed += 1
        except (ProcessLookupError, PermissionError):
            pass
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    if uploads is not None:
        shutil.rmtree(uploads, ignore_errors=True)
    return killed


class Reaper:
    def __init__(self, process: Any = None, conn: Connection | None = None) -> None:
        self.process, self.conn = process, conn

    def close(self) -> None:
        """A normal shutdown: let the helper look once more and end."""
        if self.process is not None and self.conn is not None:
            self.conn.close()
            self.process.join(10)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
            self.process = self.conn = None


def _watch(conn: Connection, marker: str, uploads: str) -> None:
    """The helper: wait until the server closes its end of the pipe (or ends), then reap."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in the server's terminal is the server's to handle
    try:
        conn.recv()
    except (EOFError, OSError):
        pass
    reap(marker, Path(uploads) if uploads else None)


def start(uploads: Path | None) -> Reaper:
    """Start the helper that ends this process's future children when it ends, and mark those children."""
    if not sys.platform.startswith("linux"):
        return Reaper()
    marker = secrets.token_hex(12)
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=_watch, args=(theirs, marker, str(uploads) if uploads else ""),
                              daemon=True, name="pjgen-reaper")
    process.start()  # before the marker is set: the helper does not carry it
    theirs.close()
    os.environ[RUN_ENV] = marker
    return Reaper(process, ours)
