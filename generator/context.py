"""Model + figures + phrases → the dict the Word template prints.

Every value in the context is a preformatted string (or a list/bool that the
template loops or branches on): templates contain no arithmetic.
"""

from __future__ import annotations

from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from generator.figures import Change
from generator.model import ZERO, CodedTable, Indicator, Project, Record, Report, TwoPanelTable
from generator.money import balanced_shares, format_money, format_percent, format_plain
from generator.narrative import (
    DEFAULT_WORDING, Wording, chinese_numeral, describe_budget_gap, describe_change, join_names,
)
from generator.narrative import percent_of as _percent_of
from generator.narrative import share as _share
from generator.schema import T8, T9


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


def _panel(table: TwoPanelTable, label: str, income: bool = True, col: int = 0) -> Decimal:
    row = table.income_row(label) if income else table.expense_row(label)
    return row.amounts[col] if row else ZERO


def _shares(items: list[tuple[str, Decimal]], total: Decimal) -> dict[str, dict[str, str]]:
    shares = _balanced([a for _, a in items], total)
    return {k: {"amount": money(a), "share": share(s)} for (k, a), s in zip(items, shares)}


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


def _compare(current: Decimal, last: Decimal | None, reason: str | None, basis: str = "上年",
             style: str = "than") -> dict[str, Any]:
    change = Change(current, last if last is not None else ZERO)
    return {"amount": money(current), "last": money(change.base),
            "change": describe_change(change, basis, style, _WORDING.get()), "reason": reason or "",
            **_movement(change)}


def _budget(actual: Decimal, budget: Decimal | None, reason: str | None) -> dict[str, Any]:
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
    active, cadre, retired = (u.get("staff_active", 0), u.get("staff_retired_cadre", 0), u.get("staff_retired", 0))
    return {
        "functions_intro": u.get("functions_intro", ""),
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
        "yoy": _compare(grand, c.get("total_last"), c.get("total_reason"), style="compare"),
    }


def _listed(keys: tuple[str, ...], names: tuple[str, ...], amounts: tuple[Decimal, ...],
            shares: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """The items of a breakdown as a list (name, amount, share); zero items are left
    out when the pack's wording says 不涉及的不列 (list_zero_items = false)."""
    keep_zero = _WORDING.get().list_zero_items
    return [{"name": n, **shares[k]} for k, n, a in zip(keys, names, amounts) if keep_zero or a != 0]


def section2(r: Report) -> dict[str, Any]:
    t = r.t2.total.amounts if r.t2.total else (ZERO,) * 7
    keys = ("fiscal", "superior", "business", "operating", "affiliated", "other")
    names = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
    shares = _shares(list(zip(keys, t[1:7])), t[0])
    return {"total": money(t[0]), **shares, "listed": _listed(keys, names, t[1:7], shares)}


def section3(r: Report) -> dict[str, Any]:
    t = r.t3.total.amounts if r.t3.total else (ZERO,) * 6
    keys = ("basic", "project", "superior", "operating", "affiliated")
    names = ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
    shares = _shares(list(zip(keys, t[1:6])), t[0])
    return {"total": money(t[0]), **shares, "listed": _listed(keys, names, t[1:6], shares)}


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
        "yoy": _compare(grand, c.get("fiscal_last"), c.get("fiscal_reason"), style="compare"),
        "budget": _budget(spent, c.get("fiscal_budget"), c.get("fiscal_budget_reason")),
    }


def _path(code: str, names: dict[str, str]) -> str:
    parts = [(code[:3], "类"), (code[:5], "款"), (code, "项")]
    return "".join(f"{names.get(c, '')}（{level}）" for c, level in parts)


def section5(r: Report) -> dict[str, Any]:
    t5, c = r.t5, r.compare
    total = t5.total_amount(0)
    spent_all = r.t3.total_amount(0)
    classes = [row for row in t5.rows if row.level == 1 and row.amounts[0] != 0]
    shares = _balanced([row.amounts[0] for row in classes], total)
    names = {row.get("code"): row.get("name", "") for row in r.general_last if row.get("code")}
    names.update({row.code: row.name for row in t5.rows})
    last = {row.get("code"): row for row in r.general_last if len(row.get("code") or "") == 7}
    items = []
    this_year = [row for row in t5.rows if row.level == 3]
    seen = set()
    for row in this_year:
        prev = last.get(row.code)
        seen.add(row.code)
        if row.amounts[0] == 0 and (prev is None or prev.amount("last_amount") == 0):
            continue
        items.append(_item(row.code, row.amounts[0], prev, names))
    for code, prev in last.items():
        if code not in seen and prev.amount("last_amount") != 0:
            items.append(_item(code, ZERO, prev, names))
    for i, item in enumerate(items, start=1):
        item["num"] = str(i)
    return {
        "amount": money(total),
        "share_of_expense": percent_of(total, spent_all),
        "yoy": _compare(total, c.get("general_last"), c.get("general_reason"), style="compare"),
        "budget": _budget(total, c.get("general_budget"), c.get("general_budget_reason")),
        "classes": [{"num": str(i), "name": row.name, "amount": money(row.amounts[0]), "share": share(s)}
                    for i, (row, s) in enumerate(zip(classes, shares), start=1)],
        "details": items,
        "budget_items": budget_items(t5, 0, r.item_notes),
    }


def budget_items(table: CodedTable, column: int, notes: tuple[Record, ...]) -> list[dict[str, Any]]:
    """Every 项 of a coded table with its 项级科目说明: 主要用于, 年初预算 against 决算.
    不涉及的不列: a 项 with neither spending nor a budget is left out."""
    by_code = {n.get("code"): n for n in notes if n.get("code")}
    names = {n.get("code"): n.get("name", "") for n in notes if n.get("code")}
    names.update({row.code: row.name for row in table.rows})
    rows = [(row.code, row.amounts[column]) for row in table.rows if row.level == 3]
    seen = {code for code, _ in rows}
    rows += [(code, ZERO) for code, n in by_code.items()
             if len(code) == 7 and code not in seen and n.amount("budget") != 0
             and (table.total is not None or table.key == "t5")]
    items = []
    for code, actual in rows:
        note = by_code.get(code)
        budget = note.get("budget") if note is not None else None
        if actual == 0 and not budget:
            continue
        items.append({"num": str(len(items) + 1), "code": code, "path": _path(code, names),
                      "purpose": (note.get("purpose") if note is not None else "") or "",
                      **_budget(actual, budget, note.get("reason") if note is not None else None)})
    return items


def _item(code: str, amount: Decimal, prev: Record | None, names: dict[str, str]) -> dict[str, str]:
    last = prev.amount("last_amount") if prev is not None else ZERO
    return {"path": _path(code, names), "amount": money(amount),
            "change": describe_change(Change(amount, last), "上年决算", wording=_WORDING.get()),
            "reason": (prev.get("reason") if prev is not None else "") or ""}


def section6(r: Report) -> dict[str, Any]:
    t6 = r.t6

    def names(personnel: bool) -> str:
        return join_names([i.name for i in t6.block_items(personnel) if i.level == 2 and i.amount != 0])

    return {
        "basic": money(r.t5.total_amount(1)),
        "personnel": money(t6.personnel_total), "personnel_items": names(True),
        "public": money(t6.public_total), "public_items": names(False),
    }


def section7(r: Report) -> dict[str, Any]:
    tp, o = r.three_public, r.other
    budget, actual = r.t7.budget, r.t7.actual
    total, abroad, car, buy, run, reception = actual
    last_abroad = tp.amount("abroad_last")
    last_car = tp.amount("car_buy_last") + tp.amount("car_run_last")
    last_reception = tp.amount("reception_last")
    parts = _shares([("abroad", abroad), ("car", car), ("reception", reception)], total)
    held = tp.get("car_held", 0)
    vehicles = o.get("vehicles", 0)
    more = r.three_public_more
    return {
        "total": _compare(total, last_abroad + last_car + last_reception, tp.get("total_reason")),
        "abroad": {**_compare(abroad, last_abroad, tp.get("abroad_reason")), "share": parts["abroad"]["share"]},
        "car": {**_compare(car, last_car, tp.get("car_reason")), "share": parts["car"]["share"],
                "buy": money(buy), "run": money(run)},
        "reception": {**_compare(reception, last_reception, tp.get("reception_reason")),
                      "share": parts["reception"]["share"]},
        "abroad_groups": str(tp.get("abroad_groups", 0)), "abroad_people": str(tp.get("abroad_people", 0)),
        "abroad_content": tp.get("abroad_content", ""),
        "car_bought": str(tp.get("car_bought", 0)), "car_held": str(held),
        "car_run_content": tp.get("car_run_content", ""),
        "asset_vehicles": str(vehicles), "vehicles_match": held == vehicles,
        "car_gap_reason": tp.get("car_gap_reason", ""),
        "reception_batches": str(tp.get("reception_batches", 0)),
        "reception_people": str(tp.get("reception_people", 0)),
        "reception_content": tp.get("reception_content", ""),
        "budget": {
            "total": _budget(total, budget[0], tp.get("budget_reason")),
            "abroad": _budget(abroad, budget[1], tp.get("abroad_budget_reason")),
            "car_buy": _budget(buy, budget[3], tp.get("car_buy_budget_reason")),
            "car_run": _budget(run, budget[4], tp.get("car_run_budget_reason")),
            "reception": _budget(reception, budget[5], tp.get("reception_budget_reason")),
            "car": _budget(car, budget[2], tp.get("car_reason")),
        },
        "none": total == 0 and budget[0] == 0,
        "car_buy": {"amount": money(buy), "zero": buy == 0, "content": more.get("car_buy_content", "")},
        "car_run": {"amount": money(run), "zero": run == 0},
        "foreign": {"amount": money(more.amount("foreign_amount")),
                    "batches": str(more.get("foreign_batches", 0)), "people": str(more.get("foreign_people", 0))},
    }


def _fund_section(table: CodedTable, notes: tuple[Record, ...] = ()) -> dict[str, Any]:
    t = table.total.amounts if table.total else (ZERO,) * 6
    return {"empty": table.is_empty, "opening": money(t[0]), "income": money(t[1]), "expense": money(t[2]),
            "basic": money(t[3]), "project": money(t[4]), "closing": money(t[5]),
            "budget_items": budget_items(table, 2, notes) if not table.is_empty else []}


def section10(r: Report) -> dict[str, Any]:
    o = r.other
    total = o.amount("procurement_total")
    kind = r.unit.get("unit_kind", "")
    return {
        "unit_kind_note": "（行政单位和参照公务员法管理事业单位）" if kind != "事业单位" else "",
        "running": _compare(o.amount("running_amount"), o.get("running_last"), o.get("running_reason")),
        "procurement": {
            "any": total != 0,
            "total": money(total), "goods": money(o.amount("procurement_goods")),
            "works": money(o.amount("procurement_works")), "services": money(o.amount("procurement_services")),
            "sme": money(o.amount("procurement_sme")), "sme_share": percent_of(o.amount("procurement_sme"), total),
            "micro": money(o.amount("procurement_micro")),
            "micro_share": percent_of(o.amount("procurement_micro"), total),
            **{k: money(r.procurement_reserved.amount(k)) for k in (
                "sme_reserved", "micro_reserved", "sme_reserved_awarded", "micro_reserved_awarded",
                "sme_other_awarded")},
        },
        "assets": {
            "original": money(o.amount("assets_original")),
            "building_area": format_money(o.amount("building_area")),
            "building_value": money(o.amount("building_value")),
            "vehicles": str(o.get("vehicles", 0)), "vehicles_value": money(o.amount("vehicles_value")),
            **{k: str(o.get(k, 0)) for k in ("veh_minister", "veh_head", "veh_confidential", "veh_emergency",
                                              "veh_enforcement", "veh_special", "veh_retiree", "veh_other")},
            "other_use": o.get("veh_other_use", ""),
            "big_equipment": str(o.get("big_equipment", 0)),
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
        "achievements": p.get("achievements", ""), "problems": p.get("problems", ""),
        "improvements": p.get("improvements", ""),
        "stages": performance_stages(r.performance_stages),
    }


def performance_stages(s: Record) -> dict[str, Any]:
    """预算绩效管理: 制度, 工作机制, projects and amounts at each stage, score and grades."""
    counts = ("target_count", "track_count", "selfeval_count", "grade_excellent", "grade_good", "grade_pass",
              "grade_fail", "issues_found", "issues_fixed", "issues_fixing")
    score = s.get("average_score")
    return {
        "systems": s.get("systems", ""), "mechanism": s.get("mechanism", ""),
        **{k: str(s.get(k, 0)) for k in counts},
        **{k: money(s.amount(k)) for k in ("target_amount", "track_amount", "selfeval_amount")},
        "average_score": format_plain(score) if score is not None else "",
        "issues_any": s.get("issues_found", 0) != 0,
    }


def composition_context(r: Report) -> list[dict[str, str]]:
    return [{"num": str(i), "name": row.get("name", ""), "note": row.get("note", "")}
            for i, row in enumerate(r.composition, start=1)]


def glossary_context(r: Report) -> dict[str, str]:
    """名词解释's 主要是：… for 事业/经营/其他收入: only for an income the unit has."""
    g = r.glossary
    t2 = r.t2.total.amounts if r.t2.total else (ZERO,) * 7
    return {"business_items": g.get("business_items", "") if t2[3] != 0 else "",
            "operating_items": g.get("operating_items", "") if t2[4] != 0 else "",
            "other_items": g.get("other_items", "") if t2[6] != 0 else ""}


def section12(r: Report) -> dict[str, Any]:
    p = r.performance
    text = p.get("other_matters", "") or ""
    return {"overall_published": p.get("overall_published") == "是",
            "paragraphs": [line.strip() for line in text.splitlines() if line.strip()]}


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
            row.update(actual=ind.actual, weight=format_plain(ind.weight), score=money(ind.score),
                       reason=ind.reason)
        seconds[-1]["rows"].append(row)
    return levels


def project_context(p: Project) -> dict[str, Any]:
    rate = p.execution_rate
    dash = "—"
    funds = [{"label": "年度资金总额", "initial": money(p.total.initial), "full": money(p.total.full),
              "executed": money(p.total.executed), "weight": format_plain(p.rate_weight),
              "rate": format_percent(rate) if rate is not None else dash, "score": money(p.rate_score)}]
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
        "total_weight": format_plain(p.rate_weight + sum((i.weight for i in p.indicators), ZERO)),
        "total_score": format_plain(p.total_score) + "分",
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


def _coded_rows(table: CodedTable) -> list[dict[str, Any]]:
    rows = []
    if table.total is not None:
        rows.append({"code": "", "indent": "", "name": "合计", "v": [money(a) for a in table.total.amounts]})
    for row in table.rows:
        rows.append({"code": row.code, "indent": _INDENT * max(row.level - 1, 0), "name": row.name,
                     "v": [money(a) for a in row.amounts]})
    return rows


def _zip_panels(table: TwoPanelTable, n_exp: int) -> list[dict[str, str]]:
    out = []
    for i in range(max(len(table.income), len(table.expense))):
        inc = table.income[i] if i < len(table.income) else None
        exp = table.expense[i] if i < len(table.expense) else None
        row = {"inc_label": inc.label if inc else "", "inc_line": inc.line if inc else "",
               "inc_amount": money(inc.amounts[0]) if inc else "",
               "exp_label": exp.label if exp else "", "exp_line": exp.line if exp else ""}
        amounts = [money(a) for a in exp.amounts] if exp else [""] * n_exp
        row["_exp"] = amounts
        out.append(row)
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

    def inc(table: TwoPanelTable, label: str) -> list[str]:
        return [_blank(_panel(table, label))]

    def exp(table: TwoPanelTable, label: str, width: int) -> list[str]:
        row = table.expense_row(label)
        return [_blank(a) for a in row.amounts[:width]] if row else [""] * width

    classes1 = [c.label for c in t1.expense_classes]
    classes4 = [c.label for c in t4.expense_classes]
    body1 = _panel_rows([(n, inc(t1, s)) for n, s in zip(_numbered(list(_T1_SOURCES)), _T1_SOURCES)],
                        [(n, exp(t1, c, 1)) for n, c in zip(_numbered(classes1), classes1)], 1)
    foot1 = _panel_rows([(lbl, inc(t1, lbl)) for lbl in ("本年收入合计", "使用非财政拨款结余", "年初结转和结余", "总计")],
                        [(lbl, exp(t1, lbl, 1)) for lbl in ("本年支出合计", "结余分配", "年末结转和结余", "总计")], 1)
    body4 = _panel_rows([(n, inc(t4, s)) for n, s in zip(_numbered(list(_T4_FUNDS)), _T4_FUNDS)],
                        [(n, exp(t4, c, 4)) for n, c in zip(_numbered(classes4), classes4)], 4)
    left4 = [("本年收入合计", inc(t4, "本年收入合计")), ("年初财政拨款结转和结余", inc(t4, "年初财政拨款结转和结余"))]
    left4 += [(n, inc(t4, f + "结转和结余")) for n, f in zip(_numbered(list(_T4_FUNDS)), _T4_FUNDS)]
    left4 += [("总计", inc(t4, "总计"))]
    right4 = [("本年支出合计", exp(t4, "本年支出合计", 4)), ("年末财政拨款结转和结余", exp(t4, "年末财政拨款结转和结余", 4))]
    right4 += [("", [""] * 4)] * 3 + [("总计", exp(t4, "总计", 4))]
    return {"t1": {"body": body1, "foot": foot1}, "t4": {"body": body4, "foot": _panel_rows(left4, right4, 4)}}


def annex_context(r: Report) -> dict[str, Any]:
    t1 = []
    for row in _zip_panels(r.t1, 1):
        row["exp_amount"] = row.pop("_exp")[0]
        t1.append(row)
    t4 = []
    for row in _zip_panels(r.t4, 4):
        amounts = row.pop("_exp")
        row.update(exp_total=amounts[0], exp_general=amounts[1], exp_fund=amounts[2], exp_soe=amounts[3])
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
        row = {}
        for n, block in ((1, personnel), (2, public)):
            item = block[i] if i < len(block) else None
            row.update({f"c{n}": item.code if item else "", f"n{n}": item.name if item else "",
                        f"a{n}": money(item.amount) if item else ""})
        t6_two.append(row)
    t5_rows = _coded_rows(r.t5)
    numbered = numbered_panels(r)
    return {
        "t1": {"rows": t1, **numbered["t1"]}, "t2": {"rows": _coded_rows(r.t2)}, "t3": {"rows": _coded_rows(r.t3)},
        "t4": {"rows": t4, **numbered["t4"]},
        "t5": {"rows": t5_rows, "detail": t5_rows[1:] if r.t5.total else t5_rows,
               "total": [money(a) for a in r.t5.total.amounts] if r.t5.total else ["", "", ""]},
        "t6": {"rows": t6, "personnel_total": money(r.t6.personnel_total), "public_total": money(r.t6.public_total),
               "two_blocks": t6_two},
        "t7": {"budget": [money(a) for a in r.t7.budget], "actual": [money(a) for a in r.t7.actual]},
        "t8": {"rows": _coded_rows(r.t8) if not r.t8.is_empty else [], "empty": r.t8.is_empty, "note": T8.empty_note},
        "t9": {"rows": _coded_rows(r.t9) if not r.t9.is_empty else [], "empty": r.t9.is_empty, "note": T9.empty_note},
    }


def build_context(r: Report, wording: Wording = DEFAULT_WORDING) -> dict[str, Any]:
    """The template context; ``wording`` (the pack's [wording]) sets the phrases' rules."""
    token = _WORDING.set(wording)
    try:
        return _build_context(r)
    finally:
        _WORDING.reset(token)


def _build_context(r: Report) -> dict[str, Any]:
    year = str(r.year)
    return {
        "unit_name": r.unit_name, "year": year,
        "title": f"{r.unit_name}{year}年度部门决算公开说明",
        **unit_context(r),
        "s1": section1(r), "s2": section2(r), "s3": section3(r), "s4": section4(r), "s5": section5(r),
        "s6": section6(r), "s7": section7(r), "s8": _fund_section(r.t8, r.item_notes), "s9": _fund_section(r.t9, r.item_notes),
        "s10": section10(r), "s11": section11(r), "s12": section12(r),
        "projects": [project_context(p) for p in r.projects],
        "annex": annex_context(r),
        "overall": overall_context(r),
        "last_year": str(r.year - 1),
        "composition": composition_context(r),
        "glossary": glossary_context(r),
    }
