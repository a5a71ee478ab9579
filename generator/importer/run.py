"""The whole import: read the export's nine tables, write them into the target workbook,
read back what was written and account for every non-zero amount of the export — placed in
its cell, or named with its cell. Nothing is written while an amount would be lost, unless
the caller allows it."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator import schema
from generator.importer.ledger import Amount, Cell, Ledger, Lost, census, placed_rows
from generator.importer.place import Placer
from generator.importer.sheets import budget_sheets, expected_tables, find_sheets, internal_report_sheets
from generator.importer.tail import rounding_tail
from generator.importer.target import Target, find_target
from generator.output import write_atomic
from generator.problems import PjgenError
from generator.schema import OfficialTable, TableShape
from generator.tables import read_table
from generator.tables.labels import number_or_none
from generator.tables.locate import Layout, amount_leaves, groups, is_lanci_row, label_columns
from generator.workbook import RawSheet, read_export, read_workbook, replace_table_rows


@dataclass
class TableImport:
    spec: OfficialTable
    sheet: str
    unit: str  # 元 or 万元 (as found; 万元 when the table does not say)
    rows: list[list[Any]]  # in the target's layout, from its first data row
    unit_stated: bool = True
    written: bool = False
    skipped: str = ""  # why the target's table was left alone
    placements: list[tuple[int, int, Amount]] = field(default_factory=list)  # (row, column) of `rows` ← amount
    census: dict[Cell, Decimal] = field(default_factory=dict)  # the export's non-zero amounts
    ledger: Ledger | None = None
    headings_found: bool = True  # every amount column of the table found by heading or 栏次
    target: Target | None = None  # where the target workbook's table is


@dataclass
class ImportResult:
    tables: list[TableImport] = field(default_factory=list)
    missing: list[OfficialTable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # sheets, columns and headings not used
    tail: list[str] = field(default_factory=list)  # 尾差 from rounding to cents of 万元
    lost: list[Lost] = field(default_factory=list)  # non-zero amounts not placed
    saved: bool = False  # the target was written

    @property
    def written(self) -> list[TableImport]:
        return [t for t in self.tables if t.written]

    @property
    def amounts(self) -> int:
        """M: the non-zero amounts of the export's nine tables."""
        return sum(len(t.census) for t in self.tables)

    @property
    def placed(self) -> int:
        """N: those found in their target cells."""
        return self.amounts - len(self.lost)

    @property
    def unplaced(self) -> list[str]:
        return self.notes + [str(x) for x in self.lost]


def _missing_columns(spec: OfficialTable, layout: Layout, cols: dict[int, int]) -> list[int]:
    """Amount leaves without a column. 公开06表 may print fewer than three blocks: a block
    with no column at all is not missing."""
    leaves = amount_leaves(spec)
    if spec.shape is not TableShape.ECONOMIC:
        return [i for i in leaves if i not in cols]
    present = {b for b in range(3) if any(b * 3 + k in cols for k in range(3)) or b < len(layout.code_parts)}
    return [i for i in leaves if i not in cols and i // 3 in present]


def _read_table(spec: OfficialTable, sheet: RawSheet, result: ImportResult) -> TableImport:
    ledger = Ledger(sheet)
    read = read_table(spec, sheet)
    if read is None:
        result.notes.append(f"{sheet.name}：找不到{spec.code}{spec.name}的表头，本表未导入")
        table = TableImport(spec, sheet.name, "万元", [list(r) for r in schema.skeleton_rows(spec)], False,
                            headings_found=False)
        table.census = census(sheet, 1, set(), [r for r in range(1, sheet.max_row + 1) if is_lanci_row(sheet, r)])
        for cell in table.census:
            ledger.skip_cell(cell, f"找不到{spec.code}的表头，未导入")
        table.ledger = ledger
        return table
    layout, cols = read.layout, read.cols
    missing = _missing_columns(spec, layout, cols)
    for i in missing:
        result.notes.append(f"{sheet.name}：找不到栏目“{spec.header[i]}”（{groups(spec)[i] or spec.name}），该栏留空")
    labels = label_columns(spec, layout, cols)
    for c, filled in read.unread_columns().items():
        head = read.heading(c) or "无表头"
        ledger.skip_column(c, f"列“{head}”不是本表的栏目，未导入")
        if filled:
            r = layout.header_rows[-1] if layout.header_rows else layout.data_start
            result.notes.append(f"{sheet.ref(r, c)}：列“{head}”不是本表的栏目，未导入")
    rows, exact, placements = placed_rows(Placer(read, ledger).rows())
    result.notes += ledger.notes
    result.tail += rounding_tail(spec, exact, rows)
    if not rows:
        rows = [list(r) for r in schema.skeleton_rows(spec)]
    first = layout.header_rows[0] if layout.header_rows else layout.data_start
    lanci = [r for r in range(first, sheet.max_row + 1) if is_lanci_row(sheet, r)]
    return TableImport(spec, sheet.name, layout.unit, rows, layout.unit_stated, placements=placements,
                       census=census(sheet, first, labels, lanci), ledger=ledger, headings_found=not missing)


def _account(table: TableImport, verified: set[Cell] | None, reason: str = "") -> list[Lost]:
    """The table's non-zero amounts that are not in their target cells (`verified`: the
    sources read back from the target; None: as planned, before writing)."""
    ledger = table.ledger
    assert ledger is not None
    planned = {a.source for _, _, a in table.placements}
    out = []
    for cell, value in sorted(table.census.items()):
        if reason:
            why = reason
        elif cell in planned and (verified is None or cell in verified):
            continue
        elif cell in ledger.duplicates:
            continue
        elif cell in planned:
            why = "写入后读回，目标单元格与导出表不符，未放入"
        else:
            why = ledger.reason(cell)
        out.append(Lost(ledger.ref(cell), value, why, table.unit))
    return out


def read_tables(export: Path) -> ImportResult:
    """Everything the export holds for the nine tables, in the target's layout, with the
    amounts that would not be placed. Raises PjgenError for a workbook that is not a 决算
    export of the 公开表 (a 预算 workbook, the 决算 software's internal report set)."""
    book = read_export(export)
    found, notes = find_sheets(book)
    result = ImportResult(notes=list(notes))
    if not found and budget_sheets(book):
        names = "、".join(f"“{n}”" for n in budget_sheets(book)[:3])
        raise PjgenError(f"{Path(export).name} 是预算工作簿（工作表{names}等是预算表），不是决算报表，未导入。"
                         f"pjgen import 只导入部门决算的公开01–09表：{expected_tables()}。")
    for spec in schema.OFFICIAL_TABLES:
        sheet = found.get(spec.key)
        if sheet is None:
            result.missing.append(spec)
            continue
        result.tables.append(_read_table(spec, sheet, result))
    for table in result.tables:
        result.lost += _account(table, None)
    internal = internal_report_sheets(book)
    certain = not result.lost and not result.missing and all(t.headings_found for t in result.tables)
    if internal and not certain:
        raise PjgenError(
            f"{Path(export).name} 是决算软件的内部报表（工作表“{internal[0]}”等，财决表），不是公开报表，"
            f"其栏目和行与公开表不能确定一一对应，未导入。请从决算软件导出公开01–09表：{expected_tables()}。")
    return result


def _read_back(data: bytes, tables: list[TableImport]) -> set[Cell]:
    """The export cells whose amount the written workbook holds in the planned target cell."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "target.xlsx"
        path.write_bytes(data)
        book = read_workbook(path)
    verified: set[Cell] = set()
    for t in tables:
        sheet = book.sheets.get(t.spec.name)
        if sheet is None or t.target is None:
            continue
        for i, j, amount in t.placements:
            c = t.target.column(j)
            if c is not None and number_or_none(sheet.value(t.target.first_row + i, c)) == amount.value:
                verified.add(amount.source)
    return verified


def import_tables(export: Path, target: Path, replace: bool = False, allow_unplaced: bool = False) -> ImportResult:
    """Fill the target workbook's official tables from the export. The target is written only
    when every non-zero amount is placed, or `allow_unplaced`. Raises PjgenError when either
    file cannot be read, the export is not a 决算 export or the target is not a pjgen workbook."""
    export, target = Path(export), Path(target)
    if not target.exists():
        raise PjgenError(f"找不到目标工作簿 {target}。请先用 pjgen init（或 pjgen init --from 上年工作簿）生成。")
    if export.resolve() == target.resolve():
        raise PjgenError("导出表与目标工作簿是同一个文件。")
    book = read_workbook(target)
    missing = [s.name for s in schema.OFFICIAL_TABLES if s.name not in book.sheets]
    if missing:
        raise PjgenError(f"{target.name} 缺少工作表：{'、'.join(missing)}。目标应为 pjgen init 生成的工作簿。")
    result = read_tables(export)
    writes: dict[str, tuple[int, list[list[Any]]]] = {}
    for t in result.tables:
        sheet = book.sheets[t.spec.name]
        t.target = find_target(t.spec, sheet)
        if not replace and t.target.has_figures(sheet):
            t.skipped = f"{target.name} 的{t.spec.code}已有数据，未覆盖（加 --replace 覆盖）"
            continue
        writes[t.spec.name] = (t.target.first_row, [t.target.spread(row) for row in t.rows])
        t.written = True
    data = replace_table_rows(target, writes) if writes else None
    verified = _read_back(data, result.written) if data is not None else set()
    result.lost = []
    for t in result.tables:
        result.lost += _account(t, verified, "" if t.written else f"{t.skipped}，未放入")
    if data is not None and (allow_unplaced or not result.lost):
        write_atomic(target, data)
        result.saved = True
    return result
