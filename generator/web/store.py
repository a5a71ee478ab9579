"""Uploads, each in its own temporary folder, visible only to the browser session that made it.

A session is a random cookie value. An upload has a random id; its files can
be downloaded only by that session and only under the names the server itself
registered (never a path taken from the request). Uploaded files are stored
under generated names (``in/1.xlsx`` …), so no name an officer gives can be too
long or unusual for the file system; the officer's name is kept for display and
downloads. Uploads not used for ``idle`` seconds are deleted with their folder
by ``sweep``.

The store's root holds a marker naming the process that owns it. On start, a
store removes the roots (and, in a given root, the upload folders) that a server
which is no longer running left behind, and nothing else.
"""

from __future__ import annotations

import copy
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.output import safe_file_name

ROOT_PREFIX = "pjgen-web-"
MARKER = ".pjgen-web-owner"
_UPLOAD_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")  # secrets.token_urlsafe(16)


@dataclass
class Upload:
    id: str
    session: str
    folder: Path
    files: dict[str, Path] = field(default_factory=dict)  # download name → file inside folder
    names: dict[Path, str] = field(default_factory=dict)  # stored file → the officer's file name
    state: dict[str, Any] = field(default_factory=dict)  # what the page polls (JSON-able)
    touched: float = field(default_factory=time.monotonic)
    lock: threading.RLock = field(default_factory=threading.RLock)  # held while ``state`` changes or is copied
    requests: int = 1  # requests still working on it (the one that made it, at first): never swept meanwhile

    def update(self, target: dict[str, Any] | None = None, **values: Any) -> None:
        """Change ``target`` (``state`` or a dict inside it) while no page reads it."""
        with self.lock:
            (self.state if target is None else target).update(values)

    def snapshot(self) -> dict[str, Any]:
        """A copy of ``state`` that other threads' changes cannot disturb."""
        with self.lock:
            return copy.deepcopy(self.state)

    def release(self) -> None:
        """The request that made or used the upload is done; the idle time starts now."""
        self.requests -= 1
        self.touched = time.monotonic()

    def path_for(self, name: str) -> Path:
        """Where to save an uploaded file the officer called ``name``: a generated name inside the folder."""
        display = Path(name.replace("\\", "/")).name or "工作簿.xlsx"
        suffix = Path(display).suffix.lower()
        if not re.fullmatch(r"\.[a-z0-9]{1,8}", suffix):
            suffix = ""
        folder = self.folder / "in"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{len(self.names) + 1}{suffix}"
        self.names[target] = display
        return target

    def display_name(self, path: Path) -> str:
        return self.names.get(path, path.name)

    def offer(self, path: Path, name: str | None = None) -> str:
        """Make ``path`` (inside the folder) downloadable; returns its download name."""
        path = Path(path).resolve()
        if self.folder.resolve() not in path.parents:
            raise ValueError(f"{path} is outside the upload folder")
        name = safe_file_name(name or path.name)
        self.files[name] = path
        return name

    def scrub(self, message: str) -> str:
        """Library messages name files by path: show the officer's file name, never the server's folders."""
        for stored, display in sorted(self.names.items(), key=lambda kv: -len(str(kv[0]))):
            for form in (str(stored.resolve()), str(stored)):
                message = message.replace(form, display)
        for prefix in (str(self.folder.resolve()), str(self.folder)):
            for sep in ("/in/", "/out/", "/"):
                message = message.replace(prefix + sep, "")
        for stored, display in self.names.items():
            message = re.sub(rf"(?<![\w.]){re.escape(stored.name)}", display, message)
        return message


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner(root: Path) -> int | None:
    try:
        return int((root / MARKER).read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return None


def remove_leftovers(base: Path, own: Path | None = None) -> list[Path]:
    """Folders of servers that are no longer running: ``pjgen-web-*`` roots in ``base`` whose
    marker names a process that has ended. Only folders with that marker are touched."""
    removed = []
    try:
        candidates = [p for p in base.iterdir() if p.name.startswith(ROOT_PREFIX) and p.is_dir()]
    except OSError:
        return removed
    for root in candidates:
        if own is not None and root == own:
            continue
        pid = _owner(root)
        if pid is not None and not _process_alive(pid):
            shutil.rmtree(root, ignore_errors=True)
            removed.append(root)
    return removed


def _clear_given_root(root: Path) -> list[Path]:
    """In a root given by the user: when its marker names an ended process, remove its upload
    folders (named by upload id) and the marker; any other file stays."""
    pid = _owner(root)
    if pid is None or _process_alive(pid):
        return []
    removed = []
    for entry in root.iterdir():
        if entry.is_dir() and _UPLOAD_ID.match(entry.name):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


class Store:
    def __init__(self, root: Path | None = None, idle: float = 3600) -> None:
        self.own_root = root is None
        self.leftovers: list[Path] = []
        if root is None:
            self.root = Path(tempfile.mkdtemp(prefix=ROOT_PREFIX))
            self.leftovers = remove_leftovers(self.root.parent, own=self.root)
        else:
            self.root = Path(root)
            self.root.mkdir(parents=True, exist_ok=True)
            self.leftovers = _clear_given_root(self.root)
        (self.root / MARKER).write_text(f"{os.getpid()}\n", encoding="ascii")
        self.idle = idle
        self._uploads: dict[str, Upload] = {}
        self._lock = threading.Lock()

    def new(self, session: str) -> Upload:
        upload_id = secrets.token_urlsafe(16)
        folder = self.root / upload_id
        folder.mkdir(mode=0o700)
        upload = Upload(upload_id, session, folder)
        with self._lock:
            self._uploads[upload_id] = upload
        return upload

    def get(self, session: str, upload_id: str) -> Upload | None:
        """The upload, if it exists and belongs to ``session``; using it keeps it alive."""
        with self._lock:
            upload = self._uploads.get(upload_id)
        if upload is None or not secrets.compare_digest(upload.session, session):
            return None
        upload.touched = time.monotonic()
        return upload

    def count(self) -> int:
        with self._lock:
            return len(self._uploads)

    def sessions(self) -> set[str]:
        with self._lock:
            return {u.session for u in self._uploads.values()}

    def sweep(self, now: float | None = None) -> int:
        """Delete uploads idle for longer than ``idle`` seconds; returns how many."""
        now = time.monotonic() if now is None else now
        with self._lock:
            old = [u for u in self._uploads.values()
                   if now - u.touched > self.idle and u.requests <= 0 and not u.state.get("busy")]
            for upload in old:
                del self._uploads[upload.id]
        for upload in old:
            shutil.rmtree(upload.folder, ignore_errors=True)
        return len(old)

    def close(self) -> None:
        with self._lock:
            uploads = list(self._uploads.values())
            self._uploads.clear()
        for upload in uploads:
            shutil.rmtree(upload.folder, ignore_errors=True)
        if self.own_root:
            shutil.rmtree(self.root, ignore_errors=True)
        else:
            (self.root / MARKER).unlink(missing_ok=True)
