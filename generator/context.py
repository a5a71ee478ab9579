"""Model + figures + phrases → the dict the Word template prints.

Every value in the context is a preformatted string (or a list/bool that the
template loops or branches on): templates contain no arithmetic. Every figure and
phrase goes through one Formatter built from the pack's [wording], passed to each
section builder. The tables (公开01–09表, 绩效自评表) are in generator/context_tables.py,
七、“三公”经费 in generator/context_three_public.py; what each part holds (typed, described)
in generator/context_types.py and the modules it imports.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from generator.comparisons import budget, compare, listed, shares_of
from generator.context_tables import annex_context, overall_context, panel_amount, project_context
from generator.context_three_public import section7
from generator.context_types import DocumentContext, as_mapping
from generator.phrases import BudgetItem
from generator.sections import (Assets, ClassShare, CompositionRow, Detail, Function, Fund, Glossary, Named, Procurement,
                                Section1, Section2, Section3, Section4, Section5, Section6, Section10, Section11, Section12,
                                Staff, Stages)
from generator.figures import Change
from generator.model import ZERO, CodedTable, ItemNoteRow, LastYearRow, PerformanceStages, Report, or_zero
from generator.money import format_plain
from generator.narrative import DEFAULT_WORDING, Formatter, Wording, chinese_numeral, join_names
from generator.schema import T2, T3
from generator.sheet_fields import fields_context
from generator.title import DEFAULT_TITLE, fill_title

_panel = panel_amount


# ---------------------------------------------------------------------------
# 第一部分

# A 主要职能 item that carries its own number: 1. / 1、 / （一） / 一、 / (1)
OWN_NUMBER = re.compile(r"^\s*(?:\d+\s*[.．、]|[（(]\s*(?:\d+|[一二三四五六七八九十]+)\s*[)）]|[一二三四五六七八九十]+、)")


def functions_context(r: Report) -> dict[str, Any]:
    """主要职能 as written: the items are numbered by the template only when there are several and
    none carries a number of its own (one paragraph is never "1."; "（一）…" is not renumbered). A first
    row ending in a colon ("根据三定方案，主要职能包括：") is the preamble when no 主要职能概述 is given."""
    intro, items = r.unit.functions_intro, r.functions
    if not intro and len(items) > 1 and items[0].rstrip().endswith(("：", ":")):
        intro, items = items[0], items[1:]
    own = [bool(OWN_NUMBER.match(t)) for t in items]
    return {
        "functions_intro": intro,
        "functions": [Function(num=chinese_numeral(i), no=str(i), text=t, own_number=o)
                      for i, (t, o) in enumerate(zip(items, own), start=1)],
        "functions_numbered": len(items) > 1 and not any(own),
    }


def unit_context(r: Report) -> dict[str, Any]:
    u = r.unit
    active, cadre, retired = (u.staff_active or 0, u.staff_retired_cadre or 0, u.staff_retired or 0)
    return {
        **functions_context(r),
        "staff": Staff(total=str(active + cadre + retired), active=str(active), retired_cadre=str(cadre),
                       retired=str(retired)),
        "subordinates": Named(count=str(len(r.subordinates)), names=join_names(r.subordinates)),
        "offices": Named(count=str(len(r.offices)), names=join_names(r.offices)),
    }


# ---------------------------------------------------------------------------
# 第二部分

def section1(f: Formatter, r: Report) -> Section1:
    t1, c = r.t1, r.compare
    grand = _panel(t1, "总计")
    return Section1(
        income_grand=f.money(grand),
        income_total=f.money(_panel(t1, "本年收入合计")),
        nonfiscal_surplus=f.money(_panel(t1, "使用非财政拨款结余")),
        opening=f.money(_panel(t1, "年初结转和结余")),
        expense_grand=f.money(_panel(t1, "总计", income=False)),
        expense_total=f.money(_panel(t1, "本年支出合计", income=False)),
        distribution=f.money(_panel(t1, "结余分配", income=False)),
        closing=f.money(_panel(t1, "年末结转和结余", income=False)),
        yoy=compare(f, grand, c.total_last, c.total_reason, style="compare"),
    )


def section2(f: Formatter, r: Report) -> Section2:
    t = r.t2.totals
    parts = [("fiscal", t.fiscal), ("superior", t.superior), ("business", t.business), ("operating", t.operating),
             ("affiliated", t.affiliated), ("other", t.other)]
    names = T2.header[3:]  # 财政拨款收入 … 其他收入
    return Section2(total=f.money(t.total), **shares_of(f, parts, t.total),
                    listed=listed(f, [(n, a) for n, (_, a) in zip(names, parts)], t.total))


def section3(f: Formatter, r: Report) -> Section3:
    t = r.t3.totals
    parts = [("basic", t.basic), ("project", t.project), ("superior", t.superior), ("operating", t.operating),
             ("affiliated", t.affiliated)]
    names = T3.header[3:]  # 基本支出 … 对附属单位补助支出
    return Section3(total=f.money(t.total), **shares_of(f, parts, t.total),
                    listed=listed(f, [(n, a) for n, (_, a) in zip(names, parts)], t.total))


def section4(f: Formatter, r: Report) -> Section4:
    t4, c = r.t4, r.compare
    grand = _panel(t4, "总计")
    spent = _panel(t4, "本年支出合计", income=False)
    return Section4(
        income_grand=f.money(grand),
        opening=f.money(_panel(t4, "年初财政拨款结转和结余")),
        income=f.money(_panel(t4, "本年收入合计")),
        expense_grand=f.money(_panel(t4, "总计", income=False)),
        closing=f.money(_panel(t4, "年末财政拨款结转和结余", income=False)),
        expense=f.money(spent),
        yoy=compare(f, grand, c.fiscal_last, c.fiscal_reason, style="compare"),
        budget=budget(f, spent, c.fiscal_budget, c.fiscal_budget_reason, c.fiscal_budget_full),
    )


def _path(code: str, names: dict[str, str]) -> str:
    """类（类）款（款）项（项）; a level whose name no sheet gives (a 项 budgeted and not spent, whose
    类 and 款 are not in 公开05表) is left out rather than printed as an empty （类）."""
    parts = [(code[:3], "类"), (code[:5], "款"), (code, "项")]
    return "".join(f"{names.get(c, '')}（{level}）" for c, level in parts if names.get(c) or c == code)


def section5(f: Formatter, r: Report) -> Section5:
    t5, c = r.t5, r.compare
    total = t5.totals.total
    spent_all = r.t3.totals.total
    classes = [row for row in t5.rows if row.level == 1 and row.amounts.total != 0]
    shares = f.shares([row.amounts.total for row in classes], total)
    names = {row.code: row.name for row in r.general_last if row.code}
    names.update({row.code: row.name for row in t5.rows})
    last = {row.code: row for row in r.general_last if len(row.code) == 7}
    items: list[tuple[str, Decimal, LastYearRow | None]] = []
    this_year = [row for row in t5.rows if row.level == 3]
    seen = set()
    for row in this_year:
        prev = last.get(row.code)
        seen.add(row.code)
        if row.amounts.total == 0 and (prev is None or or_zero(prev.last_amount) == 0):
            continue
        items.append((row.code, row.amounts.total, prev))
    for code, prev in last.items():
        if code not in seen and or_zero(prev.last_amount) != 0:
            items.append((code, ZERO, prev))
    return Section5(
        amount=f.money(total),
        share_of_expense=f.percent_of(total, spent_all),
        yoy=compare(f, total, c.general_last, c.general_reason, style="compare"),
        budget=budget(f, total, c.general_budget, c.general_budget_reason, c.general_budget_full),
        classes=[ClassShare(num=str(i), name=row.name, amount=f.money(row.amounts.total), share=f.percent(s))
                 for i, (row, s) in enumerate(zip(classes, shares), start=1)],
        details=[_item(f, i, code, amount, prev, names) for i, (code, amount, prev) in enumerate(items, start=1)],
        budget_items=budget_items(f, t5, r.item_notes, unspent=r.general_unspent_notes()),
    )


def budget_items(f: Formatter, table: CodedTable[Any], notes: tuple[ItemNoteRow, ...],
                 unspent: tuple[ItemNoteRow, ...] = ()) -> list[BudgetItem]:
    """Every 项 of a coded table (its spending column: 合计 or 本年支出小计) with its
    项级科目说明: 主要用于, the budget (年初 or 全年, as the pack compares) against 决算.
    不涉及的不列: a 项 with neither spending nor a budget is left out; ``unspent``, the 项
    budgeted and not spent that the table does not list (公开05表's: Report.general_unspent_notes,
    never a fund's), follow with 决算 0.00."""
    def spent(row) -> Decimal:
        return getattr(row.amounts, "spent", None) if table.key in ("t8", "t9") else row.amounts.total

    by_code = {n.code: n for n in notes if n.code}
    names = {n.code: n.name for n in notes if n.code}
    names.update({row.code: row.name for row in table.rows})
    rows = [(row.code, spent(row)) for row in table.rows if row.level == 3]
    seen = {code for code, _ in rows}
    for n in unspent:
        if n.code not in seen:
            rows.append((n.code, ZERO))
            seen.add(n.code)
    items: list[BudgetItem] = []
    for code, actual in rows:
        note = by_code.get(code)
        initial = note.budget if note is not None else None
        full = note.budget_full if note is not None else None
        if actual == 0 and not initial and not full:
            continue
        items.append(budget(f, actual, initial, note.reason if note is not None else "", full, kind=BudgetItem,
                            num=str(len(items) + 1), code=code, path=_path(code, names),
                            purpose=note.purpose if note is not None else ""))
    return items


def _item(f: Formatter, num: int, code: str, amount: Decimal, prev: LastYearRow | None,
          names: dict[str, str]) -> Detail:
    last = or_zero(prev.last_amount) if prev is not None else ZERO
    return Detail(num=str(num), path=_path(code, names), amount=f.money(amount),
                  change=f.change(Change(amount, last), "上年决算"), reason=prev.reason if prev is not None else "")


def section6(f: Formatter, r: Report) -> Section6:
    t6 = r.t6

    def names(personnel: bool) -> str:
        return join_names([i.name for i in t6.block_items(personnel) if i.level == 2 and i.amount != 0])

    return Section6(basic=f.money(r.t5.totals.basic),
                    personnel=f.money(t6.personnel_total), personnel_items=names(True),
                    public=f.money(t6.public_total), public_items=names(False))


def _fund_section(f: Formatter, table: CodedTable[Any], notes: tuple[ItemNoteRow, ...] = ()) -> Fund:
    t = table.totals
    return Fund(empty=table.is_empty, opening=f.money(t.opening), income=f.money(t.income), expense=f.money(t.spent),
                basic=f.money(t.basic), project=f.money(t.project), closing=f.money(t.closing),
                budget_items=budget_items(f, table, notes) if not table.is_empty else [])


def section10(f: Formatter, r: Report) -> Section10:
    o = r.other
    total = or_zero(o.procurement_total)
    kind = r.unit.unit_kind
    sme, micro = or_zero(o.procurement_sme), or_zero(o.procurement_micro)
    return Section10(
        unit_kind_note="（行政单位和参照公务员法管理事业单位）" if kind != "事业单位" else "",
        running=compare(f, or_zero(o.running_amount), o.running_last, o.running_reason),
        procurement=Procurement(
            any=total != 0,
            total=f.money(total), goods=f.money(or_zero(o.procurement_goods)),
            works=f.money(or_zero(o.procurement_works)), services=f.money(or_zero(o.procurement_services)),
            sme=f.money(sme), sme_share=f.percent_of(sme, total),
            micro=f.money(micro), micro_share=f.percent_of(micro, total),
            **{k: f.money(or_zero(getattr(r.procurement_reserved, k))) for k in (
                "sme_reserved", "micro_reserved", "sme_reserved_awarded", "micro_reserved_awarded",
                "sme_other_awarded")},
        ),
        assets=Assets(
            original=f.money(or_zero(o.assets_original)),
            building_area=f.money(or_zero(o.building_area)),  # 平方米, in the pack's number format
            building_value=f.money(or_zero(o.building_value)),
            vehicles=str(o.vehicles or 0), vehicles_value=f.money(or_zero(o.vehicles_value)),
            **{k: str(n) for k, n in o.vehicle_kinds().items()},
            other_use=o.veh_other_use,
            big_equipment=str(o.big_equipment or 0),
        ),
    )


def section11(f: Formatter, r: Report) -> Section11:
    p = r.performance
    overall = r.overall if r.overall is not None and r.overall.kind == "自评表" else None
    o_budget = sum((t.total for t in overall.tasks), ZERO) if overall else ZERO
    o_exec = sum((t.executed or ZERO for t in overall.tasks), ZERO) if overall else ZERO
    return Section11(
        overall_count="1" if overall else "0",
        overall_budget=f.money(o_budget), overall_executed=f.money(o_exec),
        project_count=str(len(r.projects)),
        project_budget=f.money(sum((pr.total.full for pr in r.projects), ZERO)),
        project_executed=f.money(sum((pr.total.executed for pr in r.projects), ZERO)),
        achievements=p.achievements, problems=p.problems, improvements=p.improvements,
        stages=performance_stages(f, r.performance_stages),
    )


def performance_stages(f: Formatter, s: PerformanceStages) -> Stages:
    """预算绩效管理: 制度, 工作机制, projects and amounts at each stage, score and grades."""
    counts = ("target_count", "track_count", "selfeval_count", "grade_excellent", "grade_good", "grade_pass",
              "grade_fail", "issues_found", "issues_fixed", "issues_fixing")
    return Stages(
        systems=s.systems, mechanism=s.mechanism,
        **{k: str(getattr(s, k) or 0) for k in counts},
        **{k: f.money(or_zero(getattr(s, k))) for k in ("target_amount", "track_amount", "selfeval_amount")},
        average_score=format_plain(s.average_score) if s.average_score is not None else "",
        issues_any=bool(s.issues_found),
    )


def composition_context(r: Report) -> list[CompositionRow]:
    return [CompositionRow(num=str(i), name=row.name, note=row.note) for i, row in enumerate(r.composition, start=1)]


def glossary_context(r: Report) -> Glossary:
    """名词解释's 主要是：… for 事业/经营/其他收入: only for an income the unit has."""
    g, t = r.glossary, r.t2.totals
    return Glossary(business_items=g.business_items if t.business != 0 else "",
                    operating_items=g.operating_items if t.operating != 0 else "",
                    other_items=g.other_items if t.other != 0 else "")


def section12(r: Report) -> Section12:
    p = r.performance
    return Section12(overall_published=p.overall_published == "是",
                     paragraphs=[line.strip() for line in p.other_matters.splitlines() if line.strip()])


def title_values(r: Report) -> dict[str, str]:
    """The names a pack's title may use (vocabulary.TITLE_NAMES), as the context holds them."""
    return {"unit_name": r.unit_name, "year": str(r.year), "last_year": str(r.year - 1) if r.year else ""}


def build_context(r: Report, wording: Wording = DEFAULT_WORDING, title: str = DEFAULT_TITLE) -> dict[str, Any]:
    """The template context (a ``DocumentContext``'s names → values); ``wording`` (the pack's
    [wording]) sets the phrases' rules, ``title`` (the pack's title, with {{ name }} tags) gives ``title``."""
    f = Formatter(wording)
    names = title_values(r)
    return as_mapping(DocumentContext(
        **names,
        title=fill_title(title, names),
        **unit_context(r),
        s1=section1(f, r), s2=section2(f, r), s3=section3(f, r), s4=section4(f, r),
        s5=section5(f, r), s6=section6(f, r), s7=section7(f, r),
        s8=_fund_section(f, r.t8, r.item_notes), s9=_fund_section(f, r.t9, r.item_notes),
        s10=section10(f, r), s11=section11(f, r), s12=section12(r),
        projects=[project_context(f, p) for p in r.projects],
        annex=annex_context(f, r),
        overall=overall_context(f, r),
        composition=composition_context(r),
        single_unit=len(r.composition) <= 1,
        glossary=glossary_context(r),
        fields=fields_context(dict(r.forms), f.money),
    ))
