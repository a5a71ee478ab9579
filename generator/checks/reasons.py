"""Comparisons need reasons: a reason wherever a figure differs from the one it is compared with;
the per-科目 上年对比 and 项级科目说明 sheets."""

from __future__ import annotations

import re
from typing import Iterator

from generator.checks.common import fmt, mismatch, panel_amount
from generator.model import ZERO, Report, or_zero
from generator.printed import EVERYTHING, Printed
from generator.problems import CellRef, Problem, Severity, warning
from generator.schema import COMPARE, GENERAL_LAST, ITEM_NOTES, OTHER_MATTERS, THREE_PUBLIC


_COMPARE, _THREE_PUBLIC, _OTHER = COMPARE.name, THREE_PUBLIC.name, OTHER_MATTERS.name

# How a missing reason is reported: a warning by default (the document then prints the
# sentence without its "主要原因是：" clause). A pack's manifest may make it an error.
MISSING_REASON_SEVERITY = Severity.WARNING


def missing_reason(message: str, ref: CellRef | None, severity: Severity | None = None) -> Problem:
    return Problem("missing-reason", message, ref, severity or MISSING_REASON_SEVERITY)


def _reason_needed(reason: str, ref: CellRef, changed: bool, what: str, severity: Severity | None
                   ) -> Iterator[Problem]:
    if changed and not reason:
        yield missing_reason(f"{what}有差异，但未说明原因。文档中这句话将不写“主要原因是：”，请填写原因。", ref, severity)


def check_reasons(report: Report, printed: Printed = EVERYTHING, severity: Severity | None = None
                  ) -> Iterator[Problem]:
    """A reason for every figure that differs from the one it is compared with, and only then;
    only for the reasons the template prints (no reason is asked for a sentence not written)."""
    c, tp, o = report.compare, report.three_public, report.other
    grand = panel_amount(report.t1, "总计")[0]
    fiscal = panel_amount(report.t4, "总计")[0]
    fiscal_spent = panel_amount(report.t4, "本年支出合计", income=False)[0]  # what the budget is compared with
    general = report.t5.totals.total
    pairs = [
        (c, _COMPARE, "total_reason", c.total_last not in (None, grand), "收入支出总计"),
        (c, _COMPARE, "fiscal_reason", c.fiscal_last not in (None, fiscal), "财政拨款收入支出总计"),
        (c, _COMPARE, "fiscal_budget_reason", c.fiscal_budget not in (None, fiscal_spent),
         "财政拨款收支决算数"),
        (c, _COMPARE, "general_reason", c.general_last not in (None, general), "一般公共预算财政拨款支出"),
        (c, _COMPARE, "general_budget_reason", c.general_budget not in (None, general),
         "一般公共预算财政拨款支出决算数"),
        (o, _OTHER, "running_reason", o.running_last not in (None, o.running_amount), "机关运行经费"),
    ]
    budget, actual = report.t7.budget, report.t7.actual
    abroad, car = or_zero(tp.abroad_last), or_zero(tp.car_buy_last) + or_zero(tp.car_run_last)
    reception = or_zero(tp.reception_last)
    pairs += [
        (tp, _THREE_PUBLIC, "total_reason", abroad + car + reception != actual.total, "“三公”经费"),
        (tp, _THREE_PUBLIC, "abroad_reason", abroad != actual.abroad, "因公出国（境）费"),
        (tp, _THREE_PUBLIC, "car_reason", car != actual.car, "公务用车购置及运行维护费"),
        (tp, _THREE_PUBLIC, "reception_reason", reception != actual.reception, "公务接待费"),
        (tp, _THREE_PUBLIC, "budget_reason", budget.total != actual.total, "“三公”经费预决算"),
        (tp, _THREE_PUBLIC, "abroad_budget_reason", budget.abroad != actual.abroad, "因公出国（境）费预决算"),
        (tp, _THREE_PUBLIC, "car_buy_budget_reason", budget.car_buy != actual.car_buy,
         "公务用车购置费预决算"),
        (tp, _THREE_PUBLIC, "car_run_budget_reason", budget.car_run != actual.car_run,
         "公务用车运行维护费预决算"),
        (tp, _THREE_PUBLIC, "reception_budget_reason", budget.reception != actual.reception,
         "公务接待费预决算"),
    ]
    for record, sheet, key, changed, what in pairs:
        if printed.prints(sheet, key):
            yield from _reason_needed(getattr(record, key), record.ref(key), changed, what, severity)


def check_general_last(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    """上年对比 sheet: structure sums, a reason for each changed 项, a row for each 项 of 公开05表.

    The per-科目 rows are asked for only where the template prints them (五（三）'s 具体情况
    list): a layout that compares only the total (上海) needs no 上年 row per 科目."""
    rows = report.general_last
    per_item = printed.prints(GENERAL_LAST.name, "last_amount")
    reasons = printed.prints(GENERAL_LAST.name, "reason")
    by_code = {r.code: r for r in rows if r.code}
    for r in rows:
        code = r.code
        if not re.fullmatch(r"\d{3}|\d{5}|\d{7}", code):
            yield Problem("bad-code", f"科目编码“{code}”无效。类为3位、款为5位、项为7位数字。", r.ref("code"))
            continue
        last = or_zero(r.last_amount)
        if len(code) < 7:
            kids = [k for k in rows if len(k.code) == len(code) + 2 and k.code.startswith(code)]
            if kids and per_item:
                yield from mismatch(r.ref("last_amount"), f"上年科目 {code}{r.name}", last,
                                    [or_zero(k.last_amount) for k in kids], "其下各级科目",
                                    part_refs=[k.ref("last_amount") for k in kids])
            continue
        current = report.t5.row(code)
        now = current.amounts.total if current else ZERO
        if now != last and not r.reason and reasons:
            yield missing_reason(f"科目 {code}{r.name} 本年 {fmt(now)} 与上年 {fmt(last)} 不同，但未填写主要原因。"
                                 "文档中这句话将不写“主要原因是：”。", r.ref("reason"))
    for row in report.t5.rows:
        if row.level == 3 and row.code not in by_code and per_item:
            yield warning("missing-last-year",
                          f"公开05表科目 {row.code}{row.name} 在“一般公共预算支出上年对比”中没有上年数，按上年 0 处理。"
                          "请补上该科目（上年为 0 的填 0）并说明原因。", row.name_ref)
    classes = [r for r in rows if len(r.code) == 3]
    last_total = report.compare.general_last
    if classes and last_total is not None:
        yield from mismatch(report.compare.ref("general_last"), "上年一般公共预算财政拨款支出", last_total,
                            [or_zero(r.last_amount) for r in classes], "“一般公共预算支出上年对比”表各类上年数",
                            part_refs=[r.ref("last_amount") for r in classes])


def check_item_notes(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    """项级科目说明: every 项 of 公开05表 explained once the sheet is used; a reason wherever
    budget and actual differ; the 项 budgets add up to the 一般公共预算 年初预算 when every 项 has one.

    A 项 budgeted but not spent is not in 公开05表 (it has no spending), yet its budget is part of
    the 年初预算: its note counts in the sum, and it is compared with a 决算 of 0."""
    notes = report.item_notes
    if not notes:
        return
    reasons = printed.prints(ITEM_NOTES.name, "reason")
    by_code = {n.code: n for n in notes if n.code}
    items = [(r.code, r.name, r.amounts.total, r.name_ref) for r in report.t5.rows if r.level == 3]
    budget_only = [(n.code, n.name, ZERO, n.ref("code")) for n in report.general_unspent_notes()
                   if or_zero(n.budget) != 0]
    for code, name, actual, ref in items + budget_only:
        note = by_code.get(code)
        if note is None:
            if actual != 0 and printed.prints(ITEM_NOTES.name, "budget"):
                yield warning("missing-item-note",
                              f"公开05表科目 {code}{name} 在“项级科目说明”中没有说明（主要用于、年初预算数）。"
                              "请补上该科目。", ref)
            continue
        if note.budget is not None and note.budget != actual and not note.reason and reasons:
            yield warning("missing-reason", f"科目 {code}{name} 年初预算 {fmt(note.budget)} 与决算 "
                                            f"{fmt(actual)} 不同，但未填写预决算差异原因。", note.ref("reason"))
    explained = [by_code[code] for code, _, actual, _ in items + budget_only
                 if code in by_code and by_code[code].budget is not None]
    every_item = len(explained) == len([1 for code, _, actual, _ in items + budget_only
                                        if actual != 0 or code in by_code])
    general_budget = report.compare.general_budget
    if general_budget is not None and explained and every_item:
        yield from mismatch(report.compare.ref("general_budget"), "一般公共预算财政拨款支出年初预算数", general_budget,
                            [or_zero(n.budget) for n in explained], "“项级科目说明”各项年初预算数",
                            part_refs=[n.ref("budget") for n in explained])
