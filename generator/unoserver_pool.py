"""The second converter: unoserver's XML-RPC server driving LibreOffice over UNO.

Each worker runs ``python3 -m unoserver.server`` with its own ports and user
profile; unoserver starts soffice and, for every document, loads it, updates
the indexes (the 目录) twice and exports it. The server needs a Python that
can ``import uno`` — on Debian the system ``python3`` with the ``python3-uno``
package (``PJGEN_UNO_PYTHON`` names another) — and the ``unoserver`` package
(PyPI), which is found where pjgen's own Python has it. pjgen talks to it with
the standard library's XML-RPC client.
"""

from __future__ import annotations

import http.client
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import xmlrpc.client
from functools import cache
from pathlib import Path

from generator.converter import ExportJob, StartFailed
from generator.office_process import fontconfig_file, is_pdf, kill, spawn, tail
from generator.problems import ConversionFailed, describe_os_error
from generator.worker_pool import WorkerPool

UNO_PYTHON_ENV = "PJGEN_UNO_PYTHON"
PDF_OPTIONS = ["ExportBookmarks=true", "EmbedStandardFonts=true", "ExportNotes=false"]
_HINT = (
    "unoserver 转换需要能 import uno 的 Python（Debian：sudo apt-get install python3-uno）"
    f"和 unoserver（pip install unoserver）；也可以用环境变量 {UNO_PYTHON_ENV} 指定该 Python。"
)


class _Transport(xmlrpc.client.Transport):
    """XML-RPC over HTTP with a socket timeout."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def make_connection(self, host):  # type: ignore[no-untyped-def]
        connection = super().make_connection(host)
        connection.timeout = self.timeout
        return connection


@cache
def uno_python() -> str | None:
    """A Python executable that can ``import uno``, or None."""
    override = os.environ.get(UNO_PYTHON_ENV, "").strip()
    candidates = [override] if override else ["/usr/bin/python3", "python3"]
    for candidate in candidates:
        path = shutil.which(candidate)
        if path is None:
            continue
        probe = subprocess.run([path, "-c", "import uno"], capture_output=True, check=False)
        if probe.returncode == 0:
            return path
    return None


def unoserver_path() -> Path | None:
    """The folder holding the ``unoserver`` package (for the server's PYTHONPATH), or None."""
    spec = importlib.util.find_spec("unoserver")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent.parent


def available() -> bool:
    return uno_python() is not None and unoserver_path() is not None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class UnoserverWorker:
    """One unoserver process (and its soffice), converting one document at a time."""

    def __init__(self, soffice: str, python: str, package_root: Path, fontconfig: Path, timeout: float) -> None:
        self.soffice = soffice
        self.python = python
        self.package_root = package_root
        self.fontconfig = fontconfig
        self.timeout = timeout
        self.work_dir: Path | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.office_pid: int | None = None
        self.crashed = False

    @property
    def alive(self) -> bool:
        """unoserver runs, and so does its soffice (unoserver outlives it for a moment)."""
        if self.proc is None or self.proc.poll() is not None:
            return False
        if self.office_pid is None or sys.platform == "win32":
            return True
        try:
            os.kill(self.office_pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True

    def _proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self.port}", transport=_Transport(timeout),
                                         allow_none=True)

    def _log(self) -> str:
        return tail(self.work_dir / "unoserver-output.txt") if self.work_dir else ""

    def start(self) -> None:
        """Start unoserver (which starts soffice) and wait until it answers."""
        self.stop()
        self.work_dir = Path(tempfile.mkdtemp(prefix="pjgen-unoserver-"))
        self.port = _free_port()
        env = dict(os.environ)
        env["FONTCONFIG_FILE"] = str(self.fontconfig)
        env["PYTHONPATH"] = str(self.package_root)
        command = [
            self.python, "-m", "unoserver.server", "--quiet",
            "--interface", "127.0.0.1", "--port", str(self.port), "--uno-port", str(_free_port()),
            "--executable", self.soffice, "--user-installation", str(self.work_dir / "profile"),
            "--conversion-timeout", str(max(1, round(self.timeout))),
            "--libreoffice-pid-file", str(self.work_dir / "soffice.pid"),
        ]
        try:
            self.proc = spawn(command, env, self.work_dir / "unoserver-output.txt")
        except OSError as error:
            self.stop()
            raise StartFailed(f"PDF 转换失败：无法启动 unoserver（{self.python}）：{describe_os_error(error)}。{_HINT}") from error
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if not self.alive:
                output = self._log()
                self.stop()
                raise StartFailed(f"PDF 转换失败：unoserver 启动后退出（输出：{output}）。{_HINT}")
            try:
                self._proxy(max(0.1, deadline - time.monotonic())).system.listMethods()
                self.office_pid = int((self.work_dir / "soffice.pid").read_text(encoding="ascii").strip())
                return
            except (OSError, ValueError, http.client.HTTPException):
                time.sleep(0.1)
        self.stop()
        raise StartFailed(
            f"PDF 转换超时（{self.timeout:g} 秒）：LibreOffice 启动时没有响应，已终止。"
            "请确认 LibreOffice 能正常运行；机器很忙时可以调高超时时间。"
        )

    def export(self, job: ExportJob) -> str | None:
        """Convert one document; None when done, else the reason (Chinese) it failed."""
        self.crashed = False
        if not self.alive:
            self.start()
        name = job.source.name
        try:
            # convert_to "pdf" beside outpath: the export type comes from it, not from the .part name.
            self._proxy(self.timeout + 5).convert(
                str(job.source), None, str(job.target), "pdf", "writer_pdf_Export", PDF_OPTIONS, True,
                job.filter_name, None,
            )
        except xmlrpc.client.Fault as fault:
            if "TimeoutError" in fault.faultString:  # unoserver ended soffice: not a crash, no second try
                self.stop()
                return self._timed_out(name)
            # soffice died under the document (while loading it, it reads as a load failure)
            if self._dies_soon():
                output = self._log()
                self.stop()
                self.crashed = True
                return f"{name}：LibreOffice 中途退出（{fault.faultString.strip()[-200:]}；输出：{output}）"
            if "Could not load document" in fault.faultString:
                return f"无法打开 {name}：文件已损坏或不是 Word 文档。请用 Word/WPS 打开检查，或重新生成"
            return f"{name}：LibreOffice 报错（{fault.faultString.strip()[-200:]}）"
        except TimeoutError:
            self.stop()
            return self._timed_out(name)
        except (OSError, http.client.HTTPException) as error:
            output = self._log()
            self.stop()
            self.crashed = True
            return f"{name}：LibreOffice 中途退出（{describe_os_error(error) if isinstance(error, OSError) else error}；输出：{output}）"
        return None if is_pdf(job.target) else f"{name}：LibreOffice 没有写出有效的 PDF"

    def _dies_soon(self) -> bool:
        """Whether soffice is gone or going (its launcher may take a moment to follow)."""
        deadline = time.monotonic() + 1
        while self.alive:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        return True

    def _timed_out(self, name: str) -> str:
        return (
            f"{name}：PDF 转换超时（{self.timeout:g} 秒），LibreOffice 没有响应，已终止。"
            "请确认文档能在 Word/WPS 中正常打开；文档很大时可以调高超时时间"
        )

    def stop(self) -> None:
        """End unoserver and its soffice, and remove the profile."""
        if self.proc is not None:
            kill(self.proc)
            self.proc = None
        self.office_pid = None
        if self.work_dir is not None:
            shutil.rmtree(self.work_dir, ignore_errors=True)
            self.work_dir = None


class UnoserverPool(WorkerPool):
    """``processes`` unoserver processes kept running between documents (a ``Converter``)."""

    def __init__(self, processes: int = 1, *, font_dir: Path | None = None, timeout: float = 180) -> None:
        from generator.convert import _require_soffice as require_soffice

        if processes < 1:
            raise ValueError("processes must be at least 1")
        self.timeout = timeout
        soffice = require_soffice()
        python, package_root = uno_python(), unoserver_path()
        if python is None or package_root is None:
            raise ConversionFailed(f"PDF 转换失败：无法使用 unoserver。{_HINT}")
        folder = Path(tempfile.mkdtemp(prefix="pjgen-pool-"))
        try:
            fontconfig = fontconfig_file(folder, font_dir)
        except ConversionFailed:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        workers = [UnoserverWorker(soffice, python, package_root, fontconfig, timeout) for _ in range(processes)]
        super().__init__(workers, folder)

    def __enter__(self) -> UnoserverPool:
        return self
