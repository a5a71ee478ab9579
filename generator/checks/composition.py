"""第一部分 概况: 单位构成 against 机构设置."""

from __future__ import annotations

from typing import Iterator

from generator.model import Report
from generator.printed import EVERYTHING, Printed
from generator.problems import CellRef, Problem, warning
from generator.schema import COMPOSITION, OFFICES


def check_composition(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    """下属预算单位 in 机构设置 while 单位构成 lists at most one unit: a layout that prints
    单位构成 (上海) then writes the one-unit 二、机构设置. Reported on 单位构成, so only for
    packs that use that sheet."""
    units = report.composition
    if not report.subordinates or len(units) > 1:
        return
    row = units[-1].row + 1 if units else COMPOSITION.first_row
    yield warning("composition-one-unit",
                  f"“{OFFICES.name}”列有下属预算单位（{'、'.join(report.subordinates)}），“{COMPOSITION.name}”"
                  f"却{'只有一个单位' if units else '没有填写'}：文档按只有一个单位的部门，第一部分 二 写“机构设置”，"
                  f"不列单位构成表。部门决算包括下属单位时，请在“{COMPOSITION.name}”中逐个列出（含本级）。",
                  CellRef(COMPOSITION.name, f"A{row}"))

