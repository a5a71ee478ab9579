"""An export table's lines (read by generator/tables, the loader's reader) placed in the
target's layout. Amounts become `Amount`s in 万元 (so their cells can be traced); a row that
repeats an earlier one is merged into it, never overwriting it; a name wrapped onto a row of
its own is joined to the row above; whatever is left out is recorded in the ledger."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from generator import schema
from generator.importer.ledger import Amount, Ledger
from generator.load_text import clean_text
from generator.money import NotANumber, parse_number, quantize
from generator.schema import TableShape
from generator.tables import Line, Table
from generator.tables.labels import CODE, ECONOMIC_TOTALS, TOTALS, UNIT_LINE, norm, strip_numbering
from generator.tables.locate import amount_leaves, known_labels

TEN_THOUSAND = Decimal(10000)


class Placer:
    def __init__(self, table: Table, ledger: Ledger) -> None:
        self.table, self.spec, self.ledger = table, table.spec, ledger
        self.in_yuan = table.layout.unit == "元"

    def rows(self) -> list[list[Any]]:
        return {TableShape.CODED: self.coded, TableShape.TWO_PANEL: self.two_panel,
                TableShape.ECONOMIC: self.economic, TableShape.SINGLE_ROW: self.single_row}[self.spec.shape]()

    def amount(self, line: Line, leaf: int) -> Amount | None:
        raw, cell = line.value(leaf), line.cell(leaf)
        if cell is None or raw is None or isinstance(raw, str) and not raw.strip():
            return None
        try:
            value = parse_number(raw)
        except NotANumber:
            self.ledger.skip_cell(cell, f"“{raw}”不是数字，未导入")
            return None
        exact = value / TEN_THOUSAND if self.in_yuan else value
        return Amount(quantize(exact), exact, cell)

    def shown(self, line: Line, leaf: int) -> str:
        """What the sheet shows in a line's code cell."""
        cell = line.cell(leaf)
        return clean_text(self.table.sheet.value(*cell)) if cell is not None else ""

    def _continues(self, code: str, name: str, values: list[Amount | None]) -> bool:
        """A row holding only the end of the name above it, wrapped onto a line of its own
        (PDF conversions): no code, no amount, not a heading, a title or a 单位 line."""
        text = norm(name)
        return bool(text) and not code and all(v is None for v in values) and not self.sheet_words(text)

    def sheet_words(self, text: str) -> bool:
        titles = {norm(s.name) for s in schema.OFFICIAL_TABLES} | known_labels(self.spec)
        return text in titles or text in TOTALS or "：" in text or ":" in text or bool(UNIT_LINE.search(text))

    def coded(self) -> list[list[Any]]:
        amounts = amount_leaves(self.spec)
        total: list[Any] | None = None
        rows: dict[str, list[Any]] = {}
        above: list[Any] | None = None  # the last row placed: where a wrapped name continues
        for line in self.table.lines:
            code, name = line.labels
            values = [self.amount(line, i) for i in amounts]
            if above is not None and self._continues(code, name, values):
                above[1] += name
                self.ledger.notes.append(f"{self.ledger.ref(line.cell(1) or (line.row, 1))}：“{name}”是上一行"
                                         f"科目名称的折行，已接上（{above[0]} {above[1]}）")
                continue
            above = None
            label = strip_numbering(norm(name))
            if code in TOTALS or not CODE.fullmatch(code) and (label in TOTALS or code.endswith(TOTALS)):
                row = ["", "合计", *values]
                if total is None:
                    total = row
                else:
                    self.ledger.merge(total, row, f"{self.spec.code}合计行")
                continue
            if not CODE.fullmatch(code):
                shown = code if self.table.layout.code_parts else self.shown(line, 0)
                self.ledger.skip_row(line.row, f"“{shown}”不是科目编码（类3位、款5位、项7位），本行未导入")
                continue
            if code in rows:
                self.ledger.merge(rows[code], [code, name, *values], f"{self.spec.code}科目 {code} ")
            else:
                rows[code] = [code, name, *values]
                above = rows[code]
        return ([total] if total is not None else []) + list(rows.values())

    def two_panel(self) -> list[list[Any]]:
        spec = self.spec
        exp_amounts = list(range(5, len(spec.header)))
        income: dict[str, list[Any]] = {}
        classes: dict[str, list[Any]] = {}
        trailers: dict[str, list[Any]] = {}
        headings = known_labels(spec)  # a continuation page repeats 收入 | 支出
        for line in self.table.lines:
            left, right = line.labels
            label, trailer = line.official
            if left:
                value = self.amount(line, 2)
                if label is None:
                    if value is not None:
                        self.ledger.skip_cell(value.source, f"收入栏项目“{left}”不是本表的官方项目，未导入")
                elif label in income:
                    self.ledger.merge(income[label], [value], f"收入栏“{label}”")
                else:
                    income[label] = [value]
            if right:
                values = [self.amount(line, i) for i in exp_amounts]
                name = strip_numbering(right.strip())
                target = trailers if trailer is not None else classes
                key = trailer if trailer is not None else name
                if key in target:
                    self.ledger.merge(target[key], values, f"支出栏“{key}”")
                elif trailer is not None or any(v is not None for v in values) or \
                        name.endswith("支出") and norm(name) not in headings:
                    target[key] = values
        left_rows = [[label, str(i), (income.get(label) or [None])[0]]
                     for i, label in enumerate(spec.income_labels, start=1)]
        line_no = len(left_rows)
        right_rows = []
        empty = [None] * len(exp_amounts)
        for name, cells in [*classes.items(), *((t, trailers.get(t, empty)) for t in spec.expense_trailer)]:
            line_no += 1
            right_rows.append([name, str(line_no), *cells])
        out = []
        for i in range(max(len(left_rows), len(right_rows))):
            left_row = left_rows[i] if i < len(left_rows) else ["", "", None]
            out.append(left_row + (right_rows[i] if i < len(right_rows) else []))
        return out

    def economic(self) -> list[list[Any]]:
        grid: list[list[Any]] = []
        for line in self.table.lines:
            cells: list[Any] = []
            for block in range(3):
                code, name = line.labels[2 * block], line.labels[2 * block + 1]
                value = self.amount(line, block * 3 + 2)
                if not code and strip_numbering(norm(name)) in ECONOMIC_TOTALS:
                    code, name = norm(name), ""
                if code and not CODE.fullmatch(code) and code not in ECONOMIC_TOTALS:
                    reason = f"“{self.shown(line, block * 3)}”不是经济分类科目编码，未导入"
                    if value is not None:
                        self.ledger.skip_cell(value.source, reason)
                    code, name, value = "", "", None
                cells += [code, name, value]
            grid.append(cells)
        for block in range(3):
            self._join_wrapped(grid, block)
        return [cells for cells in grid if any(v not in ("", None) for v in cells)]

    def _join_wrapped(self, grid: list[list[Any]], block: int) -> None:
        """Join the parts of a 科目名称 that a PDF conversion put on rows of their own, above
        and below the row of its code, to that row's name (and say so). A part belongs to the
        row below when that row has no name of its own (a two-line name centred on its row);
        otherwise to the row above, as in the coded tables."""
        k0 = block * 3

        def coded(i: int) -> bool:
            return 0 <= i < len(grid) and bool(CODE.fullmatch(grid[i][k0]))

        def part(i: int) -> bool:
            code, name, value = grid[i][k0:k0 + 3]
            return not code and value is None and self._continues("", name, [None])

        parts = [i for i in range(len(grid)) if part(i)]
        joined: list[tuple[int, int]] = []  # (part's line, code's line)
        below_of: dict[int, int] = {}  # a part that ends the name above it → that name's line
        for i in parts:
            if i - 1 in below_of:  # a third line of the same name
                owner: int | None = below_of[i - 1]
            elif coded(i + 1) and not grid[i + 1][k0 + 1]:
                owner = i + 1
            else:
                owner = i - 1 if coded(i - 1) else i + 1 if coded(i + 1) else None
            if owner is None:
                continue
            if owner < i:
                below_of[i] = owner
            name = grid[i][k0 + 1]
            grid[owner][k0 + 1] = name + grid[owner][k0 + 1] if owner > i else grid[owner][k0 + 1] + name
            grid[i][k0 + 1] = ""
            joined.append((i, owner))
        for i, owner in joined:
            line = self.table.lines[i]
            where = "下" if owner > i else "上"
            self.ledger.notes.append(
                f"{self.ledger.ref(line.cell(k0 + 1) or (line.row, k0 + 2))}：“{line.labels[2 * block + 1]}”是{where}"
                f"一行科目名称的折行，已接上（{grid[owner][k0]} {grid[owner][k0 + 1]}）")

    def single_row(self) -> list[list[Any]]:
        kept: list[Any] | None = None
        first = 0
        for line in self.table.lines:
            values = [self.amount(line, i) for i in range(len(self.spec.header))]
            if not any(v is not None for v in values):
                continue
            if kept is None:
                kept, first = values, line.row
            else:
                self.ledger.skip_row(line.row, f"{self.spec.code}只有一行数据，已用第 {first} 行，本行未导入")
        return [kept] if kept is not None else []
