"""checks.py: cross-field rules. Each test breaks one identity of the worked example and asserts
every problem `pjgen check` then reports, as sorted (sheet!cell, code) pairs; `expected(...)`
adds the example's intended warning (BASELINE)."""

from __future__ import annotations

import dataclasses
import functools
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BASELINE, EXAMPLE_XLSX, expected, problems_and_messages
from generator import checks, model
from generator.figures import execution_score, within
from generator.money import quantize
from generator.pipeline import validate
from generator.problems import CellRef

D = Decimal
T1, T2, T3, T4, T5, T6 = ("收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表",
                          "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表")
T7, T8 = "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表"
PROJECTS, INDICATORS, LAST = "绩效自评项目", "绩效自评指标", "一般公共预算支出上年对比"


def cells(*edits):
    """A mutate function: edits are (sheet, row index, column index, value) on the data rows
    (row index 0 is the table's first data row: sheet row 5 in official tables, 2 in lists)."""

    def mutate(data):
        for sheet, row, col, value in edits:
            data[sheet][row][col] = value

    return mutate


def fields(sheet, **values):
    def mutate(data):
        data[sheet].update(values)

    return mutate


# ---------------------------------------------------------------------------
# Tolerance: sums of rounded parts may miss their rounded total by half a cent per part


@pytest.mark.parametrize(
    ("total", "parts", "ok"),
    [
        # the reference's own rounding: its 类 rows add to 1,891.19 against 合计 1,891.20
        ("1891.20", ["1551.68", "132.11", "47.41", "86.19", "73.80"], True),
        ("10.00", ["5.00", "5.00"], True),
        ("10.01", ["5.00", "5.00"], True),
        ("10.02", ["5.00", "5.00"], False),
        ("10.05", ["5.00", "5.00"], False),  # a gap of 0.05 over 2 parts
        ("15.01", ["5.00", "5.00", "5.00"], True),
        ("15.02", ["5.00", "5.00", "5.00"], False),
        ("0.005", ["0.00"], True),
        ("0.01", ["0.00"], False),  # one part rounds like its total: a cent is not rounding
        ("0.02", ["0.00"], False),
    ],
)
def test_tolerance(total, parts, ok):
    assert within(D(total), [D(p) for p in parts]) is ok


def test_reference_rounding_in_the_example_is_a_warning_naming_both_figures_and_cells():
    v = validate(EXAMPLE_XLSX)
    classes = [r for r in v.report.t5.rows if r.level == 1]
    assert sum(r.amounts.total for r in classes) == D("1891.19")
    assert v.report.t5.total.amounts.total == D("1891.20")
    assert sum(r.amounts.basic for r in classes) == D("1180.93")
    assert v.report.t5.total.amounts.basic == D("1180.94")
    assert not [p for p in v.problems if p.is_error]
    (c5,) = [p for p in v.problems if str(p.ref) == f"{T5}!C5"]
    assert c5.code == "rounding-difference" and not c5.is_error
    assert all(s in c5.message for s in ("尾差", "1,891.20", "1,891.19", f"{T5}!C5", "C6、C12、C17、C23、C26"))


def test_gap_of_five_cents_over_two_parts_is_an_error(make_workbook, problems_of):
    path = make_workbook(cells((T7, 0, 10, "37.81")))  # 决算 运行维护费; 小计 stays 37.86 = 0.00 + 37.86
    # and 公开06表's 30231 公务用车运行维护费 (37.86) now exceeds it
    assert problems_of(path) == expected((f"{T7}!I5", "total-mismatch"),
                                         ("一般公共预算财政拨款基本支出决算表!I8", "basic-above-three-public"))


def test_gap_of_one_cent_over_two_parts_is_a_rounding_warning(make_workbook):
    # the case: 公务用车运行维护费 决算 37.86 → 37.85 passed without a word
    path = make_workbook(cells((T7, 0, 10, "37.85")))
    got, messages = problems_and_messages(path)
    # and 公开06表's 30231 (37.86) is one cent above it: a 尾差 too
    assert got == expected((f"{T7}!I5", "rounding-difference"),
                           ("一般公共预算财政拨款基本支出决算表!I8", "cross-table-rounding"))
    (message,) = [m for m in messages["rounding-difference"] if "小计" in m]
    assert all(s in message for s in ("37.86", "37.85", f"{T7}!I5", "J5、K5"))


def test_one_cent_typo_in_a_budget_figure_is_a_rounding_warning(make_workbook, problems_of):
    # the case: 公务用车运行维护费 预算 37.86 → 37.85 passed check and both reference tests
    path = make_workbook(cells((T7, 0, 4, "37.85")))
    assert problems_of(path) == expected((f"{T7}!C5", "rounding-difference"))


def test_one_cent_typo_in_a_total_is_a_rounding_warning(make_workbook, problems_of):
    # the case: 收入决算表 C8 739.98 → 740.00 passed without a word
    path = make_workbook(cells((T2, 3, 2, "740.00")))
    assert problems_of(path) == expected(
        (f"{T2}!C8", "rounding-difference"),  # its row: 740.00 against 739.98 in the source columns
        (f"{T2}!C7", "rounding-difference"))  # its 款: 739.98 against its 项 740.00


# ---------------------------------------------------------------------------
# Coded tables: 合计 = Σ类, 类 = Σ款, 款 = Σ项, row 合计 = Σ columns


def test_total_is_not_the_sum_of_classes(make_workbook, problems_of):
    # a new 类 with no 款 below it: only the 合计 row disagrees, in the two columns it fills
    def add_class(data):
        data[T3].append(["212", "城乡社区支出", "10.00", "10.00", "0.00", "0.00", "0.00", "0.00"])

    path = make_workbook(add_class)
    assert problems_of(path) == expected((f"{T3}!C5", "total-mismatch"), (f"{T3}!D5", "total-mismatch"))


def test_class_is_not_the_sum_of_its_kuan(make_workbook, problems_of):
    # 20805 and its 项 2080501 both +0.10; the 类 208 stays 132.11
    path = make_workbook(cells((T2, 8, 2, "132.21"), (T2, 8, 3, "132.21"), (T2, 9, 2, "0.52"), (T2, 9, 3, "0.52")))
    assert problems_of(path) == expected((f"{T2}!C12", "total-mismatch"), (f"{T2}!D12", "total-mismatch"))


def test_kuan_is_not_the_sum_of_its_xiang(make_workbook, problems_of):
    path = make_workbook(cells((T2, 9, 2, "0.52"), (T2, 9, 3, "0.52")))  # 2080501 行政单位离退休
    assert problems_of(path) == expected((f"{T2}!C13", "total-mismatch"), (f"{T2}!D13", "total-mismatch"))


def test_row_total_is_not_the_sum_of_its_columns(make_workbook, problems_of):
    # 公开08表 合计: 本年支出小计 10 ≠ 基本 5 + 项目 4 (年初 0 + 收入 10 − 支出 10 = 年末 0 holds)
    path = make_workbook(lambda d: d[T8].append(["", "合计", "0", "10", "10", "5", "4", "0"]))
    assert problems_of(path) == expected((f"{T8}!E5", "total-mismatch"))


def test_changed_total_cell_breaks_every_identity_it_is_part_of(make_workbook):
    path = make_workbook(cells((T2, 0, 2, "2033.50")))  # 收入决算表 合计 本年收入合计
    got, messages = problems_and_messages(path)
    assert got == expected(
        (f"{T2}!C5", "total-mismatch"),  # ≠ Σ类
        (f"{T2}!C5", "total-mismatch"),  # ≠ 财政拨款收入 + … + 其他收入
        (f"{T2}!C5", "cross-table-mismatch"))  # ≠ 公开01表 本年收入合计
    # messages quote both figures, formatted, and the gap
    assert any("2,033.50" in m and "2,033.40" in m and "0.10" in m for m in messages["total-mismatch"])


def test_fund_table_balance(make_workbook, problems_of):
    # 年初 5 + 收入 10 − 支出 10 ≠ 年末 0
    path = make_workbook(lambda d: d[T8].append(["", "合计", "5", "10", "10", "6", "4", "0"]))
    assert problems_of(path) == expected((f"{T8}!H5", "balance-mismatch"))


def test_missing_parent_in_the_expense_table(make_workbook, problems_of):
    path = make_workbook(lambda d: d[T5].pop(8))  # 20805 行政事业单位养老支出
    assert problems_of(path) == expected(*((f"{T5}!B{r}", "missing-parent") for r in (13, 14, 15)))


# ---------------------------------------------------------------------------
# 公开01表 and 公开04表


@pytest.mark.parametrize(
    ("edit", "cell"),
    [
        ((T1, 3, 2, "0.10"), "C13"),  # 上级补助收入 → 本年收入合计 ≠ Σ收入
        ((T1, 9, 2, "0.10"), "C16"),  # 使用非财政拨款结余 → 收入总计 ≠ 本年收入合计 + …
        ((T1, 2, 5, "47.51"), "F10"),  # 卫生健康支出 → 本年支出合计 ≠ Σ类 (and ≠ 支出决算表, below)
        ((T1, 6, 5, "0.10"), "F13"),  # 结余分配 → 支出总计 ≠ 本年支出合计 + …
        ((T1, 11, 2, "2667.42"), "F13"),  # 收入总计 2,667.42 (within rounding of its parts) ≠ 支出总计 2,667.41
    ],
)
def test_t1_identities(make_workbook, problems_of, edit, cell):
    path = make_workbook(cells(edit))
    extra = [(f"{T1}!F7", "cross-table-mismatch")] if cell == "F10" else []
    if edit[3] == "2667.42":  # 收入总计 now one cent from its own parts; 支出总计 keeps its 尾差
        extra = [(f"{T1}!C16", "rounding-difference"), (f"{T1}!F13", "rounding-difference")]
    assert problems_of(path) == expected((f"{T1}!{cell}", "total-mismatch"), *extra)


@pytest.mark.parametrize(
    ("edits", "bad"),
    [
        ([(T4, 1, 2, "0.10")], ["C8"]),  # 政府性基金预算财政拨款 → 本年收入合计 ≠ three funds
        ([(T4, 5, 2, "0.10")], ["C9"]),  # 一般公共预算财政拨款结转和结余 → 年初 ≠ three funds
        ([(T4, 8, 2, "1891.30")], ["C13", "F12"]),  # 收入总计 ≠ 本年收入 + 年初, and ≠ 支出总计
        ([(T4, 2, 7, "0.10")], ["F7"]),  # 卫生健康支出 row: 合计 ≠ Σ three funds
        ([(T4, 2, 5, "47.51"), (T4, 2, 6, "47.51")], ["F10"]),  # 本年支出合计 ≠ Σ类 (and G7 ≠ 公开05表)
        ([(T4, 6, 5, "0.10"), (T4, 6, 6, "0.10")], ["F12"]),  # 支出总计 ≠ 本年支出合计 + 年末
    ],
)
def test_t4_identities(make_workbook, problems_of, edits, bad):
    path = make_workbook(cells(*edits))
    extra = [(f"{T4}!G7", "cross-table-mismatch")] if bad == ["F10"] else []
    assert problems_of(path) == expected(*((f"{T4}!{c}", "total-mismatch") for c in bad), *extra)


def test_class_rows_agree_across_tables(make_workbook, problems_of):
    # 公开01表 社会保障和就业支出 132.11 → 132.21 while 支出决算表 keeps 132.11; the 本年支出合计 identity
    # stays within rounding only if another class moves the other way
    path = make_workbook(cells((T1, 1, 5, "132.21"), (T1, 2, 5, "47.31")))
    assert problems_of(path) == expected((f"{T1}!F6", "cross-table-mismatch"), (f"{T1}!F7", "cross-table-mismatch"))


def test_class_missing_from_the_detailed_table(make_workbook, problems_of):
    path = make_workbook(cells((T1, 4, 3, "其它支出")))  # misspelt 类 name in 公开01表
    assert problems_of(path) == expected((f"{T1}!F9", "cross-table-mismatch"))


# ---------------------------------------------------------------------------
# 公开06表 and 公开07表


def test_t6_personnel_total_is_not_the_sum_of_classes(make_workbook, problems_of):
    path = make_workbook(cells((T6, 12, 2, "0.52"), (T6, 13, 2, "0.52")))  # 303 and 30302
    assert problems_of(path) == expected((f"{T6}!C19", "total-mismatch"))


def test_t6_class_is_not_the_sum_of_its_items(make_workbook, problems_of):
    path = make_workbook(cells((T6, 13, 2, "0.52")))  # 30302 退休费
    assert problems_of(path) == expected((f"{T6}!C17", "total-mismatch"))


@pytest.mark.parametrize(
    ("col", "value", "cell"),
    [
        (5, "3.57", "A5"),  # 预算 公务接待费 → 预算 合计 ≠ 出国 + 车 + 接待
        (4, "37.80", "C5"),  # 预算 运行维护费 → 预算 车 小计 ≠ 购置 + 运行
        (11, "3.57", "G5"),  # 决算 公务接待费 → 决算 合计
    ],
)
def test_t7_three_public_totals(make_workbook, problems_of, col, value, cell):
    path = make_workbook(cells((T7, 0, col, value)))
    assert problems_of(path) == expected((f"{T7}!{cell}", "total-mismatch"))


# ---------------------------------------------------------------------------
# Across tables


def test_fiscal_income_differs_between_tables(make_workbook, problems_of):
    # 公开01表: 一般公共预算财政拨款收入 +0.10, 其他收入 −0.10 (its own sums still hold)
    path = make_workbook(cells((T1, 0, 2, "1891.30"), (T1, 7, 2, "142.10")))
    assert problems_of(path) == expected(
        (f"{T2}!D5", "cross-table-mismatch"),  # 收入决算表 财政拨款收入 1,891.20
        (f"{T4}!C5", "cross-table-mismatch"))  # 公开04表 一般公共预算财政拨款 1,891.20


def test_a_one_cent_difference_between_tables_is_a_rounding_warning_naming_both_cells(make_workbook):
    # 公开01表: 一般公共预算财政拨款收入 +0.01, 其他收入 −0.01 (its own sums still hold)
    path = make_workbook(cells((T1, 0, 2, "1891.21"), (T1, 7, 2, "142.19")))
    got, messages = problems_and_messages(path)
    assert got == expected(
        (f"{T2}!D5", "rounding-difference"),  # 收入决算表 财政拨款收入 against 公开01表's three funds
        (f"{T4}!C5", "cross-table-rounding"))  # 公开04表 一般公共预算财政拨款 1,891.20 against 1,891.21
    (message,) = messages["cross-table-rounding"]
    assert f"{T4}!C5" in message and f"{T1}!C5" in message and "1,891.21" in message and "尾差" in message


def test_basic_expense_differs_from_t6(make_workbook, problems_of):
    # 公开06表 公用经费 +0.10 (30201 办公费, 302, 公用经费合计): consistent in itself
    path = make_workbook(cells((T6, 1, 5, "18.60"), (T6, 0, 5, "137.58"), (T6, 14, 5, "137.58")))
    assert problems_of(path) == expected(
        (f"{T5}!D5", "cross-table-mismatch"),  # 基本支出 1,180.94 ≠ 1,043.46 + 137.58
        ("其他重要事项!B2", "running-cost-differs"))  # 机关运行经费 137.48 ≠ 公用经费 137.58


def test_expense_total_differs_from_t1(make_workbook, problems_of):
    # 公开01表 本年支出合计 +0.10 and 年末结转和结余 −0.10: its 总计 still holds
    path = make_workbook(cells((T1, 5, 5, "2584.98"), (T1, 7, 5, "82.44")))
    assert problems_of(path) == expected(
        (f"{T1}!F10", "total-mismatch"),  # ≠ Σ类 in 公开01表 itself
        (f"{T3}!C5", "cross-table-mismatch"))  # 支出决算表 合计 2,584.88


def test_general_budget_expense_differs_between_t4_and_t5(make_workbook, problems_of):
    # 公开04表 本年支出合计 (合计 and 一般公共预算 columns) 1,891.30
    path = make_workbook(cells((T4, 5, 5, "1891.30"), (T4, 5, 6, "1891.30")))
    assert problems_of(path) == expected(
        (f"{T4}!F10", "total-mismatch"),  # ≠ Σ类
        (f"{T4}!F12", "total-mismatch"),  # 总计 ≠ 本年支出合计 + 年末
        (f"{T5}!C5", "cross-table-mismatch"))  # 公开05表 合计 1,891.20


# ---------------------------------------------------------------------------
# 其他重要事项


def test_running_cost_differs_is_a_warning(make_workbook):
    path = make_workbook(fields("其他重要事项", 机关运行经费="137.50"))
    v = validate(path)
    assert sorted(p.flat() for p in v.problems) == expected(("其他重要事项!B2", "running-cost-differs"))
    assert v.ok


@pytest.mark.parametrize(("kind", "warned"), [("参照公务员法管理事业单位", True), ("事业单位", False)])
def test_running_cost_rule_depends_on_unit_kind(make_workbook, problems_of, kind, warned):
    def mutate(data):
        data["其他重要事项"]["机关运行经费"] = "137.50"
        data["单位信息"]["单位性质"] = kind

    path = make_workbook(mutate)
    assert problems_of(path) == (expected(("其他重要事项!B2", "running-cost-differs")) if warned else BASELINE)


def test_procurement_total(make_workbook, problems_of):
    path = make_workbook(fields("其他重要事项", 政府采购货物支出="38.37"))
    assert problems_of(path) == expected(("其他重要事项!B5", "total-mismatch"))


def test_sme_amount_larger_than_procurement_total(make_workbook, problems_of):
    path = make_workbook(fields("其他重要事项", 授予中小企业合同金额="80.00"))
    assert problems_of(path) == expected(("其他重要事项!B9", "amount-too-large"))


def test_micro_amount_larger_than_sme_amount(make_workbook, problems_of):
    path = make_workbook(fields("其他重要事项", **{"其中：授予小微企业合同金额": "71.00"}))
    assert problems_of(path) == expected(("其他重要事项!B10", "amount-too-large"))


def test_vehicle_count_is_not_the_sum_of_kinds(make_workbook, problems_of):
    path = make_workbook(fields("其他重要事项", **{"其他用车（辆）": "7"}))
    assert problems_of(path) == expected(("其他重要事项!B14", "total-mismatch"))


def test_other_vehicles_need_their_use(make_workbook, problems_of):
    path = make_workbook(fields("其他重要事项", 其他用车主要是=""))
    assert problems_of(path) == expected(("其他重要事项!B24", "missing-text"))


# ---------------------------------------------------------------------------
# Reasons and last year's figures


def test_changed_total_needs_a_reason(make_workbook, problems_of):
    path = make_workbook(fields("上年及预算对比", 收入支出总计变动原因=""))
    assert problems_of(path) == expected(("上年及预算对比!B3", "missing-reason"))


def test_unchanged_total_needs_no_reason(make_workbook, problems_of):
    path = make_workbook(fields("上年及预算对比", 上年收入支出总计="2667.41", 收入支出总计变动原因=""))
    assert problems_of(path) == BASELINE


def test_vehicle_gap_needs_a_reason(make_workbook, problems_of):
    # 保有量 7 against 8 vehicles in the asset register
    path = make_workbook(fields("三公经费说明", 资产车辆数与保有量差异原因=""))
    assert problems_of(path) == expected(("三公经费说明!B16", "missing-reason"))


def test_changed_xiang_needs_a_reason(make_workbook, problems_of):
    path = make_workbook(cells((LAST, 2, 3, "")))  # 2013201 行政运行: 759.56 last year, 739.98 now
    assert problems_of(path) == expected((f"{LAST}!D4", "missing-reason"))


def test_xiang_without_last_year_row(make_workbook, problems_of):
    path = make_workbook(lambda d: d[LAST].pop(22))  # 2210201 住房公积金
    assert problems_of(path) == expected((f"{T5}!B25", "missing-last-year"))


def test_last_year_class_is_not_the_sum_of_its_kuan(make_workbook, problems_of):
    path = make_workbook(cells((LAST, 1, 2, "1427.57"), (LAST, 2, 2, "759.66")))  # 20132 and 2013201
    assert problems_of(path) == expected((f"{LAST}!C2", "total-mismatch"))


def test_last_year_total_is_not_the_sum_of_classes(make_workbook, problems_of):
    path = make_workbook(fields("上年及预算对比", 上年一般公共预算财政拨款支出="2083.16"))
    assert problems_of(path) == expected(("上年及预算对比!B8", "total-mismatch"))


def test_bad_code_in_last_year_sheet(make_workbook, problems_of):
    path = make_workbook(cells((LAST, 0, 0, "20A")))
    assert problems_of(path) == expected((f"{LAST}!A2", "bad-code"))


# ---------------------------------------------------------------------------
# 项目支出绩效自评表


def test_project_funds_total(make_workbook, problems_of):
    path = make_workbook(cells((PROJECTS, 0, 9, "7.00")))  # 全年执行数-当年财政拨款 of project 1
    assert problems_of(path) == expected((f"{PROJECTS}!G2", "total-mismatch"))


def test_weights_must_add_up_to_100(make_workbook, problems_of):
    path = make_workbook(cells((INDICATORS, 0, 6, "11")))  # first indicator of project 1: 分值 10 → 11
    assert problems_of(path) == expected((f"{PROJECTS}!Q2", "weights-not-100"))


def test_total_score_is_the_sum_of_scores(make_workbook, problems_of):
    path = make_workbook(cells((PROJECTS, 0, 20, "99")))
    assert problems_of(path) == expected((f"{PROJECTS}!U2", "total-score-mismatch"))


def test_indicator_score_above_its_weight(make_workbook, problems_of):
    path = make_workbook(cells((INDICATORS, 0, 7, "11"), (PROJECTS, 0, 20, "101")))
    assert problems_of(path) == expected((f"{INDICATORS}!H2", "score-out-of-range"))


def test_rate_score_above_its_weight(make_workbook, problems_of):
    path = make_workbook(cells((PROJECTS, 0, 17, "11"), (PROJECTS, 0, 20, "101")))
    assert problems_of(path) == expected(
        (f"{PROJECTS}!R2", "score-out-of-range"),
        (f"{PROJECTS}!R2", "score-rule-mismatch"))  # 100 % gives 10 under either rule


@pytest.mark.parametrize(
    ("executed", "full", "rule", "score"),
    [
        ("32.20", "32.40", "阈值线性", "9.85"),  # 99.38 %: the reference prints 9.84 (within 0.01)
        ("28.32", "50.00", "阈值线性", "0.00"),  # 56.64 %: below 60 %
        ("40.55", "70.00", "阈值线性", "0.00"),  # 57.93 %
        ("77.66", "100.00", "阈值线性", "4.42"),  # 77.66 %: the reference prints 4.41
        ("183.96", "200.00", "阈值线性", "8.00"),  # 91.98 %
        ("8.00", "8.00", "阈值线性", "10.00"),
        ("9.00", "8.00", "阈值线性", "10.00"),  # over 100 %: capped
        ("77.66", "100.00", "比例", "7.77"),
        ("40.55", "70.00", "比例", "5.79"),
        ("9.00", "8.00", "比例", "10.00"),  # capped
    ],
)
def test_execution_score(executed, full, rule, score):
    assert quantize(execution_score(D(executed) / D(full), D(10), rule)) == D(score)


def test_threshold_linear_scores_of_the_example_are_accepted():
    # 99.38 % → 9.84, 57.93 % → 0, 77.66 % → 4.41, 91.98 % → 8.00: all in the worked example
    v = validate(EXAMPLE_XLSX)
    scores = {p.name: (p.execution_rate, p.rate_score) for p in v.report.projects}
    assert quantize(scores["2023年乡镇（街道）党政正职关心关爱工作经费"][0] * 100) == D("99.38")
    assert scores["2023年乡镇（街道）党政正职关心关爱工作经费"][1] == D("9.84")
    assert scores["2023年公务员招录工作经费"][1] == 0
    assert not [p for p in v.problems if p.code == "score-rule-mismatch"]


def test_threshold_linear_score_that_does_not_follow_the_rule(make_workbook, problems_of):
    # project 3 (99.38 %): 9.70 instead of 9.84 (a number cell keeps no trailing zero: 9.7, which is
    # also wrong to one decimal, 9.8); project 4 (57.93 %): the proportional 5.79 instead of 0
    path = make_workbook(cells((PROJECTS, 2, 17, "9.70"), (PROJECTS, 2, 20, "98.93"),
                               (PROJECTS, 3, 17, "5.79"), (PROJECTS, 3, 20, "75.79")))
    assert problems_of(path) == expected((f"{PROJECTS}!R4", "score-rule-mismatch"),
                                         (f"{PROJECTS}!R5", "score-rule-mismatch"))


def test_proportional_rule(make_workbook):
    # Under 比例 the example's threshold-linear scores no longer fit, except project 1 at 100 %.
    # Project 5 (77.66 %) gets 7.77, which 比例 accepts.
    def mutate(data):
        data["预算绩效"]["预算执行率得分规则"] = "比例"
        data[PROJECTS][4][17], data[PROJECTS][4][20] = "7.77", "86.54"

    v = validate(make_workbook(mutate))
    got = sorted(p.flat() for p in v.problems)
    assert got == expected(*((f"{PROJECTS}!R{r}", "score-rule-mismatch") for r in (3, 4, 5, 7, 8, 9, 10, 11, 12, 13)))
    assert v.ok  # warnings only


def test_indicator_rate_matching_the_execution_rate_is_fine(make_workbook, problems_of):
    path = make_workbook(cells((INDICATORS, 64, 5, "=56.64%")))  # the reference's 56.06 % corrected
    assert problems_of(path) == [b for b in BASELINE if b[1] == "rounding-difference"]


def test_indicator_rate_that_differs_from_the_execution_rate(make_workbook, problems_of):
    path = make_workbook(cells((INDICATORS, 18, 5, "=98.38%")))  # project 3 预算成本控制率; 执行率 99.38 %
    assert problems_of(path) == expected((f"{INDICATORS}!F20", "indicator-rate-mismatch"))


def test_over_executed_project(make_workbook, problems_of):
    def mutate(d):
        row = d["绩效自评项目"][0]  # 执行数 9.00 of a 8.00 budget
        row[6] = row[9] = "9.00"

    assert problems_of(make_workbook(mutate)) == expected(("绩效自评项目!G2", "over-executed"))


# ---------------------------------------------------------------------------
# One 科目编码, one 科目名称 in every sheet


def test_subject_renamed_in_last_year_comparison_is_an_error(make_workbook):
    path = make_workbook(cells((LAST, 2, 1, "行政运行支出")))  # 2013201, 行政运行 in every other sheet
    got, messages = problems_and_messages(path)
    assert got == expected((f"{LAST}!B4", "subject-name-mismatch"))
    (message,) = messages["subject-name-mismatch"]
    assert "2013201" in message and "行政运行支出" in message and f"{T2}!B" in message


def test_subject_renamed_in_one_official_table_is_an_error(make_workbook, problems_of):
    path = make_workbook(cells((T3, 2, 1, "组织事务管理")))  # 20132 in 支出决算表
    assert problems_of(path) == expected((f"{T3}!B7", "subject-name-mismatch"))


# ---------------------------------------------------------------------------
# Property: in consistent coded tables, any one altered amount is named by check

_CENT = D("0.01")


@st.composite
def _general_table(draw):
    """A consistent 公开05表 (合计 = Σ类 = ΣΣ款 = ΣΣΣ项; 合计 column = 基本 + 项目) and the sheet rows it uses."""
    leaves = []
    for c in range(draw(st.integers(1, 3))):
        for k in range(draw(st.integers(1, 3))):
            for x in range(draw(st.integers(1, 3))):
                basic = D(draw(st.integers(0, 10**7))) * _CENT
                project = D(draw(st.integers(0, 10**7))) * _CENT
                leaves.append((f"{201 + c}{k + 1:02d}{x + 1:02d}", basic, project))
    codes = sorted({code[:n] for code, _, _ in leaves for n in (3, 5, 7)})
    amounts = {code: [sum((b for c, b, _ in leaves if c.startswith(code)), D(0)),
                      sum((p for c, _, p in leaves if c.startswith(code)), D(0))] for code in codes}
    amounts[""] = [sum((b for _, b, _ in leaves), D(0)), sum((p for _, _, p in leaves), D(0))]
    return ["", *codes], amounts


def _coded(order, amounts, sheet):
    rows = []
    for i, code in enumerate(order):
        r = 5 + i
        basic, project = amounts[code]
        cols = model.GeneralColumns(basic + project, basic, project)
        refs = model.GeneralColumns(*(CellRef(sheet, f"{col}{r}") for col in "CDE"))
        rows.append(model.CodedRow(code, code or "合计", cols, refs, CellRef(sheet, f"B{r}")))
    heads = model.GeneralColumns("合计", "基本支出", "项目支出")
    return model.CodedTable("t5", heads, rows[0], tuple(rows[1:]))


@settings(max_examples=150, deadline=None)
@given(_general_table(), st.data())
def test_one_altered_cell_in_consistent_tables_is_reported(table, data):
    example_report = _example_report()
    order, amounts = table
    clean = dataclasses.replace(example_report, t5=_coded(order, amounts, T5))
    def t5_problems(report):  # the other coded tables keep the example's own 尾差
        return [p for check in (checks.check_coded_hierarchy, checks.check_coded_row_sums) for p in check(report)
                if p.ref is not None and p.ref.sheet == T5]

    assert t5_problems(clean) == []
    # alter one cell: any row, any of the three columns (the 合计 column is stated, not derived)
    row = data.draw(st.integers(0, len(order) - 1))
    col = data.draw(st.integers(0, 2))
    delta = data.draw(st.integers(1, 10**6).map(lambda n: D(n) * _CENT) | st.sampled_from([-_CENT, _CENT]))
    altered = _coded(order, amounts, T5)
    target = [altered.total, *altered.rows][row]
    values = list(target.amounts.values())
    values[col] += delta
    changed = dataclasses.replace(target, amounts=model.GeneralColumns(*values))
    rows = [changed if r is target else r for r in altered.rows]
    bad = dataclasses.replace(altered, total=changed if row == 0 else altered.total, rows=tuple(rows))
    problems = t5_problems(dataclasses.replace(example_report, t5=bad))
    cell = target.refs.values()[col]
    assert any(p.ref == cell or re.search(rf"[!、]{cell.cell}(?!\d)", p.message) for p in problems), problems
    if abs(delta) > D("0.05"):  # beyond what rounding of at most nine parts can explain: an error
        assert any(p.is_error for p in problems)


@functools.cache
def _example_report():
    return validate(EXAMPLE_XLSX).report
