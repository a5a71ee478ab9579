"""A table sheet's data rows in the official layout, each value with the cell it came from.

Rows are the sheet's rows from the first data row down, without blank, 栏次, 注 and
repeated heading rows. Each `Line` holds, for every leaf column of the official layout
(`OfficialTable.header`), the raw value the sheet holds and its cell, and the row's labels as
they are compared: the 科目编码 (composed from 类 / 款 / 项 columns where the sheet splits it),
the 科目名称 or 项目 (a name wrapped inside its cell joined again) and, in a two-panel table,
the official label a 收入 or 支出 label stands for. Nothing is judged here: whoever reads the
lines decides what a bad code, a repeated row or a text amount means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from generator.load_text import clean_text, is_decoration
from generator.schema import OfficialTable, TableShape
from generator.tables.labels import CODE, code_part, norm, official_income, strip_numbering
from generator.tables.locate import Layout, is_lanci_row
from generator.workbook import RawSheet

Cell = tuple[int, int]  # (row, column) of the sheet
_CODE_WIDTHS = (3, 2, 2)
_FUND_SECTION = "年初财政拨款结转和结余"


@dataclass(frozen=True)
class Line:
    """One data row of a table sheet in the official layout."""

    row: int
    values: tuple[Any, ...]  # raw value of each leaf column (None where the sheet has no such column)
    cells: tuple[Cell | None, ...]  # the cell each value came from
    labels: tuple[str, ...]  # CODED: (code, name); ECONOMIC: (code, name) per block; TWO_PANEL: (收入, 支出)
    official: tuple[str | None, ...] = ()  # TWO_PANEL: the official 收入 label and 支出 trailer label, or None

    def value(self, leaf: int) -> Any:
        return self.values[leaf]

    def cell(self, leaf: int) -> Cell | None:
        return self.cells[leaf]


def label_text(value: Any) -> str:
    """A label as written; a name wrapped onto a second line in its cell is joined again."""
    return re.sub(r"\s*\n\s*", "", clean_text(value))


class LineReader:
    """The lines of one sheet, given where its columns are (`cols`: leaf index → column)."""

    def __init__(self, spec: OfficialTable, sheet: RawSheet, layout: Layout, cols: dict[int, int]) -> None:
        self.spec, self.sheet, self.layout, self.cols = spec, sheet, layout, cols
        self.width = len(spec.header)
        self.last_codes: dict[int, list[str]] = {}  # code-part group → last 类, 款 seen
        self.income = official_income(spec)
        self.trailer = {norm(x): x for x in spec.expense_trailer}
        self.suffix = ""  # 公开04表: the 收入 rows under 年初财政拨款结转和结余 are its parts

    def lines(self) -> list[Line]:
        reader = {TableShape.CODED: self._coded, TableShape.TWO_PANEL: self._two_panel,
                  TableShape.ECONOMIC: self._economic, TableShape.SINGLE_ROW: self._plain}[self.spec.shape]
        return [reader(r) for r in self.data_rows()]

    # -- cells ----------------------------------------------------------------
    def data_rows(self) -> Iterator[int]:
        used = set(self.cols.values()) | {c for g in self.layout.code_parts for c in g}
        for r in range(self.layout.data_start, self.sheet.max_row + 1):
            if self.sheet.row_is_empty(r, used) or is_decoration(self.sheet, r) or is_lanci_row(self.sheet, r):
                continue
            yield r

    def _raw(self, r: int) -> tuple[tuple[Any, ...], tuple[Cell | None, ...]]:
        cells = tuple((r, self.cols[i]) if i in self.cols else None for i in range(self.width))
        return tuple(None if c is None else self.sheet.value(*c) for c in cells), cells

    def text(self, r: int, leaf: int) -> str:
        c = self.cols.get(leaf)
        return label_text(self.sheet.value(r, c)) if c is not None else ""

    def code(self, r: int, leaf: int, block: int = 0) -> str:
        """The 科目编码 of a row: from its column, or composed from 类 / 款 / 项 columns
        (a blank 类 or 款 under a row that gave one is that row's)."""
        if not self.layout.code_parts:
            return norm(self.text(r, leaf))
        if block >= len(self.layout.code_parts):
            return ""
        group = self.layout.code_parts[block]
        texts = [self.sheet.value(r, c) for c in group]
        parts = [code_part(v, w) for v, w in zip(texts, _CODE_WIDTHS)]
        if any(p is None for p in parts):
            return "".join(norm(v) for v in texts)  # a label such as 人员经费合计, or the 类 款 项 headings
        last = self.last_codes.setdefault(block, ["", ""])
        for i in range(len(parts) - 1):
            if not parts[i] and any(parts[i + 1:]) and last[i]:
                parts[i] = last[i]
        filled = [bool(p) for p in parts]
        if filled != sorted(filled, reverse=True):  # a 项 without its 款: not a code
            return "".join(p or "？" for p in parts)
        code = "".join(parts)
        if CODE.fullmatch(code):
            last[0] = code[:3]
            last[1] = code[3:5] if len(code) >= 5 else ""
        return code

    def code_cell(self, r: int, leaf: int, block: int = 0) -> Cell:
        """The cell a 科目编码 is shown in: its column, or the 类 column of its group."""
        if self.layout.code_parts and block < len(self.layout.code_parts):
            return r, self.layout.code_parts[block][0]
        return r, self.cols.get(leaf, self.cols.get(leaf + 1, 1))

    # -- shapes ---------------------------------------------------------------
    def _coded(self, r: int) -> Line:
        values, cells = self._raw(r)
        code, name = self.code(r, 0), self.text(r, 1)
        if 0 not in self.cols and not self.layout.code_parts:  # "2080501 行政单位离退休" in one column
            m = re.match(r"\s*(\d{3}(?:\d{2}){0,2})\s*(.*)", name)
            if m:
                code, name = m.group(1), m.group(2).strip()
        cells = (self.code_cell(r, 0), *cells[1:])
        return Line(r, values, cells, (code, name))

    def _economic(self, r: int) -> Line:
        values, cells = self._raw(r)
        labels: list[str] = []
        out = list(cells)
        for block in range(3):
            labels += [self.code(r, block * 3, block), self.text(r, block * 3 + 1)]
            out[block * 3] = self.code_cell(r, block * 3, block)
        return Line(r, values, tuple(out), tuple(labels))

    def _plain(self, r: int) -> Line:
        values, cells = self._raw(r)
        return Line(r, values, cells, ())

    def _two_panel(self, r: int) -> Line:
        values, cells = self._raw(r)
        left, right = self.text(r, 0), self.text(r, 3)
        official = _income_label(left, self.income, self.suffix) if left else None
        if official == _FUND_SECTION and _FUND_SECTION in self.spec.income_labels:
            self.suffix = "结转和结余"
        elif official in ("本年收入合计", "总计"):
            self.suffix = ""
        return Line(r, values, cells, (left, right),
                    (official, _income_label(right, self.trailer, "") if right else None))


def _income_label(text: str, labels: dict[str, str], suffix: str) -> str | None:
    """The official label a panel's label stands for: as written, without its numbering
    (一、…), with the section's suffix (公开04表's “一般公共预算财政拨款” under 年初…结转和结余)
    or with a note in brackets; None when it is none of them."""
    key = strip_numbering(norm(text))
    if suffix and norm(key + suffix) in labels:
        return labels[norm(key + suffix)]
    return labels.get(key) or next((v for k, v in labels.items() if key.startswith(k + "(")), None)
