"""Derived numbers: pure Decimal functions, no formatting."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from generator.model import ZERO

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
