"""Entries of a form or list sheet that no field reads are named, never passed over in
silence (generator/load_strays.py): a row with an unknown label and a filled 内容, a column
with an unknown heading and entries under it, and a label written twice with two values."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import expected, problems_and_messages
from generator.pipeline import validate

ROOT = Path(__file__).resolve().parent.parent
COMPARE = "上年及预算对比"  # a form sheet: 项目 | 内容 | 填写说明, fields from row 2
LAST = "一般公共预算支出上年对比"  # a list sheet: 科目编码 | 科目名称 | 上年决算数 | 主要原因


def _append_row(wb, sheet: str, *values) -> int:
    ws = wb[sheet]
    row = ws.max_row + 1
    for c, v in enumerate(values, start=1):
        ws.cell(row, c, v)
    return row


def test_a_row_with_an_unknown_label_and_a_filled_value_is_named(make_workbook, edit_workbook, problems_of):
    path = make_workbook()
    rows = []
    edit_workbook(path, lambda wb: rows.append(_append_row(wb, COMPARE, "收入支出总计变动原因（补充）", "另有补充说明")))
    (row,) = rows
    assert problems_of(path) == expected((f"{COMPARE}!A{row}", "unknown-field"))
    _, messages = problems_and_messages(path)
    (message,) = messages["unknown-field"]
    assert "收入支出总计变动原因（补充）" in message and f"{COMPARE}!B{row}" in message and COMPARE in message


def test_an_unknown_label_without_a_value_is_no_problem(make_workbook, edit_workbook, problems_of):
    path = make_workbook()
    edit_workbook(path, lambda wb: _append_row(wb, COMPARE, "备注", None, "自己的说明"))
    assert problems_of(path) == expected()


def test_a_label_written_twice_with_two_values_is_an_error_naming_both(make_workbook, edit_workbook, problems_of):
    path = make_workbook()
    rows = []

    def edit(wb) -> None:
        ws = wb[COMPARE]
        rows.append(next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "收入支出总计变动原因"))
        rows.append(_append_row(wb, COMPARE, "收入支出总计变动原因", "第二个原因"))

    edit_workbook(path, edit)
    first, second = rows
    assert (f"{COMPARE}!A{second}", "duplicate-field") in problems_of(path)
    _, messages = problems_and_messages(path)
    (message,) = messages["duplicate-field"]
    assert f"{COMPARE}!A{first}" in message


def test_of_a_label_written_twice_the_filled_row_is_read(make_workbook, edit_workbook):
    """A second, empty row with the same label (a copied row never filled) does not hide the first."""
    path = make_workbook()
    edit_workbook(path, lambda wb: _append_row(wb, COMPARE, "上年收入支出总计", None))
    v = validate(path)
    assert [p.code for p in v.errors] == []
    assert v.report.compare.total_last == Decimal("2729.81")


def test_a_column_with_an_unknown_heading_and_entries_is_named(make_workbook, edit_workbook, problems_of):
    path = make_workbook()

    def edit(wb) -> None:
        ws = wb[LAST]
        ws.cell(1, 6, "补充原因")
        ws.cell(3, 6, "另有原因")
        ws.cell(4, 6, "再有原因")

    edit_workbook(path, edit)
    assert problems_of(path) == expected((f"{LAST}!F1", "unknown-column"))
    _, messages = problems_and_messages(path)
    (message,) = messages["unknown-column"]
    assert "补充原因" in message and "2 个单元格" in message and f"{LAST}!F3" in message


def test_an_unknown_heading_over_an_empty_column_is_no_problem(make_workbook, edit_workbook, problems_of):
    path = make_workbook()
    edit_workbook(path, lambda wb: wb[LAST].cell(1, 6, "备注"))
    assert problems_of(path) == expected()


def test_fields_the_pack_does_not_read_are_known_not_strays(tmp_path, edit_workbook):
    """The Shanghai 2024 pack reads 8 fields of 上年及预算对比; a row of another of pjgen's fields
    (written, say, by a Xinjiang workbook) is no stray: the pack leaves it out on purpose."""
    import shutil

    from generator import schema
    from generator.packs import find_pack

    read = find_pack("shanghai-2024").selection.sheets[COMPARE]
    unread = [f.label for f in schema.COMPARE.fields if f.label not in read]
    assert unread, "the pack leaves some fields of 上年及预算对比 out"
    path = tmp_path / "sh.xlsx"
    shutil.copyfile(ROOT / "inputs" / "shanghai-2024.xlsx", path)
    edit_workbook(path, lambda wb: _append_row(wb, COMPARE, unread[0], "12.00"))
    codes = [p.code for p in validate(path).problems]
    assert "unknown-field" not in codes
    edit_workbook(path, lambda wb: _append_row(wb, COMPARE, unread[0] + "（补）", "12.00"))
    assert [p.code for p in validate(path).problems].count("unknown-field") == 1  # the check is on


def test_a_sheet_that_is_none_of_pjgens_with_entries_is_named(make_workbook, edit_workbook, problems_of):
    path = make_workbook()

    def edit(wb) -> None:
        ws = wb.create_sheet("底稿")
        ws["C3"] = 12.5
        ws["B7"] = "自己的记录"

    edit_workbook(path, edit)
    assert problems_of(path) == expected(("底稿!C3", "unknown-sheet"))  # the first filled cell, row by row
    _, messages = problems_and_messages(path)
    (message,) = messages["unknown-sheet"]
    assert "“底稿”" in message and "2 个单元格" in message


def test_an_empty_extra_sheet_is_no_problem(make_workbook, edit_workbook, problems_of):
    path = make_workbook()
    edit_workbook(path, lambda wb: wb.create_sheet("Sheet1"))
    assert problems_of(path) == expected()


def test_a_misspelt_sheet_is_named_once_as_the_missing_sheet(make_workbook, edit_workbook, problems_of):
    path = make_workbook()

    def rename(wb) -> None:
        wb["三公经费说明"].title = "三公经费的说明"

    edit_workbook(path, rename)
    codes = [code for _, code in problems_of(path)]
    assert "missing-sheet" in codes and "unknown-sheet" not in codes
