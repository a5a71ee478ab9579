"""Starting, watching and ending LibreOffice processes (shared by the converters).

Fonts: on Linux a soffice process reads ``fonts/fonts.conf`` (through
``FONTCONFIG_FILE``), which maps the official Chinese font names to free
faces. ``font_dir`` adds a folder with the official font files in front of it.
On Windows and macOS LibreOffice does not use fontconfig and takes the fonts
installed in the system.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from html import escape  # & < > only (quote=False): XML text

from generator.problems import ConversionFailed

FONTS_CONF = Path(__file__).parent / "fonts" / "fonts.conf"

POLL_SECONDS = 0.01  # a job's result is seen within this (a stat call: no load to speak of)
STDERR_TAIL = 600  # characters of a process's output quoted in error messages
_GROUP_EXIT_SECONDS = 5

_T = TypeVar("_T")


def fontconfig_file(work_dir: Path, font_dir: Path | None) -> Path:
    """The fontconfig file soffice reads: the project's, or one with ``font_dir`` in front."""
    if font_dir is None:
        return FONTS_CONF
    font_dir = Path(font_dir).resolve()
    if not font_dir.is_dir():
        raise ConversionFailed(f"PDF 转换失败：字体文件夹不存在：{font_dir}。请检查路径。")
    conf = work_dir / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        f"  <dir>{escape(str(font_dir), quote=False)}</dir>\n"
        # Cache the scan of font_dir here (thrown away with work_dir), not in ~/.cache.
        f"  <cachedir>{escape(str(work_dir / 'fontconfig-cache'), quote=False)}</cachedir>\n"
        f'  <include ignore_missing="no">{escape(str(FONTS_CONF), quote=False)}</include>\n'
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def spawn(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start ``command`` in its own process group, its output going to ``log``."""
    posix = sys.platform != "win32"
    with log.open("wb") as output:
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
            env=env,
            start_new_session=posix,
            creationflags=0 if posix else subprocess.CREATE_NEW_PROCESS_GROUP,
        )


def kill(proc: subprocess.Popen[bytes]) -> None:
    """Kill a process and its children (soffice's launcher starts soffice.bin)."""
    if sys.platform == "win32":
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(proc.pid)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        proc.kill()
        proc.wait()
        return
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()
    # The group's other members (soffice.bin) die a moment later: wait, so that
    # nothing writes into a profile about to be removed.
    deadline = time.monotonic() + _GROUP_EXIT_SECONDS
    while _group_runs(proc.pid) and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)


def _group_runs(pgid: int) -> bool:
    """Whether a process of group ``pgid`` still runs. A zombie does not count: the
    orphaned soffice.bin is reaped by init, which in a container can take seconds."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text(encoding="ascii", errors="replace").rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 2 and fields[2] == str(pgid) and fields[0] != "Z":
            return True
    return False


def tail(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except FileNotFoundError:
        return ""
    return text[-STDERR_TAIL:]


def is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(5) == b"%PDF-"
    except OSError:
        return False


@dataclass(frozen=True, slots=True)
class Ended:
    """The process ended before the awaited outcome: ``detail`` tells its exit code and output;
    None means it stayed silent past the timeout."""

    detail: str | None


def wait_for(proc: subprocess.Popen[bytes], log: Path | None, timeout: float,
             done: Callable[[], _T | None]) -> _T | Ended:
    """Poll ``done`` until it gives a result, or the process exits, or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while True:
        outcome = done()
        if outcome is not None:
            return outcome
        returncode = proc.poll()
        if returncode is not None:
            output = tail(log)
            return Ended(f"（LibreOffice 退出码 {returncode}；输出：{output}）" if output
                         else f"（LibreOffice 退出码 {returncode}）")
        if time.monotonic() >= deadline:
            return Ended(None)
        time.sleep(POLL_SECONDS)
