"""The nine tables of the published 上海市普陀区规划和自然资源局 2024年度部门决算 as a PDF-to-Excel
conversion gives them (tests/data/reference/putuo-planning-2024-tables.xlsx, a copy of the shared
reference): imported into a workbook of the shanghai-2024 pack, every one of the 234 non-zero
amounts arrives in its cell, and `pjgen check` then reports what it reports for
inputs/shanghai-2024.xlsx, which reproduces the same document — the document's own inconsistencies."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from generator import schema
from generator.cli import app
from generator.pipeline import validate

from conftest import flat

ROOT = Path(__file__).resolve().parents[1]
EXPORT = ROOT / "tests" / "data" / "reference" / "putuo-planning-2024-tables.xlsx"
SHARED = ROOT.parent / "shared" / "reference" / "shanghai-2024" / "putuo-planning-2024-tables.xlsx"
EXAMPLE = ROOT / "inputs" / "shanghai-2024.xlsx"
runner = CliRunner()


def _amounts(path: Path) -> dict[tuple[str, str], Decimal]:
    """Every non-zero amount of the nine tables of a pjgen workbook: (sheet, cell) → value."""
    wb = load_workbook(path, data_only=True)
    out = {}
    for spec in schema.OFFICIAL_TABLES:
        for row in wb[spec.name].iter_rows(min_row=spec.first_row):
            for cell in row:
                v: Any = cell.value
                if isinstance(v, (int, float)) and not isinstance(v, bool) and v != 0:
                    out[(spec.name, cell.coordinate)] = Decimal(str(v))
    return out


def _cleared(path: Path) -> Path:
    """inputs/shanghai-2024.xlsx with the nine tables emptied: everything else the document needs stays."""
    wb = load_workbook(EXAMPLE)
    for spec in schema.OFFICIAL_TABLES:
        ws = wb[spec.name]
        for row in ws.iter_rows(min_row=spec.first_row):
            for cell in row:
                if cell.coordinate not in ws.merged_cells:
                    cell.value = None
    wb.save(path)
    return path


def test_the_copy_is_the_shared_reference():
    if not SHARED.exists():
        pytest.skip("the shared reference folder is not beside this checkout")
    assert EXPORT.read_bytes() == SHARED.read_bytes()


def test_all_234_amounts_are_placed_in_a_fresh_shanghai_workbook(tmp_path):
    target = tmp_path / "2024.xlsx"
    assert runner.invoke(app, ["init", "--pack", "shanghai-2024", str(target)]).exit_code == 0
    result = runner.invoke(app, ["import", str(EXPORT), "--into", str(target)])
    assert result.exit_code == 0, result.output
    assert "已放入 234 / 234 个非零金额" in result.output and "未放入" not in result.output
    assert _amounts(target) == _amounts(EXAMPLE)
    assert len(_amounts(target)) == 234


def test_check_then_reports_only_the_documents_own_inconsistencies(tmp_path):
    target = _cleared(tmp_path / "2024.xlsx")
    assert _amounts(target) == {}
    result = runner.invoke(app, ["import", str(EXPORT), "--into", str(target)])
    assert result.exit_code == 0, result.output
    assert flat(validate(target).problems) == flat(validate(EXAMPLE).problems)
