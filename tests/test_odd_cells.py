"""Extreme and odd cell values: non-finite, astronomically large, more than two
decimals, binary float noise, out-of-range date serials, values no spreadsheet
program writes. Each gives a located Chinese error or warning, never a traceback.

Library level (parse_number), check level (every problem, as sorted
(sheet!cell, code) pairs), and command level (exit code, no traceback, the cell named,
nothing written).
"""

from __future__ import annotations

import datetime
import shutil
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bad_files import set_raw_value
from conftest import expected, problems_and_messages
from generator.cli import app
from generator.money import LIMIT, NotANumber, NumberOutOfRange, parse_number, trim_noise
from generator.pipeline import validate
from generator.problems import WorkbookUnreadable

D = Decimal
T2 = "收入决算表"
C8 = f"{T2}!C8"  # 2013201 行政运行 本年收入合计, 739.98 in the worked example
runner = CliRunner()


# ---------------------------------------------------------------------------
# parse_number


@pytest.mark.parametrize("raw", [1e300, -1e300, 1e15, float("inf"), float("-inf"), D("Infinity"), D("-Infinity"),
                                 10**30, "1" * 30, "-" + "9" * 16, "1,000,000,000,000,000.00"])
def test_astronomical_and_infinite_numbers_are_out_of_range(raw):
    with pytest.raises(NumberOutOfRange):
        parse_number(raw)


@pytest.mark.parametrize("raw", [float("nan"), D("NaN"), "nan", "inf", "1e400", "Infinity"])
def test_nan_and_spelt_out_infinity_are_not_numbers(raw):
    with pytest.raises(NotANumber) as info:
        parse_number(raw)
    assert not isinstance(info.value, NumberOutOfRange)


def test_the_largest_accepted_number_is_just_below_the_limit():
    assert parse_number("999,999,999,999,999.99") == LIMIT - D("0.01")


@pytest.mark.parametrize(("raw", "value"), [
    (0.1 + 0.2, "0.3"),  # a cached formula result: Excel shows 0.3
    (739.9800000000001, "739.98"),
    (1891.1999999999998, "1891.2"),
    (1.23456, "1.23456"),  # digits a person typed are kept (the loader warns for money)
])
def test_floats_are_read_with_the_15_digits_excel_keeps(raw, value):
    assert parse_number(raw) == D(value)


@settings(deadline=None, max_examples=300)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_is_a_bounded_decimal_or_a_not_a_number(f):
    try:
        d = parse_number(f)
    except NotANumber:
        assert f != f or abs(f) >= float(LIMIT)
        return
    assert d.is_finite() and abs(d) < LIMIT
    # quantizing to cents, the presentation step that used to raise, works on everything read
    assert d.quantize(D("0.01")) == round(d, 2)


@settings(deadline=None, max_examples=200)
@given(st.text(alphabet="0123456789.,-+eE万元 ", max_size=40))
def test_any_digit_text_is_a_bounded_decimal_or_a_not_a_number(text):
    try:
        d = parse_number(text)
    except NotANumber:
        return
    assert d.is_finite() and abs(d) < LIMIT


def test_trim_noise_rounds_below_ten_decimals_only():
    assert trim_noise(D("1.5E-300")) == 0
    assert trim_noise(D("8.6666666666666667")) == D("8.6666666667")
    assert trim_noise(D("8.66")).as_tuple() == D("8.66").as_tuple()


# ---------------------------------------------------------------------------
# pjgen check: one located problem per odd cell


@pytest.fixture
def raw_cell(make_workbook, tmp_path):
    """raw_cell(sheet, cell, text) → a copy of the worked example whose cell holds <v>text</v>."""

    def make(sheet: str, cell: str, text: str):
        dst = tmp_path / "raw.xlsx"
        set_raw_value(make_workbook(), dst, sheet, cell, text)
        return dst

    return make


@pytest.mark.parametrize("text", ["1e400", "-1e400", "1E+30", "1e308", "1" * 30])
def test_huge_or_overflowing_cached_value_is_out_of_range_at_its_cell(raw_cell, text):
    got, messages = problems_and_messages(raw_cell(T2, "C8", text))
    # only the cell itself: the sums it takes part in are not reported on top
    assert got == expected((C8, "number-out-of-range"))
    assert "数值过大" in messages["number-out-of-range"][0]


@pytest.mark.parametrize("value", [1e300, 10**30, "1" * 30, "-" + "9" * 20])
def test_huge_number_typed_in_a_cell_is_out_of_range(make_workbook, set_cell, value):
    path = make_workbook()
    set_cell(path, T2, "C8", value)
    got, messages = problems_and_messages(path)
    assert got == expected((C8, "number-out-of-range"))
    shown = value if isinstance(value, str) else "e+"  # openpyxl stores 10**30 as the float 1e+30
    assert shown in messages["number-out-of-range"][0]


@pytest.mark.parametrize("value", ["inf", "nan", "1e400", "-Infinity"])
def test_non_finite_text_is_not_a_number(make_workbook, set_cell, value):
    path = make_workbook()
    set_cell(path, T2, "C8", value)
    got, messages = problems_and_messages(path)
    assert got == expected((C8, "not-a-number"))
    assert value in messages["not-a-number"][0]


@pytest.mark.parametrize("text", ["inf", "nan", "NaN.0", "abc"])
def test_value_no_spreadsheet_writes_names_its_cell(raw_cell, text):
    # openpyxl cannot read the file at all; the message still names the cell
    path = raw_cell(T2, "C8", text)
    with pytest.raises(WorkbookUnreadable) as info:
        validate(path)
    assert f"{C8}（“{text}”）" in str(info.value)


def test_more_than_two_decimals_is_a_warning_and_the_cents_are_used(make_workbook, set_cell):
    path = make_workbook()
    set_cell(path, T2, "C8", 739.981)  # rounds to the right 739.98: no sum breaks
    got, messages = problems_and_messages(path)
    assert got == expected((C8, "more-than-two-decimals"))
    assert "739.981" in messages["more-than-two-decimals"][0] and "739.98 万元" in messages["more-than-two-decimals"][0]
    v = validate(path)
    row = next(r for r in v.report.t2.rows if r.code == "2013201")
    assert row.amounts.total == D("739.98")


def test_more_than_two_decimals_rounds_half_up(make_workbook, set_cell):
    path = make_workbook()
    set_cell(path, "上年及预算对比", "B2", "2729.805")
    got, messages = problems_and_messages(path)
    assert ("上年及预算对比!B2", "more-than-two-decimals") in got
    assert "2,729.81 万元" in messages["more-than-two-decimals"][0]


def test_tiny_amount_is_more_than_two_decimals_and_reads_as_zero(raw_cell):
    got, _ = problems_and_messages(raw_cell(T2, "C8", "1.5e-300"))
    # read as 0.00, so 739.98 is missing from the row and from its 款
    assert got == expected((C8, "more-than-two-decimals"), (C8, "total-mismatch"), (f"{T2}!C7", "total-mismatch"))


def test_float_noise_of_a_formula_result_is_no_problem(raw_cell):
    got, _ = problems_and_messages(raw_cell(T2, "C8", "739.98000000000002"))
    assert got == expected()


def test_tiny_score_and_weight_do_not_overflow_a_ratio(make_workbook, set_cell):
    path = make_workbook()
    set_cell(path, "绩效自评指标", "G2", 1e-300, "绩效自评指标", "H2", 1e-300)
    v = validate(path)  # used to divide by 1e-300 and quantize 1e300
    assert all(p.ref is not None for p in v.problems)


def test_huge_score_is_out_of_range(make_workbook, set_cell):
    path = make_workbook()
    set_cell(path, "绩效自评指标", "H2", 1e300)
    got, _ = problems_and_messages(path)
    assert ("绩效自评指标!H2", "number-out-of-range") in got


def test_huge_count_is_out_of_range(make_workbook, set_cell):
    path = make_workbook()
    set_cell(path, "单位信息", "B6", 10**20)
    got, _ = problems_and_messages(path)
    assert got == expected(("单位信息!B6", "number-out-of-range"))


def test_date_serial_out_of_range_is_not_a_number_without_a_library_warning(make_workbook, set_cell, tmp_path):
    # a date-formatted cell whose serial no date has: openpyxl warns (an error under this
    # suite's filterwarnings) and reads "#VALUE!"; the loader reports it at its cell
    path = make_workbook()
    set_cell(path, T2, "C8", datetime.datetime(2023, 1, 1))
    dst = tmp_path / "date.xlsx"
    set_raw_value(path, dst, T2, "C8", "1e20")
    got, messages = problems_and_messages(dst)
    assert got == expected((C8, "not-a-number"))
    assert "#VALUE!" in messages["not-a-number"][0]


# ---------------------------------------------------------------------------
# The commands


def _invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def test_check_command_names_the_huge_cell(raw_cell):
    result = _invoke("check", raw_cell(T2, "C8", "1e400"))
    assert result.exit_code == 1
    assert C8 in result.output and "number-out-of-range" in result.output


def test_check_command_names_an_unreadable_value(raw_cell):
    result = _invoke("check", raw_cell(T2, "C8", "nan"))
    assert result.exit_code == 1
    assert result.output.lstrip().startswith("错误：") and C8 in result.output


@pytest.mark.parametrize("text", ["1e400", "inf"])
def test_build_command_refuses_and_writes_no_document(raw_cell, tmp_path, text):
    out = tmp_path / "out"
    result = _invoke("build", raw_cell(T2, "C8", text), "-o", out, "--format", "docx")
    assert result.exit_code == 1
    assert C8 in result.output
    assert not list(out.rglob("*.docx")) if out.exists() else True


def test_build_command_with_three_decimals_warns_and_builds(make_workbook, set_cell, tmp_path):
    path = make_workbook()
    set_cell(path, T2, "C8", 739.981)
    out = tmp_path / "out"
    result = _invoke("build", path, "-o", out, "--format", "docx")
    assert result.exit_code == 0, result.output
    assert C8 in result.output and "more-than-two-decimals" in result.output
    assert len(list(out.rglob("*.docx"))) == 1


def test_odd_cells_leave_the_workbook_untouched(raw_cell, tmp_path):
    path = raw_cell(T2, "C8", "1e400")
    copy = tmp_path / "copy.xlsx"
    shutil.copyfile(path, copy)
    _invoke("check", path)
    assert path.read_bytes() == copy.read_bytes()
