"""Cross-field rules: each check_*(report) yields Problems; ALL_CHECKS runs them all."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Callable, Iterator, Sequence

from generator.figures import agrees, execution_score, precision_of, tolerance, within
from generator.load import normalize_label
from generator.model import ZERO, CodedTable, Project, Report, Score, TwoPanelTable, or_zero, scored
from generator.money import CENT, format_money, format_percent, format_plain, quantize
from generator.problems import CellRef, Problem, Severity, warning
from generator.schema import COMPOSITION, OFFICES, OFFICIAL_TABLES

_NAMES = {t.key: t.name for t in OFFICIAL_TABLES}


def _m(v: Decimal) -> str:
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
    text = (f"{what}{where}为 {_m(total)}，{parts_desc}之和{f'（{cells}）' if cells else ''}为 {_m(s)}，"
            f"相差 {_m(abs(total - s))}。")
    if within(total, parts):
        yield warning("rounding-difference",
                      text + f"差额在{len(parts)}个分项四舍五入可能造成的尾差（不超过 {tolerance(len(parts))}）以内，"
                             "请确认是尾差而不是录入错误。", ref)
    else:
        yield Problem(code, text + "请核对合计数或各分项。", ref)


# ---------------------------------------------------------------------------
# Inside the coded tables (公开02/03/05/08/09表)

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


def check_coded_hierarchy(report: Report) -> Iterator[Problem]:
    """合计 = Σ类, 类 = Σ款, 款 = Σ项, column by column."""
    for table in _coded_tables(report):
        name = _NAMES[table.key]
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


def check_coded_row_sums(report: Report) -> Iterator[Problem]:
    """Each row's 合计 column = Σ its other columns."""
    for table in _coded_tables(report):
        name = _NAMES[table.key]
        pick = _ROW_SUMS[table.key]
        head, part_heads = pick(table.heads)
        rows = ([table.total] if table.total else []) + list(table.rows)
        for row in rows:
            total, parts = pick(row.amounts)
            total_ref, part_refs = pick(row.refs)
            yield from mismatch(total_ref, f"{name}“{row.code + row.name}”的“{head}”", total, parts,
                                "、".join(f"“{h}”" for h in part_heads), part_refs=part_refs)


def check_fund_balance(report: Report) -> Iterator[Problem]:
    """公开08/09表: 年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余."""
    for table in (report.t8, report.t9):
        rows = ([table.total] if table.total else []) + list(table.rows)
        for row in rows:
            a, refs = row.amounts, row.refs
            yield from mismatch(refs.closing, f"{_NAMES[table.key]}“{row.code}{row.name}”的年末结转和结余", a.closing,
                                [a.opening, a.income, -a.spent], "年初结转和结余、本年收入、负的本年支出",
                                code="balance-mismatch", part_refs=[refs.opening, refs.income, refs.spent])


# ---------------------------------------------------------------------------
# The two-panel tables (公开01/04表)

def _panel(table: TwoPanelTable[Any], label: str, income: bool = True) -> tuple[Decimal, CellRef | None]:
    """A 收入 row's amount, or a fixed 支出 row's 合计, with its cell."""
    if income:
        row = table.income_row(label)
        return (ZERO, None) if row is None else (row.amount, row.ref)
    exp = table.expense_row(label)
    return (ZERO, None) if exp is None else (exp.amounts.total, exp.refs.total)


def _lines(table: TwoPanelTable[Any], labels: Sequence[str], income: bool = True
           ) -> tuple[list[Decimal], list[CellRef | None]]:
    """The amounts and cells of several fixed rows of one panel."""
    found = [_panel(table, label, income) for label in labels]
    return [a for a, _ in found], [r for _, r in found]


def check_t1(report: Report) -> Iterator[Problem]:
    t = report.t1
    if not t.income:
        return
    sources = ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入",
               "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
    income_total, ref = _panel(t, "本年收入合计")
    amounts, refs = _lines(t, sources)
    yield from mismatch(ref, "收入支出决算总表“本年收入合计”", income_total, amounts, "各项收入", part_refs=refs)
    grand_in, gref = _panel(t, "总计")
    amounts, refs = _lines(t, ("本年收入合计", "使用非财政拨款结余", "年初结转和结余"))
    yield from mismatch(gref, "收入支出决算总表收入“总计”", grand_in, amounts,
                        "本年收入合计、使用非财政拨款结余、年初结转和结余", part_refs=refs)
    spent, sref = _panel(t, "本年支出合计", income=False)
    classes = t.expense_classes
    if classes:
        yield from mismatch(sref, "收入支出决算总表“本年支出合计”", spent, [r.amounts.total for r in classes],
                            "各类支出", part_refs=[r.refs.total for r in classes])
    grand_out, oref = _panel(t, "总计", income=False)
    amounts, refs = _lines(t, ("本年支出合计", "结余分配", "年末结转和结余"), income=False)
    yield from mismatch(oref, "收入支出决算总表支出“总计”", grand_out, amounts,
                        "本年支出合计、结余分配、年末结转和结余", part_refs=refs)
    yield from _same(oref, "收入支出决算总表支出总计", grand_out, "收入总计", grand_in, gref, "total-mismatch",
                     cent_is_rounding=False)


def check_t4(report: Report) -> Iterator[Problem]:
    t = report.t4
    if not t.income:
        return
    name = "财政拨款收入支出决算总表"
    funds = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
    income_total, ref = _panel(t, "本年收入合计")
    amounts, refs = _lines(t, funds)
    yield from mismatch(ref, f"{name}“本年收入合计”", income_total, amounts, "三项财政拨款", part_refs=refs)
    opening, oref = _panel(t, "年初财政拨款结转和结余")
    amounts, refs = _lines(t, [f + "结转和结余" for f in funds])
    yield from mismatch(oref, f"{name}“年初财政拨款结转和结余”", opening, amounts, "三项结转和结余", part_refs=refs)
    grand_in, gref = _panel(t, "总计")
    yield from mismatch(gref, f"{name}收入“总计”", grand_in, [income_total, opening], "本年收入合计、年初结转和结余",
                        part_refs=[ref, oref])
    for row in t.expense:
        a, r = row.amounts, row.refs
        yield from mismatch(r.total, f"{name}支出“{row.label}”的合计", a.total, [a.general, a.fund, a.soe],
                            "三项财政拨款", part_refs=[r.general, r.fund, r.soe])
    spent, sref = _panel(t, "本年支出合计", income=False)
    classes = t.expense_classes
    if classes:
        yield from mismatch(sref, f"{name}“本年支出合计”", spent, [r.amounts.total for r in classes], "各类支出",
                            part_refs=[r.refs.total for r in classes])
    grand_out, xref = _panel(t, "总计", income=False)
    amounts, refs = _lines(t, ("本年支出合计", "年末财政拨款结转和结余"), income=False)
    yield from mismatch(xref, f"{name}支出“总计”", grand_out, amounts, "本年支出合计、年末结转和结余", part_refs=refs)
    yield from _same(xref, f"{name}支出总计", grand_out, "收入总计", grand_in, gref, "total-mismatch",
                     cent_is_rounding=False)


# ---------------------------------------------------------------------------
# 公开06/07表

def check_t6(report: Report) -> Iterator[Problem]:
    t = report.t6
    for personnel, total, ref, label in ((True, t.personnel_total, t.personnel_ref, "人员经费合计"),
                                         (False, t.public_total, t.public_ref, "公用经费合计")):
        items = t.block_items(personnel)
        classes = [i for i in items if i.level == 1]
        if classes and ref is not None:  # a missing 合计 row is reported by the loader
            yield from mismatch(ref, f"一般公共预算财政拨款基本支出决算表“{label}”", total,
                                [c.amount for c in classes], "各类经济科目", part_refs=[c.ref for c in classes])
        for c in classes:
            kids = [i for i in items if i.level == 2 and i.code.startswith(c.code)]
            if kids:
                yield from mismatch(c.ref, f"一般公共预算财政拨款基本支出决算表科目 {c.code}{c.name}", c.amount,
                                    [k.amount for k in kids], "其下各款", part_refs=[k.ref for k in kids])


def check_t7(report: Report) -> Iterator[Problem]:
    t = report.t7
    name = "财政拨款“三公”经费支出决算表"
    for v, refs, what in ((t.budget, t.budget_refs, "预算数"), (t.actual, t.actual_refs, "决算数")):
        if refs is None:
            continue
        yield from mismatch(refs.total, f"{name}{what}合计", v.total, [v.abroad, v.car, v.reception],
                            "因公出国（境）费、公务用车购置及运行维护费、公务接待费",
                            part_refs=[refs.abroad, refs.car, refs.reception])
        yield from mismatch(refs.car, f"{name}{what}公务用车购置及运行维护费小计", v.car, [v.car_buy, v.car_run],
                            "公务用车购置费、运行维护费", part_refs=[refs.car_buy, refs.car_run])


# ---------------------------------------------------------------------------
# Across tables

def _same(ref: CellRef | None, what: str, a: Decimal, other_what: str, b: Decimal, other_ref: CellRef | None,
          code: str = "cross-table-mismatch", cent_is_rounding: bool = True) -> Iterator[Problem]:
    """One figure stated in two tables: a one-cent difference is a 尾差 warning (the two were
    rounded along different paths), a larger one an error; both name the two cells. Where the
    two must balance exactly (收入总计 = 支出总计), ``cent_is_rounding=False``: every difference
    is an error."""
    if a == b:
        return
    other = f"（{other_ref}）" if other_ref is not None else ""
    text = f"{what}（{ref}）为 {_m(a)}，{other_what}{other}为 {_m(b)}，相差 {_m(abs(a - b))}。"
    if cent_is_rounding and abs(a - b) <= CENT:
        yield warning("cross-table-rounding", text + "相差一分，可能是两表分别四舍五入造成的尾差；同一数字在两张表中应相同，"
                                                     "请统一。", ref)
    else:
        yield Problem(code, text + "同一数字在两处应相同，请核对。", ref)


def check_cross_tables(report: Report) -> Iterator[Problem]:
    t1, t4, t2, t3, t5 = report.t1, report.t4, report.t2, report.t3, report.t5
    if t1.income and t2.total:
        a, ref = _panel(t1, "本年收入合计")
        yield from _same(t2.total.refs.total, "收入决算表合计", t2.totals.total, "收入支出决算总表“本年收入合计”", a, ref)
        amounts, refs = _lines(t1, ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入"))
        yield from mismatch(t2.total.refs.fiscal, "收入决算表“财政拨款收入”合计", t2.totals.fiscal, amounts,
                            "收入支出决算总表三项财政拨款收入", code="cross-table-mismatch", part_refs=refs)
    if t1.income and t3.total:
        a, ref = _panel(t1, "本年支出合计", income=False)
        yield from _same(t3.total.refs.total, "支出决算表合计", t3.totals.total, "收入支出决算总表“本年支出合计”", a, ref)
    if t1.income and t4.income:
        a, ref = _panel(t4, "一般公共预算财政拨款")
        b, bref = _panel(t1, "一般公共预算财政拨款收入")
        yield from _same(ref, "财政拨款收入支出决算总表“一般公共预算财政拨款”", a,
                         "收入支出决算总表“一般公共预算财政拨款收入”", b, bref)
    if t4.income and t5.total:
        row = t4.expense_row("本年支出合计")
        if row is not None:
            yield from _same(t5.total.refs.total, "一般公共预算财政拨款支出决算表合计", t5.totals.total,
                             "财政拨款收入支出决算总表“本年支出合计”的一般公共预算财政拨款", row.amounts.general,
                             row.refs.general)
    if t5.total and report.t6.personnel_ref and report.t6.public_ref:
        yield from mismatch(t5.total.refs.basic, "一般公共预算财政拨款支出决算表基本支出合计",
                            t5.totals.basic, [report.t6.personnel_total, report.t6.public_total],
                            "公开06表人员经费合计、公用经费合计", code="cross-table-mismatch",
                            part_refs=[report.t6.personnel_ref, report.t6.public_ref])


def check_class_rows_across_tables(report: Report) -> Iterator[Problem]:
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
                                  f"{panel_name}支出栏“{row.label}”{_m(amount)} 在{coded_name}中没有同名的类。"
                                  "请核对类名称或补上该类。", ref)
                continue
            yield from _same(ref, f"{panel_name}支出栏“{row.label}”", amount, f"{coded_name}同名类的合计",
                             other.amounts.total, other.refs.total)


def check_subject_names(report: Report) -> Iterator[Problem]:
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


def check_overall(report: Report) -> Iterator[Problem]:
    """部门整体绩效 tasks: 总额 = 财政拨款 + 其他资金."""
    o = report.overall
    if o is None:
        return
    for task in o.tasks:
        yield from mismatch(task.source.ref("total"), f"整体绩效任务“{task.name}”的预算金额总额", task.total,
                            [task.fiscal, task.other], "财政拨款、其他资金",
                            part_refs=[task.source.ref("fiscal"), task.source.ref("other")])
    if o.kind == "自评表":
        for ind in o.indicators:
            yield from _score_in_range(ind.score, ind.weight, f"整体绩效指标“{ind.level3}”得分", ind.ref("score"))


def check_running_cost(report: Report) -> Iterator[Problem]:
    other = report.other
    running = other.running_amount
    if running is None or report.unit.unit_kind == "事业单位" or report.t6.public_ref is None:
        return
    if running != report.t6.public_total:
        yield warning("running-cost-differs",
                      f"机关运行经费 {_m(running)} 与公开06表公用经费合计 {_m(report.t6.public_total)} 不一致。"
                      "行政单位和参公事业单位两者通常相等，请确认。", other.ref("running_amount"))


def check_procurement(report: Report) -> Iterator[Problem]:
    o = report.other
    if o.procurement_total is None:
        return
    total = o.procurement_total
    yield from mismatch(o.ref("procurement_total"), "政府采购支出总额", total,
                        [or_zero(o.procurement_goods), or_zero(o.procurement_works),
                         or_zero(o.procurement_services)], "货物、工程、服务",
                        part_refs=[o.ref("procurement_goods"), o.ref("procurement_works"), o.ref("procurement_services")])
    sme, micro = or_zero(o.procurement_sme), or_zero(o.procurement_micro)
    if sme > total:
        yield Problem("amount-too-large", f"授予中小企业合同金额 {_m(sme)} 大于政府采购支出总额 {_m(total)}。请核对。",
                      o.ref("procurement_sme"))
    if micro > sme:
        yield Problem("amount-too-large", f"授予小微企业合同金额 {_m(micro)} 大于授予中小企业合同金额 {_m(sme)}。请核对。",
                      o.ref("procurement_micro"))


def check_assets(report: Report) -> Iterator[Problem]:
    o = report.other
    if o.vehicles is None:
        return
    parts = o.vehicle_kinds().values()
    if o.vehicles != sum(parts):
        yield Problem("total-mismatch", f"车辆数 {o.vehicles} 辆，但各类用车之和为 {sum(parts)} 辆。请核对。",
                      o.ref("vehicles"))
    if (o.veh_other or 0) > 0 and not o.veh_other_use:
        yield warning("missing-text", "有其他用车，但未填写“其他用车主要是”。", o.ref("veh_other_use"))
    held = report.three_public.car_held
    if held is not None and held != o.vehicles and not report.three_public.car_gap_reason:
        yield missing_reason(f"公务用车保有量 {held} 辆与资产中的车辆 {o.vehicles} 辆不同，请填写差异原因。",
                             report.three_public.ref("car_gap_reason"))


# ---------------------------------------------------------------------------
# Comparisons need reasons

# How a missing reason is reported: a warning by default (the document then prints the
# sentence without its "主要原因是：" clause). A pack's manifest may make it an error.
MISSING_REASON_SEVERITY = Severity.WARNING


def missing_reason(message: str, ref: CellRef | None, severity: Severity | None = None) -> Problem:
    return Problem("missing-reason", message, ref, severity or MISSING_REASON_SEVERITY)


def _reason_needed(reason: str, ref: CellRef, changed: bool, what: str, severity: Severity | None
                   ) -> Iterator[Problem]:
    if changed and not reason:
        yield missing_reason(f"{what}有差异，但未说明原因。文档中这句话将不写“主要原因是：”，请填写原因。", ref, severity)


def check_reasons(report: Report, severity: Severity | None = None) -> Iterator[Problem]:
    """A reason for every figure that differs from the one it is compared with, and only then."""
    c, tp, o = report.compare, report.three_public, report.other
    grand = _panel(report.t1, "总计")[0]
    fiscal = _panel(report.t4, "总计")[0]
    fiscal_spent = _panel(report.t4, "本年支出合计", income=False)[0]  # what the budget is compared with
    general = report.t5.totals.total
    pairs = [
        (c.total_reason, c.ref("total_reason"), c.total_last not in (None, grand), "收入支出总计"),
        (c.fiscal_reason, c.ref("fiscal_reason"), c.fiscal_last not in (None, fiscal), "财政拨款收入支出总计"),
        (c.fiscal_budget_reason, c.ref("fiscal_budget_reason"), c.fiscal_budget not in (None, fiscal_spent),
         "财政拨款收支决算数"),
        (c.general_reason, c.ref("general_reason"), c.general_last not in (None, general), "一般公共预算财政拨款支出"),
        (c.general_budget_reason, c.ref("general_budget_reason"), c.general_budget not in (None, general),
         "一般公共预算财政拨款支出决算数"),
        (o.running_reason, o.ref("running_reason"), o.running_last not in (None, o.running_amount), "机关运行经费"),
    ]
    budget, actual = report.t7.budget, report.t7.actual
    abroad, car = or_zero(tp.abroad_last), or_zero(tp.car_buy_last) + or_zero(tp.car_run_last)
    reception = or_zero(tp.reception_last)
    pairs += [
        (tp.total_reason, tp.ref("total_reason"), abroad + car + reception != actual.total, "“三公”经费"),
        (tp.abroad_reason, tp.ref("abroad_reason"), abroad != actual.abroad, "因公出国（境）费"),
        (tp.car_reason, tp.ref("car_reason"), car != actual.car, "公务用车购置及运行维护费"),
        (tp.reception_reason, tp.ref("reception_reason"), reception != actual.reception, "公务接待费"),
        (tp.budget_reason, tp.ref("budget_reason"), budget.total != actual.total, "“三公”经费预决算"),
        (tp.abroad_budget_reason, tp.ref("abroad_budget_reason"), budget.abroad != actual.abroad, "因公出国（境）费预决算"),
        (tp.car_buy_budget_reason, tp.ref("car_buy_budget_reason"), budget.car_buy != actual.car_buy,
         "公务用车购置费预决算"),
        (tp.car_run_budget_reason, tp.ref("car_run_budget_reason"), budget.car_run != actual.car_run,
         "公务用车运行维护费预决算"),
        (tp.reception_budget_reason, tp.ref("reception_budget_reason"), budget.reception != actual.reception,
         "公务接待费预决算"),
    ]
    for reason, ref, changed, what in pairs:
        yield from _reason_needed(reason, ref, changed, what, severity)


def check_general_last(report: Report) -> Iterator[Problem]:
    """上年对比 sheet: structure sums, a reason for each changed 项, a row for each 项 of 公开05表."""
    rows = report.general_last
    by_code = {r.code: r for r in rows if r.code}
    for r in rows:
        code = r.code
        if not re.fullmatch(r"\d{3}|\d{5}|\d{7}", code):
            yield Problem("bad-code", f"科目编码“{code}”无效。类为3位、款为5位、项为7位数字。", r.ref("code"))
            continue
        last = or_zero(r.last_amount)
        if len(code) < 7:
            kids = [k for k in rows if len(k.code) == len(code) + 2 and k.code.startswith(code)]
            if kids:
                yield from mismatch(r.ref("last_amount"), f"上年科目 {code}{r.name}", last,
                                    [or_zero(k.last_amount) for k in kids], "其下各级科目",
                                    part_refs=[k.ref("last_amount") for k in kids])
            continue
        current = report.t5.row(code)
        now = current.amounts.total if current else ZERO
        if now != last and not r.reason:
            yield missing_reason(f"科目 {code}{r.name} 本年 {_m(now)} 与上年 {_m(last)} 不同，但未填写主要原因。"
                                 "文档中这句话将不写“主要原因是：”。", r.ref("reason"))
    for row in report.t5.rows:
        if row.level == 3 and row.code not in by_code:
            yield warning("missing-last-year",
                          f"公开05表科目 {row.code}{row.name} 在“一般公共预算支出上年对比”中没有上年数，按上年 0 处理。"
                          "请补上该科目（上年为 0 的填 0）并说明原因。", row.name_ref)
    classes = [r for r in rows if len(r.code) == 3]
    last_total = report.compare.general_last
    if classes and last_total is not None:
        yield from mismatch(report.compare.ref("general_last"), "上年一般公共预算财政拨款支出", last_total,
                            [or_zero(r.last_amount) for r in classes], "“一般公共预算支出上年对比”表各类上年数",
                            part_refs=[r.ref("last_amount") for r in classes])


def check_item_notes(report: Report) -> Iterator[Problem]:
    """项级科目说明: every 项 of 公开05表 explained once the sheet is used; a reason wherever
    budget and actual differ; the 项 budgets add up to the 一般公共预算 年初预算 when every 项 has one."""
    notes = report.item_notes
    if not notes:
        return
    by_code = {n.code: n for n in notes if n.code}
    items = [r for r in report.t5.rows if r.level == 3]
    for row in items:
        note = by_code.get(row.code)
        if note is None:
            if row.amounts.total != 0:
                yield warning("missing-item-note",
                              f"公开05表科目 {row.code}{row.name} 在“项级科目说明”中没有说明（主要用于、年初预算数）。"
                              "请补上该科目。", row.name_ref)
            continue
        if note.budget is not None and note.budget != row.amounts.total and not note.reason:
            yield warning("missing-reason", f"科目 {row.code}{row.name} 年初预算 {_m(note.budget)} 与决算 "
                                            f"{_m(row.amounts.total)} 不同，但未填写预决算差异原因。", note.ref("reason"))
    explained = [by_code[r.code] for r in items if r.code in by_code and by_code[r.code].budget is not None]
    every_item = len(explained) == len([r for r in items if r.amounts.total != 0 or r.code in by_code])
    general_budget = report.compare.general_budget
    if general_budget is not None and explained and every_item:
        yield from mismatch(report.compare.ref("general_budget"), "一般公共预算财政拨款支出年初预算数", general_budget,
                            [or_zero(n.budget) for n in explained], "“项级科目说明”各项年初预算数",
                            part_refs=[n.ref("budget") for n in explained])


# ---------------------------------------------------------------------------
# 项目支出绩效自评表

_RATE_IN_TEXT = re.compile(r"(\d+(?:\.\d+)?)\s*%")


def _score_in_range(score: Score, weight: Score, what: str, ref: CellRef) -> Iterator[Problem]:
    """0 ≤ score ≤ weight, when both are numbers ("/" and unreadable cells are not compared)."""
    if isinstance(score, Decimal) and isinstance(weight, Decimal) and not (0 <= score <= weight):
        yield Problem("score-out-of-range", f"{what} {score} 不在 0 到分值 {weight} 之间。", ref)


def _check_total_score(p: Project, label: str) -> Iterator[Problem]:
    """总分 = 执行率得分 + Σ指标得分, to the precision 总分 is written in; not summed when a score
    cannot be read (that cell is reported where it is read)."""
    ref = p.head.ref("total_score")
    if not isinstance(p.total_score, Decimal):
        return
    scores = [p.rate_score, *(i.score for i in p.indicators)]
    total = scored(scores)
    if total is None:
        cells = [p.head.ref("rate_score")] * (p.rate_score is None) + [i.ref("score") for i in p.indicators
                                                                        if i.score is None]
        yield warning("total-score-unchecked", f"{label}总分 {p.total_score} 无法核对：{cells_text(cells)} 的得分"
                                               "未填写或无法识别（见该单元格的问题）。改正后请重新检查。", ref)
    elif not agrees(p.total_score, total):
        yield Problem("total-score-mismatch", f"{label}总分填的是 {p.total_score}，但执行率得分与各指标得分之和为 "
                                              f"{format_plain(total)}。请核对。", ref)


def check_projects(report: Report) -> Iterator[Problem]:
    rule = report.performance.score_rule or "阈值线性"
    for p in report.projects:
        ref = p.head.ref
        label = f"项目“{p.name}”"
        by_stage = [("initial", lambda f: f.initial), ("full", lambda f: f.full),
                    ("executed", lambda f: f.executed)]
        for stage_name, stage in by_stage:
            parts = [stage(p.fiscal), stage(p.other)] + ([stage(p.carry)] if p.carry else [])
            cells = [ref(f"{stage_name}_fiscal"), ref(f"{stage_name}_other")] + \
                ([ref(f"{stage_name}_carry")] if p.carry else [])
            yield from mismatch(ref(f"{stage_name}_total"), f"{label}年度资金总额", stage(p.total), parts,
                                "当年财政拨款、上年结转资金、其他资金", part_refs=cells)
        weights = scored([p.rate_weight, *(i.weight for i in p.indicators)])
        if p.indicators and weights is not None and weights != 100:
            yield Problem("weights-not-100", f"{label}的分值合计为 {weights}（执行率 {p.rate_weight} + 各指标），应为 100。"
                                             "请调整各指标分值。", ref("rate_weight"))
        yield from _check_total_score(p, label)
        yield from _score_in_range(p.rate_score, p.rate_weight, f"{label}执行率得分", ref("rate_score"))
        for ind in p.indicators:
            yield from _score_in_range(ind.score, ind.weight, f"{label}指标“{ind.level3}”得分", ind.ref("score"))
        rate = p.execution_rate
        if rate is None:
            continue
        if rate > 1:
            yield warning("over-executed", f"{label}全年执行数 {_m(p.total.executed)} 超过全年预算数 "
                                           f"{_m(p.total.full)}（执行率 {format_percent(rate)}）。请核对。",
                          ref("executed_total"))
        if isinstance(p.rate_score, Decimal) and isinstance(p.rate_weight, Decimal):
            # the rule applied to the exact rate, or to the rate as the table prints it (99.38 %)
            candidates = [execution_score(r, p.rate_weight, rule) for r in (rate, quantize(rate, Decimal("0.0001")))]
            if not any(agrees(p.rate_score, c) for c in candidates):
                unit = precision_of(p.rate_score)
                yield warning("score-rule-mismatch",
                              f"{label}执行率 {format_percent(rate)}，按“{rule}”规则得分应为 "
                              f"{quantize(candidates[0], unit)}，工作簿填的是 {p.rate_score}。文档将使用工作簿的得分，"
                              "请确认。", ref("rate_score"))
        for ind in p.indicators:
            if "预算成本控制率" in ind.level3 or "预算执行率" in ind.level3:
                m = _RATE_IN_TEXT.search(ind.actual or "")
                if m and not agrees(Decimal(m.group(1)), rate * 100):
                    yield warning("indicator-rate-mismatch",
                                  f"{label}指标“{ind.level3}”完成值为 {ind.actual}，但执行率为 {format_percent(rate)}"
                                  f"（{format_money(p.total.executed)} / {format_money(p.total.full)}）。请核对。",
                                  ind.ref("actual"))


def check_composition(report: Report) -> Iterator[Problem]:
    """下属预算单位 in 机构设置 while 单位构成 lists at most one unit: a layout that prints
    单位构成 (上海) then writes the one-unit 二、机构设置. Reported on 单位构成, so only for
    packs that use that sheet."""
    units = report.composition
    if not report.subordinates or len(units) > 1:
        return
    row = units[-1].row + 1 if units else COMPOSITION.first_row
    yield warning("composition-one-unit",
                  f"“{OFFICES.name}”列有下属预算单位（{'、'.join(report.subordinates)}），“{COMPOSITION.name}”"
                  f"却{'只有一个单位' if units else '没有填写'}：文档按只有一个单位的部门，第一部分 二 写“机构设置”，"
                  f"不列单位构成表。部门决算包括下属单位时，请在“{COMPOSITION.name}”中逐个列出（含本级）。",
                  CellRef(COMPOSITION.name, f"A{row}"))


ALL_CHECKS: list[Callable[[Report], Iterator[Problem]]] = [
    check_coded_hierarchy, check_coded_row_sums, check_fund_balance, check_t1, check_t4, check_t6, check_t7,
    check_cross_tables, check_class_rows_across_tables, check_subject_names, check_running_cost, check_procurement, check_assets, check_reasons, check_general_last,
    check_item_notes, check_projects, check_overall, check_composition,
]


def run_checks(report: Report) -> list[Problem]:
    problems: list[Problem] = []
    for check in ALL_CHECKS:
        problems.extend(check(report))
    return problems
