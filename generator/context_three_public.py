"""七、“三公”经费 in the template context: 公开07表 against last year (三公经费说明) and against
its budgets (年初, or 全年 where the sheet gives one), with the counts the sheet states."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from generator.comparisons import budget, compare, shares_of
from generator.model import ZERO, Report, or_zero
from generator.narrative import Formatter
from generator.phrases import CarCompare, ShareCompare
from generator.sections import CarBuy, CarRun, Foreign, Section7, ThreePublicBudget


def three_public_full(r: Report) -> dict[str, Decimal | None]:
    """The 三公 items' 全年预算 (三公经费说明; None where not given). An item without one counts
    with its 公开07表 预算数 in the totals, which exist when any item has a 全年预算."""
    tp, planned = r.three_public, r.t7.budget
    given = {"abroad": tp.abroad_budget_full, "car_buy": tp.car_buy_budget_full,
             "car_run": tp.car_run_budget_full, "reception": tp.reception_budget_full}
    if all(v is None for v in given.values()):
        return dict.fromkeys(("total", "abroad", "car_buy", "car_run", "reception", "car"))
    either = {k: v if v is not None else getattr(planned, k) for k, v in given.items()}
    return {**given, "car": either["car_buy"] + either["car_run"], "total": sum(either.values(), ZERO)}


def _count(n: int | None) -> str:
    """A count as printed: empty when the workbook states none (a field the pack does not print
    is not required), never an invented 0."""
    return "" if n is None else str(n)


def car_budget_reason(tp: Any) -> str:
    """公务用车购置及运行维护费's 预决算差异原因. The sheet gives one per part (购置费, 运行维护费)
    and none for the two together: the one given, or both, each named by its part when they differ."""
    buy, run = tp.car_buy_budget_reason.strip(), tp.car_run_budget_reason.strip()
    if buy and run and buy != run:
        return f"公务用车购置费方面，{buy}；公务用车运行维护费方面，{run}"
    return buy or run


def section7(f: Formatter, r: Report) -> Section7:
    tp, o = r.three_public, r.other
    planned, actual = r.t7.budget, r.t7.actual
    full = three_public_full(r)
    last_abroad = or_zero(tp.abroad_last)
    last_car = or_zero(tp.car_buy_last) + or_zero(tp.car_run_last)
    last_reception = or_zero(tp.reception_last)
    parts = shares_of(f, [("abroad", actual.abroad), ("car", actual.car), ("reception", actual.reception)], actual.total)
    held, vehicles = tp.car_held, o.vehicles  # both required wherever vehicles_match is printed
    more = r.three_public_more
    return Section7(
        total=compare(f, actual.total, last_abroad + last_car + last_reception, tp.total_reason),
        abroad=compare(f, actual.abroad, last_abroad, tp.abroad_reason, kind=ShareCompare,
                       share=parts["abroad"].share),
        car=compare(f, actual.car, last_car, tp.car_reason, kind=CarCompare, share=parts["car"].share,
                    buy=f.money(actual.car_buy), run=f.money(actual.car_run)),
        reception=compare(f, actual.reception, last_reception, tp.reception_reason, kind=ShareCompare,
                          share=parts["reception"].share),
        abroad_groups=_count(tp.abroad_groups), abroad_people=_count(tp.abroad_people),
        abroad_content=tp.abroad_content,
        car_bought=_count(tp.car_bought), car_held=_count(tp.car_held),
        car_run_content=tp.car_run_content,
        asset_vehicles=_count(vehicles), vehicles_match=(held or 0) == (vehicles or 0),
        car_gap_reason=tp.car_gap_reason,
        reception_batches=_count(tp.reception_batches),
        reception_people=_count(tp.reception_people),
        reception_content=tp.reception_content,
        budget=ThreePublicBudget(**{
            key: budget(f, getattr(actual, key), getattr(planned, key), reason, full[key])
            for key, reason in (("total", tp.budget_reason), ("abroad", tp.abroad_budget_reason),
                                ("car_buy", tp.car_buy_budget_reason), ("car_run", tp.car_run_budget_reason),
                                ("reception", tp.reception_budget_reason), ("car", car_budget_reason(tp)))
        }),
        none=actual.total == 0 and planned.total == 0 and not full["total"],
        car_buy=CarBuy(amount=f.money(actual.car_buy), zero=actual.car_buy == 0, content=more.car_buy_content),
        car_run=CarRun(amount=f.money(actual.car_run), zero=actual.car_run == 0),
        foreign=Foreign(amount=f.money(or_zero(more.foreign_amount)), batches=str(more.foreign_batches or 0),
                        people=str(more.foreign_people or 0)),
    )
