"""The loader reads the nine 公开 tables by label (generator/tables, the reader `pjgen import`
uses): a workbook whose 公开 sheets have an extra title row, a shifted column, a 栏次 row or
科目编码 split into 类 / 款 / 项 columns loads to the same figures as the worked example, and
every problem names the cell where the user sees it."""

from __future__ import annotations

from functools import cache
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE_XLSX, edit_workbook, flat
from layout_support import add_lanci, insert, split_codes
from generator import schema
from generator.load import load_report
from generator.pipeline import validate
from generator.problems import Severity
from generator.schema import TableShape
from generator.workbook import read_workbook

KEYS = [s.key for s in schema.OFFICIAL_TABLES]


def _figures(path) -> dict[str, Any]:
    report, _ = load_report(read_workbook(path))
    return {key: getattr(report, key) for key in KEYS}  # model equality leaves the cells out


@cache
def _canonical() -> dict[str, Any]:
    return _figures(EXAMPLE_XLSX)


def _copy(tmp_path, edit: Callable[[Any], None]):
    path = tmp_path / "book.xlsx"
    path.write_bytes(EXAMPLE_XLSX.read_bytes())
    edit_workbook(path, edit)
    return path


def _every_table(change: Callable[[Any, schema.OfficialTable], None]) -> Callable[[Any], None]:
    def edit(wb) -> None:
        for spec in schema.OFFICIAL_TABLES:
            change(wb[spec.name], spec)
    return edit


def _codes(path) -> list[str]:
    return sorted({code for _, code in flat(validate(path).problems)})


def test_the_worked_example_is_read_in_its_official_cells():
    report, _ = load_report(read_workbook(EXAMPLE_XLSX))
    assert report.t2.total is not None and str(report.t2.total.amounts.total) == "2033.4"
    assert report.t5.rows[0].refs.total.cell == "C6"


def test_an_extra_title_row_loads_the_same_figures(tmp_path):
    path = _copy(tmp_path, _every_table(lambda ws, spec: insert(ws, row=1)))
    assert _figures(path) == _canonical()
    assert _codes(path) == _codes(EXAMPLE_XLSX)


def test_a_shifted_column_loads_the_same_figures(tmp_path):
    path = _copy(tmp_path, _every_table(lambda ws, spec: insert(ws, col=1)))
    assert _figures(path) == _canonical()
    assert _codes(path) == _codes(EXAMPLE_XLSX)


def test_a_lanci_row_loads_the_same_figures(tmp_path):
    path = _copy(tmp_path, _every_table(add_lanci))
    assert _figures(path) == _canonical()
    assert _codes(path) == _codes(EXAMPLE_XLSX)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.integers(0, 3), cols=st.integers(0, 3), lanci=st.booleans(), sheets=st.sets(st.sampled_from(KEYS)))
def test_any_mix_of_title_rows_shifted_columns_and_lanci_rows_loads_the_same_figures(tmp_path, rows, cols, lanci,
                                                                                   sheets):
    def change(ws, spec) -> None:
        if spec.key not in sheets:
            return
        if lanci:
            add_lanci(ws, spec)
        if rows:
            insert(ws, row=1, rows=rows)
        if cols:
            insert(ws, col=1, cols=cols)

    path = _copy(tmp_path, _every_table(change))
    assert _figures(path) == _canonical()


CODED = [s for s in schema.OFFICIAL_TABLES if s.shape is TableShape.CODED]


def test_codes_split_into_lei_kuan_xiang_columns_load_the_same_figures(tmp_path):
    def edit(wb) -> None:
        for spec in CODED:
            split_codes(wb[spec.name], spec)

    path = _copy(tmp_path, edit)
    assert _figures(path) == _canonical()
    assert _codes(path) == _codes(EXAMPLE_XLSX)


def test_a_bad_amount_in_a_shifted_column_is_named_at_its_cell(tmp_path):
    def edit(wb) -> None:
        ws = wb[schema.T5.name]
        insert(ws, row=1)
        insert(ws, col=1)
        ws["D7"] = "abc"  # 合计 of the first 科目 (C6 in the official layout)

    problems = flat(validate(_copy(tmp_path, edit)).problems)
    assert (f"{schema.T5.name}!D7", "not-a-number") in problems
    assert not [p for p in problems if p[0] == f"{schema.T5.name}!C6"]


def test_a_bad_code_in_a_shifted_column_is_named_at_its_cell(tmp_path):
    def edit(wb) -> None:
        ws = wb[schema.T2.name]
        insert(ws, col=1, cols=2)
        ws["C7"] = "20X"

    problems = flat(validate(_copy(tmp_path, edit)).problems)
    assert (f"{schema.T2.name}!C7", "bad-code") in problems


def test_a_bad_code_split_into_columns_is_named_at_its_lei_cell(tmp_path):
    def edit(wb) -> None:
        ws = wb[schema.T5.name]
        split_codes(ws, schema.T5)
        ws["B7"] = "3X"  # the 款 of 20132

    problems = flat(validate(_copy(tmp_path, edit)).problems)
    assert (f"{schema.T5.name}!A7", "bad-code") in problems


@pytest.mark.parametrize("spec", [schema.T2, schema.T6, schema.T1, schema.T7], ids=lambda s: s.code)
def test_a_missing_heading_falls_back_to_the_official_column(tmp_path, spec):
    """A heading the user cleared: its column is read where the official layout has it."""
    def edit(wb) -> None:
        ws = wb[spec.name]
        for c in range(1, ws.max_column + 1):
            if ws.cell(4, c).value and c not in (1, 2):
                ws.cell(4, c).value = None
                break

    path = _copy(tmp_path, edit)
    assert _figures(path) == _canonical()


def test_a_column_that_is_none_of_the_tables_is_named_not_read(tmp_path):
    """A column a person adds to a 公开 sheet (调整数) holds figures the document will not use."""
    def edit(wb) -> None:
        ws = wb[schema.T5.name]
        insert(ws, col=4)  # between 合计 and 基本支出
        ws["D4"] = "调整数"
        ws["D6"], ws["D8"] = 5, "说明"

    path = _copy(tmp_path, edit)
    assert _figures(path) == _canonical()
    problems = validate(path).problems
    (stray,) = [p for p in problems if p.code == "unknown-column"]
    assert stray.flat() == (f"{schema.T5.name}!D4", "unknown-column") and stray.severity is Severity.WARNING
    assert "调整数" in stray.message and "2 个单元格" in stray.message and "D6" in stray.message


def test_entries_beside_a_table_without_a_heading_are_named(tmp_path):
    def edit(wb) -> None:
        wb[schema.T2.name]["K7"] = "核对：已与财务核对"

    problems = [p for p in validate(_copy(tmp_path, edit)).problems if p.code == "unknown-column"]
    assert [p.flat() for p in problems] == [(f"{schema.T2.name}!K7", "unknown-column")]
    assert "K 列（无表头）" in problems[0].message
