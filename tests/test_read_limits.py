"""Bounded reading: each documented limit refuses with one Chinese error naming the sheet,
rows beyond a limit that hold nothing are skipped, and the byte scan agrees with openpyxl."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bomb_corpus import EXAMPLE, append_rows, rebuild, sheet_member, with_shared_strings
from generator.limits import SCALE_ENV, ReadLimits
from generator.problems import WorkbookUnreadable
from generator.workbook import read_export, read_workbook, replace_table_rows
from generator.xlsx_scan import Deadline, LimitExceeded, scan_sheet

_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _refusal(path: Path, limits: ReadLimits) -> str:
    with pytest.raises(WorkbookUnreadable) as info:
        read_workbook(path, limits)
    message = str(info.value)
    assert "超出" in message and SCALE_ENV in message and "Traceback" not in message
    return message


def _styled_rows(first: int, count: int) -> bytes:
    return b"".join(b'<row r="%d" s="1" customFormat="1"><c r="A%d" s="1"/><c r="C%d" s="1"/></row>' % (r, r, r)
                    for r in range(first, first + count))


# ---------------------------------------------------------------------------
# Each limit


def test_a_value_below_the_row_limit_of_a_table_is_refused_naming_sheet_and_row():
    message = _refusal(EXAMPLE, ReadLimits(table_rows=8))
    assert re.search(r"工作表“[^”]+表”第 9 行有内容，超出该表的读取上限（8 行）", message)


def test_the_row_limit_of_a_list_sheet_follows_its_header_row_and_every_sheet_is_named():
    limits = ReadLimits(list_rows=3)
    assert limits.rows_for("绩效自评指标") == 1 + 3
    message = _refusal(EXAMPLE, limits)
    assert "工作表“主要职能”第 5 行有内容" in message and "工作表“绩效自评指标”第 5 行有内容" in message


def test_a_form_sheet_holds_its_fields_plus_a_margin():
    limits = ReadLimits()
    assert limits.rows_for("单位信息") > 10 and limits.rows_for("单位信息") < limits.list_rows
    assert limits.rows_for("某个导出表") == limits.other_rows


def test_a_value_beyond_the_column_limit_is_refused(tmp_path):
    path = rebuild(tmp_path / "wide.xlsx", {sheet_member("主要职能"): append_rows(
        "主要职能", lambda first: iter([b'<row r="%d"><c r="AZ%d"><v>5</v></c></row>' % (first, first)]))})
    assert "工作表“主要职能”第 52 列" in _refusal(path, ReadLimits(list_columns=40))


def test_too_many_cells_are_refused():
    assert "非空单元格超过 1,000 个" in _refusal(EXAMPLE, ReadLimits(cells=1000))


def test_merged_ranges_are_bounded():
    assert "工作表“收入决算表”有超过 1 个合并单元格" in _refusal(EXAMPLE, ReadLimits(merges=1))


def test_sheets_are_found_through_relative_relationship_targets(tmp_path):
    """openpyxl writes Target="/xl/worksheets/sheet1.xml", Excel Target="worksheets/sheet1.xml"."""
    with zipfile.ZipFile(EXAMPLE) as zf:
        rels = zf.read("xl/_rels/workbook.xml.rels")
    relative = rels.replace(b'Target="/xl/worksheets/', b'Target="worksheets/')
    assert relative != rels
    path = rebuild(tmp_path / "relative.xlsx", {"xl/_rels/workbook.xml.rels": relative})
    with pytest.raises(WorkbookUnreadable, match="收入决算表”第 9 行"):  # the limits reach the sheets by name
        read_workbook(path, ReadLimits(table_rows=8))
    assert {n: s.values for n, s in read_workbook(path).sheets.items()} == \
        {n: s.values for n, s in read_workbook(EXAMPLE).sheets.items()}


def test_the_xml_openpyxl_would_parse_is_bounded():
    assert "有内容的部分（含只设了格式的空单元格）解压后共" in _refusal(EXAMPLE, ReadLimits(value_bytes=50_000))


def test_a_part_larger_than_its_declared_limit_is_refused_before_parsing():
    assert "解压后" in _refusal(EXAMPLE, ReadLimits(part_bytes=20_000))


def test_too_many_parts_are_refused():
    assert "个组成部分，超出上限 5 个" in _refusal(EXAMPLE, ReadLimits(parts=5))


def test_deep_nesting_in_a_part_other_than_a_sheet_is_refused(tmp_path):
    with zipfile.ZipFile(EXAMPLE) as zf:
        styles = zf.read("xl/styles.xml")
    deep = b"".join(b"<x%d>" % i for i in range(40_000)) + b"".join(b"</x%d>" % i for i in reversed(range(40_000)))
    path = rebuild(tmp_path / "styles.xlsx", {"xl/styles.xml": styles.replace(b"</styleSheet>", deep + b"</styleSheet>")})
    assert "组成部分 xl/styles.xml 的 XML 嵌套超过 64 层" in _refusal(path, ReadLimits())


def test_too_many_sheets_are_refused():
    assert "个工作表，超出上限 5 个" in _refusal(EXAMPLE, ReadLimits(sheets=5))


def test_the_time_budget_gives_a_chinese_error():
    assert "读取超过 0 秒仍未完成" in _refusal(EXAMPLE, ReadLimits(seconds=0.0))


def test_shared_strings_are_counted(tmp_path):
    path = with_shared_strings(tmp_path, "strings.xlsx", 30)
    assert "共享字符串表有超过 20 个字符串" in _refusal(path, ReadLimits(shared_strings=20))
    assert read_workbook(path, ReadLimits(shared_strings=30)).sheets.keys() == read_workbook(EXAMPLE).sheets.keys()


def test_limits_can_be_raised_by_the_environment():
    assert ReadLimits.from_env({SCALE_ENV: "10"}).table_rows == 10 * ReadLimits().table_rows
    assert ReadLimits.from_env({SCALE_ENV: "10"}).seconds == 10 * ReadLimits().seconds
    assert ReadLimits.from_env({SCALE_ENV: "abc"}) == ReadLimits()
    assert ReadLimits.from_env({SCALE_ENV: "0.5"}) == ReadLimits()  # never lowered by accident
    assert ReadLimits.from_env({}) == ReadLimits()


def test_the_environment_variable_reaches_the_reader(tmp_path, monkeypatch):
    monkeypatch.setenv(SCALE_ENV, "2")
    assert ReadLimits.from_env().cells == 2 * ReadLimits().cells


# ---------------------------------------------------------------------------
# Empty rows and formatted-but-empty cells are skipped, not refused


def test_formatted_empty_rows_beyond_the_row_limit_are_skipped(tmp_path):
    name = "收入决算表"
    path = rebuild(tmp_path / "tail.xlsx", {sheet_member(name): append_rows(
        name, lambda first: iter([_styled_rows(first, 5_000)]), b"A1:I6000")})
    limits = ReadLimits(table_rows=100)
    assert read_workbook(path, limits).sheets[name].values == read_workbook(EXAMPLE).sheets[name].values


def test_formatted_empty_cells_beyond_the_column_limit_are_skipped(tmp_path):
    name = "主要职能"
    path = rebuild(tmp_path / "wide-empty.xlsx", {sheet_member(name): append_rows(
        name, lambda first: iter([b'<row r="%d"><c r="A%d" s="1"/><c r="XFD%d" s="1"/></row>' % ((first,) * 3)]))})
    assert read_workbook(path, ReadLimits(list_columns=10)).sheets[name].values == \
        read_workbook(EXAMPLE).sheets[name].values


def test_importing_into_a_workbook_of_a_million_formatted_rows_is_refused(tmp_path):
    """Writing loads the whole target workbook: its rows are bounded too."""
    name = "收入决算表"
    path = rebuild(tmp_path / "target.xlsx", {sheet_member(name): append_rows(
        name, lambda first: iter([_styled_rows(first, 300)]), b"A1:I400")})
    with pytest.raises(WorkbookUnreadable, match=r"工作表“收入决算表”有 3\d\d 行（多为空行），超出该表的读取上限（100 行）"):
        replace_table_rows(path, {}, ReadLimits(table_rows=100))


def test_importing_into_a_workbook_of_much_xml_is_refused():
    """Formatted-empty cells, skipped when reading, are parsed when the target is loaded whole."""
    limits = ReadLimits(value_bytes=250_000)  # the example's values end within 225 KB of XML, its sheets 284 KB
    read_workbook(EXAMPLE, limits)
    with pytest.raises(WorkbookUnreadable, match="各工作表解压后共 0.3 MB，超出整本读取（填入时）的上限 0.2 MB"):
        replace_table_rows(EXAMPLE, {}, limits)
    assert replace_table_rows(EXAMPLE, {}, ReadLimits())[:2] == b"PK"


def test_export_merges_come_from_the_scan(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "标题"
    ws.merge_cells("A1:F1")
    ws.merge_cells("B3:B4")
    path = tmp_path / "export.xlsx"
    wb.save(path)
    assert sorted(read_export(path).sheets["Sheet"].merges) == [(1, 1, 1, 6), (3, 2, 4, 2)]


# ---------------------------------------------------------------------------
# The byte scan and openpyxl see the same rows and cells

_cell = st.tuples(st.integers(1, 3),  # gap to the previous cell's column
                  st.sampled_from(["number", "text", "styled"]),
                  st.booleans())  # has r="…"
_row = st.tuples(st.integers(1, 4), st.booleans(), st.lists(_cell, max_size=6))  # gap, has r, cells
# r attributes quoted either way, cells' with blanks around "=" (valid XML, which no
# spreadsheet program writes, but a hand-made export may)


def _sheet_xml(rows: list, prefix: str, q: str = '"') -> bytes:
    p = f"{prefix}:" if prefix else ""
    ns = (f'xmlns:{prefix}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"' if prefix
          else _NS.decode())
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<{p}worksheet {ns}><{p}sheetData>']
    r = 0
    for gap, has_r, cells in rows:
        r += gap if has_r else 1
        out.append(f"<{p}row r={q}{r}{q}>" if has_r else f"<{p}row>")
        c = 0
        for cgap, kind, cell_r in cells:
            c += cgap if cell_r else 1
            ref = f" r = {q}{get_column_letter(c)}{r}{q}" if cell_r else ""
            if kind == "number":
                out.append(f"<{p}c{ref}><{p}v>{r * 100 + c}</{p}v></{p}c>")
            elif kind == "text":
                out.append(f'<{p}c{ref} t="inlineStr"><{p}is><{p}t>t{r}-{c}</{p}t></{p}is></{p}c>')
            else:
                out.append(f'<{p}c{ref} s="1"/>')
        out.append(f"</{p}row>")
    out.append(f"</{p}sheetData></{p}worksheet>")
    return "".join(out).encode()


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    wb = Workbook()
    wb.active.title = "S"
    wb.active["A1"] = "粗体"
    wb.active["A1"].font = Font(bold=True)  # a second cell style: s="1" exists
    path = tmp_path_factory.mktemp("scan") / "base.xlsx"
    wb.save(path)
    return path


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_row, max_size=12), prefix=st.sampled_from(["", "x"]), quote=st.sampled_from(['"', "'"]),
       chunk=st.integers(8, 400))
def test_scan_agrees_with_openpyxl(base, tmp_path, rows, prefix, quote, chunk):
    path = rebuild(tmp_path / "s.xlsx", {"xl/worksheets/sheet1.xml": _sheet_xml(rows, prefix, quote)}, source=base)
    full = load_workbook(path)["S"]
    expected = {(c.row, c.column): c.value for row in full.iter_rows() for c in row if c.value is not None}
    with zipfile.ZipFile(path) as zf:
        scan = scan_sheet(zf, "S", "xl/worksheets/sheet1.xml", ReadLimits(), Deadline(60), chunk_size=chunk)
    assert scan.last_value_row == max((r for r, _ in expected), default=0)
    assert scan.values == len(expected)
    assert read_workbook(path).sheets["S"].values == expected
    widest = max((c for _, c in expected), default=0)
    if widest > 1:  # a column limit just below the widest value refuses, at the value's sheet
        with pytest.raises(WorkbookUnreadable, match=f"第 {widest:,} 列"):
            read_workbook(path, replace(ReadLimits(), other_columns=widest - 1))


def test_scan_refuses_deep_nesting_before_a_parser_sees_it(base, tmp_path):
    deep = b"".join(b"<x%d>" % i for i in range(200)) + b"".join(b"</x%d>" % i for i in reversed(range(200)))
    xml = b'<worksheet ' + _NS + b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is>' + deep + \
        b"<t>x</t></is></c></row></sheetData></worksheet>"
    path = rebuild(tmp_path / "deep.xlsx", {"xl/worksheets/sheet1.xml": xml}, source=base)
    with zipfile.ZipFile(path) as zf, pytest.raises(LimitExceeded, match="嵌套超过 64 层"):
        scan_sheet(zf, "S", "xl/worksheets/sheet1.xml", ReadLimits(), Deadline(60), chunk_size=256)
