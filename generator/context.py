"""Model + figures + phrases → the dict the Word template prints.

Every value in the context is a preformatted string (or a list/bool that the
template loops or branches on): templates contain no arithmetic.
"""

from __future__ import annotations

from contextvars import ContextVar
from decimal import Decimal
from typing import Any, Callable

from generator.figures import Change
from generator.model import (
    ZERO, CodedTable, Indicator, ItemNoteRow, LastYearRow, NotApplicable, PerformanceStages, Project, Report, Score,
    TwoPanelTable, or_zero, scored,
)
from generator.money import balanced_shares, format_money, format_percent, format_plain
from generator.narrative import (
    DEFAULT_WORDING, Wording, chinese_numeral, describe_budget_gap, describe_change, join_names,
)
from generator.narrative import percent_of as _percent_of
from generator.narrative import share as _share
from generator.schema import T2, T3, T8, T9
from generator.sheet_fields import fields_context
from generator.vocabulary import DEFAULT_TITLE, fill_title


# The pack's wording parameters while build_context runs (set there, read by the
# phrase helpers below), so the section builders keep their one-argument form.
_WORDING: ContextVar[Wording] = ContextVar("wording", default=DEFAULT_WORDING)


def money(v: Decimal) -> str:
    """万元 with two decimals; thousands grouped unless the pack's wording says not."""
    text = format_money(v)
    return text if _WORDING.get().thousands_separator else text.replace(",", "")


def share(fraction: Decimal) -> str:
    return _share(fraction, _WORDING.get())


def percent_of(part: Decimal, whole: Decimal) -> str:
    return _percent_of(part, whole, _WORDING.get())


def _balanced(amounts: list[Decimal], total: Decimal) -> list[Decimal]:
    return balanced_shares(amounts, total, _WORDING.get().percent_decimals)


def _panel(table: TwoPanelTable[Any], label: str, income: bool = True) -> Decimal:
    """A 收入 row's amount, or a fixed 支出 row's 合计."""
    if income:
        return table.income_amount(label)
    row = table.expense_row(label)
    return row.amounts.total if row else ZERO


def _shares(items: list[tuple[str, Decimal]], total: Decimal) -> dict[str, dict[str, str]]:
    shares = _balanced([a for _, a in items], total)
    return {k: {"amount": money(a), "share": share(s)} for (k, a), s in zip(items, shares)}


def _listed(items: list[tuple[str, Decimal]], total: Decimal) -> list[dict[str, str]]:
    """The items as a list (name, amount, share) in order; zero items only when the pack's
    wording lists them (list_zero_items). Shares are balanced over all items."""
    shares = _balanced([a for _, a in items], total)
    keep_zero = _WORDING.get().list_zero_items
    return [{"name": name, "amount": money(a), "share": share(s)}
            for (name, a), s in zip(items, shares) if keep_zero or a != 0]


def _movement(change: Change) -> dict[str, Any]:
    """The parts of a comparison a template composes itself (上海: 收入支出总计增加X万元，增长Y%):
    movement 增加X万元，增长Y% / 减少X万元，下降Y% / 持平, without a rate against a zero base;
    verb 增加/减少 ("" when flat); flat, and zero (this year's amount is 0) as bools."""
    delta = change.delta
    if delta == 0:
        return {"movement": "持平", "verb": "", "flat": True, "zero": change.current == 0}
    verb, trend = ("增加", "增长") if delta > 0 else ("减少", "下降")
    movement = f"{verb}{money(abs(delta))}万元"
    if change.rate is not None:
        movement += f"，{trend}{format_percent(abs(change.rate), _WORDING.get().percent_decimals)}"
    return {"movement": movement, "verb": verb, "flat": False, "zero": change.current == 0}


def _compare(current: Decimal, last: Decimal | None, reason: str, basis: str = "上年",
             style: str = "than") -> dict[str, Any]:
    change = Change(current, last if last is not None else ZERO)
    return {"amount": money(current), "last": money(change.base),
            "change": describe_change(change, basis, style, _WORDING.get()), "reason": reason or "",
            **_movement(change)}


def _budget(actual: Decimal, budget: Decimal | None, reason: str) -> dict[str, Any]:
    """Budget against actual: the 差异率 phrase, and the completion rate 决算/预算 ("" for a
    zero budget: no percentage of nothing) with the relation 大于/小于 ("" when equal)."""
    b = budget if budget is not None else ZERO
    relation = "" if actual == b else ("大于" if actual > b else "小于")
    completion = "" if b == 0 else format_percent(actual / b, _WORDING.get().percent_decimals)
    return {"budget": money(b), "actual": money(actual), "gap": describe_budget_gap(actual, b, _WORDING.get()),
            "reason": reason or "", "completion": completion, "relation": relation, "equal": actual == b}


# ---------------------------------------------------------------------------
# 第一部分

def unit_context(r: Report) -> dict[str, Any]:
    u = r.unit
    active, cadre, retired = (u.staff_active or 0, u.staff_retired_cadre or 0, u.staff_retired or 0)
    return {
        "functions_intro": u.functions_intro,
        "functions": [{"num": chinese_numeral(i), "no": str(i), "text": t} for i, t in enumerate(r.functions, start=1)],
        "staff": {"total": str(active + cadre + retired), "active": str(active), "retired_cadre": str(cadre),
                  "retired": str(retired)},
        "subordinates": {"count": str(len(r.subordinates)), "names": join_names(r.subordinates)},
        "offices": {"count": str(len(r.offices)), "names": join_names(r.offices)},
    }


# ---------------------------------------------------------------------------
# 第二部分

def section1(r: Report) -> dict[str, Any]:
    t1, c = r.t1, r.compare
    grand = _panel(t1, "总计")
    return {
        "income_grand": money(grand),
        "income_total": money(_panel(t1, "本年收入合计")),
        "nonfiscal_surplus": money(_panel(t1, "使用非财政拨款结余")),
        "opening": money(_panel(t1, "年初结转和结余")),
        "expense_grand": money(_panel(t1, "总计", income=False)),
        "expense_total": money(_panel(t1, "本年支出合计", income=False)),
        "distribution": money(_panel(t1, "结余分配", income=False)),
        "closing": money(_panel(t1, "年末结转和结余", income=False)),
        "yoy": _compare(grand, c.total_last, c.total_reason, style="compare"),
    }


def section2(r: Report) -> dict[str, Any]:
    t = r.t2.totals
    parts = [("fiscal", t.fiscal), ("superior", t.superior), ("business", t.business), ("operating", t.operating),
             ("affiliated", t.affiliated), ("other", t.other)]
    names = T2.header[3:]  # 财政拨款收入 … 其他收入
    return {"total": money(t.total), **_shares(parts, t.total),
            "listed": _listed([(n, a) for n, (_, a) in zip(names, parts)], t.total)}


def section3(r: Report) -> dict[str, Any]:
    t = r.t3.totals
    parts = [("basic", t.basic), ("project", t.project), ("superior", t.superior), ("operating", t.operating),
             ("affiliated", t.affiliated)]
    names = T3.header[3:]  # 基本支出 … 对附属单位补助支出
    return {"total": money(t.total), **_shares(parts, t.total),
            "listed": _listed([(n, a) for n, (_, a) in zip(names, parts)], t.total)}


def section4(r: Report) -> dict[str, Any]:
    t4, c = r.t4, r.compare
    grand = _panel(t4, "总计")
    spent = _panel(t4, "本年支出合计", income=False)
    return {
        "income_grand": money(grand),
        "opening": money(_panel(t4, "年初财政拨款结转和结余")),
        "income": money(_panel(t4, "本年收入合计")),
        "expense_grand": money(_panel(t4, "总计", income=False)),
        "closing": money(_panel(t4, "年末财政拨款结转和结余", income=False)),
        "expense": money(spent),
        "yoy": _compare(grand, c.fiscal_last, c.fiscal_reason, style="compare"),
        "budget": _budget(spent, c.fiscal_budget, c.fiscal_budget_reason),
    }


def _path(code: str, names: dict[str, str]) -> str:
    parts = [(code[:3], "类"), (code[:5], "款"), (code, "项")]
    return "".join(f"{names.get(c, '')}（{level}）" for c, level in parts)


def section5(r: Report) -> dict[str, Any]:
    t5, c = r.t5, r.compare
    total = t5.totals.total
    spent_all = r.t3.totals.total
    classes = [row for row in t5.rows if row.level == 1 and row.amounts.total != 0]
    shares = _balanced([row.amounts.total for row in classes], total)
    names = {row.code: row.name for row in r.general_last if row.code}
    names.update({row.code: row.name for row in t5.rows})
    last = {row.code: row for row in r.general_last if len(row.code) == 7}
    items = []
    this_year = [row for row in t5.rows if row.level == 3]
    seen = set()
    for row in this_year:
        prev = last.get(row.code)
        seen.add(row.code)
        if row.amounts.total == 0 and (prev is None or or_zero(prev.last_amount) == 0):
            continue
        items.append(_item(row.code, row.amounts.total, prev, names))
    for code, prev in last.items():
        if code not in seen and or_zero(prev.last_amount) != 0:
            items.append(_item(code, ZERO, prev, names))
    for i, item in enumerate(items, start=1):
        item["num"] = str(i)
    return {
        "amount": money(total),
        "share_of_expense": percent_of(total, spent_all),
        "yoy": _compare(total, c.general_last, c.general_reason, style="compare"),
        "budget": _budget(total, c.general_budget, c.general_budget_reason),
        "classes": [{"num": str(i), "name": row.name, "amount": money(row.amounts.total), "share": share(s)}
                    for i, (row, s) in enumerate(zip(classes, shares), start=1)],
        "details": items,
        "budget_items": budget_items(t5, r.item_notes),
    }


def budget_items(table: CodedTable[Any], notes: tuple[ItemNoteRow, ...]) -> list[dict[str, Any]]:
    """Every 项 of a coded table (its spending column: 合计 or 本年支出小计) with its
    项级科目说明: 主要用于, 年初预算 against 决算. 不涉及的不列: a 项 with neither
    spending nor a budget is left out; a 项 with a budget and no spending is listed."""
    def spent(row) -> Decimal:
        return getattr(row.amounts, "spent", None) if table.key in ("t8", "t9") else row.amounts.total

    by_code = {n.code: n for n in notes if n.code}
    names = {n.code: n.name for n in notes if n.code}
    names.update({row.code: row.name for row in table.rows})
    rows = [(row.code, spent(row)) for row in table.rows if row.level == 3]
    seen = {code for code, _ in rows}
    if table.key == "t5":  # budgets for 项 that spent nothing this year
        rows += [(code, ZERO) for code, n in by_code.items()
                 if len(code) == 7 and code not in seen and or_zero(n.budget) != 0]
    items = []
    for code, actual in rows:
        note = by_code.get(code)
        budget = note.budget if note is not None else None
        if actual == 0 and not budget:
            continue
        items.append({"num": str(len(items) + 1), "code": code, "path": _path(code, names),
                      "purpose": note.purpose if note is not None else "",
                      **_budget(actual, budget, note.reason if note is not None else "")})
    return items


def _item(code: str, amount: Decimal, prev: LastYearRow | None, names: dict[str, str]) -> dict[str, str]:
    last = or_zero(prev.last_amount) if prev is not None else ZERO
    return {"path": _path(code, names), "amount": money(amount),
            "change": describe_change(Change(amount, last), "上年决算", wording=_WORDING.get()),
            "reason": prev.reason if prev is not None else ""}


def section6(r: Report) -> dict[str, Any]:
    t6 = r.t6

    def names(personnel: bool) -> str:
        return join_names([i.name for i in t6.block_items(personnel) if i.level == 2 and i.amount != 0])

    return {
        "basic": money(r.t5.totals.basic),
        "personnel": money(t6.personnel_total), "personnel_items": names(True),
        "public": money(t6.public_total), "public_items": names(False),
    }


def section7(r: Report) -> dict[str, Any]:
    tp, o = r.three_public, r.other
    budget, actual = r.t7.budget, r.t7.actual
    last_abroad = or_zero(tp.abroad_last)
    last_car = or_zero(tp.car_buy_last) + or_zero(tp.car_run_last)
    last_reception = or_zero(tp.reception_last)
    parts = _shares([("abroad", actual.abroad), ("car", actual.car), ("reception", actual.reception)], actual.total)
    held = tp.car_held or 0
    vehicles = o.vehicles or 0
    more = r.three_public_more
    return {
        "total": _compare(actual.total, last_abroad + last_car + last_reception, tp.total_reason),
        "abroad": {**_compare(actual.abroad, last_abroad, tp.abroad_reason), "share": parts["abroad"]["share"]},
        "car": {**_compare(actual.car, last_car, tp.car_reason), "share": parts["car"]["share"],
                "buy": money(actual.car_buy), "run": money(actual.car_run)},
        "reception": {**_compare(actual.reception, last_reception, tp.reception_reason),
                      "share": parts["reception"]["share"]},
        "abroad_groups": str(tp.abroad_groups or 0), "abroad_people": str(tp.abroad_people or 0),
        "abroad_content": tp.abroad_content,
        "car_bought": str(tp.car_bought or 0), "car_held": str(held),
        "car_run_content": tp.car_run_content,
        "asset_vehicles": str(vehicles), "vehicles_match": held == vehicles,
        "car_gap_reason": tp.car_gap_reason,
        "reception_batches": str(tp.reception_batches or 0),
        "reception_people": str(tp.reception_people or 0),
        "reception_content": tp.reception_content,
        "budget": {
            "total": _budget(actual.total, budget.total, tp.budget_reason),
            "abroad": _budget(actual.abroad, budget.abroad, tp.abroad_budget_reason),
            "car_buy": _budget(actual.car_buy, budget.car_buy, tp.car_buy_budget_reason),
            "car_run": _budget(actual.car_run, budget.car_run, tp.car_run_budget_reason),
            "reception": _budget(actual.reception, budget.reception, tp.reception_budget_reason),
            "car": _budget(actual.car, budget.car, tp.car_reason),
        },
        "none": actual.total == 0 and budget.total == 0,
        "car_buy": {"amount": money(actual.car_buy), "zero": actual.car_buy == 0, "content": more.car_buy_content},
        "car_run": {"amount": money(actual.car_run), "zero": actual.car_run == 0},
        "foreign": {"amount": money(or_zero(more.foreign_amount)), "batches": str(more.foreign_batches or 0),
                    "people": str(more.foreign_people or 0)},
    }


def _fund_section(table: CodedTable[Any], notes: tuple[ItemNoteRow, ...] = ()) -> dict[str, Any]:
    t = table.totals
    return {"empty": table.is_empty, "opening": money(t.opening), "income": money(t.income), "expense": money(t.spent),
            "basic": money(t.basic), "project": money(t.project), "closing": money(t.closing),
            "budget_items": budget_items(table, notes) if not table.is_empty else []}


def section10(r: Report) -> dict[str, Any]:
    o = r.other
    total = or_zero(o.procurement_total)
    kind = r.unit.unit_kind
    sme, micro = or_zero(o.procurement_sme), or_zero(o.procurement_micro)
    return {
        "unit_kind_note": "（行政单位和参照公务员法管理事业单位）" if kind != "事业单位" else "",
        "running": _compare(or_zero(o.running_amount), o.running_last, o.running_reason),
        "procurement": {
            "any": total != 0,
            "total": money(total), "goods": money(or_zero(o.procurement_goods)),
            "works": money(or_zero(o.procurement_works)), "services": money(or_zero(o.procurement_services)),
            "sme": money(sme), "sme_share": percent_of(sme, total),
            "micro": money(micro), "micro_share": percent_of(micro, total),
            **{k: money(or_zero(getattr(r.procurement_reserved, k))) for k in (
                "sme_reserved", "micro_reserved", "sme_reserved_awarded", "micro_reserved_awarded",
                "sme_other_awarded")},
        },
        "assets": {
            "original": money(or_zero(o.assets_original)),
            "building_area": format_money(or_zero(o.building_area)),
            "building_value": money(or_zero(o.building_value)),
            "vehicles": str(o.vehicles or 0), "vehicles_value": money(or_zero(o.vehicles_value)),
            **{k: str(n) for k, n in o.vehicle_kinds().items()},
            "other_use": o.veh_other_use,
            "big_equipment": str(o.big_equipment or 0),
        },
    }


def section11(r: Report) -> dict[str, Any]:
    p = r.performance
    overall = r.overall if r.overall is not None and r.overall.kind == "自评表" else None
    o_budget = sum((t.total for t in overall.tasks), ZERO) if overall else ZERO
    o_exec = sum((t.executed or ZERO for t in overall.tasks), ZERO) if overall else ZERO
    return {
        "overall_count": "1" if overall else "0",
        "overall_budget": money(o_budget), "overall_executed": money(o_exec),
        "project_count": str(len(r.projects)),
        "project_budget": money(sum((pr.total.full for pr in r.projects), ZERO)),
        "project_executed": money(sum((pr.total.executed for pr in r.projects), ZERO)),
        "achievements": p.achievements, "problems": p.problems, "improvements": p.improvements,
        "stages": performance_stages(r.performance_stages),
    }


def performance_stages(s: PerformanceStages) -> dict[str, Any]:
    """预算绩效管理: 制度, 工作机制, projects and amounts at each stage, score and grades."""
    counts = ("target_count", "track_count", "selfeval_count", "grade_excellent", "grade_good", "grade_pass",
              "grade_fail", "issues_found", "issues_fixed", "issues_fixing")
    return {
        "systems": s.systems, "mechanism": s.mechanism,
        **{k: str(getattr(s, k) or 0) for k in counts},
        **{k: money(or_zero(getattr(s, k))) for k in ("target_amount", "track_amount", "selfeval_amount")},
        "average_score": format_plain(s.average_score) if s.average_score is not None else "",
        "issues_any": bool(s.issues_found),
    }


def composition_context(r: Report) -> list[dict[str, str]]:
    return [{"num": str(i), "name": row.name, "note": row.note} for i, row in enumerate(r.composition, start=1)]


def glossary_context(r: Report) -> dict[str, str]:
    """名词解释's 主要是：… for 事业/经营/其他收入: only for an income the unit has."""
    g, t = r.glossary, r.t2.totals
    return {"business_items": g.business_items if t.business != 0 else "",
            "operating_items": g.operating_items if t.operating != 0 else "",
            "other_items": g.other_items if t.other != 0 else ""}


def section12(r: Report) -> dict[str, Any]:
    p = r.performance
    return {"overall_published": p.overall_published == "是",
            "paragraphs": [line.strip() for line in p.other_matters.splitlines() if line.strip()]}


# ---------------------------------------------------------------------------
# Self-evaluation tables and annexes

def _levels(indicators: tuple[Indicator, ...], selfeval: bool = True) -> list[dict[str, Any]]:
    """Group consecutive indicators by 一级 then 二级 (the merged cells of the table)."""
    levels: list[dict[str, Any]] = []
    for ind in indicators:
        if not levels or levels[-1]["name"] != ind.level1:
            levels.append({"name": ind.level1, "seconds": []})
        seconds = levels[-1]["seconds"]
        if not seconds or seconds[-1]["name"] != ind.level2:
            seconds.append({"name": ind.level2, "rows": []})
        row = {"name": ind.level3, "target": ind.target}
        if selfeval:
            row.update(actual=ind.actual, weight=_score_text(ind.weight, format_plain),
                       score=_score_text(ind.score, money), reason=ind.reason)
        seconds[-1]["rows"].append(row)
    return levels


def _score_text(value: Score, fmt: Callable[[Decimal], str]) -> str:
    """A score or weight as printed: the number, "/" when not applicable, "" when unreadable."""
    if isinstance(value, NotApplicable):
        return value.text
    return "" if value is None else fmt(value)


def project_context(p: Project) -> dict[str, Any]:
    rate = p.execution_rate
    dash = "—"
    funds = [{"label": "年度资金总额", "initial": money(p.total.initial), "full": money(p.total.full),
              "executed": money(p.total.executed), "weight": _score_text(p.rate_weight, format_plain),
              "rate": format_percent(rate) if rate is not None else dash,
              "score": _score_text(p.rate_score, money)}]
    rows = [("其中：当年财政拨款", p.fiscal)]
    if p.carry is not None:
        rows.append(("上年结转资金", p.carry))
    rows.append(("其他资金", p.other))
    for label, f in rows:
        funds.append({"label": label, "initial": money(f.initial), "full": money(f.full),
                      "executed": money(f.executed), "weight": dash, "rate": dash, "score": dash})
    return {
        "name": p.name, "department": p.department, "implementer": p.implementer, "funds": funds,
        "goal_expected": p.goal_expected, "goal_actual": p.goal_actual, "levels": _levels(p.indicators),
        "total_weight": _score_text(scored([p.rate_weight, *(i.weight for i in p.indicators)]), format_plain),
        "total_score": _score_text(p.total_score, format_plain) + ("分" if isinstance(p.total_score, Decimal) else ""),
    }


def overall_context(r: Report) -> dict[str, Any] | None:
    o = r.overall
    if o is None:
        return None
    selfeval = o.kind == "自评表"
    tasks = [{"name": t.name, "content": t.content, "total": money(t.total), "fiscal": money(t.fiscal),
              "other": money(t.other)} for t in o.tasks]
    return {
        "title": "部门（单位）整体支出绩效" + ("自评表" if selfeval else "目标表"),
        "year": str(r.year), "unit": r.unit_name, "tasks": tasks,
        "tasks_total": {k: money(sum((getattr(t, k) for t in o.tasks), ZERO)) for k in ("total", "fiscal", "other")},
        "goal": o.goal, "is_selfeval": selfeval, "levels": _levels(o.indicators, selfeval),
    }


_INDENT = "\u3000"


def _coded_rows(table: CodedTable[Any]) -> list[dict[str, Any]]:
    rows = []
    if table.total is not None:
        rows.append({"code": "", "indent": "", "name": "合计", "v": [money(a) for a in table.total.amounts]})
    for row in table.rows:
        rows.append({"code": row.code, "indent": _INDENT * max(row.level - 1, 0), "name": row.name,
                     "v": [money(a) for a in row.amounts]})
    return rows


def _zip_panels(table: TwoPanelTable[Any]) -> list[tuple[dict[str, str], Any]]:
    """The two panels side by side: each printed row's 收入 cells and label, with its 支出 row (or None)."""
    out = []
    for i in range(max(len(table.income), len(table.expense))):
        inc = table.income[i] if i < len(table.income) else None
        exp = table.expense[i] if i < len(table.expense) else None
        row = {"inc_label": inc.label if inc else "", "inc_line": inc.line if inc else "",
               "inc_amount": money(inc.amount) if inc else "",
               "exp_label": exp.label if exp else "", "exp_line": exp.line if exp else ""}
        out.append((row, exp))
    return out


def _blank(v: Decimal) -> str:
    """An amount, or "" for zero (tables that leave zero cells empty)."""
    return "" if v == 0 else money(v)


def _numbered(labels: list[str]) -> list[str]:
    return [f"{chinese_numeral(i)}、{label}" for i, label in enumerate(labels, start=1)]


def _panel_rows(left: list[tuple[str, list[str]]], right: list[tuple[str, list[str]]], width: int
                ) -> list[dict[str, Any]]:
    """Pair two columns of (label, amounts) row by row, padding the shorter one."""
    rows = []
    for i in range(max(len(left), len(right))):
        inc = left[i] if i < len(left) else ("", [""])
        exp = right[i] if i < len(right) else ("", [""] * width)
        rows.append({"inc_label": inc[0], "inc_amount": inc[1][0], "exp_label": exp[0], "exp_amounts": exp[1]})
    return rows


_T1_SOURCES = ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入",
               "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
_T4_FUNDS = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")


def numbered_panels(r: Report) -> dict[str, Any]:
    """公开01/04表 laid out with numbered rows (一、一般公共预算财政拨款收入 …) and the
    totals paired at the foot (本年收入合计 | 本年支出合计 …); zero cells empty."""
    t1, t4 = r.t1, r.t4

    def inc(table: TwoPanelTable[Any], label: str) -> list[str]:
        return [_blank(_panel(table, label))]

    def amounts(row: Any, width: int) -> list[str]:
        return [_blank(a) for a in row.amounts][:width] if row else [""] * width

    def exp(table: TwoPanelTable[Any], label: str, width: int) -> list[str]:
        return amounts(table.expense_row(label), width)

    def classes(table: TwoPanelTable[Any], width: int) -> list[tuple[str, list[str]]]:
        rows = table.expense_classes
        return [(n, amounts(c, width)) for n, c in zip(_numbered([c.label for c in rows]), rows)]

    body1 = _panel_rows([(n, inc(t1, s)) for n, s in zip(_numbered(list(_T1_SOURCES)), _T1_SOURCES)],
                        classes(t1, 1), 1)
    foot1 = _panel_rows([(lbl, inc(t1, lbl)) for lbl in ("本年收入合计", "使用非财政拨款结余", "年初结转和结余", "总计")],
                        [(lbl, exp(t1, lbl, 1)) for lbl in ("本年支出合计", "结余分配", "年末结转和结余", "总计")], 1)
    body4 = _panel_rows([(n, inc(t4, s)) for n, s in zip(_numbered(list(_T4_FUNDS)), _T4_FUNDS)],
                        classes(t4, 4), 4)
    left4 = [("本年收入合计", inc(t4, "本年收入合计")), ("年初财政拨款结转和结余", inc(t4, "年初财政拨款结转和结余"))]
    left4 += [(n, inc(t4, f + "结转和结余")) for n, f in zip(_numbered(list(_T4_FUNDS)), _T4_FUNDS)]
    left4 += [("总计", inc(t4, "总计"))]
    right4 = [("本年支出合计", exp(t4, "本年支出合计", 4)), ("年末财政拨款结转和结余", exp(t4, "年末财政拨款结转和结余", 4))]
    right4 += [("", [""] * 4)] * 3 + [("总计", exp(t4, "总计", 4))]
    return {"t1": {"body": body1, "foot": foot1}, "t4": {"body": body4, "foot": _panel_rows(left4, right4, 4)}}


def annex_context(r: Report) -> dict[str, Any]:
    t1 = []
    for row, exp in _zip_panels(r.t1):
        row["exp_amount"] = money(exp.amounts.total) if exp else ""
        t1.append(row)
    t4 = []
    for row, exp in _zip_panels(r.t4):
        a = exp.amounts if exp else None
        row.update(exp_total=money(a.total) if a else "", exp_general=money(a.general) if a else "",
                   exp_fund=money(a.fund) if a else "", exp_soe=money(a.soe) if a else "")
        t4.append(row)
    blocks = [[i for i in r.t6.items if i.block == b] for b in (1, 2, 3)]
    t6 = []
    for i in range(max((len(b) for b in blocks), default=0)):
        row: dict[str, str] = {}
        for n, block in enumerate(blocks, start=1):
            item = block[i] if i < len(block) else None
            row[f"c{n}"] = item.code if item else ""
            row[f"n{n}"] = item.name if item else ""
            row[f"a{n}"] = money(item.amount) if item else ""
        t6.append(row)
    personnel = [i for i in r.t6.items if i.block == 1]
    public = [i for i in r.t6.items if i.block != 1]
    t6_two = []
    for i in range(max(len(personnel), len(public))):
        two: dict[str, str] = {}
        for n, block in ((1, personnel), (2, public)):
            item = block[i] if i < len(block) else None
            two.update({f"c{n}": item.code if item else "", f"n{n}": item.name if item else "",
                        f"a{n}": money(item.amount) if item else ""})
        t6_two.append(two)
    t5_rows = _coded_rows(r.t5)
    numbered = numbered_panels(r)
    return {
        "t1": {"rows": t1, **numbered["t1"]}, "t2": {"rows": _coded_rows(r.t2)}, "t3": {"rows": _coded_rows(r.t3)},
        "t4": {"rows": t4, **numbered["t4"]},
        "t5": {"rows": t5_rows, "detail": t5_rows[1:] if r.t5.total else t5_rows,
               "total": [money(a) for a in r.t5.totals]},
        "t6": {"rows": t6, "personnel_total": money(r.t6.personnel_total), "public_total": money(r.t6.public_total),
               "two_blocks": t6_two},
        "t7": {"budget": [money(a) for a in r.t7.budget], "actual": [money(a) for a in r.t7.actual]},
        "t8": {"rows": _coded_rows(r.t8) if not r.t8.is_empty else [], "empty": r.t8.is_empty, "note": T8.empty_note},
        "t9": {"rows": _coded_rows(r.t9) if not r.t9.is_empty else [], "empty": r.t9.is_empty, "note": T9.empty_note},
    }


def title_values(r: Report) -> dict[str, str]:
    """The names a pack's title may use (vocabulary.TITLE_NAMES), as the context holds them."""
    return {"unit_name": r.unit_name, "year": str(r.year), "last_year": str(r.year - 1) if r.year else ""}


def build_context(r: Report, wording: Wording = DEFAULT_WORDING, title: str = DEFAULT_TITLE) -> dict[str, Any]:
    """The template context; ``wording`` (the pack's [wording]) sets the phrases' rules,
    ``title`` (the pack's title, with {{ name }} tags) gives ``title``."""
    token = _WORDING.set(wording)
    try:
        return _build_context(r, title)
    finally:
        _WORDING.reset(token)


def _build_context(r: Report, title: str) -> dict[str, Any]:
    names = title_values(r)
    return {
        **names,
        "title": fill_title(title, names),
        **unit_context(r),
        "s1": section1(r), "s2": section2(r), "s3": section3(r), "s4": section4(r), "s5": section5(r),
        "s6": section6(r), "s7": section7(r), "s8": _fund_section(r.t8, r.item_notes), "s9": _fund_section(r.t9, r.item_notes),
        "s10": section10(r), "s11": section11(r), "s12": section12(r),
        "projects": [project_context(p) for p in r.projects],
        "annex": annex_context(r),
        "overall": overall_context(r),
        "composition": composition_context(r),
        "single_unit": len(r.composition) <= 1,
        "glossary": glossary_context(r),
        "fields": fields_context(dict(r.forms), money),
    }
