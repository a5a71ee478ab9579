"""公开06表 (基本支出 by 经济分类) and 公开07表 (“三公”经费): their own sums."""

from __future__ import annotations

from typing import Iterator

from generator.checks.common import mismatch
from generator.model import Report
from generator.printed import EVERYTHING, Printed
from generator.problems import Problem


def check_t6(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    t = report.t6
    for personnel, total, ref, label in ((True, t.personnel_total, t.personnel_ref, "人员经费合计"),
                                         (False, t.public_total, t.public_ref, "公用经费合计")):
        items = t.block_items(personnel)
        classes = [i for i in items if i.level == 1]
        if classes and ref is not None:  # a missing 合计 row is reported by the loader
            yield from mismatch(ref, f"一般公共预算财政拨款基本支出决算表“{label}”", total,
                                [c.amount for c in classes], "各类经济科目", part_refs=[c.ref for c in classes])
        for c in classes:
            kids = [i for i in items if i.level == 2 and i.code.startswith(c.code)]
            if kids:
                yield from mismatch(c.ref, f"一般公共预算财政拨款基本支出决算表科目 {c.code}{c.name}", c.amount,
                                    [k.amount for k in kids], "其下各款", part_refs=[k.ref for k in kids])


def check_t7(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    t = report.t7
    name = "财政拨款“三公”经费支出决算表"
    for v, refs, what in ((t.budget, t.budget_refs, "预算数"), (t.actual, t.actual_refs, "决算数")):
        if refs is None:
            continue
        yield from mismatch(refs.total, f"{name}{what}合计", v.total, [v.abroad, v.car, v.reception],
                            "因公出国（境）费、公务用车购置及运行维护费、公务接待费",
                            part_refs=[refs.abroad, refs.car, refs.reception])
        yield from mismatch(refs.car, f"{name}{what}公务用车购置及运行维护费小计", v.car, [v.car_buy, v.car_run],
                            "公务用车购置费、运行维护费", part_refs=[refs.car_buy, refs.car_run])

