"""Where LibreOffice's ``soffice`` is: ``PJGEN_SOFFICE``, PATH, then the usual install folders
of each platform (Windows Program Files, the vendor's .deb under /opt — common on 统信 UOS
and 麒麟 Kylin —, distribution packages, the macOS application bundle).

Paths are pathlib objects and nothing runs a shell. The platform, environment, home folder
and file-system root are parameters (``System``), so the search for each platform can be
tested on a faked folder tree.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Mapping

SOFFICE_ENV = "PJGEN_SOFFICE"

HOW_TO_GET_PDF = (
    "要生成 PDF，请安装 LibreOffice（Windows/macOS：从 libreoffice.org 下载安装；统信 UOS、麒麟、Debian/Ubuntu："
    "sudo apt-get install libreoffice-writer fonts-noto-cjk），或用环境变量 "
    f"{SOFFICE_ENV} 指定 soffice 程序的完整路径，然后重新运行。"
)


@dataclass(frozen=True)
class System:
    """What the search looks at; ``System.here()`` is this machine."""

    platform: str  # sys.platform: "win32", "darwin", "linux"
    environ: Mapping[str, str] = field(default_factory=dict)
    home: Path = Path("~")
    root: Path = Path("/")  # where absolute POSIX paths start (a temporary folder in tests)

    @classmethod
    def here(cls) -> System:
        return cls(sys.platform, os.environ, Path.home(), Path("/"))

    def posix(self, path: str) -> Path:
        """An absolute POSIX path under this system's root."""
        return self.root.joinpath(*PurePosixPath(path).parts[1:])


def candidates(system: System) -> list[Path]:
    """The usual install locations, most likely first, for when soffice is not on PATH."""
    env = system.environ
    if system.platform == "win32":
        roots = [env.get(v) for v in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)", "LOCALAPPDATA")]
        if system.root == Path("/"):
            roots += [str(PureWindowsPath("C:/Program Files")), str(PureWindowsPath("C:/Program Files (x86)"))]
        found = []
        for r in dict.fromkeys(r for r in roots if r):
            found += [Path(r) / "LibreOffice" / "program" / "soffice.exe"]
            found += sorted(Path(r).glob("LibreOffice*/program/soffice.exe"), reverse=True)
        return list(dict.fromkeys(found))
    if system.platform == "darwin":
        app = Path("LibreOffice.app") / "Contents" / "MacOS" / "soffice"
        return [system.posix("/Applications") / app, system.home / "Applications" / app]
    opt = sorted(system.posix("/opt").glob("libreoffice*/program/soffice"), reverse=True)
    return [
        system.posix("/usr/bin/soffice"),
        system.posix("/usr/local/bin/soffice"),
        system.posix("/usr/lib/libreoffice/program/soffice"),
        system.posix("/usr/lib64/libreoffice/program/soffice"),
        *opt,  # the vendor's .deb/.rpm: /opt/libreoffice7.6/program/soffice, newest first
        system.posix("/snap/bin/libreoffice"),
        system.posix("/var/lib/flatpak/exports/bin/org.libreoffice.LibreOffice"),
    ]


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_soffice(system: System | None = None) -> str | None:
    """Path of the LibreOffice ``soffice`` executable, or None.

    ``PJGEN_SOFFICE`` (a path or a command name) overrides the search; if it is
    set but wrong, the result is None rather than some other LibreOffice.
    """
    system = system or System.here()
    override = system.environ.get(SOFFICE_ENV, "").strip()
    path_var = system.environ.get("PATH")
    if override:
        if _is_executable(Path(override)):
            return str(Path(override))
        if "/" in override or "\\" in override:
            return None
        return shutil.which(override, path=path_var)
    names = ("soffice.exe", "soffice") if system.platform == "win32" else ("soffice", "libreoffice")
    for name in names:
        found = shutil.which(name, path=path_var)
        if found:
            return found
    for path in candidates(system):
        if _is_executable(path):
            return str(path)
    return None
