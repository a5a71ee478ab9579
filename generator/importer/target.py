"""Where the target workbook's 公开 tables are, as the loader finds them (generator/tables): the
first data row and each leaf's column, so that import writes where `pjgen check` reads, also in
a sheet with an extra title row, a shifted column or 科目编码 in 类 / 款 / 项 columns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator import schema
from generator.load_text import clean_text
from generator.schema import OfficialTable, TableShape
from generator.tables import read_table
from generator.workbook import RawSheet

_CODE_WIDTHS = (3, 2, 2)


@dataclass(frozen=True)
class Target:
    """One table of the target workbook: where its rows go."""

    spec: OfficialTable
    first_row: int
    cols: dict[int, int]  # leaf index of spec.header → column
    code_parts: tuple[tuple[int, ...], ...]  # 类 / 款 (/ 项) columns, one group per 科目编码 leaf

    def column(self, leaf: int) -> int | None:
        return self.cols.get(leaf)

    def _group(self, leaf: int) -> tuple[int, ...] | None:
        """The 类 / 款 / 项 columns that stand for a 科目编码 leaf, if the sheet splits it."""
        if self.spec.header[leaf] != "科目编码" or not self.code_parts:
            return None
        block = leaf // 3 if self.spec.shape is TableShape.ECONOMIC else 0
        return self.code_parts[block] if block < len(self.code_parts) else None

    def leaf_of(self) -> dict[int, int]:
        """Column → the leaf it holds (a 类 / 款 / 项 group: its first column)."""
        out = {c: leaf for leaf, c in self.cols.items()}
        for leaf in range(len(self.spec.header)):
            group = self._group(leaf)
            if group:
                out[group[0]] = leaf
        return out

    def spread(self, row: list[Any]) -> list[Any]:
        """A row in the official layout as the target sheet's cells, from its column A."""
        cells: dict[int, Any] = {}
        for leaf, value in enumerate(row):
            group = self._group(leaf)
            if group is None:
                if leaf in self.cols:
                    cells[self.cols[leaf]] = value
                continue
            code = clean_text(value)
            if code.isdigit():
                start = 0
                for c, width in zip(group, _CODE_WIDTHS):
                    cells[c] = code[start:start + width] or None
                    start += width
            else:
                cells[group[0]] = value  # 人员经费合计, or an empty code
        width = max(cells, default=0)
        return [cells.get(c) for c in range(1, width + 1)]

    def has_figures(self, sheet: RawSheet) -> bool:
        """Whether the table holds anything beyond the labels `pjgen init` writes."""
        skeleton = schema.skeleton_rows(self.spec)
        leaf_of = self.leaf_of()
        for (r, c), v in sheet.values.items():
            if r < self.first_row or v is None or (isinstance(v, str) and not v.strip()):
                continue
            i, j = r - self.first_row, leaf_of.get(c)
            expected = skeleton[i][j] if j is not None and i < len(skeleton) and j < len(skeleton[i]) else ""
            if clean_text(v) != expected:
                return True
        return False


def find_target(spec: OfficialTable, sheet: RawSheet) -> Target:
    """The target's table located as the loader locates it."""
    table = read_table(spec, sheet, official=True)
    assert table is not None  # the official layout stands in for headings it does not find
    return Target(spec, table.layout.data_start, dict(table.cols), tuple(table.layout.code_parts))
