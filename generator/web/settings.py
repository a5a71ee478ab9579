"""What a running server may do: sizes, counts and time limits, all stated to the user in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MB = 1024 * 1024


@dataclass
class Limits:
    """Bounds on the work one request may cause.

    ``seconds`` is the wall-clock limit of one check, build, comparison or
    next-year workbook (the worker doing it is ended when it is reached);
    ``memory_mb`` caps a worker process's address space (None: no cap; a check or build of the
    worked examples peaks below 100 MB);
    ``reading`` is handed to the workbook reader as it is (None: its defaults).
    """

    seconds: float = 120
    memory_mb: int | None = 1536
    reading: Any = None


@dataclass
class WebSettings:
    max_upload: int = 20 * MB  # per workbook
    max_batch: int = 50  # workbooks per batch (files of one upload, or members of its .zip)
    max_batch_total: int = 200 * MB  # everything one batch upload may send
    idle: float = 3600  # seconds an unused upload is kept
    token: str | None = None  # when set, every page and endpoint needs it
    pdf_processes: int = 1  # warm LibreOffice processes
    workers: int = 2  # processes that check and build (each request's work runs in one of them)
    limits: Limits = field(default_factory=Limits)
    timeout: float = 180  # LibreOffice, per document
    font_dir: Path | None = None
    template: Path | None = None  # None: each workbook's template pack decides
    root: Path | None = None  # folder for the uploads (default: a new temporary folder)
    sweep_every: float = 60  # seconds between clean-ups of idle uploads
    reap_children: bool = False  # a helper process ends LibreOffice and removes the uploads if the server dies


class UploadRefused(Exception):
    """The request cannot be served; the message (Chinese) goes back to the page."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def megabytes(size: int) -> str:
    return f"{size / MB:g} MB"
