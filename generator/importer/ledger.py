"""Where each amount of an export went. Every non-zero amount the export's table holds
(the census, taken from the sheet itself, not from what the readers understood) is either
placed in a cell of the target table or named, with its cell, as not placed. Readers record
why they left something out; a later row never overwrites a value an earlier row placed."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable

from generator.tables.labels import number_or_none
from generator.load_text import clean_text
from generator.money import format_money
from generator.workbook import RawSheet

Cell = tuple[int, int]  # (row, column) of the export sheet


@dataclass(frozen=True)
class Amount:
    """An amount read from the export: in 万元 to the cent, and before rounding."""

    value: Decimal
    exact: Decimal
    source: Cell


@dataclass(frozen=True)
class Lost:
    """A non-zero amount of the export that is not in the target."""

    where: str  # sheet!cell of the export
    value: Decimal  # as the export states it
    reason: str
    unit: str = "万元"  # the export table's

    def __str__(self) -> str:
        unit = "" if self.unit == "万元" else f" {self.unit}"
        return f"{self.where}（{format_money(self.value)}{unit}）：{self.reason}"


@dataclass
class Ledger:
    """One export sheet: why cells, rows or columns were left out, and which cells an equal
    amount of an earlier row already stands for."""

    sheet: RawSheet
    cells: dict[Cell, str] = field(default_factory=dict)
    rows: dict[int, str] = field(default_factory=dict)
    columns: dict[int, str] = field(default_factory=dict)
    duplicates: set[Cell] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)  # what was read in a way the user should know

    def ref(self, cell: Cell) -> str:
        return str(self.sheet.ref(*cell))

    def skip_row(self, r: int, reason: str) -> None:
        self.rows.setdefault(r, reason)

    def skip_column(self, c: int, reason: str) -> None:
        self.columns.setdefault(c, reason)

    def skip_cell(self, cell: Cell, reason: str) -> None:
        self.cells.setdefault(cell, reason)

    def reason(self, cell: Cell) -> str:
        return self.cells.get(cell) or self.rows.get(cell[0]) or self.columns.get(cell[1]) or \
            "未能对应到目标表的单元格（导入程序未识别此处），未导入"

    def merge(self, kept: list[Any], later: list[Any], what: str) -> None:
        """Fill `kept` (a row already placed) with `later`'s cells for the same row: a blank
        never replaces a value, an equal amount is the same figure, a different one is named."""
        for i, new in enumerate(later):
            old = kept[i] if i < len(kept) else None
            if not isinstance(new, Amount):
                if (old is None or old == "") and new not in (None, ""):
                    kept[i] = new
                continue
            if not isinstance(old, Amount):
                kept[i] = new
            elif old.value == new.value:
                self.duplicates.add(new.source)
            else:
                self.skip_cell(new.source, f"{what}已由 {self.ref(old.source)} 填入 {format_money(old.value)}，"
                                           f"同一单元格不覆盖，未导入")


def census(sheet: RawSheet, first_row: int, label_columns: set[int], skip_rows: Iterable[int] = ()) -> dict[Cell, Decimal]:
    """Every non-zero number of the table from its headings down, outside the columns of
    codes, labels and 行次 and the 栏次 rows."""
    skip = set(skip_rows)
    out: dict[Cell, Decimal] = {}
    for (r, c), v in sheet.values.items():
        if r < first_row or r in skip or c in label_columns or isinstance(v, bool):
            continue
        if isinstance(v, str) and not clean_text(v):
            continue
        number = number_or_none(v)
        if number is not None and number != 0:
            out[(r, c)] = number
    return out


def placed_rows(rows: list[list[Any]]) -> tuple[list[list[Any]], list[list[Any]], list[tuple[int, int, Amount]]]:
    """Rows as the target holds them (cents), the same rows before rounding, and where each amount went."""
    plain, exact, placements = [], [], []
    for i, row in enumerate(rows):
        plain.append([v.value if isinstance(v, Amount) else v for v in row])
        exact.append([v.exact if isinstance(v, Amount) else v for v in row])
        placements += [(i, j, v) for j, v in enumerate(row) if isinstance(v, Amount)]
    return plain, exact, placements
