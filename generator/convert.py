"""DOCX → PDF through LibreOffice. ``convert_each`` and ``convert_to_pdf`` are the entry points.

Conversion runs in a ``Converter`` (see ``converter``): a set of LibreOffice
processes kept running between documents, since start-up is most of the cost
(about 1.5 s, against 0.2-0.3 s per document). Two implementations: the
default ``SofficePool`` (``soffice_pool``, a Basic macro that waits for jobs
inside a private profile) and ``UnoserverPool`` (``unoserver_pool``, unoserver
over UNO; needs python3-uno). ``PJGEN_CONVERTER=unoserver`` selects the second
when no converter is given. Both update the 目录 page numbers before export.

``convert_each`` converts documents one by one (a document LibreOffice cannot
convert fails alone); ``convert_to_pdf`` is all or nothing. Both use a given
converter (``pool``), or start one for the call.

The soffice that runs is found by ``soffice_find.find_soffice`` (re-exported here).
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.converter import IMPORT_FILTERS, Converter, ExportJob
from generator.office_process import FONTS_CONF
from generator.problems import ConversionFailed, OutputLocked
from generator.soffice_find import SOFFICE_ENV, find_soffice
from generator.soffice_pool import SofficePool

__all__ = [
    "FONTS_CONF", "Converted", "Converter", "SofficePool", "convert_each", "convert_to_pdf", "find_soffice",
    "open_converter", "started",
]

CONVERTER_ENV = "PJGEN_CONVERTER"  # "soffice" (default) or "unoserver"

INSTALL_HINT = (
    "请安装 LibreOffice 和中文字体：sudo apt-get install -y --no-install-recommends "
    "libreoffice-writer-nogui fonts-noto-cjk fonts-lxgw-wenkai fonts-liberation2 poppler-utils"
    "（或运行 scripts/setup-system.sh）；Windows/macOS 请从 libreoffice.org 安装。"
    f"也可以用环境变量 {SOFFICE_ENV} 指定 soffice 的完整路径。"
)


def _require_soffice() -> str:
    soffice = find_soffice()
    if soffice is not None:
        return soffice
    override = os.environ.get(SOFFICE_ENV, "").strip()
    if override:
        raise ConversionFailed(
            f"PDF 转换失败：环境变量 {SOFFICE_ENV} 指向的 LibreOffice 不存在或不可执行：{override}。"
            f"请改正或删除该变量。{INSTALL_HINT}"
        )
    raise ConversionFailed(f"未找到 LibreOffice（soffice），无法生成 PDF。{INSTALL_HINT}")


@dataclass(frozen=True, slots=True)
class _Output:
    source: Path
    partial: Path  # written by soffice
    final: Path  # renamed into place once converted


def _plan(docx_paths: Sequence[Path], out_dir: Path) -> list[_Output]:
    outputs: list[_Output] = []
    seen: dict[Path, Path] = {}
    token = uuid.uuid4().hex[:12]
    for raw in docx_paths:
        source = Path(raw).resolve()
        if not source.is_file():
            raise ConversionFailed(f"PDF 转换失败：找不到要转换的文件：{source}。")
        if source.suffix.lower() not in IMPORT_FILTERS:
            kinds = "、".join(IMPORT_FILTERS)
            raise ConversionFailed(f"PDF 转换失败：不支持的文件类型：{source.name}（可转换：{kinds}）。")
        final = out_dir / f"{source.stem}.pdf"
        if final in seen:
            raise ConversionFailed(
                f"PDF 转换失败：{seen[final]} 和 {source} 会写到同一个 PDF（{final.name}）。请给文件取不同的名字。"
            )
        seen[final] = source
        partial = out_dir / f".{source.stem}.{token}.pdf.part"
        outputs.append(_Output(source, partial, final))
    return outputs


@dataclass(frozen=True, slots=True)
class Converted:
    """One document's outcome in ``convert_each``."""

    source: Path
    pdf: Path | None  # the PDF written, or None
    error: str | None = None  # why it failed (Chinese), when pdf is None


def open_converter(processes: int = 1, *, font_dir: Path | None = None, timeout: float = 180,
                   kind: str | None = None) -> Converter:
    """A converter with ``processes`` processes, not yet started: ``kind`` (or
    ``PJGEN_CONVERTER``) is "soffice" (the default) or "unoserver"."""
    kind = kind or os.environ.get(CONVERTER_ENV, "").strip() or "soffice"
    if kind == "unoserver":
        from generator.unoserver_pool import UnoserverPool

        return UnoserverPool(processes, font_dir=font_dir, timeout=timeout)
    if kind != "soffice":
        raise ConversionFailed(f"PDF 转换失败：环境变量 {CONVERTER_ENV} 的值 {kind} 无效，应为 soffice 或 unoserver。")
    return SofficePool(processes, font_dir=font_dir, timeout=timeout)


def _start_quietly(converter: Converter) -> None:
    try:
        converter.start()
    except ConversionFailed:
        pass  # the first document starts it again and reports why it cannot


@contextmanager
def started(processes: int = 1, *, font_dir: Path | None = None, timeout: float = 180) -> Iterator[Converter | None]:
    """A converter whose processes start now, in the background, while the caller
    renders documents (start-up is a second or more); None when none can be made
    (``convert_each`` then says why). Closed on exit, even half started."""
    try:
        converter = open_converter(processes, font_dir=font_dir, timeout=timeout)
    except ConversionFailed:
        yield None
        return
    starting = threading.Thread(target=_start_quietly, args=(converter,), name="pjgen-converter-start", daemon=True)
    starting.start()
    try:
        yield converter
    finally:
        converter.close()  # waits for a start in progress, then ends every process
        starting.join()


def _convert(
    outputs: list[_Output],
    pool: Converter | None,
    processes: int,
    timeout: float,
    font_dir: Path | None,
    on_done: Callable[[int, str | None], None] | None = None,
) -> list[str | None]:
    jobs = [ExportJob(o.source, o.partial, IMPORT_FILTERS[o.source.suffix.lower()]) for o in outputs]
    if pool is not None:
        return pool.export(jobs, on_done)
    with open_converter(min(processes, len(jobs)), font_dir=font_dir, timeout=timeout) as own:
        return own.export(jobs, on_done)


def _publish(out: _Output) -> None:
    try:
        os.replace(out.partial, out.final)
    except PermissionError as error:
        raise OutputLocked(f"无法写入 {out.final}：文件可能正被其他程序（如 PDF 阅读器）打开。请关闭后重试。") from error


def convert_each(
    docx_paths: Sequence[Path],
    out_dir: Path,
    *,
    timeout: float = 180,
    font_dir: Path | None = None,
    processes: int = 1,
    pool: Converter | None = None,
) -> list[Converted]:
    """Convert documents to PDF in ``out_dir`` (``name.docx`` → ``name.pdf``), each on its own.

    A document LibreOffice cannot convert fails alone: its outcome names it and
    says why, its old PDF stays; the others are written. Without ``pool``, one
    is started for the call with ``processes`` soffice processes (``timeout``
    and ``font_dir`` as in ``convert_to_pdf``). Raises ConversionFailed only for
    what stops every document: a bad request, or LibreOffice missing or not
    starting. Returns the outcomes in the order of ``docx_paths``.
    """
    if not docx_paths:
        return []
    out_dir = Path(out_dir).resolve()
    outputs = _plan(docx_paths, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        errors = _convert(outputs, pool, processes, timeout, font_dir)
        converted: list[Converted] = []
        for out, error in zip(outputs, errors):
            if error is None:
                try:
                    _publish(out)
                except OutputLocked as exc:
                    error = str(exc)
            converted.append(Converted(out.source, None, f"PDF 转换失败：{error}。") if error else Converted(out.source, out.final))
        return converted
    finally:
        for out in outputs:
            out.partial.unlink(missing_ok=True)


def convert_to_pdf(
    docx_paths: Sequence[Path],
    out_dir: Path,
    *,
    timeout: float = 180,
    font_dir: Path | None = None,
    processes: int = 1,
    pool: Converter | None = None,
) -> list[Path]:
    """Convert documents to PDF in ``out_dir`` (``name.docx`` → ``name.pdf``); all or nothing.

    Tables of contents are updated, so the 目录 shows the real page numbers,
    and headings become PDF bookmarks. ``timeout`` is how long LibreOffice may
    spend on start-up or on any single document. ``font_dir`` is a folder of
    font files (e.g. the official 方正小标宋简体/仿宋_GB2312) used before the
    free substitutes (Linux only). ``processes`` soffice processes convert side
    by side; ``pool`` (a running ``Converter``, e.g. a ``SofficePool``) replaces those three options.

    Existing PDFs are replaced only when every document was converted;
    otherwise ``ConversionFailed`` says which ones failed and why.
    Returns the PDF paths in the order of ``docx_paths``.
    """
    if not docx_paths:
        return []
    out_dir = Path(out_dir).resolve()
    outputs = _plan(docx_paths, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        errors = _convert(outputs, pool, processes, timeout, font_dir)
        messages = [e for e in errors if e is not None]
        if messages:
            raise ConversionFailed("PDF 转换失败：" + "；".join(messages) + "。")
        for out in outputs:
            _publish(out)
    finally:
        for out in outputs:
            out.partial.unlink(missing_ok=True)
    return [o.final for o in outputs]
