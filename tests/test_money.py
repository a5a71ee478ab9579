"""money.py: the only conversion point from cell values, and the only rounding for presentation."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.money import (
    NotANumber, balanced_shares, format_money, format_percent, format_plain, parse_number, quantize, ratio,
)

D = Decimal
FAST = settings(deadline=None, max_examples=100)

# 2-place amounts, as official tables carry them (万元, up to a trillion).
amounts = st.decimals(min_value=D("-1e12"), max_value=D("1e12"), places=2, allow_nan=False, allow_infinity=False)
nonneg_amounts = st.decimals(min_value=D(0), max_value=D("1e9"), places=2, allow_nan=False, allow_infinity=False)

_FULL_WIDTH = str.maketrans("0123456789,.-+", "０１２３４５６７８９，．－＋")


def grouped(d: Decimal) -> str:
    return f"{d:,.2f}"


# ---------------------------------------------------------------------------
# parse_number: examples


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.56", "1234.56"),
        ("１２３．４５", "123.45"),
        ("１，２３４．５６", "1234.56"),
        ("12.5万元", "12.5"),
        ("12.5 万元", "12.5"),
        ("80元", "80"),
        (" 3 ", "3"),
        ("\u30003\u3000", "3"),  # ideographic spaces around
        ("1 234.56", "1234.56"),  # space as thousands separator
        ("-1,234,567.80", "-1234567.80"),
        ("+.5", "0.5"),
        ("0.00", "0.00"),
        # the marks official tables print for "nothing here"
        ("—", "0"), ("-", "0"), ("－", "0"), ("——", "0"), ("/", "0"), ("", "0"), ("   ", "0"),
    ],
)
def test_parse_number_accepts_text_forms(text, value):
    assert parse_number(text) == D(value)


@pytest.mark.parametrize(
    ("raw", "value"),
    [(0, "0"), (65, "65"), (0.1, "0.1"), (1891.2, "1891.2"), (2667.41, "2667.41"), (D("7.77"), "7.77")],
)
def test_parse_number_accepts_cell_types(raw, value):
    result = parse_number(raw)
    assert result == D(value)
    assert isinstance(result, Decimal)


def test_float_is_read_through_str_not_binary_value():
    # Decimal(0.1) would be 0.1000000000000000055511151231257827…
    assert parse_number(0.1) == D("0.1")
    assert parse_number(0.1).as_tuple() == D("0.1").as_tuple()
    assert parse_number(1551.68) + parse_number(132.11) == D("1683.79")


@pytest.mark.parametrize(
    "raw",
    [True, False, "abc", "1.2.3", "12,5", "1,2,3", "1,2345", "(1,234.00)", "12%", "1e5", "约100", "十二",
     float("nan"), float("inf"), D("NaN"), D("Infinity"), [1], object()],
)
def test_parse_number_rejects(raw):
    with pytest.raises(NotANumber):
        parse_number(raw)


def test_none_is_zero_for_parse_number_but_the_loader_reports_it():
    # parse_number itself maps None to 0; load.py checks for None first (missing-value).
    assert parse_number(None) == 0


# ---------------------------------------------------------------------------
# parse_number: properties


@FAST
@given(amounts)
def test_grouped_text_parses_back(d):
    assert parse_number(grouped(d)) == d


@FAST
@given(amounts)
def test_full_width_text_parses_back(d):
    assert parse_number(grouped(d).translate(_FULL_WIDTH)) == d


@FAST
@given(amounts, st.sampled_from(["万元", "万", "元", " 万元", "万元 "]), st.sampled_from(["", " ", "\u3000", "  "]))
def test_unit_suffix_and_spaces_parse_back(d, suffix, pad):
    assert parse_number(pad + grouped(d) + suffix + pad) == d


@FAST
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e14, max_value=1e14)
       .filter(lambda f: f == 0 or abs(f) >= 1e-12))  # not subnormal floats: they lack 15 digits
def test_floats_go_through_str(f):
    # through the 15 significant digits Excel keeps: equal to str() whenever str() has no more
    assert parse_number(f) == D(format(f, ".15g"))
    if len(D(str(f)).as_tuple().digits) <= 15:
        assert parse_number(f) == D(str(f))


@FAST
@given(st.integers(min_value=-10**15 + 1, max_value=10**15 - 1))  # LIMIT excluded
def test_ints_are_exact(n):
    assert parse_number(n) == D(n)
    assert parse_number(str(n)) == D(n)


@FAST
@given(st.text(max_size=12), st.sampled_from(list("abcxyzABCXYZ#@%?!;:")), st.text(max_size=12))
def test_text_with_a_letter_or_symbol_is_not_a_number(before, junk, after):
    with pytest.raises(NotANumber):
        parse_number(before + junk + after)


# ---------------------------------------------------------------------------
# format_money / format_percent


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("2.665", "2.67"),  # half-up, where babel alone gives 2.66 (half-even)
        ("2.675", "2.68"),
        ("2.664999", "2.66"),
        ("0", "0.00"),
        ("1891.2", "1,891.20"),
        ("1234567.891", "1,234,567.89"),
        ("-1234.5", "-1,234.50"),
        ("-0.001", "0.00"),  # never "-0.00"
        ("-0.005", "-0.01"),
        ("999.995", "1,000.00"),
    ],
)
def test_format_money(value, text):
    assert format_money(D(value)) == text


@pytest.mark.parametrize(
    ("fraction", "text"),
    [("0.93007", "93.01%"), ("0.82045", "82.05%"), ("1", "100.00%"), ("0", "0.00%"), ("-0.000001", "0.00%"),
     ("-0.4263", "-42.63%"), ("12.5", "1,250.00%")],
)
def test_format_percent(fraction, text):
    assert format_percent(D(fraction)) == text


@pytest.mark.parametrize(("value", "text"), [("100", "100"), ("84.20", "84.2"), ("9.84", "9.84"), ("0", "0"),
                                             ("99.065", "99.07")])
def test_format_plain(value, text):
    assert format_plain(D(value)) == text


_MONEY_TEXT = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$")


@FAST
@given(st.decimals(min_value=D("-1e12"), max_value=D("1e12"), places=6, allow_nan=False, allow_infinity=False))
def test_format_money_round_trips_and_groups_thousands(x):
    text = format_money(x)
    assert _MONEY_TEXT.match(text), text
    assert parse_number(text) == quantize(x)


@FAST
@given(st.decimals(min_value=D("-1e6"), max_value=D("1e6"), places=3, allow_nan=False, allow_infinity=False))
def test_format_money_rounds_half_up(x):
    # the third decimal decides: 5 and above rounds away from zero
    cents = x.quantize(D("0.01"), rounding="ROUND_DOWN")
    third = abs(x - cents) * 1000
    expected = cents + (D("0.01") if x >= 0 else D("-0.01")) if third >= 5 else cents
    assert parse_number(format_money(x)) == expected


def _babel(value: Decimal, places: int = 2) -> str:
    """The zh_CN text babel gives for a value already rounded half-up (babel itself rounds half-even)."""
    from babel.numbers import format_decimal

    return format_decimal(quantize(value, D(1).scaleb(-places)), format="#,##0." + "0" * places if places else "#,##0",
                          locale="zh_CN")


@FAST
@given(st.decimals(min_value=D("-1e15"), max_value=D("1e15"), allow_nan=False, allow_infinity=False))
def test_format_money_gives_babels_zh_cn_text(x):
    expected = _babel(x)
    assert format_money(x) == ("0.00" if expected == "-0.00" else expected)


@FAST
@given(st.decimals(min_value=D("-1e6"), max_value=D("1e6"), places=8, allow_nan=False, allow_infinity=False),
       st.integers(0, 4))
def test_format_percent_gives_babels_zh_cn_text(fraction, places):
    expected = _babel(fraction * 100, places)
    zero = "0" if places == 0 else "0." + "0" * places
    assert format_percent(fraction, places) == (zero if expected == "-" + zero else expected) + "%"


def test_format_money_examples_match_babel():
    for value in ("2.665", "1234567.891", "-1234.5", "999.995", "0.004", "100000000000000", "-0.005"):
        assert format_money(D(value)) == _babel(D(value))


# ---------------------------------------------------------------------------
# ratio and balanced_shares


def test_ratio_of_zero_is_none():
    assert ratio(D(5), D(0)) is None
    assert ratio(D(1), D(4)) == D("0.25")


def test_balanced_shares_reference_example():
    # 一般公共预算财政拨款支出 by 类 in the reference: plain rounding gives 3.90 % for 其他支出,
    # the reference prints 3.89 % so that the five shares add up to 100.00 %.
    amounts = [D("1551.68"), D("132.11"), D("47.41"), D("86.19"), D("73.80")]
    shares = balanced_shares(amounts, D("1891.20"))
    assert shares == [D("0.8205"), D("0.0699"), D("0.0251"), D("0.0456"), D("0.0389")]
    assert [format_percent(s) for s in shares] == ["82.05%", "6.99%", "2.51%", "4.56%", "3.89%"]
    assert sum(shares) == 1


def test_balanced_shares_zero_total_and_zero_amounts():
    assert balanced_shares([D(0), D(0)], D(0)) == [0, 0]
    assert balanced_shares([D(0), D(5), D(0)], D(5)) == [0, 1, 0]
    assert balanced_shares([], D(0)) == []


def test_balanced_shares_never_put_a_negative_remainder_on_a_tiny_last_item():
    # the case: plain rounding adds up to 100.01 %, and the remainder on the last
    # item (0.17) gave it -0.01 %; largest remainder gives every share within 0.01 %
    amounts = [D("672.69"), D("1794.54"), D("1108.92"), D("730.70"), D("0.17")]
    shares = balanced_shares(amounts, sum(amounts))
    assert [format_percent(s) for s in shares] == ["15.62%", "41.67%", "25.75%", "16.96%", "0.00%"]
    assert sum(shares) == 1 and min(shares) >= 0


# amounts in 万元 with cents: many zeros, tiny items, large ones
_breakdown_amount = st.one_of(
    st.just(D(0)), st.integers(1, 99).map(lambda n: D(n) / 100), st.integers(1, 10**9).map(lambda n: D(n) / 100))


def _reference_rule(parts, total):
    """The reference's choice: half-up shares, remainder on the last non-zero item."""
    shares = [quantize(a / total, D("0.0001")) if a else D(0) for a in parts]
    last = max(i for i, a in enumerate(parts) if a)
    shares[last] = 1 - sum(s for i, s in enumerate(shares) if i != last)
    return shares


@FAST
@given(st.lists(_breakdown_amount, min_size=1, max_size=15))
def test_balanced_shares_are_bounded_and_total_exactly_100(parts):
    total = sum(parts, D(0))
    assume(total > 0)
    shares = balanced_shares(parts, total)
    assert len(shares) == len(parts) and sum(shares) == 1
    for a, s in zip(parts, shares):
        assert s >= 0 and s == s.quantize(D("0.0001"))
        # at most one step (0.01 percentage point) from the correctly rounded share,
        # so less than 0.015 percentage point from the exact one
        assert abs(s - quantize(a / total, D("0.0001"))) <= D("0.0001")
        assert abs(s - a / total) < D("0.00015")
        if a == 0:
            assert s == 0
    reference = _reference_rule(parts, total)
    last = max(i for i, a in enumerate(parts) if a)
    rounded = quantize(parts[last] / total, D("0.0001"))
    if reference[last] >= 0 and abs(reference[last] - rounded) <= D("0.0001"):
        assert shares == reference  # the reference's choice is kept wherever it is within bounds


@FAST
@given(st.lists(_breakdown_amount, min_size=1, max_size=12),
       st.sampled_from([D("0.01"), D("-0.01"), D("0.02"), D("-0.02")]))
def test_balanced_shares_of_a_total_with_a_rounding_difference_still_add_up(parts, rounding_noise):
    total = sum(parts, D(0)) + rounding_noise  # a stated total one or two cents from its parts
    assume(total > 0 and any(parts))
    shares = balanced_shares(parts, total)
    assert sum(shares) == 1 and min(shares) >= 0
    assert all(s == 0 for a, s in zip(parts, shares) if a == 0)
