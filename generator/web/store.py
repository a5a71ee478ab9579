"""Uploads, each in its own temporary folder, visible only to the browser session that made it.

A session is a random cookie value. An upload has a random id; its files can
be downloaded only by that session and only under the names the server itself
registered (never a path taken from the request). Uploads not used for
``idle`` seconds are deleted with their folder by ``sweep``.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.output import safe_file_name


@dataclass
class Upload:
    id: str
    session: str
    folder: Path
    files: dict[str, Path] = field(default_factory=dict)  # download name → file inside folder
    state: dict[str, Any] = field(default_factory=dict)  # what the page polls (JSON-able)
    touched: float = field(default_factory=time.monotonic)
    requests: int = 1  # requests still working on it (the one that made it, at first): never swept meanwhile

    def release(self) -> None:
        """The request that made or used the upload is done; the idle time starts now."""
        self.requests -= 1
        self.touched = time.monotonic()

    def path_for(self, name: str) -> Path:
        """Where to save an uploaded file called ``name`` (a safe name inside the folder)."""
        safe = safe_file_name(Path(name.replace("\\", "/")).name)
        target = self.folder / "in" / safe
        n = 1
        while target.exists():
            n += 1
            target = self.folder / "in" / f"{Path(safe).stem}（{n}）{Path(safe).suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def offer(self, path: Path, name: str | None = None) -> str:
        """Make ``path`` (inside the folder) downloadable; returns its download name."""
        path = Path(path).resolve()
        if self.folder.resolve() not in path.parents:
            raise ValueError(f"{path} is outside the upload folder")
        name = name or path.name
        self.files[name] = path
        return name


class Store:
    def __init__(self, root: Path | None = None, idle: float = 3600) -> None:
        self.own_root = root is None
        self.root = Path(root) if root is not None else Path(tempfile.mkdtemp(prefix="pjgen-web-"))
        self.root.mkdir(parents=True, exist_ok=True)
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
