"""Identities real documents break (issue 16.6, 16.10 and 16.5's 机关运行经费): one focused test per
rule, on the worked examples edited in code, and a property test of the 政府采购 limits."""

from __future__ import annotations

import dataclasses
import functools
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import _make_example_module
from generator import checks, schema
from generator.model import ProcurementReserved, Report
from generator.packs import find_pack
from generator.pipeline import Validation, validate
from generator.workbook import write_workbook

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {"xinjiang-2023": ROOT / "inputs" / "2023.toml", "shanghai-2024": ROOT / "inputs" / "shanghai-2024.toml"}
T6, T7 = schema.T6.name, schema.T7.name
NOTES, RESERVED, COMPOSITION = schema.ITEM_NOTES.name, schema.PROCUREMENT_RESERVED.name, schema.COMPOSITION.name


@pytest.fixture
def check(tmp_path) -> Callable[..., Validation]:
    """check(pack_id, mutate=None) → the validation of that pack's worked example, edited."""
    module = _make_example_module()

    def run(pack_id: str, mutate: Callable[[dict[str, Any]], Any] | None = None) -> Validation:
        data = module.load(SOURCES[pack_id])
        if mutate:
            mutate(data)
        path = tmp_path / f"{pack_id}.xlsx"
        write_workbook(path, data, meta={"pack": pack_id}, selection=find_pack(pack_id).selection)
        return validate(path)

    return run


def new_problems(check, pack_id: str, mutate) -> dict[tuple[str, str], str]:
    """(cell, code) → message of what the edit adds to the example's own problems."""
    base = {(str(p.ref), p.code) for p in check(pack_id).problems}
    return {(str(p.ref), p.code): p.message for p in check(pack_id, mutate).problems
            if (str(p.ref), p.code) not in base}


# ---------------------------------------------------------------------------
# 公开06表's 三公 items within 公开07表

def test_table6_reception_above_table7_is_an_error_naming_both_cells(check):
    def mutate(d):
        d[T7][0][11] = "0.30"  # 决算 公务接待费 3.47 → 0.30, below 公开06表 30217 (3.47)
        d[T7][0][6] = "38.16"  # 决算 合计 follows

    got = new_problems(check, "xinjiang-2023", mutate)
    message = got[(f"{T6}!F11", "basic-above-three-public")]  # 30217 公务接待费
    assert "30217" in message and f"{T7}!L5" in message and "3.47" in message and "0.30" in message


def test_table6_items_within_table7_are_no_problem(check):
    def mutate(d):
        d[T7][0][11] = "5.00"  # 决算 公务接待费 above 公开06表's 3.47 (项目支出 may add to it)
        d[T7][0][6] = "42.86"

    got = new_problems(check, "xinjiang-2023", mutate)
    assert not [code for _, code in got if code in ("basic-above-three-public", "cross-table-rounding")]


# ---------------------------------------------------------------------------
# 政府采购: 小微 ≤ 中小 ≤ 总额 for the reserved amounts

def test_micro_reserved_above_sme_reserved_is_an_error(check):
    got = new_problems(check, "shanghai-2024", lambda d: d[RESERVED].update({"面向小微企业预留项目预算金额": "300.00"}))
    assert list(got) == [(f"{RESERVED}!B3", "amount-too-large")]
    assert f"{RESERVED}!B2" in got[(f"{RESERVED}!B3", "amount-too-large")]


def test_sme_reserved_above_the_total_is_an_error(check):
    got = new_problems(check, "shanghai-2024", lambda d: d[RESERVED].update({"面向中小企业预留项目预算金额": "2400.00"}))
    assert list(got) == [(f"{RESERVED}!B2", "amount-too-large")]
    assert "其他重要事项!B5" in got[(f"{RESERVED}!B2", "amount-too-large")]


def test_awarded_to_sme_above_the_total_is_an_error(check):
    got = new_problems(check, "shanghai-2024", lambda d: d[RESERVED].update({"其他项目中由中小企业中标或成交的金额": "2100.00"}))
    assert list(got) == [(f"{RESERVED}!B4", "amount-too-large")]


cents = st.integers(min_value=0, max_value=500_000).map(lambda n: Decimal(n) / 100)


@settings(max_examples=60, deadline=None)
@given(sme=cents, micro=cents)
def test_reserved_amounts_are_reported_exactly_when_out_of_order(sme, micro):
    r = shanghai_report()
    reserved = ProcurementReserved(sme_reserved=sme, micro_reserved=micro, sme_reserved_awarded=None,
                                   micro_reserved_awarded=None, sme_other_awarded=None,
                                   refs=r.procurement_reserved.refs)
    report = dataclasses.replace(r, procurement_reserved=reserved)
    flagged = {p.ref.cell for p in checks.check_procurement(report) if p.code == "amount-too-large"}
    total = r.other.procurement_total
    assert ("B2" in flagged) == (sme > total)
    assert ("B3" in flagged) == (micro > sme)


@functools.cache
def shanghai_report() -> Report:
    return validate(ROOT / "inputs" / "shanghai-2024.xlsx").report


# ---------------------------------------------------------------------------
# 机关运行经费 and 公用经费: a department with a 事业单位

def test_running_cost_below_public_is_no_warning_with_a_public_institution(check):
    """The Shanghai example (142.80 against 480.66) lists “（下属事业单位）” in 单位构成."""
    assert "running-cost-differs" not in {p.code for p in check("shanghai-2024").problems}


def test_running_cost_differs_when_every_unit_is_civil_service(check):
    def mutate(d):  # the 本级 and the 参公 执法大队 only
        d[COMPOSITION] = [row for row in d[COMPOSITION] if "参公" in row[0] or "本级" in row[0]]

    got = new_problems(check, "shanghai-2024", mutate)
    assert ("其他重要事项!B2", "running-cost-differs") in got


def test_running_cost_above_public_is_a_warning_even_with_a_public_institution(check):
    got = new_problems(check, "shanghai-2024", lambda d: d["其他重要事项"].update({"机关运行经费": "500.00"}))
    assert ("其他重要事项!B2", "running-cost-differs") in got
    assert "大于" in got[("其他重要事项!B2", "running-cost-differs")]


# ---------------------------------------------------------------------------
# A 项 budgeted but not spent (not in 公开05表) counts in the 年初预算

def _budget_only(reason: str):
    def mutate(d):
        d[NOTES].append(["2120399", "其他城乡社区公共设施支出", "公共设施维护", "100.00", reason])
        d["上年及预算对比"]["一般公共预算财政拨款支出年初预算数"] = "10310.34"

    return mutate


def test_a_budget_only_item_counts_in_the_budget_total(check):
    got = new_problems(check, "shanghai-2024", _budget_only("项目未实施"))
    assert got == {}  # 10310.34 against 10210.33 + 100.00: the example's own 尾差, no total-mismatch


def test_a_budget_only_item_needs_its_reason(check):
    got = new_problems(check, "shanghai-2024", _budget_only(""))
    assert list(got) == [(f"{NOTES}!E15", "missing-reason")]
