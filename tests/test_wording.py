"""One Formatter built from a pack's [wording]: one format of money and percentages across every
phrase, and the zero-base / zero-budget settings reaching every comparison phrase."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import comparisons
from generator.figures import Change
from generator.narrative import Formatter, Wording

FAST = settings(deadline=None, max_examples=150)

amounts = st.decimals(min_value=D(0), max_value=D("1e8"), places=2, allow_nan=False, allow_infinity=False)
wordings = st.builds(
    Wording,
    thousands_separator=st.booleans(),
    percent_decimals=st.integers(min_value=0, max_value=4),
    zero_base=st.sampled_from(["", "不写", "增长100%", "增长--（基数为0，不可比）"]),
    zero_budget=st.sampled_from(["", "0%", "0.00%"]),
)

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def phrases(f: Formatter, current: D, base: D) -> list[str]:
    """Every phrase the vocabulary offers for one comparison, as a template receives them."""
    compare = comparisons.compare(f, current, base, "")
    budget = comparisons.budget(f, current, base, "")
    return [compare.amount, compare.last, compare.change, compare.movement,
            budget.budget, budget.actual, budget.gap, budget.completion, f.percent_of(current, base + 1)]


@FAST
@given(wordings, amounts, amounts)
def test_every_phrase_writes_money_and_percentages_in_one_format(wording, current, base):
    f = Formatter(wording)
    for text in phrases(f, current, base):
        for number in NUMBER.findall(text):
            if not wording.thousands_separator:
                assert "," not in number, text
            elif "," in number:
                assert re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", number), text
    money = f.money(abs(current - base))
    compare = comparisons.compare(f, current, base, "")
    if current != base:
        assert money in compare.change and compare.movement.startswith(("增加" + money, "减少" + money))
    for text in phrases(f, current, base):
        for own in (wording.zero_budget, wording.zero_base):
            if own:  # the pack's own zero-base / zero-budget text, written as the pack writes it
                text = text.replace(own, "")
        for pct in re.findall(r"([\d,]+(?:\.(\d+))?)%", text):
            assert len(pct[1]) == wording.percent_decimals, text


def test_no_thousands_separator_reaches_change_movement_and_percentages():
    f = Formatter(Wording(thousands_separator=False))
    change = Change(D("2386.40"), D("1193.20"))
    assert f.movement(change) == "增加1193.20万元，增长100.00%"
    assert f.change(change) == "比上年增加1193.20万元，增长100.00%"
    assert f.percent(D("12.3456")) == "1234.56%"
    assert Formatter(Wording()).percent(D("12.3456")) == "1,234.56%"


# ---------------------------------------------------------------------------
# Zero base: every comparison phrase, every setting

FOUNDED = Change(D("307.82"), D("0"))
ZERO_BASE = {
    "": "增加307.82万元，增长100.00%",
    "增长100%": "增加307.82万元，增长100%",
    "增长--（基数为0，不可比）": "增加307.82万元，增长--（基数为0，不可比）",
    "不写": "增加307.82万元",
}


@pytest.mark.parametrize(("zero_base", "expected"), ZERO_BASE.items())
def test_zero_base_reaches_movement(zero_base, expected):
    assert Formatter(Wording(zero_base=zero_base)).movement(FOUNDED) == expected


@pytest.mark.parametrize(("zero_base", "expected"), ZERO_BASE.items())
def test_zero_base_reaches_change(zero_base, expected):
    assert Formatter(Wording(zero_base=zero_base)).change(FOUNDED) == "比上年" + expected
    assert Formatter(Wording(zero_base=zero_base)).change(FOUNDED, style="compare") == "与上年相比，" + expected


@pytest.mark.parametrize(("zero_base", "expected"), ZERO_BASE.items())
def test_zero_base_reaches_the_context_of_every_comparison(zero_base, expected):
    compare = comparisons.compare(Formatter(Wording(zero_base=zero_base)), D("307.82"), None, "")
    assert (compare.movement, compare.change) == (expected, "比上年" + expected)


def test_zero_base_in_a_percent_decimals_pack():
    assert Formatter(Wording(percent_decimals=0)).movement(FOUNDED) == "增加307.82万元，增长100%"


# Zero budget: 未安排预算 by default, the pack's rate when neither budget nor spending

@pytest.mark.parametrize(("zero_budget", "actual", "completion", "gap"), [
    ("", "0", "", "未安排预算，未发生支出"),
    ("", "3", "", "未安排预算"),
    ("0%", "0", "0%", "预决算差异率0%"),
    ("0.00%", "0", "0.00%", "预决算差异率0.00%"),
    ("0%", "3", "", "未安排预算"),  # spending without a budget: never a rate of nothing
])
def test_zero_budget_reaches_completion_and_gap(zero_budget, actual, completion, gap):
    b = comparisons.budget(Formatter(Wording(zero_budget=zero_budget)), D(actual), D(0), "")
    assert (b.completion, b.gap) == (completion, gap)


# ---------------------------------------------------------------------------
# Shares: rounded half-up by default; balanced to 100 % by the rule the pack names

STEP = D("0.0001")
parts_lists = st.lists(st.decimals(min_value=D(0), max_value=D("1e6"), places=2, allow_nan=False,
                                   allow_infinity=False), min_size=1, max_size=8)


def exact_rounded(amount: D, total: D) -> D:
    return (amount / total).quantize(STEP, rounding="ROUND_HALF_UP")


@FAST
@given(parts_lists)
def test_default_shares_are_each_rounded_half_up(parts):
    total = sum(parts, D(0))
    shares = Formatter().shares(parts, total)
    if total == 0:
        assert all(s == 0 for s in shares)
    else:
        assert shares == [exact_rounded(a, total) for a in parts]


@FAST
@given(parts_lists, st.sampled_from(["末项", "最大余数"]))
def test_balanced_shares_total_100_and_move_no_share_more_than_one_step(parts, rule):
    total = sum(parts, D(0))
    shares = Formatter(Wording(share_balance=rule)).shares(parts, total)
    if total == 0:
        assert all(s == 0 for s in shares)
        return
    assert sum(shares) == 1
    for amount, share in zip(parts, shares):
        assert share >= 0
        assert abs(share - exact_rounded(amount, total)) <= STEP
        if amount == 0:
            assert share == 0


def test_the_rules_differ_where_the_last_item_is_not_the_largest_remainder():
    parts = [D("1551.68"), D("132.11"), D("47.41"), D("86.19"), D("73.80")]  # the Xinjiang reference
    total = sum(parts, D(0))
    as_percent = lambda rule: [Formatter(Wording(share_balance=rule)).percent(s)  # noqa: E731
                               for s in Formatter(Wording(share_balance=rule)).shares(parts, total)]
    assert as_percent("不调整") == ["82.05%", "6.99%", "2.51%", "4.56%", "3.90%"]  # 100.01 %
    assert as_percent("末项") == ["82.05%", "6.99%", "2.51%", "4.56%", "3.89%"]  # the reference
    assert as_percent("最大余数") == ["82.05%", "6.98%", "2.51%", "4.56%", "3.90%"]


# ---------------------------------------------------------------------------
# The options in pack.toml, and the budget a sentence compares with

def test_wrong_wording_options_are_reported_with_their_keys(tmp_path):
    from generator.packs import read_manifest
    from test_packs import copy_pack

    def edit(text):
        text = text.replace('share_balance = "末项"', 'share_balance = "平均"')
        text = text.replace('empty_table_note = "本表为空表"', 'empty_table_note = " "')
        return text + 'budget_basis = "调整预算"\ntable_zero = "0"\n'

    folder = copy_pack(tmp_path, edit)
    pack, problems = read_manifest(folder)
    assert pack is None
    text = "\n".join(problems)
    for key, hint in (("wording.share_balance", "不调整、末项、最大余数"), ("wording.budget_basis", "年初预算、全年预算"),
                      ("wording.table_zero", "0.00、空白"), ("wording.empty_table_note", "不能为空")):
        assert key in text and hint in text, (key, text)


def test_good_wording_options_load():
    from dataclasses import fields

    from generator.packs import find_pack

    assert find_pack("shanghai-2024").wording == Wording(
        no_change="持平", list_zero_items=False, thousands_separator=False, zero_budget="0.00%")
    assert {f.name for f in fields(Wording)} >= {"zero_base", "zero_budget", "budget_basis", "share_balance",
                                                  "table_zero", "empty_table_note"}


@pytest.mark.parametrize(("initial", "full", "basis", "expected"), [
    ("100", "120", "年初预算", ("100", "年初预算")),
    ("100", "120", "全年预算", ("120", "全年预算")),
    ("100", None, "全年预算", ("100", "年初预算")),  # no 全年预算 given: the 年初预算, named as such
    (None, None, "全年预算", ("0", "年初预算")),
])
def test_compared_budget(initial, full, basis, expected):
    from generator.figures import compared_budget

    value, name = compared_budget(D(initial) if initial else None, D(full) if full else None, basis)
    assert (value, name) == (D(expected[0]), expected[1])


def test_building_area_follows_the_number_format(make_workbook):
    from generator.context import build_context
    from generator.pipeline import validate

    path = make_workbook(lambda data: data["其他重要事项"].update({"房屋面积（平方米）": "12345.60"}))
    report = validate(path).report
    assert build_context(report)["s10"].assets.building_area == "12,345.60"
    assert build_context(report, Wording(thousands_separator=False))["s10"].assets.building_area == "12345.60"


@pytest.mark.parametrize(("setting", "zero"), [("空白", ""), ("0.00", "0.00")])
def test_panel_zero_decides_the_zero_cells_of_tables_1_and_4(setting, zero):
    """公开01/04表's numbered panels: a zero amount is blank or 0.00 as the pack's panel_zero says;
    the other amounts are printed either way."""
    from dataclasses import replace
    from pathlib import Path

    from generator.context_tables import numbered_panels
    from generator.narrative import Formatter
    from generator.packs import find_pack
    from generator.pipeline import validate

    pack = find_pack("shanghai-2024")
    report = validate(Path(__file__).resolve().parent.parent / "inputs" / "shanghai-2024.xlsx", pack).report
    panels = numbered_panels(Formatter(replace(pack.wording, panel_zero=setting)), report)
    amounts = [r.inc_amount for r in panels["t1"]["body"] if r.inc_label]
    # 政府性基金、国有资本经营 … 收入 are 0 in the example; 一般公共预算财政拨款收入 is not
    assert amounts[1] == zero and amounts[2] == zero
    assert amounts[0] not in ("", "0.00")
