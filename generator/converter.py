"""The interface every DOCX → PDF converter offers (``convert.py`` uses only this).

A converter keeps one or more LibreOffice processes running between documents
and converts a batch of jobs side by side. Two implementations:
``soffice_pool.SofficePool`` (a Basic macro inside a private profile, the
default) and ``unoserver_pool.UnoserverPool`` (unoserver's XML-RPC server over
UNO, needs python3-uno). Both update the 目录 page numbers before export.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from generator.problems import ConversionFailed

# Import filters by file suffix. An explicit filter makes junk fail to load:
# with type detection alone, random bytes named .docx open as a text file.
IMPORT_FILTERS = {
    ".docx": "MS Word 2007 XML",
    ".docm": "MS Word 2007 XML VBA",
    ".doc": "MS Word 97",
    ".odt": "writer8",
    ".rtf": "Rich Text Format",
}

OnDone = Callable[[int, "str | None"], None]


@dataclass(frozen=True, slots=True)
class ExportJob:
    source: Path  # document to load
    target: Path  # where the PDF is written (a temporary name)
    filter_name: str  # LibreOffice import filter, from IMPORT_FILTERS


class StartFailed(ConversionFailed):
    """LibreOffice could not be started at all: no document of the call can be converted."""


@runtime_checkable
class Converter(Protocol):
    """Converts documents to PDF in ``processes`` LibreOffice processes kept running.

    ``start`` starts every process now (otherwise the first job does);
    ``export`` converts jobs side by side and returns, per job, None (done) or
    why it failed (Chinese, naming the document) — a process that failed on a
    document is replaced for the next one, and only ``StartFailed`` stops the
    whole batch; ``healthy`` says whether every process is up and answering;
    ``close`` ends the processes and removes their profiles. Thread-safe.
    """

    processes: int

    def start(self) -> None: ...

    def export(self, jobs: Sequence[ExportJob], on_done: OnDone | None = None) -> list[str | None]: ...

    def healthy(self) -> bool: ...

    def close(self) -> None: ...

    def __enter__(self) -> Converter: ...

    def __exit__(self, *exc: object) -> None: ...
