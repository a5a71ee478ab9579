"""DOCX → PDF through LibreOffice. The only module that starts other programs.

A ``SofficePool`` keeps N headless soffice processes running: start-up is most
of the cost (about 1.5 s, against 0.2-0.3 s per document), so a document after
the first costs its conversion only, and N documents convert side by side.
Each process gets its own temporary user profile, so parallel processes never
share one (a second soffice on a busy profile exits without writing anything).
The export itself, including the update of the 目录 page numbers, is done by a
Basic macro that waits for jobs; see ``soffice_export``.

``convert_each`` converts documents one by one (a document LibreOffice cannot
convert fails alone); ``convert_to_pdf`` is all or nothing. Both use a given
pool, or start one for the call.

Fonts: on Linux the soffice process reads ``fonts/fonts.conf`` (through
``FONTCONFIG_FILE``), which maps the official Chinese font names to free
faces. ``font_dir`` adds a folder with the official font files in front of it.
On Windows and macOS LibreOffice does not use fontconfig and takes the fonts
installed in the system.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from xml.sax.saxutils import escape

from generator.problems import ConversionFailed, OutputLocked, describe_os_error
from generator.soffice_export import IMPORT_FILTERS, MACRO_URL, READY_NAME, RESULT_NAME, ExportJob, prepare_profile, write_job
from generator.soffice_find import SOFFICE_ENV, find_soffice

FONTS_CONF = Path(__file__).parent / "fonts" / "fonts.conf"

INSTALL_HINT = (
    "请安装 LibreOffice 和中文字体：sudo apt-get install -y --no-install-recommends "
    "libreoffice-writer-nogui fonts-noto-cjk fonts-lxgw-wenkai fonts-liberation2 poppler-utils"
    "（或运行 scripts/setup-system.sh）；Windows/macOS 请从 libreoffice.org 安装。"
    f"也可以用环境变量 {SOFFICE_ENV} 指定 soffice 的完整路径。"
)

_POLL_SECONDS = 0.05
_STOP_SECONDS = 10  # time soffice gets to quit when asked
_STDERR_TAIL = 600  # characters of soffice's stderr quoted in error messages


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


def _fontconfig_file(work_dir: Path, font_dir: Path | None) -> Path:
    if font_dir is None:
        return FONTS_CONF
    font_dir = Path(font_dir).resolve()
    if not font_dir.is_dir():
        raise ConversionFailed(f"PDF 转换失败：字体文件夹不存在：{font_dir}。请检查路径。")
    conf = work_dir / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        f"  <dir>{escape(str(font_dir))}</dir>\n"
        # Cache the scan of font_dir here (thrown away with work_dir), not in ~/.cache.
        f"  <cachedir>{escape(str(work_dir / 'fontconfig-cache'))}</cachedir>\n"
        f'  <include ignore_missing="no">{escape(str(FONTS_CONF))}</include>\n'
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Kill soffice and its children (the launcher starts soffice.bin)."""
    if sys.platform == "win32":
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(proc.pid)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        proc.kill()
    else:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return []


def _tail(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except FileNotFoundError:
        return ""
    return text[-_STDERR_TAIL:]


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(5) == b"%PDF-"
    except OSError:
        return False


class _StartFailed(ConversionFailed):
    """LibreOffice could not be started at all: no document of the call can be converted."""


@dataclass(frozen=True, slots=True)
class _Ended:
    """soffice ended before the awaited outcome: ``detail`` tells its exit code and output;
    None means it stayed silent past the timeout and was stopped."""

    detail: str | None


_T = TypeVar("_T")


class _Worker:
    """One soffice process with its own profile, converting one document at a time."""

    def __init__(self, soffice: str, fontconfig: Path, timeout: float) -> None:
        self.soffice = soffice
        self.fontconfig = fontconfig
        self.timeout = timeout
        self.work_dir: Path | None = None
        self.user: Path | None = None
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def _output(self) -> str:
        return _tail(self.work_dir / "soffice-output.txt") if self.work_dir else ""

    def start(self) -> None:
        """Start soffice and wait until its macro is ready for jobs."""
        self.stop()
        self.work_dir = Path(tempfile.mkdtemp(prefix="pjgen-soffice-"))
        profile = self.work_dir / "profile"
        self.user = prepare_profile(profile)
        env = dict(os.environ)
        env["FONTCONFIG_FILE"] = str(self.fontconfig)
        command = [
            self.soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--norestore",
            "--nolockcheck",
            MACRO_URL,
        ]
        posix = sys.platform != "win32"
        try:
            with (self.work_dir / "soffice-output.txt").open("wb") as output:
                self.proc = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=output,
                    stderr=output,
                    env=env,
                    start_new_session=posix,
                    creationflags=0 if posix else subprocess.CREATE_NEW_PROCESS_GROUP,
                )
        except OSError as error:
            self.stop()
            raise _StartFailed(
                f"PDF 转换失败：无法启动 LibreOffice（{self.soffice}）：{describe_os_error(error)}。{INSTALL_HINT}"
            ) from error
        ended = self._wait(lambda: (self.user / READY_NAME).exists() or None)
        if isinstance(ended, _Ended):
            if ended.detail is None:
                raise _StartFailed(
                    f"PDF 转换超时（{self.timeout:g} 秒）：LibreOffice 启动时没有响应，已终止。"
                    "请确认 LibreOffice 能正常运行；机器很忙时可以调高超时时间。"
                )
            raise _StartFailed(
                f"PDF 转换失败：LibreOffice 没有执行导出{ended.detail}。请确认 LibreOffice 安装完整（含 Writer），"
                f"或用 {SOFFICE_ENV} 指定另一个 soffice。"
            )

    def _wait(self, done: Callable[[], _T | None]) -> _T | _Ended:
        """Poll ``done`` until it gives a result. When soffice exits or stays silent for
        ``timeout`` seconds first, stop it and say so (``_Ended``)."""
        assert self.proc is not None
        deadline = time.monotonic() + self.timeout
        while True:
            outcome = done()
            if outcome is not None:
                return outcome
            returncode = self.proc.poll()
            if returncode is not None:
                output = self._output()
                self.stop()
                return _Ended(f"（LibreOffice 退出码 {returncode}；输出：{output}）" if output
                              else f"（LibreOffice 退出码 {returncode}）")
            if time.monotonic() >= deadline:
                self.stop()
                return _Ended(None)
            time.sleep(_POLL_SECONDS)

    def export(self, job: ExportJob) -> str | None:
        """Convert one document; None when done, else the reason (Chinese) it failed.

        A document that hangs or crashes soffice ends this process; the next
        job starts a fresh one.
        """
        if not self.alive:
            self.start()
        assert self.user is not None and self.proc is not None
        result = self.user / RESULT_NAME
        result.unlink(missing_ok=True)
        write_job(self.user, job)
        name = job.source.name
        outcome = self._wait(lambda: _read_lines(result) or None)
        if isinstance(outcome, _Ended):
            if outcome.detail is None:
                return (
                    f"{name}：PDF 转换超时（{self.timeout:g} 秒），LibreOffice 没有响应，已终止。"
                    "请确认文档能在 Word/WPS 中正常打开；文档很大时可以调高超时时间"
                )
            return f"{name}：LibreOffice 中途退出{outcome.detail}"
        parts = outcome[0].split("\t")
        if parts[0] == "OK":
            return None if _is_pdf(job.target) else f"{name}：LibreOffice 没有写出有效的 PDF"
        reason = parts[2] if len(parts) > 2 else outcome[0]
        if reason in ("load", "not-text"):
            return f"无法打开 {name}：文件已损坏或不是 Word 文档。请用 Word/WPS 打开检查，或重新生成"
        return f"{name}：LibreOffice 报错（{reason}）"

    def stop(self) -> None:
        """End soffice (asking the macro first) and remove the profile."""
        if self.proc is not None:
            if self.proc.poll() is None and self.user is not None:
                try:
                    write_job(self.user, None)
                    self.proc.wait(timeout=_STOP_SECONDS)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            if self.proc.poll() is None:
                _kill(self.proc)
            else:
                _kill_group(self.proc)
            self.proc = None
        if self.work_dir is not None:
            shutil.rmtree(self.work_dir, ignore_errors=True)
            self.work_dir = None
            self.user = None


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """After the launcher exited: make sure no child of it is left (POSIX)."""
    if sys.platform != "win32":
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


class SofficePool:
    """``processes`` soffice processes kept running between documents.

    Start-up happens on first use (or ``warm()``); a process that failed on a
    document is replaced on the next one. Thread-safe: documents given to
    ``export`` from several threads share the processes. Close it (or use it as
    a context manager) to end the processes and remove their profiles.
    """

    def __init__(self, processes: int = 1, *, font_dir: Path | None = None, timeout: float = 180) -> None:
        if processes < 1:
            raise ValueError("processes must be at least 1")
        self.processes = processes
        self.timeout = timeout
        self.font_dir = Path(font_dir).resolve() if font_dir is not None else None
        soffice = _require_soffice()
        self._dir = Path(tempfile.mkdtemp(prefix="pjgen-pool-"))
        try:
            fontconfig = _fontconfig_file(self._dir, font_dir)
        except ConversionFailed:
            shutil.rmtree(self._dir, ignore_errors=True)
            raise
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()  # the last used is the warmest
        self._workers = [_Worker(soffice, fontconfig, timeout) for _ in range(processes)]
        for worker in self._workers:
            self._idle.put(worker)
        self._closed = False
        self._finalizer = weakref.finalize(self, _stop_all, self._workers, self._dir)

    def __enter__(self) -> SofficePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def warm(self) -> None:
        """Start every process now (in parallel), so that the first document waits for none."""
        def start(worker: _Worker) -> None:
            if not worker.alive:
                worker.start()

        workers = [self._idle.get() for _ in self._workers]
        try:
            with ThreadPoolExecutor(max_workers=len(workers)) as threads:
                list(threads.map(start, workers))
        finally:
            for worker in workers:
                self._idle.put(worker)

    def export(self, jobs: Sequence[ExportJob], on_done: Callable[[int, str | None], None] | None = None) -> list[str | None]:
        """Convert ``jobs`` side by side; per job None (done) or why it failed.

        Raises ConversionFailed when LibreOffice cannot be started at all.
        ``on_done(index, error)`` is called as each job ends (from a worker thread).
        """
        if self._closed:
            raise RuntimeError("pool is closed")
        outcomes: list[str | None] = [None] * len(jobs)
        start_failure: list[_StartFailed] = []

        def run(index: int) -> None:
            if start_failure:
                return
            worker = self._idle.get()
            try:
                if start_failure:
                    return
                outcomes[index] = worker.export(jobs[index])
            except _StartFailed as exc:
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
        self._finalizer()


def _stop_all(workers: list[_Worker], folder: Path) -> None:
    for worker in workers:
        worker.stop()
    shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True, slots=True)
class Converted:
    """One document's outcome in ``convert_each``."""

    source: Path
    pdf: Path | None  # the PDF written, or None
    error: str | None = None  # why it failed (Chinese), when pdf is None


def _convert(
    outputs: list[_Output],
    pool: SofficePool | None,
    processes: int,
    timeout: float,
    font_dir: Path | None,
    on_done: Callable[[int, str | None], None] | None = None,
) -> list[str | None]:
    jobs = [ExportJob(o.source, o.partial, IMPORT_FILTERS[o.source.suffix.lower()]) for o in outputs]
    if pool is not None:
        return pool.export(jobs, on_done)
    with SofficePool(min(processes, len(jobs)), font_dir=font_dir, timeout=timeout) as own:
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
    pool: SofficePool | None = None,
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
    pool: SofficePool | None = None,
) -> list[Path]:
    """Convert documents to PDF in ``out_dir`` (``name.docx`` → ``name.pdf``); all or nothing.

    Tables of contents are updated, so the 目录 shows the real page numbers,
    and headings become PDF bookmarks. ``timeout`` is how long LibreOffice may
    spend on start-up or on any single document. ``font_dir`` is a folder of
    font files (e.g. the official 方正小标宋简体/仿宋_GB2312) used before the
    free substitutes (Linux only). ``processes`` soffice processes convert side
    by side; ``pool`` (a running ``SofficePool``) replaces those three options.

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
