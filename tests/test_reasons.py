"""Reasons: asked for exactly when two compared figures differ, reported at their cell when
missing, and never printed as an empty "主要原因是：" clause."""

from __future__ import annotations

import re

from conftest import expected, problems_and_messages
from generator import checks
from generator.extract import iter_blocks
from generator.pipeline import render_report, validate
from generator.problems import Severity

TP = "三公经费说明"
T7 = "财政拨款“三公”经费支出决算表"
EMPTY_REASON = re.compile(r"主要原因是：\s*[；。，]|主要原因是：\s*$|原因是：\s*[；。]")


def _document_text(path) -> str:
    v = validate(path)
    assert v.ok, [(str(p.ref), p.code) for p in v.errors]
    return "\n".join(b.text for b in iter_blocks(render_report(v.report)))


def test_unchanged_item_with_a_blank_reason_prints_no_empty_reason(make_workbook):
    # the case: 因公出国（境）费 0.00 both years, its reason left blank
    def mutate(data):
        data[TP]["因公出国（境）费变动原因"] = ""

    path = make_workbook(mutate)
    got, _ = problems_and_messages(path)
    assert got == expected()  # equal figures: no reason asked for
    text = _document_text(path)
    assert not EMPTY_REASON.search(text), EMPTY_REASON.search(text)
    assert "因公出国（境）费支出0.00万元，占0.00%，与上年持平；公务用车购置及运行维护费" in text


def test_missing_reason_for_a_change_is_reported_at_its_cell_and_left_out_of_the_sentence(make_workbook):
    def mutate(data):
        data[TP]["公务接待费变动原因"] = ""  # 2.21 → 3.47

    path = make_workbook(mutate)
    got, messages = problems_and_messages(path)
    assert got == expected((f"{TP}!B9", "missing-reason"))
    text = _document_text(path)
    assert not EMPTY_REASON.search(text)
    assert "公务接待费支出3.47万元，占8.40%，比上年增加1.26万元，增长57.01%。" in text


def test_missing_reason_severity_is_a_setting(make_workbook, monkeypatch):
    def mutate(data):
        data[TP]["公务接待费变动原因"] = ""

    report = validate(make_workbook(mutate)).report
    (default,) = [p for p in checks.check_reasons(report) if p.code == "missing-reason"]
    assert default.severity is Severity.WARNING
    (strict,) = [p for p in checks.check_reasons(report, severity=Severity.ERROR) if p.code == "missing-reason"]
    assert strict.is_error and str(strict.ref) == f"{TP}!B9"
    monkeypatch.setattr(checks.reasons, "MISSING_REASON_SEVERITY", Severity.ERROR)
    assert not validate(make_workbook(mutate)).ok


def test_budget_equal_to_actual_asks_for_no_reason(make_workbook):
    # the case: 公务用车运行维护费 预算 37.86 = 决算 37.86, reason blank, was asked "有差异"
    def mutate(data):
        data[TP]["公务用车运行维护费预决算差异原因"] = ""
        data[TP]["公务用车购置费预决算差异原因"] = ""  # 0.00 = 0.00

    path = make_workbook(mutate)
    got, _ = problems_and_messages(path)
    assert got == expected()
    text = _document_text(path)
    assert "公务用车运行费全年预算数37.86万元，决算数37.86万元，预决算差异率0.00%；" in text


def test_budget_differing_from_actual_asks_for_a_reason(make_workbook):
    def mutate(data):
        data[T7][0][4] = "40.00"  # 预算 运行维护费
        data[T7][0][2] = "40.00"  # 预算 小计
        data[T7][0][0] = "43.47"  # 预算 合计
        data[TP]["公务用车运行维护费预决算差异原因"] = ""

    path = make_workbook(mutate)
    got, _ = problems_and_messages(path)
    assert got == expected((f"{TP}!B23", "missing-reason"))


def test_the_worked_example_has_no_empty_reason(make_workbook):
    assert not EMPTY_REASON.search(_document_text(make_workbook()))
