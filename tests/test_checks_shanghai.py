"""Checks that the Shanghai pack's sheets bring, one focused test each, on the Shanghai
worked example (inputs/shanghai-2024.toml) edited in code; and the vocabulary's
new phrases (movement, completion, budget items) on tiny figures."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import _make_example_module
from generator import comparisons
from generator.context import build_context
from generator.figures import Change
from generator.narrative import DEFAULT_FORMATTER
from generator.packs import find_pack
from generator.pipeline import validate
from generator.workbook import write_workbook

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "inputs" / "shanghai-2024.toml"
NOTES = "项级科目说明"
# the example's own warnings (the published document's inconsistencies)
BASELINE = {
    ("收入支出决算总表!F13", "cross-table-rounding"), ("收入支出决算总表!F15", "cross-table-rounding"),
    ("财政拨款收入支出决算总表!G13", "cross-table-rounding"), ("财政拨款收入支出决算总表!F29", "rounding-difference"),
    ("一般公共预算财政拨款支出决算表!C5", "rounding-difference"),
    ("一般公共预算财政拨款支出决算表!C17", "rounding-difference"),
    ("一般公共预算财政拨款支出决算表!C18", "rounding-difference"),
    ("一般公共预算财政拨款支出决算表!C19", "rounding-difference"),
    ("一般公共预算财政拨款基本支出决算表!F5", "rounding-difference"),
    ("一般公共预算财政拨款基本支出决算表!C43", "rounding-difference"),
    ("上年及预算对比!B8", "rounding-difference"), ("其他重要事项!B5", "rounding-difference"),
}  # 机关运行经费 142.80 < 公用经费 480.66 is no warning: the department includes 事业单位


@pytest.fixture
def shanghai(tmp_path) -> Callable[[Callable[[dict[str, Any]], Any] | None], set[tuple[str, str]]]:
    """shanghai(mutate) → the (cell, code) pairs `pjgen check` reports for the edited example."""
    module = _make_example_module()

    def run(mutate=None) -> set[tuple[str, str]]:
        data = module.load(SOURCE)
        if mutate:
            mutate(data)
        path = tmp_path / "sh.xlsx"
        write_workbook(path, data, meta={"pack": "shanghai-2024"}, selection=find_pack("shanghai-2024").selection)
        return {(str(p.ref), p.code) for p in validate(path).problems}

    return run


def test_example_reports_only_the_published_inconsistencies(shanghai):
    assert shanghai() == BASELINE


def test_missing_item_note(shanghai):
    got = shanghai(lambda d: d[NOTES].pop(0))  # 2080501 行政单位离退休
    # and the 项 budgets no longer cover every 项: no sum is compared
    assert got == BASELINE - {("上年及预算对比!B8", "rounding-difference")} | {
        ("一般公共预算财政拨款支出决算表!B8", "missing-item-note")}


def test_item_budget_differs_without_reason(shanghai):
    def mutate(d):
        d[NOTES][0][3] = "54.63"  # 2080501: budget 54.63, actual 54.53, no reason given
    got = shanghai(mutate)
    assert ("项级科目说明!E2", "missing-reason") in got


def test_item_budgets_far_from_the_total_are_an_error(shanghai):
    def mutate(d):
        d[NOTES][0][3] = "64.53"  # 2080501 +10, with a reason
        d[NOTES][0][4] = "年中追加"
    got = shanghai(mutate)
    assert ("上年及预算对比!B8", "total-mismatch") in got


def test_class_one_cent_apart_between_tables_is_a_warning_naming_both(shanghai):
    def mutate(d):
        d["收入支出决算总表"][8][5] = "236.64"  # 卫生健康支出 now as in 支出决算表
        d["收入支出决算总表"][10][5] = "3845.24"  # 城乡社区支出 likewise
    got = shanghai(mutate)
    assert ("收入支出决算总表!F13", "cross-table-rounding") not in got
    assert ("收入支出决算总表!F15", "cross-table-rounding") not in got


def test_class_ten_cents_apart_is_an_error(shanghai):
    got = shanghai(lambda d: d["收入支出决算总表"][8].__setitem__(5, "236.73"))
    assert ("收入支出决算总表!F13", "cross-table-mismatch") in got


# ---------------------------------------------------------------------------
# Phrases

@pytest.mark.parametrize(("current", "base", "movement", "flat"), [
    ("9859.38", "8796.53", "增加1,062.85万元，增长12.08%", False),
    ("0.39", "0.54", "减少0.15万元，下降27.78%", False),
    ("5", "5", "持平", True),
    ("10", "0", "增加10.00万元，增长100.00%", False),  # a zero base: the default wording's 100.00%
])
def test_movement(current, base, movement, flat):
    m = comparisons.movement(DEFAULT_FORMATTER, Change(D(current), D(base)))
    assert (m.movement, m.flat) == (movement, flat)


@pytest.mark.parametrize(("actual", "budget", "completion", "relation"), [
    ("9746.50", "10210.34", "95.46%", "小于"),
    ("0.88", "0.88", "100.00%", ""),
    ("0.00", "0.00", "", ""),  # no percentage of a zero budget
    ("3.00", "0.00", "", "大于"),
])
def test_completion_rate(actual, budget, completion, relation):
    b = comparisons.budget(DEFAULT_FORMATTER, D(actual), D(budget), None)
    assert (b.completion, b.relation, b.equal) == (completion, relation, actual == budget)


def test_zero_items_are_not_listed_under_the_shanghai_wording():
    pack = find_pack("shanghai-2024")
    report = validate(ROOT / "inputs" / "shanghai-2024.xlsx").report
    ctx = build_context(report, pack.wording)
    assert [i.name for i in ctx["s2"].listed] == ["财政拨款收入"]
    assert [i.name for i in ctx["s3"].listed] == ["基本支出", "项目支出"]
    assert ctx["s1"].income_grand == "9859.38"  # no thousands separator in this pack
    assert [i.code for i in ctx["s5"].budget_items][:2] == ["2080501", "2080502"]
    assert len(ctx["s5"].budget_items) == 13


@pytest.mark.parametrize(("sheet", "section"), [("政府性基金预算财政拨款收入支出决算表", "s8"),
                                                ("国有资本经营预算财政拨款收入支出决算表", "s9")])
def test_a_funds_item_budgeted_and_not_spent_is_explained_under_its_fund(tmp_path, sheet, section):
    """项级科目说明 has no fund column: a 项 in 公开08/09表 (here with income and no spending) is that
    fund's, explained under 八/九 with 决算 0.00 and never in 五（三）'s general-budget list."""
    data = _make_example_module().load(SOURCE)
    data[sheet] = [["", "合计", "0", "5", "0", "0", "0", "5"], ["229", "其他支出", "0", "5", "0", "0", "0", "5"],
                   ["22960", "彩票公益金安排的支出", "0", "5", "0", "0", "0", "5"],
                   ["2296002", "用于社会福利的彩票公益金支出", "0", "5", "0", "0", "0", "5"]]
    data[NOTES].append(["2296002", "用于社会福利的彩票公益金支出", "福利项目", "5.00", "项目未实施"])
    path = tmp_path / "funds.xlsx"
    pack = find_pack("shanghai-2024")
    write_workbook(path, data, meta={"pack": "shanghai-2024"}, selection=pack.selection)
    ctx = build_context(validate(path).report, pack.wording)
    assert "2296002" not in [i.code for i in ctx["s5"].budget_items]
    assert len(ctx["s5"].budget_items) == 13
    (item,) = ctx[section].budget_items
    assert (item.code, item.actual, item.budget, item.purpose) == ("2296002", "0.00", "5.00", "福利项目")


def test_an_item_budgeted_and_not_spent_in_no_table_is_the_general_budgets(tmp_path):
    data = _make_example_module().load(SOURCE)
    data[NOTES].append(["2010301", "行政运行", "机关日常运转", "12.00", "项目未实施"])
    path = tmp_path / "general.xlsx"
    pack = find_pack("shanghai-2024")
    write_workbook(path, data, meta={"pack": "shanghai-2024"}, selection=pack.selection)
    ctx = build_context(validate(path).report, pack.wording)
    assert [(i.code, i.actual) for i in ctx["s5"].budget_items][-1] == ("2010301", "0.00")
    assert ctx["s8"].budget_items == ctx["s9"].budget_items == []


_FUND_SHEETS = ("政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款收入支出决算表")
_CODES = ("2010301", "2010302", "2080501", "2296002", "2296003", "2230101", "2120801")


_FUNDS_REPORT: list[Any] = []


def _funds_report(tmp_path_factory) -> Any:
    """The Shanghai example with a 项 in each fund's table (income, no spending), whose rows the
    property below re-codes; read once."""
    if not _FUNDS_REPORT:
        data = _make_example_module().load(SOURCE)
        for sheet in _FUND_SHEETS:
            data[sheet] = [["", "合计", "0", "5", "0", "0", "0", "5"], ["229", "其他支出", "0", "5", "0", "0", "0", "5"],
                           ["22960", "彩票公益金安排的支出", "0", "5", "0", "0", "0", "5"],
                           ["2296002", "用于社会福利的彩票公益金支出", "0", "5", "0", "0", "0", "5"]]
        path = tmp_path_factory.mktemp("funds") / "funds.xlsx"
        write_workbook(path, data, meta={"pack": "shanghai-2024"}, selection=find_pack("shanghai-2024").selection)
        _FUNDS_REPORT.append(validate(path).report)
    return _FUNDS_REPORT[0]


@settings(max_examples=60, deadline=None)
@given(place=st.lists(st.sampled_from(("t5", "t8", "t9", None)), min_size=len(_CODES), max_size=len(_CODES)),
       budgets=st.lists(st.sampled_from(("0", "3.00", None)), min_size=len(_CODES), max_size=len(_CODES)))
def test_each_budgeted_item_is_explained_once_under_the_budget_its_table_says(tmp_path_factory, place, budgets):
    """Whatever 项 the tables list and the 项级科目说明 budgets: a 项 spent (公开05表's here) or budgeted
    is explained exactly once, under 八/九 when 公开08/09表 lists it, else in 五（三）."""
    r = _funds_report(tmp_path_factory)
    spent_5 = next(row for row in r.t5.rows if row.level == 3)
    tables = {}
    for key in ("t5", "t8", "t9"):
        table = getattr(r, key)
        sample = spent_5 if key == "t5" else next(row for row in table.rows if row.level == 3)
        rows = [replace(sample, code=code) for code, where in zip(_CODES, place) if where == key]
        tables[key] = replace(table, rows=tuple(rows))
    note = r.item_notes[0]
    notes = tuple(replace(note, code=code, budget=None if b is None else D(b), budget_full=None)
                  for code, b in zip(_CODES, budgets))
    ctx = build_context(replace(r, item_notes=notes, **tables))
    listed = {s: [i.code for i in ctx[s].budget_items] for s in ("s5", "s8", "s9")}
    for code, where, b in zip(_CODES, place, budgets):
        found = [s for s, codes in listed.items() for c in codes if c == code]
        if where != "t5" and not (b and D(b)):
            assert found == [], code  # neither spent (the funds' rows spend nothing) nor budgeted: not listed
        else:
            assert found == [{"t8": "s8", "t9": "s9"}.get(where, "s5")], (code, where, b)
