"""Files that are not readable workbooks, made in tmp_path: name → (factory, error, phrase).

Shared by the reader's tests (the exception and its message) and the CLI's
(exit code 1, one Chinese sentence, no traceback)."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from typing import Callable

from conftest import EXAMPLE_XLSX
from generator import schema
from generator.problems import WorkbookNotFound, WorkbookUnreadable


def rewrite_zip(src: Path, dst: Path, change) -> None:
    """Copy an .xlsx member by member; change(name, data) returns new bytes, or None to drop it."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for name in zin.namelist():
            data = change(name, zin.read(name))
            if data is not None:
                zout.writestr(name, data)


def sheet_part(name: str) -> str:
    """The zip member holding a sheet of a workbook written by write_workbook (sheets in SHEET_ORDER)."""
    return f"xl/worksheets/sheet{schema.SHEET_ORDER.index(name) + 1}.xml"


# ---------------------------------------------------------------------------
# Files that are not readable workbooks: one Chinese sentence, no traceback


def _missing(tmp_path):
    return tmp_path / "不存在.xlsx"


def _directory(tmp_path):
    path = tmp_path / "folder.xlsx"
    path.mkdir()
    return path


def _xls(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(600))
    return path


def _csv_renamed(tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_text("科目编码,科目名称,合计\n201,一般公共服务支出,1551.68\n", encoding="utf-8")
    return path


def _empty(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    return path


def _truncated(tmp_path):
    data = EXAMPLE_XLSX.read_bytes()
    path = tmp_path / "half.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _other_zip(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    return path


def _broken_sheet_xml(tmp_path):
    path = tmp_path / "broken-sheet.xlsx"
    part = sheet_part("收入决算表")
    rewrite_zip(EXAMPLE_XLSX, path, lambda n, d: d[: len(d) // 2] if n == part else d)
    return path


def _broken_workbook_xml(tmp_path):
    path = tmp_path / "broken-workbook.xlsx"
    rewrite_zip(EXAMPLE_XLSX, path, lambda n, d: d[: len(d) // 2] if n == "xl/workbook.xml" else d)
    return path


def _xml_bomb(tmp_path):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>')
    path = tmp_path / "bomb.xlsx"
    part = sheet_part("单位信息")
    rewrite_zip(EXAMPLE_XLSX, path, lambda n, d: bomb if n == part else d)
    return path


BAD_FILES = {
    "missing": (_missing, WorkbookNotFound, "找不到"),
    "directory": (_directory, WorkbookUnreadable, "文件夹"),
    "xls": (_xls, WorkbookUnreadable, ".xls"),
    "csv-renamed": (_csv_renamed, WorkbookUnreadable, "另存为"),
    "empty": (_empty, WorkbookUnreadable, "另存为"),
    "truncated-zip": (_truncated, WorkbookUnreadable, "损坏"),
    "zip-without-workbook": (_other_zip, WorkbookUnreadable, "损坏"),
    "broken-sheet-xml": (_broken_sheet_xml, WorkbookUnreadable, "损坏"),
    "broken-workbook-xml": (_broken_workbook_xml, WorkbookUnreadable, "损坏"),
    "xml-bomb": (_xml_bomb, WorkbookUnreadable, "损坏"),
}


# ---------------------------------------------------------------------------
# Cells that only a hand-edited or foreign-made file can hold


def _cell_pattern(cell: str) -> re.Pattern[bytes]:
    return re.compile(rb'<c r="' + cell.encode() + rb'"([^>]*?)(?:/>|>.*?</c>)', re.S)


def replace_cell(data: bytes, cell: str, body: Callable[[bytes], bytes]) -> bytes:
    """Sheet XML with one <c> element replaced by body(its style attribute, e.g. b' s="3"')."""
    def replace(m: re.Match) -> bytes:
        style = re.search(rb'\ss="\d+"', m.group(1))
        return body(style.group(0) if style else b"")

    data, n = _cell_pattern(cell).subn(replace, data, count=1)
    assert n == 1, f"{cell} not found"
    return data


def number_cell(cell: str, text: str) -> Callable[[bytes], bytes]:
    """A numeric cell whose cached value is `text` verbatim."""
    return lambda style: f'<c r="{cell}"'.encode() + style + f' t="n"><v>{text}</v></c>'.encode()


def set_raw_value(src: Path, dst: Path, sheet: str, cell: str, text: str) -> None:
    """Copy src to dst with the cached value of one numeric cell replaced by `text` verbatim
    (<v>1e400</v>, <v>inf</v>): values no spreadsheet program writes, and openpyxl cannot.
    The cell keeps its style (a date format stays a date format)."""
    part = sheet_part(sheet)
    rewrite_zip(src, dst, lambda name, data: replace_cell(data, cell, number_cell(cell, text)) if name == part
                else data)
