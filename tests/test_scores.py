"""Self-evaluation scores: checked to the precision they are written in; an unreadable score
is reported once and keeps the 总分 check from being made; "/" is 'not applicable'."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import expected, problems_and_messages
from generator.extract import iter_blocks
from generator.figures import agrees, precision_of
from generator.pipeline import render_report, validate

D = Decimal
PROJECTS, INDICATORS = "绩效自评项目", "绩效自评指标"


@pytest.mark.parametrize(
    ("written", "exact", "ok"),
    [
        ("8.7", "8.66", True),  # one decimal: 8.66 is written 8.7
        ("8.6", "8.66", False),
        ("9", "9.4", True),  # integers: 9.4 is written 9
        ("9", "9.6", False),
        ("10", "9.5", True),  # half-up
        ("9", "9.5", True),  # a tie rounded the other way: within half a unit
        ("9.85", "9.8457", True),
        ("9.84", "9.845", True),  # the reference's 9.84 for 99.38 % (tie)
        ("9.84", "9.8457", False),
        ("8.70", "8.66", False),  # two decimals written: 8.66 expected
    ],
)
def test_a_score_agrees_with_its_value_rounded_to_its_own_precision(written, exact, ok):
    assert agrees(D(written), D(exact)) is ok


@settings(deadline=None)
@given(st.decimals(min_value=0, max_value=100, places=4), st.sampled_from([0, 1, 2]))
def test_the_rounded_value_always_agrees(exact, places):
    written = exact.quantize(D(1).scaleb(-places))
    assert precision_of(written) == D(1).scaleb(-places)
    assert agrees(written, exact)


def _project(data, no):
    return data[PROJECTS][no]


def test_scores_written_to_one_decimal_are_accepted(make_workbook):
    # project 3: 99.38 % executed gives 9.8457 under 阈值线性; one decimal: 9.8; 总分 99.07 → 99.0
    def mutate(data):
        row = _project(data, 2)
        row[17], row[20] = "9.8", "99.0"

    got, _ = problems_and_messages(make_workbook(mutate))
    assert got == expected()


def test_integer_scores_are_accepted(make_workbook):
    def mutate(data):
        row = _project(data, 2)
        row[17], row[20] = "10", "99"  # 9.8457 → 10; 总分 99.07 + 0.16 → 99.23 → 99

    got, _ = problems_and_messages(make_workbook(mutate))
    assert got == expected()


def test_a_score_off_by_more_than_its_precision_allows_is_reported(make_workbook):
    def mutate(data):
        row = _project(data, 2)
        row[17], row[20] = "9.7", "98.9"

    got, _ = problems_and_messages(make_workbook(mutate))
    assert got == expected((f"{PROJECTS}!R4", "score-rule-mismatch"))


def test_an_unreadable_score_is_reported_once_and_the_total_is_not_summed_as_zero(make_workbook):
    def mutate(data):
        data[INDICATORS][0][7] = "十分"  # project 1, first indicator; 总分 100 stays

    got, messages = problems_and_messages(make_workbook(mutate))
    assert got == expected((f"{INDICATORS}!H2", "not-a-number"), (f"{PROJECTS}!U2", "total-score-unchecked"))
    (message,) = messages["total-score-unchecked"]
    assert "无法核对" in message and f"{INDICATORS}!H2" in message


def test_slash_in_score_and_weight_means_not_applicable_and_prints_a_slash(make_workbook):
    def mutate(data):
        first, second = data[INDICATORS][0], data[INDICATORS][1]
        first[6], first[7] = "/", "/"
        second[6], second[7] = "20", "20.00"  # the weights still add up to 100

    path = make_workbook(mutate)
    got, _ = problems_and_messages(path)
    assert got == expected()
    v = validate(path)
    blocks = list(iter_blocks(render_report(v.report)))
    (cell,) = [b for b in blocks if b.kind != "p" and b.text == "开展走访慰问活动次数"]
    row = [b.text for b in blocks if b.kind != "p" and b.table == cell.table and b.row == cell.row]
    assert row[-3:-1] == ["/", "/"] and "0" not in row[-3:-1] and "0.00" not in row
