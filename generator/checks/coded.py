"""Inside the coded tables (公开02/03/05/08/09表): hierarchy, row sums, fund balances, one name per code."""

from __future__ import annotations

from typing import Any, Callable, Iterator

from generator.checks.common import TABLE_NAMES, mismatch
from generator.load_text import normalize_label
from generator.model import CodedTable, Report
from generator.printed import EVERYTHING, Printed
from generator.problems import CellRef, Problem


# For each coded table: which column of a row is the sum of which others. Applied alike
# to a row's amounts, its CellRefs and the table's headings.
_ROW_SUMS: dict[str, Callable[[Any], tuple[Any, tuple[Any, ...]]]] = {
    "t2": lambda c: (c.total, (c.fiscal, c.superior, c.business, c.operating, c.affiliated, c.other)),
    "t3": lambda c: (c.total, (c.basic, c.project, c.superior, c.operating, c.affiliated)),
    "t5": lambda c: (c.total, (c.basic, c.project)),
    "t8": lambda c: (c.spent, (c.basic, c.project)),
    "t9": lambda c: (c.spent, (c.basic, c.project)),
}


def _coded_tables(report: Report) -> list[CodedTable[Any]]:
    return [report.t2, report.t3, report.t5, report.t8, report.t9]


def check_coded_hierarchy(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    """合计 = Σ类, 类 = Σ款, 款 = Σ项, column by column."""
    for table in _coded_tables(report):
        name = TABLE_NAMES[table.key]
        heads = table.heads.values()
        classes = [r for r in table.rows if r.level == 1]
        if table.total is not None and classes:
            for c, head in enumerate(heads):
                yield from mismatch(table.total.refs.values()[c], f"{name}“合计”行的“{head}”",
                                    table.total.amounts.values()[c], [r.amounts.values()[c] for r in classes],
                                    "各类", part_refs=[r.refs.values()[c] for r in classes])
        for parent in table.rows:
            if parent.level not in (1, 2):
                continue
            kids = [r for r in table.rows if len(r.code) == len(parent.code) + 2 and r.code.startswith(parent.code)]
            if not kids:
                continue
            level = "款" if parent.level == 1 else "项"
            for c, head in enumerate(heads):
                yield from mismatch(parent.refs.values()[c], f"{name}科目 {parent.code}{parent.name}的“{head}”",
                                    parent.amounts.values()[c], [k.amounts.values()[c] for k in kids],
                                    f"其下各{level}", part_refs=[k.refs.values()[c] for k in kids])
        for row in table.rows:
            parent_code = row.code[:-2]
            if row.level >= 2 and table.row(parent_code) is None:
                yield Problem("missing-parent",
                              f"{name}科目 {row.code}{row.name}的上级科目 {parent_code} 不在表中。请补上类、款行。",
                              row.name_ref)


def check_coded_row_sums(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    """Each row's 合计 column = Σ its other columns."""
    for table in _coded_tables(report):
        name = TABLE_NAMES[table.key]
        pick = _ROW_SUMS[table.key]
        head, part_heads = pick(table.heads)
        rows = ([table.total] if table.total else []) + list(table.rows)
        for row in rows:
            total, parts = pick(row.amounts)
            total_ref, part_refs = pick(row.refs)
            yield from mismatch(total_ref, f"{name}“{row.code + row.name}”的“{head}”", total, parts,
                                "、".join(f"“{h}”" for h in part_heads), part_refs=part_refs)


def check_fund_balance(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    """公开08/09表: 年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余."""
    for table in (report.t8, report.t9):
        rows = ([table.total] if table.total else []) + list(table.rows)
        for row in rows:
            a, refs = row.amounts, row.refs
            yield from mismatch(refs.closing, f"{TABLE_NAMES[table.key]}“{row.code}{row.name}”的年末结转和结余", a.closing,
                                [a.opening, a.income, -a.spent], "年初结转和结余、本年收入、负的本年支出",
                                code="balance-mismatch", part_refs=[refs.opening, refs.income, refs.spent])



def check_subject_names(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    """One 科目编码, one 科目名称: in every coded table and in 一般公共预算支出上年对比."""
    first: dict[str, tuple[str, CellRef | None]] = {}
    named: list[tuple[str, str, CellRef | None]] = [
        (row.code, row.name, row.name_ref) for table in _coded_tables(report) for row in table.rows]
    named += [(r.code, r.name, r.ref("name")) for r in report.general_last if r.code]
    for code, name, ref in named:
        if not name:
            continue  # reported where it is read
        if code not in first:
            first[code] = (name, ref)
            continue
        seen, seen_ref = first[code]
        if normalize_label(seen) != normalize_label(name):
            yield Problem("subject-name-mismatch",
                          f"科目编码 {code} 在此写作“{name}”，在 {seen_ref} 写作“{seen}”。同一科目在各表中的名称应一致，请核对。",
                          ref)

