"""Helpers the check families share: how a total is compared with its parts, how one figure
stated in two tables is compared, and how the two-panel tables' rows are read."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator, Sequence

from generator.figures import tolerance, within
from generator.model import ZERO, TwoPanelTable
from generator.money import CENT, format_money
from generator.problems import CellRef, Problem, warning
from generator.schema import OFFICIAL_TABLES


TABLE_NAMES = {t.key: t.name for t in OFFICIAL_TABLES}


def fmt(v: Decimal) -> str:
    """An amount as the messages write it: 1,234.50."""
    return format_money(v)


def cells_text(refs: Sequence[CellRef | None]) -> str:
    """Cells for a message, the sheet named once: 收入决算表!C6、C12、C17."""
    known = [r for r in refs if r is not None]
    if not known:
        return ""
    if len({r.sheet for r in known}) > 1:
        return "、".join(str(r) for r in known)
    return f"{known[0].sheet}!" + "、".join(r.cell for r in known)


def mismatch(ref: CellRef | None, what: str, total: Decimal, parts: Sequence[Decimal], parts_desc: str,
             code: str = "total-mismatch", part_refs: Sequence[CellRef | None] = ()) -> Iterator[Problem]:
    """A stated total against its parts: equal, a 尾差 warning within what rounding the parts
    can explain, an error beyond. Both name the total, the sum and their cells."""
    s = sum(parts, ZERO)
    if total == s:
        return
    where = f"（{ref}）" if ref is not None else ""
    cells = cells_text(part_refs)
    text = (f"{what}{where}为 {fmt(total)}，{parts_desc}之和{f'（{cells}）' if cells else ''}为 {fmt(s)}，"
            f"相差 {fmt(abs(total - s))}。")
    if within(total, parts):
        yield warning("rounding-difference",
                      text + f"差额在{len(parts)}个分项四舍五入可能造成的尾差（不超过 {tolerance(len(parts))}）以内，"
                             "请确认是尾差而不是录入错误。", ref)
    else:
        yield Problem(code, text + "请核对合计数或各分项。", ref)



def panel_amount(table: TwoPanelTable[Any], label: str, income: bool = True) -> tuple[Decimal, CellRef | None]:
    """A 收入 row's amount, or a fixed 支出 row's 合计, with its cell."""
    if income:
        row = table.income_row(label)
        return (ZERO, None) if row is None else (row.amount, row.ref)
    exp = table.expense_row(label)
    return (ZERO, None) if exp is None else (exp.amounts.total, exp.refs.total)


def panel_amounts(table: TwoPanelTable[Any], labels: Sequence[str], income: bool = True
           ) -> tuple[list[Decimal], list[CellRef | None]]:
    """The amounts and cells of several fixed rows of one panel."""
    found = [panel_amount(table, label, income) for label in labels]
    return [a for a, _ in found], [r for _, r in found]



def same_figure(ref: CellRef | None, what: str, a: Decimal, other_what: str, b: Decimal, other_ref: CellRef | None,
          code: str = "cross-table-mismatch", cent_is_rounding: bool = True) -> Iterator[Problem]:
    """One figure stated in two tables: a one-cent difference is a 尾差 warning (the two were
    rounded along different paths), a larger one an error; both name the two cells. Where the
    two must balance exactly (收入总计 = 支出总计), ``cent_is_rounding=False``: every difference
    is an error."""
    if a == b:
        return
    other = f"（{other_ref}）" if other_ref is not None else ""
    text = f"{what}（{ref}）为 {fmt(a)}，{other_what}{other}为 {fmt(b)}，相差 {fmt(abs(a - b))}。"
    if cent_is_rounding and abs(a - b) <= CENT:
        yield warning("cross-table-rounding", text + "相差一分，可能是两表分别四舍五入造成的尾差；同一数字在两张表中应相同，"
                                                     "请统一。", ref)
    else:
        yield Problem(code, text + "同一数字在两处应相同，请核对。", ref)

