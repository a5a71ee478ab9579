"""Which of the official fonts (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) this machine has,
in the ``--fonts`` folder or the system's font folders, and what stands in for the others.

A font is recognised by the family names inside the file (the sfnt ``name`` table of .ttf,
.otf and .ttc files), not by its file name: 仿宋_GB2312 is often ``仿宋_GB2312.ttf`` but also
``FS_GB2312.ttf`` or ``simfang.ttf``-like names. Only headers are read.
"""

from __future__ import annotations

import os
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

# official name -> family names that are that font (as written in the files)
OFFICIAL: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": ("方正小标宋简体", "方正小标宋_GBK", "方正小标宋简体_GBK", "FZXiaoBiaoSong-B05S",
                "FZXiaoBiaoSong-B05", "FZXBSJW--GB1-0"),
    "仿宋_GB2312": ("仿宋_GB2312", "FangSong_GB2312"),
    "黑体": ("黑体", "SimHei"),
    "楷体_GB2312": ("楷体_GB2312", "KaiTi_GB2312"),
}
# what the PDF uses instead (fonts/fonts.conf on Linux; the system's own choice elsewhere)
FALLBACK: dict[str, str] = {
    "方正小标宋简体": "Noto Serif CJK SC 粗体",
    "仿宋_GB2312": "FandolFang 或 Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
    "楷体_GB2312": "霞鹜文楷（LXGW WenKai）或 AR PL UKai",
}
SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
_NAME_IDS = (1, 4, 16)  # family, full name, typographic family


@dataclass(frozen=True)
class FontReport:
    found: dict[str, Path]  # official name -> the file that has it
    folders: tuple[Path, ...]  # where pjgen looked
    platform: str = sys.platform

    @property
    def missing(self) -> list[str]:
        return [name for name in OFFICIAL if name not in self.found]

    def summary(self) -> str:
        """One Chinese line: what was found, and what stands in for the rest."""
        if not self.missing:
            return f"正式字体：{'、'.join(self.found)}，均已找到。"
        found = f"已找到 {'、'.join(self.found)}，" if self.found else ""
        if self.platform.startswith("linux"):
            instead = "；".join(f"{name}以 {FALLBACK[name]} 代替" for name in self.missing)
        else:
            instead = f"{'、'.join(self.missing)}由 LibreOffice 以系统中相近的字体代替"
        return (f"正式字体：{found}未找到的在 PDF 中{instead}"
                "（有正式字体文件时，装入系统字体文件夹或用 --fonts 文件夹 指定）。")


def font_folders(platform: str | None = None, environ: Mapping[str, str] | None = None,
                 home: Path | None = None) -> list[Path]:
    """The system's font folders, the user's own first."""
    platform = platform or sys.platform
    environ = os.environ if environ is None else environ
    home = Path.home() if home is None else home
    if platform == "win32":
        folders = [Path(environ.get("WINDIR") or environ.get("SystemRoot") or "C:\\Windows") / "Fonts"]
        if environ.get("LOCALAPPDATA"):
            folders.insert(0, Path(environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
        return folders
    if platform == "darwin":
        return [home / "Library" / "Fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts")]
    data_home = Path(environ["XDG_DATA_HOME"]) if environ.get("XDG_DATA_HOME") else home / ".local" / "share"
    return [data_home / "fonts", home / ".fonts", Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]


def find_official_fonts(font_dir: Path | None = None, folders: Iterable[Path] | None = None,
                        platform: str | None = None) -> FontReport:
    """The official fonts in ``font_dir`` (``--fonts``) and the system's font folders."""
    looked = ([Path(font_dir)] if font_dir is not None else []) + list(font_folders() if folders is None else folders)
    wanted = {alias.casefold(): name for name, aliases in OFFICIAL.items() for alias in aliases}
    found: dict[str, Path] = {}
    for path in font_files(looked):
        for family in font_names(path):
            name = wanted.get(family.casefold())
            if name is not None and name not in found:
                found[name] = path
        if len(found) == len(OFFICIAL):
            break
    return FontReport({name: found[name] for name in OFFICIAL if name in found}, tuple(looked),
                      platform or sys.platform)


def font_files(folders: Iterable[Path]) -> Iterable[Path]:
    for folder in folders:
        for dirpath, _dirs, files in os.walk(folder):
            for file in sorted(files):
                if file.lower().endswith(SUFFIXES):
                    yield Path(dirpath) / file


def font_names(path: Path) -> set[str]:
    """The family and full names a font file declares (empty when it cannot be read)."""
    try:
        with open(path, "rb") as f:
            return _names(f)
    except (OSError, struct.error, ValueError):
        return set()


def _names(f) -> set[str]:
    tag = f.read(4)
    if tag in (b"ttcf",):
        f.seek(8)
        (count,) = struct.unpack(">I", f.read(4))
        offsets = struct.unpack(f">{min(count, 64)}I", f.read(4 * min(count, 64)))
    elif tag in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        offsets = (0,)
    else:
        return set()
    names: set[str] = set()
    for offset in offsets:
        f.seek(offset + 4)
        (tables,) = struct.unpack(">H", f.read(2))
        f.seek(offset + 12)
        records = f.read(16 * tables)
        for i in range(tables):
            table_tag, _check, start, length = struct.unpack(">4sIII", records[16 * i:16 * i + 16])
            if table_tag == b"name":
                f.seek(start)
                names |= _name_table(f.read(length))
                break
    return names


def _name_table(data: bytes) -> set[str]:
    _format, count, strings = struct.unpack(">HHH", data[:6])
    names = set()
    for i in range(count):
        platform, encoding, _lang, name_id, length, at = struct.unpack(">HHHHHH", data[6 + 12 * i:18 + 12 * i])
        if name_id not in _NAME_IDS:
            continue
        raw = data[strings + at:strings + at + length]
        if platform in (0, 3):
            codec = "gb2312" if platform == 3 and encoding == 3 else "utf-16-be"
        elif platform == 1:
            codec = "gb2312" if encoding == 25 else "mac_roman"
        else:
            continue
        text = raw.decode(codec, errors="ignore").replace("\x00", "").strip()
        if text:
            names.add(text)
    return names
