"""Edits that move a 公开 sheet of a pjgen workbook away from the official layout the way a
person does in Excel: rows and columns inserted (merged headings moved along), a 栏次 row,
科目编码 split into 类 / 款 / 项 columns."""

from __future__ import annotations

from openpyxl.worksheet.cell_range import CellRange

from generator.schema import TableShape


def insert(ws, row: int = 0, col: int = 0, rows: int = 1, cols: int = 1) -> None:
    """Insert rows (before `row`) or columns (before `col`), merged ranges moved along."""
    merged = [CellRange(str(r)) for r in ws.merged_cells.ranges]
    for r in merged:
        ws.unmerge_cells(r.coord)
    if row:
        ws.insert_rows(row, rows)
    if col:
        ws.insert_cols(col, cols)
    for r in merged:
        down = rows if row and r.min_row >= row else 0
        right = cols if col and r.min_col >= col else 0
        r.shift(col_shift=right, row_shift=down)
        ws.merge_cells(r.coord)


def add_lanci(ws, spec) -> None:
    """A 栏次 row under the headings: 栏次 | 1 | 2 | … over the amount columns."""
    insert(ws, row=spec.first_row)
    leaves = [i for i, h in enumerate(spec.header) if h not in ("科目编码", "科目名称", "项目", "行次")]
    if spec.shape is not TableShape.SINGLE_ROW:
        ws.cell(spec.first_row, 1, "栏次")
    for n, i in enumerate(leaves, start=1):
        ws.cell(spec.first_row, i + 1, n)


def split_codes(ws, spec) -> None:
    """科目编码 printed as 类 | 款 | 项 in three columns, 项目 over them and the name."""
    insert(ws, col=2, cols=2)
    ws.unmerge_cells("A3:B3")
    ws.merge_cells("A3:D3")
    for r in range(1, ws.max_row + 1):
        code = ws.cell(r, 1).value
        if r == 4:
            ws.cell(r, 1, "类"), ws.cell(r, 2, "款"), ws.cell(r, 3, "项")
        elif r >= spec.first_row and isinstance(code, str) and code.isdigit():
            ws.cell(r, 1, code[:3]), ws.cell(r, 2, code[3:5] or None), ws.cell(r, 3, code[5:7] or None)
