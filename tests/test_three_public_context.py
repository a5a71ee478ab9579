"""七、“三公”经费 in the template context: the car's budget reason is a budget reason, and a
count the workbook does not state is printed as nothing, never as an invented 0."""

from __future__ import annotations

import pytest

from generator.context import build_context
from generator.load import load_report
from generator.pipeline import validate
from generator.printed import Printed
from generator.schema import FULL_SELECTION
from generator.workbook import read_workbook

TP = "三公经费说明"
COUNTS = {"因公出国（境）团组数（个）": "abroad_groups", "因公出国（境）人次": "abroad_people",
          "公务用车购置数（辆）": "car_bought", "公务用车保有量（辆）": "car_held",
          "国内公务接待批次": "reception_batches", "国内公务接待人次": "reception_people"}


def _s7(path):
    return build_context(validate(path).report)["s7"]


@pytest.mark.parametrize(("buy", "run", "reason"), [
    ("购置计划调整", "", "购置计划调整"),
    ("", "严格控制车辆运行支出", "严格控制车辆运行支出"),
    ("压减支出", "压减支出", "压减支出"),
    ("购置计划调整", "严格控制车辆运行支出",
     "公务用车购置费方面，购置计划调整；公务用车运行维护费方面，严格控制车辆运行支出"),
    ("", "", ""),
])
def test_the_car_budget_reason_is_the_parts_budget_reasons_not_the_yearly_change(make_workbook, buy, run, reason):
    def mutate(data):
        data[TP]["公务用车购置及运行维护费变动原因"] = "与上年相比车辆减少"
        data[TP]["公务用车购置费预决算差异原因"] = buy
        data[TP]["公务用车运行维护费预决算差异原因"] = run

    s7 = _s7(make_workbook(mutate))
    assert s7.budget.car.reason == reason
    assert s7.car.reason == "与上年相比车辆减少"  # the year-on-year phrase keeps its own reason


def test_counts_the_workbook_states_are_printed_as_written(make_workbook):
    def mutate(data):
        data[TP].update({label: str(n) for n, label in enumerate(COUNTS)})

    s7 = _s7(make_workbook(mutate))
    assert [getattr(s7, key) for key in COUNTS.values()] == [str(n) for n in range(len(COUNTS))]


def test_a_count_left_empty_where_nothing_prints_it_is_empty_not_zero(make_workbook):
    """A template that prints none of the counts does not require them: left empty, they stay empty."""
    def mutate(data):
        data[TP].update(dict.fromkeys(COUNTS, ""))

        data["其他重要事项"]["车辆数（辆）"] = ""

    report, problems = load_report(read_workbook(make_workbook(mutate)), FULL_SELECTION, Printed(frozenset()))
    assert not [p for p in problems if p.ref is not None and p.ref.sheet in (TP, "其他重要事项")]
    s7 = build_context(report)["s7"]
    assert [getattr(s7, key) for key in COUNTS.values()] == [""] * len(COUNTS)
    assert s7.asset_vehicles == ""


def test_a_count_left_empty_where_the_template_prints_it_is_an_error(make_workbook):
    def mutate(data):
        data[TP]["公务用车购置数（辆）"] = ""

    v = validate(make_workbook(mutate))
    assert [(p.ref.sheet, p.code) for p in v.errors] == [(TP, "missing-value")]
