"""Official fonts found by the names inside the font files (generator/fontfind.py)."""

from __future__ import annotations

import struct
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.fontfind import OFFICIAL, find_official_fonts, font_folders, font_names


def name_table(names: list[tuple[int, int, int, str]]) -> bytes:
    """A sfnt ``name`` table: (platform, encoding, name id, text) records."""
    strings, records = b"", b""
    for platform, encoding, name_id, text in names:
        raw = text.encode("utf-16-be" if platform in (0, 3) else "mac_roman")
        records += struct.pack(">HHHHHH", platform, encoding, 0x804, name_id, len(raw), len(strings))
        strings += raw
    return struct.pack(">HHH", 0, len(names), 6 + len(records)) + records + strings


def sfnt(*families: str, tag: bytes = b"\x00\x01\x00\x00") -> bytes:
    """A font file holding only a name table with the given family names (Windows, Unicode)."""
    table = name_table([(3, 1, 1, f) for f in families])
    header = tag + struct.pack(">HHHH", 1, 16, 0, 0)
    return header + struct.pack(">4sIII", b"name", 0, 12 + 16, len(table)) + table


def ttc(*fonts: list[str]) -> bytes:
    """A font collection of fonts with the given family names."""
    parts, offsets = b"", []
    start = 12 + 4 * len(fonts)
    for families in fonts:
        table = name_table([(3, 1, 1, f) for f in families])
        at = start + len(parts)
        offsets.append(at)
        parts += b"\x00\x01\x00\x00" + struct.pack(">HHHH", 1, 16, 0, 0)
        parts += struct.pack(">4sIII", b"name", 0, at + 12 + 16, len(table)) + table
    return b"ttcf" + struct.pack(">HHI", 1, 0, len(fonts)) + struct.pack(f">{len(fonts)}I", *offsets) + parts


def test_names_of_a_truetype_file(tmp_path):
    path = tmp_path / "FS_GB2312.ttf"
    path.write_bytes(sfnt("仿宋_GB2312", "FangSong_GB2312"))
    assert font_names(path) == {"仿宋_GB2312", "FangSong_GB2312"}


def test_names_of_a_collection(tmp_path):
    path = tmp_path / "set.ttc"
    path.write_bytes(ttc(["黑体"], ["SimSun"]))
    assert font_names(path) == {"黑体", "SimSun"}


def test_mac_roman_names(tmp_path):
    path = tmp_path / "x.otf"
    table = name_table([(1, 0, 1, "SimHei")])
    path.write_bytes(b"OTTO" + struct.pack(">HHHH", 1, 16, 0, 0) + struct.pack(">4sIII", b"name", 0, 28, len(table)) + table)
    assert font_names(path) == {"SimHei"}


def test_not_a_font_has_no_names(tmp_path):
    (tmp_path / "broken.ttf").write_bytes(b"\x00\x01\x00\x00\x00")
    (tmp_path / "text.ttf").write_text("not a font")
    assert font_names(tmp_path / "broken.ttf") == set()
    assert font_names(tmp_path / "text.ttf") == set()


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_never_raise(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fonts") / "x.ttf"
    path.write_bytes(b"\x00\x01\x00\x00" + data)
    assert isinstance(font_names(path), set)


def test_found_by_inner_name_not_file_name(tmp_path):
    (tmp_path / "a.ttf").write_bytes(sfnt("FZXiaoBiaoSong-B05S"))
    (tmp_path / "方正小标宋简体.ttf").write_bytes(sfnt("Some Other Font"))
    report = find_official_fonts(folders=[tmp_path], platform="linux")
    assert report.found == {"方正小标宋简体": tmp_path / "a.ttf"}
    assert report.missing == ["仿宋_GB2312", "黑体", "楷体_GB2312"]


def test_fonts_folder_comes_first(tmp_path):
    mine, system = tmp_path / "mine", tmp_path / "system" / "truetype"
    mine.mkdir()
    system.mkdir(parents=True)
    (mine / "hei.ttf").write_bytes(sfnt("黑体"))
    (system / "simhei.ttf").write_bytes(sfnt("SimHei"))
    report = find_official_fonts(mine, folders=[tmp_path / "system"], platform="linux")
    assert report.found["黑体"] == mine / "hei.ttf"
    assert report.folders[0] == mine


def test_summary_names_found_and_fallbacks(tmp_path):
    (tmp_path / "hei.ttf").write_bytes(sfnt("SimHei"))
    line = find_official_fonts(folders=[tmp_path], platform="linux").summary()
    assert "已找到 黑体" in line
    assert "方正小标宋简体以 Noto Serif CJK SC 粗体 代替" in line
    assert "楷体_GB2312以 霞鹜文楷" in line


def test_summary_when_all_found(tmp_path):
    for i, name in enumerate(OFFICIAL):
        (tmp_path / f"{i}.ttf").write_bytes(sfnt(name))
    report = find_official_fonts(folders=[tmp_path], platform="win32")
    assert report.missing == []
    assert report.summary() == "正式字体：方正小标宋简体、仿宋_GB2312、黑体、楷体_GB2312，均已找到。"


def test_summary_on_windows_names_the_system_substitute(tmp_path):
    line = find_official_fonts(folders=[tmp_path], platform="win32").summary()
    assert "由 LibreOffice 以系统中相近的字体代替" in line and "Noto" not in line


def test_missing_folder_is_no_error(tmp_path):
    assert find_official_fonts(folders=[tmp_path / "nowhere"]).found == {}


def test_system_folders_per_platform(tmp_path):
    windows = font_folders("win32", {"WINDIR": r"C:\Windows", "LOCALAPPDATA": r"C:\Users\张三\AppData\Local"}, tmp_path)
    assert windows == [Path(r"C:\Users\张三\AppData\Local") / "Microsoft" / "Windows" / "Fonts",
                       Path(r"C:\Windows") / "Fonts"]
    linux = font_folders("linux", {}, tmp_path)
    assert linux[0] == tmp_path / ".local" / "share" / "fonts" and Path("/usr/share/fonts") in linux
    assert font_folders("linux", {"XDG_DATA_HOME": str(tmp_path / "data")}, tmp_path)[0] == tmp_path / "data" / "fonts"
    assert Path("/Library/Fonts") in font_folders("darwin", {}, tmp_path)
