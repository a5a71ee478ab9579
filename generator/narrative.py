"""Figures → the phrases the document uses. Pure functions, no templates.

Wording rules (from the reference, with deliberate choices documented here and
in tests/test_narrative.py):
- increase: 增加X万元，增长Y%; decrease: 减少X万元，下降Y%.
- last year zero, this year not: 增长100.00% (the reference's rule).
- no change (including zero both years): 与上年持平 — the reference writes
  增加0.00万元，增长0.00%, which reads as if something had grown.
- budget comparison: 预决算差异率Y% = (决算 − 预算) / 预算; with a zero budget no
  percentage is written: 未安排预算 (and 未发生支出 when the actual is zero too).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.figures import Change
from generator.money import HUNDRED, format_money, format_percent

BASIS = "{基数}"  # placeholder in Wording.no_change: 上年, 上年决算 ...


@dataclass(frozen=True, slots=True)
class Wording:
    """A pack's wording parameters ([wording] in pack.toml); the defaults are the
    Xinjiang 2023 document's rules."""

    no_change: str = "与{基数}持平"  # 如持平作持平表述: Shanghai writes 持平
    zero_base: str = ""  # "" → 增长100.00% (the reference's rule); else replaces 增长Y%
    list_zero_items: bool = True  # lists keep items whose amount is zero (上海: 不涉及的不列)
    percent_decimals: int = 2
    missing_reason: str = "警告"  # severity of a missing reason: 错误, 警告 or 不检查


DEFAULT_WORDING = Wording()

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四, 21 → 二十一 (1 ≤ n ≤ 99)."""
    if not 1 <= n <= 99:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def money(v: Decimal) -> str:
    return format_money(v)


def share(fraction: Decimal, wording: Wording = DEFAULT_WORDING) -> str:
    return format_percent(fraction, wording.percent_decimals)


def describe_change(change: Change, basis: str = "上年", style: str = "than",
                    wording: Wording = DEFAULT_WORDING) -> str:
    """Year-on-year phrase.

    style "than":    比上年增加7.76万元，增长23.12%   /  与上年持平
    style "compare": 与上年相比，减少62.40万元，下降2.29% / 与上年持平
    The no-change phrase and the zero-base rate come from ``wording``.
    """
    delta = change.delta
    if delta == 0:
        return wording.no_change.replace(BASIS, basis)
    verb, trend = ("增加", "增长") if delta > 0 else ("减少", "下降")
    rate = change.rate
    if rate is None and wording.zero_base:
        tail = wording.zero_base
    else:
        pct = format_percent(abs(rate) if rate is not None else Decimal(1), wording.percent_decimals)
        tail = f"{trend}{pct}"
    body = f"{verb}{money(abs(delta))}万元，{tail}"
    return f"比{basis}{body}" if style == "than" else f"与{basis}相比，{body}"


def describe_budget_gap(actual: Decimal, budget: Decimal, wording: Wording = DEFAULT_WORDING) -> str:
    """预决算差异率9.88% / 未安排预算 (no percentage of a zero budget)."""
    if budget == 0:
        return "未安排预算，未发生支出" if actual == 0 else "未安排预算"
    return "预决算差异率" + format_percent((actual - budget) / budget, wording.percent_decimals)


def percent_of(part: Decimal, whole: Decimal, wording: Wording = DEFAULT_WORDING) -> str:
    if whole == 0:
        return format_percent(Decimal(0), wording.percent_decimals)
    return format_percent(part / whole, wording.percent_decimals)


def join_names(names: list[str] | tuple[str, ...]) -> str:
    return "、".join(names)


__all__ = ["BASIS", "DEFAULT_WORDING", "HUNDRED", "Wording", "chinese_numeral", "describe_budget_gap", "describe_change", "join_names",
           "money", "percent_of", "share"]
