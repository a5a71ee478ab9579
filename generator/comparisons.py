"""The comparisons the template context states, through the pack's Formatter: year on year
(``compare``, ``movement``), budget against actual (``budget``), and shares of a total."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from generator.figures import Change, compared_budget
from generator.model import ZERO, or_zero
from generator.narrative import Formatter
from generator.phrases import Budget, Compare, Item, Movement, Share


def shares_of(f: Formatter, items: list[tuple[str, Decimal]], total: Decimal) -> dict[str, Share]:
    shares = f.shares([a for _, a in items], total)
    return {k: Share(amount=f.money(a), share=f.percent(s)) for (k, a), s in zip(items, shares)}


def listed(f: Formatter, items: list[tuple[str, Decimal]], total: Decimal) -> list[Item]:
    """The items as a list (name, amount, share) in order; zero items only when the pack's
    wording lists them (list_zero_items). Shares are computed over all items."""
    shares = f.shares([a for _, a in items], total)
    keep_zero = f.wording.list_zero_items
    return [Item(name=name, amount=f.money(a), share=f.percent(s))
            for (name, a), s in zip(items, shares) if keep_zero or a != 0]


def movement(f: Formatter, change: Change) -> Movement:
    """The parts of a comparison a template composes itself (上海: 收入支出总计增加X万元，增长Y%):
    movement 增加X万元，增长Y% / 减少X万元，下降Y% / 持平 (a zero base as the pack's zero_base says);
    verb 增加/减少 ("" when flat); flat, and zero (this year's amount is 0) as bools."""
    delta = change.delta
    verb = "" if delta == 0 else ("增加" if delta > 0 else "减少")
    return Movement(movement=f.movement(change), verb=verb, flat=delta == 0, zero=change.current == 0)


def compare(f: Formatter, current: Decimal, last: Decimal | None, reason: str, basis: str = "上年",
             style: str = "than", kind: type[Compare] = Compare, **more: Any) -> Compare:
    """This year's figure against last year's; ``kind`` a subclass of Compare whose further
    fields ``more`` gives."""
    change = Change(current, last if last is not None else ZERO)
    m = movement(f, change)
    return kind(amount=f.money(current), last=f.money(change.base), change=f.change(change, basis, style),
                reason=reason or "", movement=m.movement, verb=m.verb, flat=m.flat, zero=m.zero, **more)


def budget(f: Formatter, actual: Decimal, initial: Decimal | None, reason: str,
           full: Decimal | None = None, kind: type[Budget] = Budget, **more: Any) -> Budget:
    """Budget against actual. The budget compared is the pack's budget_basis (年初预算, or 全年预算
    where the workbook gives one: ``compared_budget``); ``basis`` names it, ``initial`` and ``full``
    state both. The 差异率 phrase, and the completion rate 决算/预算 ("" for a zero budget unless
    the pack's zero_budget says otherwise) with the relation 大于/小于 ("" when equal). ``kind`` a
    subclass of Budget (BudgetItem) whose further fields ``more`` gives."""
    b, basis = compared_budget(initial, full, f.wording.budget_basis)
    relation = "" if actual == b else ("大于" if actual > b else "小于")
    return kind(budget=f.money(b), basis=basis, initial=f.money(or_zero(initial)),
                full=f.money(full) if full is not None else "", actual=f.money(actual),
                gap=f.gap(actual, b), reason=reason or "", completion=f.completion(actual, b),
                relation=relation, equal=actual == b, **more)
