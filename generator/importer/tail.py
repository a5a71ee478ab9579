"""尾差 made by rounding an export's amounts to cents of 万元 (from 元, or from 万元 with
more than two decimals): sums that held before rounding and no longer do."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

from generator.model import ZERO
from generator.money import format_money
from generator.schema import OfficialTable, TableShape


def relations(spec: OfficialTable, rows: list[list[Any]]) -> list[tuple[str, Decimal, Decimal]]:
    """(what, total, sum of its parts) for the sums a table states."""

    def d(v: Any) -> Decimal:
        return v if isinstance(v, Decimal) else ZERO

    out: list[tuple[str, Decimal, Decimal]] = []

    def add(what: str, total: Any, parts: Iterable[Any]) -> None:
        out.append((what, d(total), sum((d(p) for p in parts), ZERO)))

    if spec.shape is TableShape.CODED and rows and rows[0][1] == "合计":
        body = rows[1:]
        for i, head in enumerate(spec.header[2:]):
            col = 2 + i
            add(f"合计行“{head}”", rows[0][col], [r[col] for r in body if len(r[0]) == 3])
            for parent in body:
                kids = [r[col] for r in body if len(r[0]) == len(parent[0]) + 2 and r[0].startswith(parent[0])]
                if kids:
                    add(f"科目 {parent[0]}“{head}”", parent[col], kids)
    elif spec.shape is TableShape.TWO_PANEL:
        income = {r[0]: r[2] for r in rows if r and r[0]}
        add("本年收入合计", income.get("本年收入合计"),
            [income.get(x) for x in spec.income_labels[:spec.income_labels.index("本年收入合计")]])
        expense = [r[3:] for r in rows if len(r) > 3 and r[3]]
        add("本年支出合计", next((r[2] for r in expense if r[0] == "本年支出合计"), None),
            [r[2] for r in expense if r[0] not in spec.expense_trailer])
    elif spec.shape is TableShape.SINGLE_ROW and rows:
        row = rows[0]
        for base, label in ((0, "预算数"), (6, "决算数")):
            add(f"{label}合计", row[base], [row[base + 1], row[base + 2], row[base + 5]])
            add(f"{label}公务用车购置及运行维护费", row[base + 2], [row[base + 3], row[base + 4]])
    return out


def rounding_tail(spec: OfficialTable, exact: list[list[Any]], rounded: list[list[Any]]) -> list[str]:
    """The sums that held in the export's own figures but not once each is rounded to cents."""
    out = []
    for (what, total_exact, parts_exact), (_, total, parts) in zip(relations(spec, exact), relations(spec, rounded)):
        if total_exact == parts_exact and total != parts:
            out.append(f"{spec.code}{what}：{format_money(total)} 万元，分项之和 {format_money(parts)} 万元，"
                       f"尾差 {format_money(total - parts)} 万元")
    return out
