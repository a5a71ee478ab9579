"""Derived numbers: pure Decimal functions, no formatting."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from generator.model import ZERO
from generator.money import quantize

HALF_CENT = Decimal("0.005")


def tolerance(parts: int) -> Decimal:
    """How far a sum of `parts` already-rounded 万元 amounts may miss its rounded total:
    half a cent per part (one part cannot explain any difference: it rounds like its total)."""
    return HALF_CENT * parts


def within(total: Decimal, parts: Iterable[Decimal]) -> bool:
    items = list(parts)
    return abs(total - sum(items, ZERO)) <= tolerance(len(items))


@dataclass(frozen=True, slots=True)
class Change:
    """Year-on-year (or budget) comparison of `current` against `base`."""

    current: Decimal
    base: Decimal

    @property
    def delta(self) -> Decimal:
        return self.current - self.base

    @property
    def rate(self) -> Decimal | None:
        """delta / base; None when base is zero."""
        return None if self.base == 0 else self.delta / self.base


def execution_score(rate: Decimal, weight: Decimal, rule: str) -> Decimal:
    """预算执行率得分 under the workbook's rule (unrounded).

    阈值线性: 0 below 60 %, (rate − 60 %) / 40 % × weight between, full at 100 % and above.
    比例: rate × weight, capped at weight.
    """
    if rule == "比例":
        return min(rate * weight, weight)
    if rate < Decimal("0.6"):
        return ZERO
    if rate >= 1:
        return weight
    return (rate - Decimal("0.6")) / Decimal("0.4") * weight


def precision_of(written: Decimal) -> Decimal:
    """The unit of the last digit a number is written with: 8.7 → 0.1, 9 → 1, 9.85 → 0.01."""
    return Decimal(1).scaleb(min(int(written.as_tuple().exponent), 0))


def agrees(written: Decimal, exact: Decimal) -> bool:
    """Does a figure written to some precision state `exact`? Yes when it is `exact` rounded to
    that precision (8.7 for 8.66; 9 for 9.4 when integers are used) or within half a unit of it
    (a tie rounded the other way)."""
    unit = precision_of(written)
    return quantize(exact, unit) == written or abs(written - exact) <= unit / 2


BUDGET_BASES = ("年初预算", "全年预算")


def compared_budget(initial: Decimal | None, full: Decimal | None, basis: str = "年初预算") -> tuple[Decimal, str]:
    """The budget a sentence compares the actual with, and its name: the 年初预算, or — when the
    pack's ``budget_basis`` is 全年预算 and the workbook gives one — the 全年预算. A 全年预算 left
    empty falls back to the 年初预算 (and the name says so). The reason rule follows this budget:
    a reason is asked for only when the actual differs from it."""
    if basis == "全年预算" and full is not None:
        return full, "全年预算"
    return initial if initial is not None else ZERO, "年初预算"
