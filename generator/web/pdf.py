"""PDFs outside the request: ``processes`` threads share one lazily started ``convert.SofficePool``.

LibreOffice's own words (exit codes, English output) go to the server's log; the
page gets a Chinese sentence saying what happened and that 重新生成 PDF may help.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from generator.problems import PjgenError
from generator.web.settings import WebSettings

log = logging.getLogger("pjgen.web")

FAILED_MESSAGE = ("PDF 没有生成：LibreOffice 转换这份文档时出错。Word 文档不受影响，可以先下载使用。"
                  "请点“重新生成 PDF”再试一次；仍然失败时，请用 Word 或 WPS 打开 Word 文档另存为 PDF，或联系管理员。")
UNAVAILABLE_MESSAGE = ("这台服务器没有安装 LibreOffice，只生成了 Word 文档（.docx），没有生成 PDF。"
                       "可以用 Word 或 WPS 打开 Word 文档另存为 PDF；需要网页直接生成 PDF 时，请联系管理员安装 LibreOffice。")


class PdfService:
    """Converts documents in ``pdf_processes`` threads on one SofficePool, started on first use."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self._pool: Any = None
        self._lock = threading.Lock()
        self.threads = ThreadPoolExecutor(max_workers=settings.pdf_processes, thread_name_prefix="pjgen-pdf")
        self.waits: list[float] = []  # seconds each document waited for a free LibreOffice process

    def available(self) -> bool:
        from generator.convert import find_soffice

        return find_soffice() is not None

    def pool(self) -> Any:
        from generator.convert import SofficePool

        with self._lock:
            if self._pool is None:
                self._pool = SofficePool(
                    self.settings.pdf_processes, font_dir=self.settings.font_dir, timeout=self.settings.timeout
                )
            return self._pool

    def warm(self) -> None:
        """Start LibreOffice now (in the background), so the first PDF waits for conversion only."""
        if self.available():
            self.threads.submit(lambda: self.pool().warm())

    def convert(self, docx: Path) -> tuple[Path | None, str | None]:
        """One document, now (in the calling thread): the PDF, or None and the reason for the log."""
        from generator.convert import convert_each

        try:
            [done] = convert_each([docx], docx.parent, pool=self.pool())
        except PjgenError as exc:
            return None, str(exc)
        return done.pdf, done.error

    def submit(self, docx: Path) -> Future[tuple[Path | None, str | None]]:
        """Queue one document; the future gives what ``convert`` gives."""
        queued = time.monotonic()

        def run() -> tuple[Path | None, str | None]:
            self.waits.append(time.monotonic() - queued)
            return self.convert(docx)

        return self.threads.submit(run)

    def close(self) -> None:
        self.threads.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
