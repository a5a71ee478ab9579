"""Decimal money and percentages: the only conversion point from cell values,
and the only place where figures are rounded for presentation."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Sequence

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)

# Marks that official tables use for "nothing here".
_ZERO_MARKS = {"", "-", "—", "－", "–", "——", "/", "／"}
_UNIT_SUFFIXES = ("万元", "元", "万")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# Commas are thousands separators only: "1,234.56" yes; "12,5" or "1,2,3" (a decimal
# comma or a typo) would silently become 125 or 123, so they are not numbers.
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


# Beyond these bounds a cell is a typing or export error, not an amount: 10^15 (万元 or
# any other unit) is far above any budget, and keeps every sum, difference and
# percentage well inside the 28 significant digits of Decimal arithmetic (quantize
# raises InvalidOperation beyond them). Finer digits than 10^-10 are float noise.
LIMIT = Decimal(10) ** 15
FINEST = Decimal("1E-10")
# Excel keeps 15 significant digits; a float's further digits are binary noise
# (a cached formula result 0.30000000000000004 is the 0.3 the user sees).
_EXCEL_DIGITS = ".15g"


class NotANumber(ValueError):
    """The text cannot be read as a number."""


class NumberOutOfRange(NotANumber):
    """A number, but too large (|x| ≥ LIMIT) to be an amount, score or count."""


def parse_number(value: object) -> Decimal:
    """Read a cell value as a Decimal.

    Accepts int, float (through its 15 significant digits as Excel shows them,
    never Decimal(float)), Decimal and text such as '1,234.56', full-width digits
    '１２３．４', a trailing 万元, surrounding spaces, and the dash marks official
    tables use for zero. Raises NotANumber otherwise (bool included: it is an int
    subclass but never an amount; nan too), NumberOutOfRange for |x| ≥ 10^15 and
    infinities.
    """
    if value is None:
        return ZERO
    number = _parse(value)
    if abs(number) >= LIMIT:
        raise NumberOutOfRange(str(value))
    return number


def trim_noise(value: Decimal) -> Decimal:
    """Digits below 10^-10 rounded away (half-up): a score of 1e-300 would otherwise
    turn a ratio into a number too large for Decimal's 28 digits."""
    if value.as_tuple().exponent < -10:  # type: ignore[operator]
        return value.quantize(FINEST, rounding=ROUND_HALF_UP)
    return value


def _parse(value: object) -> Decimal:
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value:
            raise NotANumber(str(value))
        if value in (float("inf"), float("-inf")):  # <v>1e400</v> reads as inf
            raise NumberOutOfRange(str(value))
        return Decimal(format(value, _EXCEL_DIGITS))
    if isinstance(value, Decimal):
        if value.is_infinite():
            raise NumberOutOfRange(str(value))
        if not value.is_finite():
            raise NotANumber(str(value))
        return value
    if not isinstance(value, str):
        raise NotANumber(str(value))
    text = unicodedata.normalize("NFKC", value).strip()
    text = text.replace("\u3000", "").replace(" ", "")
    if text in _ZERO_MARKS:
        return ZERO
    for suffix in _UNIT_SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    if "," in text:
        if not _GROUPED.match(text):
            raise NotANumber(value)
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        raise NotANumber(value)
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - regex guards this
        raise NotANumber(value) from exc


def quantize(value: Decimal, exp: Decimal = CENT) -> Decimal:
    return value.quantize(exp, rounding=ROUND_HALF_UP)


def _rounded(value: Decimal) -> Decimal:
    """Half-up to cents; a value that rounds to zero is 0.00, never -0.00."""
    q = quantize(value)
    return abs(q) if q == 0 else q


def _grouped(value: Decimal, places: int = 2) -> str:
    """A value already rounded to ``places`` decimals, with thousands separators as zh_CN
    writes them ('1,234,567.89').

    This is the text of babel's ``format_decimal(value, "#,##0.00", locale="zh_CN")``
    (tests/test_money.py holds the two together for any amount), from Decimal's own exact
    formatting: loading babel's locale data costs about 0.1 s of every ``pjgen check``.
    The value carries no more than ``places`` decimals, so nothing is rounded here."""
    return format(value, f",.{places}f")


def format_money(value: Decimal) -> str:
    """1234567.891 → '1,234,567.89' (half-up, then grouped)."""
    return _grouped(_rounded(value))


def format_percent(fraction: Decimal, places: int = 2) -> str:
    """0.93007 → '93.01%' (fraction in, ``places`` decimals, half-up)."""
    q = quantize(fraction * HUNDRED, Decimal(1).scaleb(-places))
    return _grouped(abs(q) if q == 0 else q, places) + "%"


def format_plain(value: Decimal) -> str:
    """A score or weight without trailing zeros: 100 → '100', 84.20 → '84.2'."""
    q = quantize(value)
    text = format(q.normalize(), "f")
    return text


def ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole, or None when whole is zero."""
    if whole == 0:
        return None
    return part / whole


SHARE_STEP = Decimal("0.0001")  # 0.01 %


def rounded_shares(amounts: Sequence[Decimal], total: Decimal, places: int = 2) -> list[Decimal]:
    """Each amount's share of ``total`` (a fraction) rounded half-up to ``places`` percent decimals,
    on its own: the shares may total 99.99 % or 100.01 %. With a zero total every share is zero."""
    if total == 0:
        return [ZERO for _ in amounts]
    step = Decimal(1).scaleb(-(places + 2))
    return [quantize(a / total, step) for a in amounts]


def balanced_shares(amounts: Sequence[Decimal], total: Decimal, places: int = 2,
                    largest_remainder: bool = False) -> list[Decimal]:
    """Shares (as fractions rounded to 0.0001, i.e. 0.01 %, with ``places`` 2) that add up to exactly 1.

    Each share is amount/total rounded half-up to ``places`` percent decimals; the rounding
    remainder goes to the last item whose amount is non-zero (the reference gives
    其他支出 3.89 %, not the 3.90 % plain rounding gives) — as long as that keeps the
    last share non-negative and at most one step (0.01 percentage point) from its
    rounded value (3.89 % against 3.90 %; its exact value is 3.9023 %). Otherwise (a tiny
    last item: 0.17 of 4,307.02 would get -0.01 %), or with ``largest_remainder``, the shares
    are apportioned by largest remainder: every share is its exact value rounded down or up
    by one step, none is negative, and they still total 100.00 %. A zero amount is always
    0.00 %; with a zero total every share is zero.
    """
    if total == 0:
        return [ZERO for _ in amounts]
    step = Decimal(1).scaleb(-(places + 2))  # SHARE_STEP with two percent decimals
    nonzero = [i for i, a in enumerate(amounts) if a != 0]
    if not nonzero:
        return [ZERO for _ in amounts]
    if largest_remainder:
        return _largest_remainder(amounts, step)
    shares = [quantize(a / total, step) if a != 0 else ZERO for a in amounts]
    last = nonzero[-1]
    rest = Decimal(1) - sum((s for i, s in enumerate(shares) if i != last), ZERO)
    if rest >= 0 and abs(rest - shares[last]) <= step:
        shares[last] = rest
        return shares
    return _largest_remainder(amounts, step)


def _largest_remainder(amounts: Sequence[Decimal], step: Decimal = SHARE_STEP) -> list[Decimal]:
    """Hamilton apportionment of the steps in 100 % (10,000 of 0.01 %) over the amounts' exact
    shares of their sum (ties go to the later item, as the remainder does above)."""
    whole = sum(amounts, ZERO)
    steps = int(1 / step)
    exact = [a / whole * steps for a in amounts]
    units = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exact]
    missing = steps - sum(units)
    order = sorted(range(len(amounts)), key=lambda i: (exact[i] - units[i], i), reverse=True)
    for i in order[:missing]:
        units[i] += 1
    return [Decimal(u) * step for u in units]
