"""Across tables: one figure stated in two tables is the same figure, and a part of a figure
stated in another table is not larger than it."""

from __future__ import annotations

from typing import Any, Callable, Iterator

from generator.checks.common import fmt, mismatch, panel_amount, panel_amounts, same_figure
from generator.model import CodedTable, Report, TwoPanelTable
from generator.printed import EVERYTHING, Printed
from generator.money import CENT
from generator.problems import Problem, warning


def check_cross_tables(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    t1, t4, t2, t3, t5 = report.t1, report.t4, report.t2, report.t3, report.t5
    if t1.income and t2.total:
        a, ref = panel_amount(t1, "本年收入合计")
        yield from same_figure(t2.total.refs.total, "收入决算表合计", t2.totals.total, "收入支出决算总表“本年收入合计”", a, ref)
        amounts, refs = panel_amounts(t1, ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入"))
        yield from mismatch(t2.total.refs.fiscal, "收入决算表“财政拨款收入”合计", t2.totals.fiscal, amounts,
                            "收入支出决算总表三项财政拨款收入", code="cross-table-mismatch", part_refs=refs)
    if t1.income and t3.total:
        a, ref = panel_amount(t1, "本年支出合计", income=False)
        yield from same_figure(t3.total.refs.total, "支出决算表合计", t3.totals.total, "收入支出决算总表“本年支出合计”", a, ref)
    if t1.income and t4.income:
        a, ref = panel_amount(t4, "一般公共预算财政拨款")
        b, bref = panel_amount(t1, "一般公共预算财政拨款收入")
        yield from same_figure(ref, "财政拨款收入支出决算总表“一般公共预算财政拨款”", a,
                         "收入支出决算总表“一般公共预算财政拨款收入”", b, bref)
    if t4.income and t5.total:
        row = t4.expense_row("本年支出合计")
        if row is not None:
            yield from same_figure(t5.total.refs.total, "一般公共预算财政拨款支出决算表合计", t5.totals.total,
                             "财政拨款收入支出决算总表“本年支出合计”的一般公共预算财政拨款", row.amounts.general,
                             row.refs.general)
    if t5.total and report.t6.personnel_ref and report.t6.public_ref:
        yield from mismatch(t5.total.refs.basic, "一般公共预算财政拨款支出决算表基本支出合计",
                            t5.totals.basic, [report.t6.personnel_total, report.t6.public_total],
                            "公开06表人员经费合计、公用经费合计", code="cross-table-mismatch",
                            part_refs=[report.t6.personnel_ref, report.t6.public_ref])


def check_class_rows_across_tables(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    """公开01表's 支出 类 rows equal 公开03表's 类 totals; 公开04表's 一般公共预算 column equals 公开05表's 类."""
    # (panel table, its column compared, coded table, names): 公开01表's only column, 公开04表's 一般公共预算
    pairs: tuple[tuple[TwoPanelTable[Any], Callable[[Any], Any], CodedTable[Any], str, str], ...] = (
        (report.t1, lambda c: c.total, report.t3, "收入支出决算总表", "支出决算表"),
        (report.t4, lambda c: c.general, report.t5, "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表"))
    for panel, col, coded, panel_name, coded_name in pairs:
        if not panel.expense or coded.total is None:
            continue
        classes = {r.name: r for r in coded.rows if r.level == 1}
        for row in panel.expense_classes:
            other = classes.get(row.label)
            amount, ref = col(row.amounts), col(row.refs)
            if other is None:
                if amount != 0:
                    yield Problem("cross-table-mismatch",
                                  f"{panel_name}支出栏“{row.label}”{fmt(amount)} 在{coded_name}中没有同名的类。"
                                  "请核对类名称或补上该类。", ref)
                continue
            yield from same_figure(ref, f"{panel_name}支出栏“{row.label}”", amount, f"{coded_name}同名类的合计",
                             other.amounts.total, other.refs.total)



# 公开06表's 经济分类 items that are parts of a 公开07表 决算 figure: (code, the 07表 column, its heading).
_THREE_PUBLIC_ITEMS = (
    ("30212", "abroad", "因公出国（境）费"),
    ("30217", "reception", "公务接待费"),
    ("30231", "car_run", "公务用车运行维护费"),
)


def check_basic_within_three_public(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    """公开06表's 30212 因公出国（境）费, 30217 公务接待费 and 30231 公务用车运行维护费 are the
    一般公共预算 基本支出 part of the 公开07表 决算 figures (all 财政拨款, 基本 and 项目): they
    cannot exceed them: one cent more is a 尾差 warning (the two tables rounded along different
    paths), more an error; both name the two cells."""
    t6, t7 = report.t6, report.t7
    if t7.actual_refs is None or t6.public_ref is None:
        return
    items = {i.code: i for i in t6.items if i.level == 2}
    for code, column, heading in _THREE_PUBLIC_ITEMS:
        item = items.get(code)
        if item is None:
            continue
        limit, limit_ref = getattr(t7.actual, column), getattr(t7.actual_refs, column)
        if item.amount <= limit:
            continue
        text = (f"公开06表 {code}{item.name}（{item.ref}）为 {fmt(item.amount)}，大于公开07表“三公”经费决算数"
                f"“{heading}”（{limit_ref}）{fmt(limit)}，相差 {fmt(item.amount - limit)}。")
        if item.amount - limit <= CENT:
            yield warning("cross-table-rounding", text + "相差一分，可能是两表分别四舍五入造成的尾差；公开06表的数"
                                                         "不应大于公开07表的数，请统一。", item.ref)
        else:
            yield Problem("basic-above-three-public", text + "公开06表只含一般公共预算财政拨款基本支出，是公开07表"
                                                             "决算数的一部分，不能大于后者。请核对两表。", item.ref)
