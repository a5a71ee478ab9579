"""Texts the document states about a figure: required where the figure is not zero."""

from __future__ import annotations

from typing import Iterator

from generator.checks.common import fmt
from generator.model import Report
from generator.printed import EVERYTHING, Printed
from generator.problems import Problem
from generator.schema import THREE_PUBLIC

# 三公经费说明's 开支内容 fields, each with the 公开07表 决算 column it describes.
_CONTENTS = (
    ("abroad_content", "abroad", "因公出国（境）费"),
    ("car_run_content", "car_run", "公务用车运行维护费"),
    ("reception_content", "reception", "公务接待费"),
)


def check_three_public_contents(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    """The 开支内容 of a 三公 item the document prints is required when the item's 决算 is not
    zero (a zero item has nothing to describe, and the sentence is not written)."""
    tp, actual = report.three_public, report.t7.actual
    for key, column, heading in _CONTENTS:
        field = next(f for f in THREE_PUBLIC.fields if f.key == key)
        amount = getattr(actual, column)
        if amount != 0 and not getattr(tp, key) and printed.prints(THREE_PUBLIC.name, key):
            yield Problem("missing-value", f"“{field.label}”未填写：公开07表{heading}决算数为 {fmt(amount)}，"
                                           f"文档要写明开支内容。请填写。", tp.ref(key))
