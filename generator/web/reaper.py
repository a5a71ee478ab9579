"""LibreOffice and the uploads do not outlive the server, even when it is killed.

``start`` launches a small helper process holding one end of a pipe whose other
end only the server holds. When the server ends in any way, the pipe closes;
the helper then kills every process started with the server's run marker in its
environment (the LibreOffice processes inherit it), removes their temporary
folders, and removes the server's upload folder. On a normal shutdown the server
has done all this already and the helper finds nothing to do. Linux only (it
reads /proc); elsewhere ``start`` does nothing.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
from pathlib import Path

RUN_ENV = "PJGEN_WEB_RUN"
_TEMP_PREFIXES = ("pjgen-soffice-", "pjgen-pool-")


def _environment(pid: str) -> dict[str, str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return {}
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(errors="replace"): v.decode(errors="replace") for k, v in pairs}


def _command(pid: str) -> list[str]:
    try:
        return [a.decode(errors="replace") for a in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") if a]
    except OSError:
        return []


def _temp_folders(pid: str, env: dict[str, str]) -> set[Path]:
    """The temporary folders LibreOffice was started with (its profile's and the font map's)."""
    found = set()
    paths = [env.get("FONTCONFIG_FILE", "")]
    paths += [a.split("=", 1)[1].removeprefix("file://") for a in _command(pid) if a.startswith("-env:UserInstallation=")]
    for text in paths:
        for part in Path(text).parents:
            if part.name.startswith(_TEMP_PREFIXES):
                found.add(part)
    return found


def reap(marker: str, uploads: Path | None) -> int:
    """Kill this run's processes (found by ``marker``), remove their folders and ``uploads``."""
    killed, folders = 0, set()
    me = str(os.getpid())
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or entry.name == me:
            continue
        env = _environment(entry.name)
        if env.get(RUN_ENV) != marker:
            continue
        folders |= _temp_folders(entry.name, env)
        try:
            os.kill(int(entry.name), signal.SIGKILL)
            killed += 1
        except (ProcessLookupError, PermissionError):
            pass
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    if uploads is not None:
        shutil.rmtree(uploads, ignore_errors=True)
    return killed


class Reaper:
    def __init__(self, process: subprocess.Popen[bytes] | None) -> None:
        self.process = process

    def close(self) -> None:
        """A normal shutdown: let the helper look once more and end."""
        if self.process is not None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


def start(uploads: Path | None) -> Reaper:
    """Mark this process's future children and start the helper that ends them when it ends."""
    if not sys.platform.startswith("linux"):
        return Reaper(None)
    marker = secrets.token_hex(12)
    os.environ[RUN_ENV] = marker
    env = {k: v for k, v in os.environ.items() if k != RUN_ENV}
    command = [sys.executable, "-m", "generator.web.reaper", marker, str(uploads) if uploads else ""]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env,
                               start_new_session=True)
    return Reaper(process)


def main(argv: list[str]) -> int:
    marker, uploads = argv[0], argv[1]
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in the server's terminal is the server's to handle
    sys.stdin.buffer.read()  # until the server closes the pipe or ends
    reap(marker, Path(uploads) if uploads else None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
