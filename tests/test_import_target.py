"""`pjgen import` writes where `pjgen check` reads: the target's tables are located as the loader
locates them (generator/tables), so a target whose 公开 sheets have an extra title row, a
shifted column or 科目编码 in 类 / 款 / 项 columns is filled in its own layout, headings kept,
and loads to the same figures as a target in the official layout."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from conftest import edit_workbook
from generator import schema
from generator.importer import import_tables
from generator.load import load_report
from generator.schema import TableShape
from generator.workbook import read_workbook
from import_support import fresh_target, xinjiang_export
from layout_support import insert, split_codes

KEYS = [s.key for s in schema.OFFICIAL_TABLES]


def _figures(path) -> dict[str, Any]:
    report, _ = load_report(read_workbook(path))
    return {key: getattr(report, key) for key in KEYS}  # model equality leaves the cells out


@pytest.fixture
def export(tmp_path):
    return xinjiang_export(tmp_path / "export.xlsx")


@pytest.fixture
def official(tmp_path, export) -> dict[str, Any]:
    """The figures an import into a target in the official layout gives."""
    (tmp_path / "official").mkdir()
    target = fresh_target(tmp_path / "official")
    result = import_tables(export, target)
    assert result.saved and result.lost == []
    return _figures(target)


def _target(tmp_path, edit: Callable[[Any], None]):
    target = fresh_target(tmp_path)
    edit_workbook(target, edit)
    return target


def test_a_target_with_a_title_row_and_a_shifted_column_is_filled_in_its_own_layout(tmp_path, export, official):
    def edit(wb) -> None:
        for spec in schema.OFFICIAL_TABLES:
            insert(wb[spec.name], row=1)
            insert(wb[spec.name], col=1)

    target = _target(tmp_path, edit)
    result = import_tables(export, target)
    assert result.saved and result.lost == [] and result.placed == result.amounts
    assert _figures(target) == official
    sheet = read_workbook(target).sheets[schema.T5.name]
    assert [sheet.value(5, c) for c in range(1, 7)] == [None, "科目编码", "科目名称", "合计", "基本支出", "项目支出"]
    assert [sheet.value(6, c) for c in range(2, 4)] == [None, "合计"]  # the 合计 row under the headings


def test_a_target_with_codes_in_lei_kuan_xiang_columns_gets_its_codes_split(tmp_path, export, official):
    coded = [s for s in schema.OFFICIAL_TABLES if s.shape is TableShape.CODED]

    def edit(wb) -> None:
        for spec in coded:
            split_codes(wb[spec.name], spec)

    target = _target(tmp_path, edit)
    result = import_tables(export, target)
    assert result.saved and result.lost == []
    assert _figures(target) == official
    sheet = read_workbook(target).sheets[schema.T5.name]
    rows = [[sheet.value(r, c) for c in range(1, 5)] for r in range(5, 9)]
    assert rows == [[None, None, None, "合计"], ["201", None, None, "一般公共服务支出"],
                    ["201", "32", None, "组织事务"], ["201", "32", "01", "行政运行"]]


def test_a_target_table_with_figures_in_a_shifted_layout_is_kept(tmp_path, export):
    """The figures already there are found in the target's own layout, not at the official cells."""
    def edit(wb) -> None:
        ws = wb[schema.T5.name]
        insert(ws, row=1)
        ws["A7"] = "201"  # a 科目 under the shifted 合计 row
        ws["B7"] = "一般公共服务支出"

    target = _target(tmp_path, edit)
    result = import_tables(export, target, allow_unplaced=True)
    t5 = next(t for t in result.tables if t.spec.key == "t5")
    assert not t5.written and "已有数据" in t5.skipped
