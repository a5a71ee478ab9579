"""The default converter: headless soffice processes running a Basic export macro.

Each process gets its own temporary user profile (``soffice_export`` writes
it), so parallel processes never share one (a second soffice on a busy profile
exits without writing anything). The macro waits for job files, so a document
after the first costs its conversion only: start-up (about 1.5 s) is paid once
per process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.converter import ExportJob, StartFailed
from generator.office_process import Ended, fontconfig_file, is_pdf, kill, spawn, wait_for
from generator.problems import ConversionFailed, describe_os_error
from generator.soffice_export import MACRO_URL, READY_NAME, RESULT_NAME, office_build_id, prepare_profile, write_job
from generator.worker_pool import WorkerPool


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return []


class SofficeWorker:
    """One soffice process with its own profile, converting one document at a time."""

    def __init__(self, soffice: str, fontconfig: Path, timeout: float, build_id: str | None = None) -> None:
        self.soffice = soffice
        self.build_id = build_id
        self.fontconfig = fontconfig
        self.timeout = timeout
        self.work_dir: Path | None = None
        self.user: Path | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.crashed = False

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def _log(self) -> Path | None:
        return self.work_dir / "soffice-output.txt" if self.work_dir else None

    def start(self) -> None:
        """Start soffice and wait until its macro is ready for jobs."""
        from generator.convert import SOFFICE_ENV, INSTALL_HINT

        self.stop()
        self.work_dir = Path(tempfile.mkdtemp(prefix="pjgen-soffice-"))
        profile = self.work_dir / "profile"
        self.user = prepare_profile(profile, self.build_id)
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
        try:
            self.proc = spawn(command, env, self.work_dir / "soffice-output.txt")
        except OSError as error:
            self.stop()
            raise StartFailed(
                f"PDF 转换失败：无法启动 LibreOffice（{self.soffice}）：{describe_os_error(error)}。{INSTALL_HINT}"
            ) from error
        user = self.user
        ended = self._wait(lambda: (user / READY_NAME).exists() or None)
        if isinstance(ended, Ended):
            if ended.detail is None:
                raise StartFailed(
                    f"PDF 转换超时（{self.timeout:g} 秒）：LibreOffice 启动时没有响应，已终止。"
                    "请确认 LibreOffice 能正常运行；机器很忙时可以调高超时时间。"
                )
            raise StartFailed(
                f"PDF 转换失败：LibreOffice 没有执行导出{ended.detail}。请确认 LibreOffice 安装完整（含 Writer），"
                f"或用 {SOFFICE_ENV} 指定另一个 soffice。"
            )

    def _wait(self, done):  # type: ignore[no-untyped-def]
        """``wait_for``; when soffice exits or stays silent first, stop it."""
        assert self.proc is not None
        outcome = wait_for(self.proc, self._log, self.timeout, done)
        if isinstance(outcome, Ended):
            self.stop()
        return outcome

    def export(self, job: ExportJob) -> str | None:
        """Convert one document; None when done, else the reason (Chinese) it failed.

        A document that hangs or crashes soffice ends this process; the next
        job starts a fresh one.
        """
        self.crashed = False
        if not self.alive:
            self.start()
        assert self.user is not None and self.proc is not None
        result = self.user / RESULT_NAME
        result.unlink(missing_ok=True)
        write_job(self.user, job)
        name = job.source.name
        outcome = self._wait(lambda: _read_lines(result) or None)
        if isinstance(outcome, Ended):
            if outcome.detail is None:
                return (
                    f"{name}：PDF 转换超时（{self.timeout:g} 秒），LibreOffice 没有响应，已终止。"
                    "请确认文档能在 Word/WPS 中正常打开；文档很大时可以调高超时时间"
                )
            self.crashed = True
            return f"{name}：LibreOffice 中途退出{outcome.detail}"
        parts = outcome[0].split("\t")
        if parts[0] == "OK":
            return None if is_pdf(job.target) else f"{name}：LibreOffice 没有写出有效的 PDF"
        reason = parts[2] if len(parts) > 2 else outcome[0]
        if reason in ("load", "not-text"):
            return f"无法打开 {name}：文件已损坏或不是 Word 文档。请用 Word/WPS 打开检查，或重新生成"
        return f"{name}：LibreOffice 报错（{reason}）"

    def stop(self) -> None:
        """End soffice and remove the profile.

        Killed rather than asked to quit: every PDF is written and closed by the
        time its result is read, the profile is thrown away, and a polite exit
        (saving the profile) costs about a second — a second of every build.
        """
        if self.proc is not None:
            kill(self.proc)  # the launcher and soffice.bin, its process group
            self.proc = None
        if self.work_dir is not None:
            shutil.rmtree(self.work_dir, ignore_errors=True)
            self.work_dir = None
            self.user = None


class SofficePool(WorkerPool):
    """``processes`` soffice processes kept running between documents (a ``Converter``).

    Start-up happens on first use (or ``start()``); a process that failed on a
    document is replaced on the next one. Thread-safe: documents given to
    ``export`` from several threads share the processes. Close it (or use it as
    a context manager) to end the processes and remove their profiles.
    """

    def __init__(self, processes: int = 1, *, font_dir: Path | None = None, timeout: float = 180) -> None:
        from generator.convert import _require_soffice as require_soffice

        if processes < 1:
            raise ValueError("processes must be at least 1")
        self.timeout = timeout
        self.font_dir = Path(font_dir).resolve() if font_dir is not None else None
        soffice = require_soffice()
        folder = Path(tempfile.mkdtemp(prefix="pjgen-pool-"))
        try:
            fontconfig = fontconfig_file(folder, font_dir)
        except ConversionFailed:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        build_id = office_build_id(soffice)
        super().__init__([SofficeWorker(soffice, fontconfig, timeout, build_id) for _ in range(processes)], folder)

    def __enter__(self) -> SofficePool:
        return self
