"""The two-panel tables (公开01/04表): totals against their rows, 收入总计 = 支出总计."""

from __future__ import annotations

from typing import Iterator

from generator.checks.common import mismatch, panel_amount, panel_amounts, same_figure
from generator.model import Report
from generator.printed import EVERYTHING, Printed
from generator.problems import Problem


def check_t1(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    t = report.t1
    if not t.income:
        return
    sources = ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入",
               "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
    income_total, ref = panel_amount(t, "本年收入合计")
    amounts, refs = panel_amounts(t, sources)
    yield from mismatch(ref, "收入支出决算总表“本年收入合计”", income_total, amounts, "各项收入", part_refs=refs)
    grand_in, gref = panel_amount(t, "总计")
    amounts, refs = panel_amounts(t, ("本年收入合计", "使用非财政拨款结余", "年初结转和结余"))
    yield from mismatch(gref, "收入支出决算总表收入“总计”", grand_in, amounts,
                        "本年收入合计、使用非财政拨款结余、年初结转和结余", part_refs=refs)
    spent, sref = panel_amount(t, "本年支出合计", income=False)
    classes = t.expense_classes
    if classes:
        yield from mismatch(sref, "收入支出决算总表“本年支出合计”", spent, [r.amounts.total for r in classes],
                            "各类支出", part_refs=[r.refs.total for r in classes])
    grand_out, oref = panel_amount(t, "总计", income=False)
    amounts, refs = panel_amounts(t, ("本年支出合计", "结余分配", "年末结转和结余"), income=False)
    yield from mismatch(oref, "收入支出决算总表支出“总计”", grand_out, amounts,
                        "本年支出合计、结余分配、年末结转和结余", part_refs=refs)
    yield from same_figure(oref, "收入支出决算总表支出总计", grand_out, "收入总计", grand_in, gref, "total-mismatch",
                     cent_is_rounding=False)


def check_t4(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    t = report.t4
    if not t.income:
        return
    name = "财政拨款收入支出决算总表"
    funds = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
    income_total, ref = panel_amount(t, "本年收入合计")
    amounts, refs = panel_amounts(t, funds)
    yield from mismatch(ref, f"{name}“本年收入合计”", income_total, amounts, "三项财政拨款", part_refs=refs)
    opening, oref = panel_amount(t, "年初财政拨款结转和结余")
    amounts, refs = panel_amounts(t, [f + "结转和结余" for f in funds])
    yield from mismatch(oref, f"{name}“年初财政拨款结转和结余”", opening, amounts, "三项结转和结余", part_refs=refs)
    grand_in, gref = panel_amount(t, "总计")
    yield from mismatch(gref, f"{name}收入“总计”", grand_in, [income_total, opening], "本年收入合计、年初结转和结余",
                        part_refs=[ref, oref])
    for row in t.expense:
        a, r = row.amounts, row.refs
        yield from mismatch(r.total, f"{name}支出“{row.label}”的合计", a.total, [a.general, a.fund, a.soe],
                            "三项财政拨款", part_refs=[r.general, r.fund, r.soe])
    spent, sref = panel_amount(t, "本年支出合计", income=False)
    classes = t.expense_classes
    if classes:
        yield from mismatch(sref, f"{name}“本年支出合计”", spent, [r.amounts.total for r in classes], "各类支出",
                            part_refs=[r.refs.total for r in classes])
    grand_out, xref = panel_amount(t, "总计", income=False)
    amounts, refs = panel_amounts(t, ("本年支出合计", "年末财政拨款结转和结余"), income=False)
    yield from mismatch(xref, f"{name}支出“总计”", grand_out, amounts, "本年支出合计、年末结转和结余", part_refs=refs)
    yield from same_figure(xref, f"{name}支出总计", grand_out, "收入总计", grand_in, gref, "total-mismatch",
                     cent_is_rounding=False)

