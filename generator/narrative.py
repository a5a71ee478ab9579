"""Figures → the phrases the document uses: one ``Formatter`` built from a pack's
[wording], passed to every section builder. Pure functions, no templates.

Wording rules (from the reference, with deliberate choices documented here and
in tests/test_narrative.py):
- increase: 增加X万元，增长Y%; decrease: 减少X万元，下降Y%.
- last year zero, this year not: ``zero_base`` decides, in every comparison phrase
  (``change``, ``movement``): 增长100.00% (default, the reference's rule), no rate,
  or the pack's own text (增长100% / 增长--（基数为0，不可比）).
- no change (including zero both years): 与上年持平 — the reference writes
  增加0.00万元，增长0.00%, which reads as if something had grown.
- budget comparison: 预决算差异率Y% = (决算 − 预算) / 预算; with a zero budget no
  percentage is written (未安排预算, and 未发生支出 when the actual is zero too), unless
  the pack's ``zero_budget`` names the rate of a zero budget with zero spending (0%).
- shares: each rounded half-up; ``share_balance`` may make them total exactly 100 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Sequence

from generator.figures import BUDGET_BASES, Change
from generator.money import HUNDRED, ZERO, balanced_shares, format_money, format_percent, rounded_shares

BASIS = "{基数}"  # placeholder in Wording.no_change: 上年, 上年决算 ...

# [wording] choices (pack.toml values, Chinese like the rest of the manifest)
NO_RATE = "不写"  # zero_base: no rate against a zero base ("增加X万元")
SHARE_RULES = ("不调整", "末项", "最大余数")  # share_balance
TABLE_ZERO = ("0.00", "空白")  # table_zero


@dataclass(frozen=True, slots=True)
class Wording:
    """A pack's wording parameters ([wording] in pack.toml); the defaults are the
    Xinjiang 2023 document's rules, except the shares (see share_balance)."""

    no_change: str = "与{基数}持平"  # 如持平作持平表述: Shanghai writes 持平
    zero_base: str = ""  # "" → 增长100.00%; "不写" → no rate; else replaces 增长Y%
    list_zero_items: bool = True  # lists keep items whose amount is zero (上海: 不涉及的不列)
    percent_decimals: int = 2
    missing_reason: str = "警告"  # severity of a missing reason: 错误, 警告 or 不检查
    thousands_separator: bool = True  # 1,234.56 (Xinjiang) or 1234.56 (Shanghai)
    zero_budget: str = ""  # "" → no rate of a zero budget; else its completion rate when nothing was spent ("0%")
    budget_basis: str = "年初预算"  # the budget the sentences compare with: 年初预算 or 全年预算 (where given)
    share_balance: str = "不调整"  # 不调整 (each share rounded), 末项 or 最大余数 (shares total 100 %)
    table_zero: str = "0.00"  # a zero amount in the 公开 tables: "0.00" or "空白"
    panel_zero: str = "空白"  # a zero amount in 公开01/04表 (their numbered panels): "空白" or "0.00"
    empty_table_note: str = "本表无数据"  # printed under an empty 公开07/08/09表


DEFAULT_WORDING = Wording()

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四, 21 → 二十一 (1 ≤ n ≤ 99)."""
    if not 1 <= n <= 99:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def join_names(names: list[str] | tuple[str, ...]) -> str:
    return "、".join(names)


@dataclass(frozen=True, slots=True)
class Formatter:
    """Every figure and phrase of the document in one format: the pack's wording."""

    wording: Wording = DEFAULT_WORDING

    # -- numbers -------------------------------------------------------------

    def _ungroup(self, text: str) -> str:
        return text if self.wording.thousands_separator else text.replace(",", "")

    def money(self, value: Decimal) -> str:
        """万元, two decimals half-up; grouped unless the pack says not."""
        return self._ungroup(format_money(value))

    def table_money(self, value: Decimal) -> str:
        """An amount in a 公开 table: as ``money``, or "" for zero when the pack leaves zero cells blank."""
        return "" if value == 0 and self.wording.table_zero == "空白" else self.money(value)

    def percent(self, fraction: Decimal) -> str:
        """0.93007 → 93.01% (the pack's decimals and grouping)."""
        return self._ungroup(format_percent(fraction, self.wording.percent_decimals))

    def percent_of(self, part: Decimal, whole: Decimal) -> str:
        return self.percent(ZERO if whole == 0 else part / whole)

    def shares(self, amounts: Sequence[Decimal], total: Decimal) -> list[Decimal]:
        """Each amount's share of ``total`` (fractions), rounded or balanced as the pack says."""
        places = self.wording.percent_decimals
        rule = self.wording.share_balance
        if rule == "不调整":
            return rounded_shares(amounts, total, places)
        return balanced_shares(amounts, total, places, largest_remainder=rule == "最大余数")

    # -- comparisons ---------------------------------------------------------

    def rate(self, change: Change) -> str:
        """增长Y% / 下降Y%, or the pack's zero-base text ("" for no rate) when the base is 0."""
        trend = "增长" if change.delta > 0 else "下降"
        if change.rate is not None:
            return trend + self.percent(abs(change.rate))
        zero_base = self.wording.zero_base
        if zero_base == NO_RATE:
            return ""
        return zero_base or trend + self.percent(Decimal(1))

    def movement(self, change: Change) -> str:
        """增加X万元，增长Y% / 减少X万元，下降Y% / the no-change phrase without 基数 (持平)."""
        delta = change.delta
        if delta == 0:
            return "持平"
        verb = "增加" if delta > 0 else "减少"
        rate = self.rate(change)
        return f"{verb}{self.money(abs(delta))}万元" + (f"，{rate}" if rate else "")

    def change(self, change: Change, basis: str = "上年", style: str = "than") -> str:
        """Year-on-year phrase.

        style "than":    比上年增加7.76万元，增长23.12%   /  与上年持平
        style "compare": 与上年相比，减少62.40万元，下降2.29% / 与上年持平
        """
        if change.delta == 0:
            return self.wording.no_change.replace(BASIS, basis)
        body = self.movement(change)
        return f"比{basis}{body}" if style == "than" else f"与{basis}相比，{body}"

    def gap(self, actual: Decimal, budget: Decimal) -> str:
        """预决算差异率9.88% / 未安排预算 (no percentage of a zero budget)."""
        if budget == 0:
            if actual == 0:
                rate = self.wording.zero_budget
                return "预决算差异率" + rate if rate else "未安排预算，未发生支出"
            return "未安排预算"
        return "预决算差异率" + self.percent((actual - budget) / budget)

    def completion(self, actual: Decimal, budget: Decimal) -> str:
        """决算/预算 as a percentage; for a zero budget the pack's zero_budget text when nothing
        was spent ("" by default, and always "" when something was: no rate of nothing)."""
        if budget == 0:
            return self.wording.zero_budget if actual == 0 else ""
        return self.percent(actual / budget)


DEFAULT_FORMATTER = Formatter()


def describe_change(change: Change, basis: str = "上年", style: str = "than",
                    wording: Wording = DEFAULT_WORDING) -> str:
    """``Formatter(wording).change``: the year-on-year phrase."""
    return Formatter(wording).change(change, basis, style)


def describe_budget_gap(actual: Decimal, budget: Decimal, wording: Wording = DEFAULT_WORDING) -> str:
    """``Formatter(wording).gap``: 预决算差异率9.88% / 未安排预算."""
    return Formatter(wording).gap(actual, budget)


def percent_of(part: Decimal, whole: Decimal, wording: Wording = DEFAULT_WORDING) -> str:
    return Formatter(wording).percent_of(part, whole)


def wording_fields() -> dict[str, Any]:
    """Each [wording] key with its default."""
    return {name: getattr(DEFAULT_WORDING, name) for name in Wording.__dataclass_fields__}


__all__ = ["BASIS", "BUDGET_BASES", "DEFAULT_FORMATTER", "DEFAULT_WORDING", "Formatter", "HUNDRED", "NO_RATE",
           "SHARE_RULES", "TABLE_ZERO", "Wording", "chinese_numeral", "describe_budget_gap", "describe_change",
           "join_names", "percent_of", "wording_fields"]
