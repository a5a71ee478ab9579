"""One Formatter built from a pack's [wording]: one format of money and percentages across every
phrase, and the zero-base / zero-budget settings reaching every comparison phrase."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import context
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
    compare = context._compare(f, current, base, "")
    budget = context.budget(f, current, base, "")
    return [compare["amount"], compare["last"], compare["change"], compare["movement"],
            budget["budget"], budget["actual"], budget["gap"], budget["completion"], f.percent_of(current, base + 1)]


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
    compare = context._compare(f, current, base, "")
    if current != base:
        assert money in compare["change"] and compare["movement"].startswith(("增加" + money, "减少" + money))
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
    compare = context._compare(Formatter(Wording(zero_base=zero_base)), D("307.82"), None, "")
    assert (compare["movement"], compare["change"]) == (expected, "比上年" + expected)


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
    b = context.budget(Formatter(Wording(zero_budget=zero_budget)), D(actual), D(0), "")
    assert (b["completion"], b["gap"]) == (completion, gap)
