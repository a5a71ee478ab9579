"""Cross-field rules, one module per family: each check_*(report, printed) yields Problems;
ALL_CHECKS lists them in the order they run and run_checks runs them all.

``printed`` is what the pack's template prints (generator/printed.py): a check asks
for a text or figure only where the document states it."""

from __future__ import annotations

from typing import Callable, Iterator

from generator.checks.coded import check_coded_hierarchy, check_coded_row_sums, check_fund_balance, check_subject_names
from generator.checks.common import cells_text, mismatch
from generator.checks.composition import check_composition
from generator.checks.cross import (
    check_basic_within_three_public, check_class_rows_across_tables, check_cross_tables,
)
from generator.checks.other import check_assets, check_procurement, check_running_cost
from generator.checks.panels import check_t1, check_t4
from generator.checks.projects import check_overall, check_projects
from generator.checks.reasons import check_general_last, check_item_notes, check_reasons, missing_reason
from generator.checks.tables67 import check_t6, check_t7
from generator.checks.texts import check_three_public_contents
from generator.model import Report
from generator.printed import EVERYTHING, Printed
from generator.problems import Problem

__all__ = [
    "ALL_CHECKS", "run_checks", "cells_text", "mismatch", "missing_reason",
    "check_coded_hierarchy", "check_coded_row_sums", "check_fund_balance", "check_t1", "check_t4", "check_t6",
    "check_t7", "check_cross_tables", "check_class_rows_across_tables", "check_basic_within_three_public", "check_subject_names", "check_running_cost",
    "check_procurement", "check_assets", "check_reasons", "check_general_last", "check_item_notes", "check_projects",
    "check_overall", "check_composition", "check_three_public_contents",
]

ALL_CHECKS: list[Callable[[Report, Printed], Iterator[Problem]]] = [
    check_coded_hierarchy, check_coded_row_sums, check_fund_balance, check_t1, check_t4, check_t6, check_t7,
    check_cross_tables, check_class_rows_across_tables, check_basic_within_three_public, check_subject_names,
    check_running_cost, check_procurement,
    check_assets, check_reasons, check_general_last, check_item_notes, check_projects, check_overall,
    check_composition, check_three_public_contents,
]


def run_checks(report: Report, printed: Printed = EVERYTHING) -> list[Problem]:
    problems: list[Problem] = []
    for check in ALL_CHECKS:
        problems.extend(check(report, printed))
    return problems
