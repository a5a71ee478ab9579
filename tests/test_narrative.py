"""Phrase rules of the narrative, one focused test each (Decimals written as strings)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.figures import Change, execution_score
from generator.money import balanced_shares, format_percent
from generator.narrative import chinese_numeral, describe_budget_gap, describe_change


@pytest.mark.parametrize(
    ("current", "base", "style", "expected"),
    [
        # the reference's sentences
        ("41.33", "33.57", "than", "比上年增加7.76万元，增长23.12%"),
        ("2667.41", "2729.81", "compare", "与上年相比，减少62.40万元，下降2.29%"),
        ("3.37", "18.31", "than", "比上年减少14.94万元，下降81.59%"),
        # zero last year: the reference writes 增长100.00%
        ("51.59", "0", "than", "比上年增加51.59万元，增长100.00%"),
        # nothing this year: 下降100.00% (the reference once writes 100% without decimals)
        ("0", "200", "than", "比上年减少200.00万元，下降100.00%"),
        # no change, including zero both years: 与上年持平 (documented choice)
        ("12.50", "12.50", "than", "与上年持平"),
        ("0", "0", "compare", "与上年持平"),
        ("1234567.891", "1000000", "than", "比上年增加234,567.89万元，增长23.46%"),
    ],
)
def test_describe_change(current, base, style, expected):
    assert describe_change(Change(D(current), D(base)), "上年", style) == expected


def test_describe_change_basis():
    assert describe_change(Change(D("739.98"), D("759.56")), "上年决算") == "比上年决算减少19.58万元，下降2.58%"


@pytest.mark.parametrize(
    ("actual", "budget", "expected"),
    [
        ("1891.20", "1721.16", "预决算差异率9.88%"),
        ("90", "100", "预决算差异率-10.00%"),
        ("41.33", "41.33", "预决算差异率0.00%"),
        ("0", "0", "未安排预算，未发生支出"),  # never a percentage of a zero budget
        ("5", "0", "未安排预算"),
    ],
)
def test_describe_budget_gap(actual, budget, expected):
    assert describe_budget_gap(D(actual), D(budget)) == expected


def test_reference_shares_give_remainder_to_last_item():
    shares = balanced_shares([D("1551.68"), D("132.11"), D("47.41"), D("86.19"), D("73.80")], D("1891.20"))
    assert [format_percent(s) for s in shares] == ["82.05%", "6.99%", "2.51%", "4.56%", "3.89%"]


def test_zero_amount_never_takes_the_remainder():
    # 出国 0, 车 37.86, 接待 3.47 of 41.33 — and a trailing zero item
    shares = balanced_shares([D("0"), D("37.86"), D("3.47"), D("0")], D("41.33"))
    assert [format_percent(s) for s in shares] == ["0.00%", "91.60%", "8.40%", "0.00%"]


def test_shares_of_zero_total_are_zero():
    assert balanced_shares([D("0"), D("0")], D("0")) == [D(0), D(0)]


@given(st.lists(st.decimals(min_value=0, max_value=10**7, places=2), min_size=1, max_size=30))
def test_shares_always_total_one(amounts):
    total = sum(amounts, D(0))
    shares = balanced_shares(amounts, total)
    if total:
        assert sum(shares) == 1
    for a, s in zip(amounts, shares):
        if a == 0:
            assert s == 0


@pytest.mark.parametrize(
    ("rate", "weight", "rule", "expected"),
    [
        ("0.9938", "10", "阈值线性", "9.845"),
        ("0.5793", "10", "阈值线性", "0"),
        ("0.6", "10", "阈值线性", "0"),
        ("1.2", "10", "阈值线性", "10"),
        ("0.7766", "10", "比例", "7.766"),
        ("1.5", "10", "比例", "10"),
    ],
)
def test_execution_score(rate, weight, rule, expected):
    assert execution_score(D(rate), D(weight), rule) == D(expected)


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (11, "十一"), (14, "十四"), (20, "二十"), (99, "九十九")])
def test_chinese_numeral(n, text):
    assert chinese_numeral(n) == text


def test_chinese_numeral_range():
    with pytest.raises(ValueError):
        chinese_numeral(0)
