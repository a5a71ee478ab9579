"""One reader of the nine 公开 tables, for pjgen's own workbook and for the 决算 software's
export alike: `locate` finds the headings, maps each leaf of the official layout to a column
by its heading label or 栏次 number and finds 科目编码 split into 类 / 款 / 项 columns; `lines`
reads the data rows in the official layout, each value with the sheet cell it came from.
The loader (generator/load_tables.py) validates the lines and builds the model; the importer
(generator/importer/) converts them to 万元 and writes them into the target workbook.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.load_text import clean_text
from generator.problems import CellRef
from generator.schema import OfficialTable
from generator.tables.lines import Cell, Line, LineReader, label_text
from generator.tables.labels import number_or_none
from generator.tables.locate import Layout, label_columns, locate
from generator.workbook import RawSheet


@dataclass(frozen=True)
class Table:
    """A table sheet read: where its headings and columns are, and its data rows."""

    spec: OfficialTable
    sheet: RawSheet
    layout: Layout
    cols: dict[int, int]  # leaf index of spec.header → sheet column
    lines: tuple[Line, ...]

    def ref(self, cell: Cell) -> CellRef:
        return self.sheet.ref(*cell)

    def heading(self, col: int) -> str:
        """A column's headings, top to bottom, as one text ("" when it has none)."""
        return "／".join(self.layout.columns.get(col, []))

    def unread_columns(self) -> dict[int, list[int]]:
        """The sheet's columns that are none of the table's (neither a leaf's, nor a 类 / 款 / 项,
        行次 or 序号 column), each with its rows from the first data row down that hold something."""
        used = set(self.cols.values()) | label_columns(self.spec, self.layout, self.cols)
        out: dict[int, list[int]] = {c: [] for c in range(1, self.sheet.max_col + 1) if c not in used}
        for (r, c), v in self.sheet.values.items():
            if c in out and r >= self.layout.data_start and (number_or_none(v) is not None or clean_text(v)):
                out[c].append(r)
        for rows in out.values():
            rows.sort()
        return out

    def first_cell(self, leaf: int) -> Cell:
        """Where the first data row's cell of `leaf` is (or would be)."""
        return self.layout.data_start, self.cols.get(leaf, leaf + 1)


def read_table(spec: OfficialTable, sheet: RawSheet, official: bool = False) -> Table | None:
    """The sheet's table in the official layout; None when no heading of the table is found
    (`official`: pjgen's own workbook, read in the official layout then, see `locate`)."""
    found = locate(spec, sheet, official)
    if found is None:
        return None
    layout, cols = found
    return Table(spec, sheet, layout, cols, tuple(LineReader(spec, sheet, layout, cols).lines()))


__all__ = ["Cell", "Layout", "Line", "Table", "label_text", "locate", "read_table"]
