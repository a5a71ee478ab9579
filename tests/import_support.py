"""Export-like workbooks for the import tests: the nine tables in the layouts the 决算 software
and departments produce, and the target workbook's tables read back."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

from openpyxl import Workbook, load_workbook

from generator import schema
from generator.schema import OfficialTable
from generator.workbook import write_workbook

from conftest import example_data_dict

AMOUNT_HEADS = ("科目编码", "科目名称", "项目", "行次")


# ---------------------------------------------------------------------------
# Building exports


def amount_cols(spec: OfficialTable) -> list[int]:
    return [i for i, h in enumerate(spec.header) if h not in AMOUNT_HEADS]


def add_table(wb: Workbook, spec: OfficialTable, rows: Sequence[Sequence[Any]], *, sheet_name: str | None = None,
              unit: str = "万元", shift: int = 0, title_rows: int = 1, lanci: bool = True, blank_every: int = 0,
              heads: Sequence[str] | None = None, tops: Sequence[tuple[str, int]] | None = None,
              title: bool = True, footnote: bool = True) -> None:
    """One table as the 决算 software exports it: title, 编制单位/单位 line, a two-row heading
    with merged cells (a top heading over one leaf spans both rows), a 栏次 row, the data
    (amounts scaled to `unit`), blank separator rows, a 注 line. `shift` empty columns on the left."""
    ws = wb.create_sheet(sheet_name or spec.name)
    heads = list(heads or spec.header)
    tops = list(tops if tops is not None else spec.header_top)
    c0 = 1 + shift
    r = 1
    if title:
        for _ in range(title_rows - 1):
            ws.cell(r, c0, "2024年度部门决算公开表")
            r += 1
        ws.cell(r, c0, spec.name)
        ws.merge_cells(start_row=r, start_column=c0, end_row=r, end_column=c0 + len(heads) - 1)
        r += 1
    ws.cell(r, c0, "编制单位：示例单位")
    ws.cell(r, c0 + len(heads) - 2, spec.code)
    ws.cell(r, c0 + len(heads) - 1, f"单位：{unit}")
    r += 1
    col = c0
    for head, span in tops:
        ws.cell(r, col, head)
        if span == 1 and heads[col - c0] == head:
            ws.merge_cells(start_row=r, start_column=col, end_row=r + 1, end_column=col)
        elif span > 1:
            ws.merge_cells(start_row=r, start_column=col, end_row=r, end_column=col + span - 1)
        col += span
    leaf_row = r + 1 if tops else r
    for i, head in enumerate(heads):
        if ws.cell(leaf_row, c0 + i).coordinate not in ws.merged_cells:
            ws.cell(leaf_row, c0 + i, head)
    r = leaf_row + 1
    amounts = amount_cols(spec)
    if lanci:
        if 0 not in amounts:  # 公开07表 has no label column: its 栏次 row is numbers only
            ws.cell(r, c0, "栏次")
        for n, i in enumerate(amounts, start=1):
            ws.cell(r, c0 + i, n)
        r += 1
    for k, row in enumerate(rows):
        if blank_every and k and k % blank_every == 0:
            r += 1
        for i, value in enumerate(row):
            if value in ("", None):
                continue
            if i in amounts:
                value = Decimal(value) * (10000 if unit == "元" else 1)
                value = float(value) if unit == "元" else str(value)  # exports hold numbers or text
            ws.cell(r, c0 + i, value)
        r += 1
    if footnote:
        ws.cell(r + 1, c0, "注：本表反映部门本年度的收支情况。")


def xinjiang_export(path: Path, unit: str = "万元", skip: Sequence[str] = (), factor: int = 1,
                    **options: Any) -> Path:
    """The worked example's nine tables (every amount × `factor`) as an export."""
    data = example_data_dict()
    wb = Workbook()
    wb.remove(wb.active)
    for spec in schema.OFFICIAL_TABLES:
        amounts = set(amount_cols(spec))
        rows = [[str(Decimal(v) * factor) if i in amounts and v != "" else v for i, v in enumerate(row)]
                for row in data[spec.name]]
        if spec.key not in skip:
            add_table(wb, spec, rows, unit=unit, **options)
    wb.save(path)
    return path


def fresh_target(tmp_path: Path) -> Path:
    path = tmp_path / "2024.xlsx"
    write_workbook(path)
    return path


def table_rows(path: Path, spec: OfficialTable) -> list[list[Any]]:
    """The target's table from its first data row, amounts as Decimal, empty as ""."""
    ws = load_workbook(path)[spec.name]
    amounts = set(amount_cols(spec))
    out = []
    for row in ws.iter_rows(min_row=spec.first_row, max_col=len(spec.header), values_only=True):
        cells = []
        for i, v in enumerate(row):
            if v is None:
                cells.append("")
            elif i in amounts and not isinstance(v, str):
                cells.append(Decimal(str(v)))
            else:
                cells.append(str(v))
        if any(c != "" for c in cells):
            out.append(cells)
    return out


def expected_rows(spec: OfficialTable) -> list[list[Any]]:
    amounts = set(amount_cols(spec))
    rows = example_data_dict()[spec.name] or [list(r) for r in schema.skeleton_rows(spec)]
    out = []
    for row in rows:
        cells = [Decimal(v) if i in amounts and v != "" else v for i, v in enumerate(row)]
        cells += [""] * (len(spec.header) - len(cells))
        out.append(cells)
    return out


