"""The hidden _pjgen sheet: key/value pairs pjgen writes into a workbook and reads back."""

from __future__ import annotations

from openpyxl import load_workbook

from conftest import EXAMPLE_XLSX, example_data_dict
from generator import schema
from generator.pipeline import validate
from generator.workbook import read_meta, read_workbook, write_workbook


def test_meta_is_written_hidden_and_read_back(tmp_path):
    path = tmp_path / "book.xlsx"
    write_workbook(path, example_data_dict(), meta={"pack": "xinjiang-2023", "origin": "2022.xlsx"})
    wb = load_workbook(path)
    ws = wb[schema.META_SHEET]
    assert ws.sheet_state == "hidden"
    assert [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in (1, 2)] == [
        ("pack", "xinjiang-2023"), ("origin", "2022.xlsx")]
    assert read_workbook(path).meta == {"pack": "xinjiang-2023", "origin": "2022.xlsx"}


def test_meta_sheet_does_not_disturb_checking(tmp_path):
    path = tmp_path / "book.xlsx"
    write_workbook(path, example_data_dict(), meta={"pack": "xinjiang-2023"})
    without = validate(EXAMPLE_XLSX)
    assert [p.flat() for p in validate(path).problems] == [p.flat() for p in without.problems]


def test_workbook_without_meta_sheet_has_no_meta():
    assert schema.META_SHEET not in read_workbook(EXAMPLE_XLSX).sheets
    assert read_workbook(EXAMPLE_XLSX).meta == {}


def test_meta_skips_rows_without_key_and_strips(tmp_path):
    path = tmp_path / "book.xlsx"
    write_workbook(path, {}, meta={"pack": " shanghai-2024 "})
    wb = load_workbook(path)
    ws = wb[schema.META_SHEET]
    ws.cell(3, 2, "stray value")
    ws.cell(4, 1, "  ")
    ws.cell(5, 1, "note")
    wb.save(path)
    assert read_meta(read_workbook(path)) == {"pack": "shanghai-2024", "note": ""}


def test_missing_sheet_hint_never_suggests_the_meta_sheet(tmp_path):
    path = tmp_path / "book.xlsx"
    write_workbook(path, example_data_dict(), meta={"pack": "xinjiang-2023"})
    wb = load_workbook(path)
    del wb["收入决算表"]
    wb.save(path)
    missing = [p for p in validate(path).problems if p.code == "missing-sheet"]
    assert len(missing) == 1 and "_pjgen" not in missing[0].message
