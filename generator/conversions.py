"""The PDFs of one build run, converted while the next documents render.

Each .docx is handed to the converter as soon as it is written, so LibreOffice's
processes never sit idle waiting for the rest of the batch to render; the
outcomes are collected in the order the documents were added. Without a running
converter (none could be started for the run) the documents wait and are
converted together at the end, where ``convert_each`` says why LibreOffice
cannot run.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from generator.converter import StartFailed
from generator.problems import ConversionFailed, OutputLocked

if TYPE_CHECKING:
    from generator.convert import Converted
    from generator.converter import Converter



class Conversions:
    """Documents converted into ``out_dir`` as they are added (see the module's text)."""

    def __init__(self, out_dir: Path, pool: Converter | None, *, timeout: float, font_dir: Path | None,
                 processes: int) -> None:
        self.out_dir = out_dir
        self.pool = pool
        self.timeout = timeout
        self.font_dir = font_dir
        self.processes = processes
        self.docs: list[Path] = []
        self.futures: list[Future[Converted]] = []
        # One thread per LibreOffice process: each waits for a free process, converts, and takes the next.
        self.threads = (ThreadPoolExecutor(max_workers=pool.processes, thread_name_prefix="pjgen-pdf")
                        if pool is not None else None)
        self.start_failure: StartFailed | None = None  # LibreOffice cannot start: the rest is not tried

    def add(self, docx: Path) -> None:
        """Convert ``docx`` now if a converter is running, else at ``outcomes``."""
        self.docs.append(docx)
        if self.threads is not None:
            self.futures.append(self.threads.submit(self._convert, docx))

    def _convert(self, docx: Path) -> Converted:
        from generator import convert

        if self.start_failure is not None:
            raise self.start_failure
        try:
            [done] = convert.convert_each([docx], self.out_dir, timeout=self.timeout, font_dir=self.font_dir,
                                          pool=self.pool)
        except StartFailed as exc:
            self.start_failure = exc
            raise
        return done

    def outcomes(self) -> list[Converted | ConversionFailed | OutputLocked]:
        """Per document, in the order added: what ``convert_each`` gave for it, or the error
        that stopped it (LibreOffice missing or not starting, the PDF not writable)."""
        if self.threads is None:
            if not self.docs:
                return []
            from generator import convert

            try:
                return list(convert.convert_each(self.docs, self.out_dir, timeout=self.timeout,
                                                 font_dir=self.font_dir, processes=self.processes))
            except (ConversionFailed, OutputLocked) as exc:
                return [exc] * len(self.docs)
        results: list[Converted | ConversionFailed | OutputLocked] = []
        for future in self.futures:
            try:
                results.append(future.result())
            except (ConversionFailed, OutputLocked) as exc:
                results.append(exc)
        return results

    def close(self) -> None:
        """Wait for the conversions under way; drop those not begun."""
        if self.threads is not None:
            self.threads.shutdown(wait=True, cancel_futures=True)
