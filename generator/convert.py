"""DOCX → PDF through LibreOffice. The only module that starts other programs.

One ``convert_to_pdf`` call starts one headless soffice for all its documents
(start-up is most of the cost: about 1.5 s, against 0.2-0.3 s per document).
Each process gets its own temporary user profile, so parallel builds never
share one (a second soffice on a busy profile exits without writing anything).
The export itself, including the update of the 目录 page numbers, is done by a
Basic macro; see ``soffice_export``.

Fonts: on Linux the soffice process reads ``fonts/fonts.conf`` (through
``FONTCONFIG_FILE``), which maps the official Chinese font names to free
faces. ``font_dir`` adds a folder with the official font files in front of it.
On Windows and macOS LibreOffice does not use fontconfig and takes the fonts
installed in the system.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from generator.problems import ConversionFailed, OutputLocked, describe_os_error
from generator.soffice_export import IMPORT_FILTERS, MACRO_URL, ExportJob, prepare_profile

SOFFICE_ENV = "PJGEN_SOFFICE"
FONTS_CONF = Path(__file__).parent / "fonts" / "fonts.conf"

INSTALL_HINT = (
    "请安装 LibreOffice 和中文字体：sudo apt-get install -y --no-install-recommends "
    "libreoffice-writer-nogui fonts-noto-cjk fonts-lxgw-wenkai fonts-liberation2 poppler-utils"
    "（或运行 scripts/setup-system.sh）；Windows/macOS 请从 libreoffice.org 安装。"
    f"也可以用环境变量 {SOFFICE_ENV} 指定 soffice 的完整路径。"
)

_POLL_SECONDS = 0.05
_STDERR_TAIL = 600  # characters of soffice's stderr quoted in error messages


def _candidates() -> list[Path]:
    """Usual install locations, for when soffice is not on PATH."""
    if sys.platform == "win32":
        roots = [os.environ.get(v) for v in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")]
        roots.append(r"C:\Program Files")
        return [Path(r) / "LibreOffice" / "program" / "soffice.exe" for r in roots if r]
    if sys.platform == "darwin":
        app = Path("LibreOffice.app") / "Contents" / "MacOS" / "soffice"
        return [Path("/Applications") / app, Path.home() / "Applications" / app]
    opt = sorted(Path("/opt").glob("libreoffice*/program/soffice"), reverse=True)
    return [
        Path("/usr/bin/soffice"),
        Path("/usr/local/bin/soffice"),
        Path("/usr/lib/libreoffice/program/soffice"),
        Path("/usr/lib64/libreoffice/program/soffice"),
        *opt,
        Path("/snap/bin/libreoffice"),
    ]


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_soffice() -> str | None:
    """Path of the LibreOffice ``soffice`` executable, or None.

    ``PJGEN_SOFFICE`` (a path or a command name) overrides the search; if it is
    set but wrong, the result is None rather than some other LibreOffice.
    """
    override = os.environ.get(SOFFICE_ENV, "").strip()
    if override:
        if _is_executable(Path(override)):
            return str(Path(override))
        return shutil.which(override) if os.sep not in override else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for path in _candidates():
        if _is_executable(path):
            return str(path)
    return None


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
    final: Path  # renamed into place when every document succeeded


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


def _current_document(lines: list[str], outputs: list[_Output]) -> str:
    """Name of the document soffice was working on (from the last BEGIN line)."""
    names = {o.source.as_uri(): o.source.name for o in outputs}
    for line in reversed(lines):
        parts = line.split("\t")
        if parts[0] == "BEGIN" and len(parts) > 1:
            return names.get(parts[1], parts[1])
    return ""


def _run(
    command: list[str], env: dict[str, str], results: Path, stderr_path: Path, timeout: float, outputs: list[_Output]
) -> int:
    """Run soffice; kill it when no document finishes within ``timeout`` seconds.

    The clock restarts whenever the macro reports progress, so a long batch is
    not cut short while a single stuck document is.
    """
    posix = sys.platform != "win32"
    with stderr_path.open("wb") as stderr:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=stderr,
            stderr=stderr,
            env=env,
            start_new_session=posix,
            creationflags=0 if posix else subprocess.CREATE_NEW_PROCESS_GROUP,
        )
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            try:
                return proc.wait(timeout=max(0.0, min(_POLL_SECONDS, deadline - time.monotonic())))
            except subprocess.TimeoutExpired:
                pass
            lines = _read_lines(results)
            if len(lines) != seen:
                seen = len(lines)
                deadline = time.monotonic() + timeout
            if time.monotonic() < deadline:
                continue
            _kill(proc)
            if lines and lines[-1] == "DONE":
                return 0  # everything was exported; only the shutdown hung
            doing = _current_document(lines, outputs)
            where = f"处理 {doing} 时" if doing else "启动时"
            raise ConversionFailed(
                f"PDF 转换超时（{timeout:g} 秒）：LibreOffice {where}没有响应，已终止。"
                "请确认文档能在 Word/WPS 中正常打开；文档很大时可以调高超时时间。"
            )


def _check_results(lines: list[str], outputs: list[_Output], returncode: int, stderr_text: str) -> None:
    """Raise ConversionFailed naming every document without a valid PDF."""
    failures: dict[str, str] = {}
    done: set[str] = set()
    for line in lines:
        parts = line.split("\t")
        if parts[0] == "OK" and len(parts) > 1:
            done.add(parts[1])
        elif parts[0] == "FAIL" and len(parts) > 2:
            failures[parts[1]] = parts[2]
    detail = f"（LibreOffice 退出码 {returncode}；输出：{stderr_text}）" if stderr_text else f"（LibreOffice 退出码 {returncode}）"
    if not lines:
        raise ConversionFailed(
            f"PDF 转换失败：LibreOffice 没有执行导出{detail}。请确认 LibreOffice 安装完整（含 Writer），"
            f"或用 {SOFFICE_ENV} 指定另一个 soffice。"
        )
    messages: list[str] = []
    for out in outputs:
        url = out.source.as_uri()
        reason = failures.get(url)
        if reason in ("load", "not-text"):
            messages.append(f"无法打开 {out.source.name}：文件已损坏或不是 Word 文档。请用 Word/WPS 打开检查，或重新生成")
        elif reason is not None:
            messages.append(f"{out.source.name}：LibreOffice 报错（{reason}）")
        elif url not in done:
            messages.append(f"{out.source.name}：LibreOffice 中途退出{detail}")
        elif not _is_pdf(out.partial):
            messages.append(f"{out.source.name}：LibreOffice 没有写出有效的 PDF")
    if messages:
        raise ConversionFailed("PDF 转换失败：" + "；".join(messages) + "。")


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(5) == b"%PDF-"
    except OSError:
        return False


def _publish(outputs: list[_Output]) -> None:
    for out in outputs:
        try:
            os.replace(out.partial, out.final)
        except PermissionError as error:
            raise OutputLocked(
                f"无法写入 {out.final}：文件可能正被其他程序（如 PDF 阅读器）打开。请关闭后重试。"
            ) from error


def convert_to_pdf(
    docx_paths: Sequence[Path],
    out_dir: Path,
    *,
    timeout: float = 180,
    font_dir: Path | None = None,
) -> list[Path]:
    """Convert documents to PDF in ``out_dir`` (``name.docx`` → ``name.pdf``), in one soffice run.

    Tables of contents are updated, so the 目录 shows the real page numbers,
    and headings become PDF bookmarks. ``timeout`` is how long LibreOffice may
    spend on start-up or on any single document. ``font_dir`` is a folder of
    font files (e.g. the official 方正小标宋简体/仿宋_GB2312) used before the
    free substitutes (Linux only).

    All or nothing: existing PDFs are replaced only when every document was
    converted; otherwise ``ConversionFailed`` says which ones failed and why.
    Returns the PDF paths in the order of ``docx_paths``.
    """
    if not docx_paths:
        return []
    out_dir = Path(out_dir).resolve()
    outputs = _plan(docx_paths, out_dir)
    soffice = _require_soffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    work_dir = Path(tempfile.mkdtemp(prefix="pjgen-soffice-"))
    try:
        profile = work_dir / "profile"
        jobs = [ExportJob(o.source, o.partial, IMPORT_FILTERS[o.source.suffix.lower()]) for o in outputs]
        results = prepare_profile(profile, jobs)
        env = dict(os.environ)
        env["FONTCONFIG_FILE"] = str(_fontconfig_file(work_dir, font_dir))
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--norestore",
            "--nolockcheck",
            MACRO_URL,
        ]
        stderr_path = work_dir / "soffice-output.txt"
        try:
            returncode = _run(command, env, results, stderr_path, timeout, outputs)
        except OSError as error:
            raise ConversionFailed(
                f"PDF 转换失败：无法启动 LibreOffice（{soffice}）：{describe_os_error(error)}。{INSTALL_HINT}"
            ) from error
        _check_results(_read_lines(results), outputs, returncode, _tail(stderr_path))
        _publish(outputs)
    finally:
        for out in outputs:
            out.partial.unlink(missing_ok=True)
        shutil.rmtree(work_dir, ignore_errors=True)
    return [o.final for o in outputs]
