"""The comparison machinery of the golden tests (tests/golden_compare.py) on small texts."""

from __future__ import annotations

import pytest

from golden_compare import CHOICE, SLIP, Difference, compare_sentences, normalise, sentences


def test_a_bare_heading_number_joins_the_next_line():
    text = "（一）\n\n  “三公”经费支出决算总体情况说明。\n\n  年初预算为 2.85 万元。"
    assert sentences(normalise(text)) == ["(一)“三公”经费支出决算总体情况说明", "年初预算为2.85万元"]


def test_a_listed_wrapped_line_joins_the_next_line():
    text = "1.履行国土空间\n\n用途管制职责。贯彻执行法律。"
    assert sentences(normalise(text)) == ["1.履行国土空间", "用途管制职责", "贯彻执行法律"]
    assert sentences(normalise(text, wrapped=("1.履行国土空间",))) == ["1.履行国土空间用途管制职责", "贯彻执行法律"]


def test_a_heading_of_its_own_stays_a_sentence():
    assert sentences(normalise("一、收入决算情况说明\n本年收入合计 9.00 万元。")) == [
        "一、收入决算情况说明", "本年收入合计9.00万元"]


def test_slips_leave_the_own_fidelity_basis():
    reference = ["收入1.00万元", "增长13.95", "支出2.00万元,完成预算的0.00%"]
    built = ["收入1.00万元", "增长13.95%", "支出2.00万元,未安排预算"]
    differences = [
        Difference("增长13.95", "增长13.95%", "a rate with no %", ("13.95",), ("13.95%",), kind=SLIP),
        Difference("支出2.00万元,完成预算的0.00%", "支出2.00万元,未安排预算", "no rate of a zero budget",
                   ("0.00%",), kind=CHOICE),
    ]
    result = compare_sentences(reference, built, differences, {})
    assert result.failures == []
    assert result.slips == ["增长13.95"]
    assert result.own_fidelity == pytest.approx(1 / 2)  # one verbatim of the two that are not slips
    assert "slips of the reference: 1, so 1 of the other 2 (50.0%)" in result.summary("t")


def test_a_difference_must_say_its_kind():
    with pytest.raises(ValueError):
        Difference("a1", "b1", "why", kind="excuse")
