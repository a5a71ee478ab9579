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
    DEFAULT_WORDING, Wording, chinese_numeral, describe_budget_gap, describe_change, join_names, money,
)
from generator.narrative import percent_of as _percent_of
from generator.narrative import share as _share
from generator.schema import T8, T9


# The pack's wording parameters while build_context runs (set there, read by the
# phrase helpers below), so the section builders keep their one-argument form.
_WORDING: ContextVar[Wording] = ContextVar("wording", default=DEFAULT_WORDING)


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


def _compare(current: Decimal, last: Decimal | None, reason: str | None, basis: str = "上年",
             style: str = "than") -> dict[str, str]:
    change = Change(current, last if last is not None else ZERO)
    return {"amount": money(current), "last": money(change.base),
            "change": describe_change(change, basis, style, _WORDING.get()), "reason": reason or ""}


def _budget(actual: Decimal, budget: Decimal | None, reason: str | None) -> dict[str, str]:
    b = budget if budget is not None else ZERO
    return {"budget": money(b), "actual": money(actual), "gap": describe_budget_gap(actual, b, _WORDING.get()),
            "reason": reason or ""}


# ---------------------------------------------------------------------------
# 第一部分

def unit_context(r: Report) -> dict[str, Any]:
    u = r.unit
    active, cadre, retired = (u.get("staff_active", 0), u.get("staff_retired_cadre", 0), u.get("staff_retired", 0))
    return {
        "functions_intro": u.get("functions_intro", ""),
        "functions": [{"num": chinese_numeral(i), "text": t} for i, t in enumerate(r.functions, start=1)],
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


def section2(r: Report) -> dict[str, Any]:
    t = r.t2.total.amounts if r.t2.total else (ZERO,) * 7
    keys = ("fiscal", "superior", "business", "operating", "affiliated", "other")
    return {"total": money(t[0]), **_shares(list(zip(keys, t[1:7])), t[0])}


def section3(r: Report) -> dict[str, Any]:
    t = r.t3.total.amounts if r.t3.total else (ZERO,) * 6
    keys = ("basic", "project", "superior", "operating", "affiliated")
    return {"total": money(t[0]), **_shares(list(zip(keys, t[1:6])), t[0])}


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
    }


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
        },
    }


def _fund_section(table: CodedTable) -> dict[str, Any]:
    t = table.total.amounts if table.total else (ZERO,) * 6
    return {"empty": table.is_empty, "opening": money(t[0]), "income": money(t[1]), "expense": money(t[2]),
            "basic": money(t[3]), "project": money(t[4]), "closing": money(t[5])}


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
    }


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
    return {
        "t1": {"rows": t1}, "t2": {"rows": _coded_rows(r.t2)}, "t3": {"rows": _coded_rows(r.t3)},
        "t4": {"rows": t4}, "t5": {"rows": _coded_rows(r.t5)},
        "t6": {"rows": t6, "personnel_total": money(r.t6.personnel_total), "public_total": money(r.t6.public_total)},
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
        "s6": section6(r), "s7": section7(r), "s8": _fund_section(r.t8), "s9": _fund_section(r.t9),
        "s10": section10(r), "s11": section11(r), "s12": section12(r),
        "projects": [project_context(p) for p in r.projects],
        "annex": annex_context(r),
        "overall": overall_context(r),
    }
