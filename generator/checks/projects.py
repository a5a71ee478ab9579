"""项目支出绩效自评表 and 部门整体绩效: fund sums, weights, scores and the 执行率 rule."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from generator.checks.common import cells_text, fmt, mismatch
from generator.figures import agrees, execution_score, precision_of
from generator.model import Project, Report, Score, scored
from generator.money import format_money, format_percent, format_plain, quantize
from generator.printed import EVERYTHING, Printed
from generator.problems import CellRef, Problem, warning


_RATE_IN_TEXT = re.compile(r"(\d+(?:\.\d+)?)\s*%")


def _score_in_range(score: Score, weight: Score, what: str, ref: CellRef) -> Iterator[Problem]:
    """0 ≤ score ≤ weight, when both are numbers ("/" and unreadable cells are not compared)."""
    if isinstance(score, Decimal) and isinstance(weight, Decimal) and not (0 <= score <= weight):
        yield Problem("score-out-of-range", f"{what} {score} 不在 0 到分值 {weight} 之间。", ref)


def _check_total_score(p: Project, label: str) -> Iterator[Problem]:
    """总分 = 执行率得分 + Σ指标得分, to the precision 总分 is written in; not summed when a score
    cannot be read (that cell is reported where it is read)."""
    ref = p.head.ref("total_score")
    if not isinstance(p.total_score, Decimal):
        return
    scores = [p.rate_score, *(i.score for i in p.indicators)]
    total = scored(scores)
    if total is None:
        cells = [p.head.ref("rate_score")] * (p.rate_score is None) + [i.ref("score") for i in p.indicators
                                                                        if i.score is None]
        yield warning("total-score-unchecked", f"{label}总分 {p.total_score} 无法核对：{cells_text(cells)} 的得分"
                                               "未填写或无法识别（见该单元格的问题）。改正后请重新检查。", ref)
    elif not agrees(p.total_score, total):
        yield Problem("total-score-mismatch", f"{label}总分填的是 {p.total_score}，但执行率得分与各指标得分之和为 "
                                              f"{format_plain(total)}。请核对。", ref)


def check_projects(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    rule = report.performance.score_rule or "阈值线性"
    for p in report.projects:
        ref = p.head.ref
        label = f"项目“{p.name}”"
        by_stage = [("initial", lambda f: f.initial), ("full", lambda f: f.full),
                    ("executed", lambda f: f.executed)]
        for stage_name, stage in by_stage:
            parts = [stage(p.fiscal), stage(p.other)] + ([stage(p.carry)] if p.carry else [])
            cells = [ref(f"{stage_name}_fiscal"), ref(f"{stage_name}_other")] + \
                ([ref(f"{stage_name}_carry")] if p.carry else [])
            yield from mismatch(ref(f"{stage_name}_total"), f"{label}年度资金总额", stage(p.total), parts,
                                "当年财政拨款、上年结转资金、其他资金", part_refs=cells)
        weights = scored([p.rate_weight, *(i.weight for i in p.indicators)])
        if p.indicators and weights is not None and weights != 100:
            yield Problem("weights-not-100", f"{label}的分值合计为 {weights}（执行率 {p.rate_weight} + 各指标），应为 100。"
                                             "请调整各指标分值。", ref("rate_weight"))
        yield from _check_total_score(p, label)
        yield from _score_in_range(p.rate_score, p.rate_weight, f"{label}执行率得分", ref("rate_score"))
        for ind in p.indicators:
            yield from _score_in_range(ind.score, ind.weight, f"{label}指标“{ind.level3}”得分", ind.ref("score"))
        rate = p.execution_rate
        if rate is None:
            continue
        if rate > 1:
            yield warning("over-executed", f"{label}全年执行数 {fmt(p.total.executed)} 超过全年预算数 "
                                           f"{fmt(p.total.full)}（执行率 {format_percent(rate)}）。请核对。",
                          ref("executed_total"))
        if isinstance(p.rate_score, Decimal) and isinstance(p.rate_weight, Decimal):
            # the rule applied to the exact rate, or to the rate as the table prints it (99.38 %)
            candidates = [execution_score(r, p.rate_weight, rule) for r in (rate, quantize(rate, Decimal("0.0001")))]
            if not any(agrees(p.rate_score, c) for c in candidates):
                unit = precision_of(p.rate_score)
                yield warning("score-rule-mismatch",
                              f"{label}执行率 {format_percent(rate)}，按“{rule}”规则得分应为 "
                              f"{quantize(candidates[0], unit)}，工作簿填的是 {p.rate_score}。文档将使用工作簿的得分，"
                              "请确认。", ref("rate_score"))
        for ind in p.indicators:
            if "预算成本控制率" in ind.level3 or "预算执行率" in ind.level3:
                m = _RATE_IN_TEXT.search(ind.actual or "")
                if m and not agrees(Decimal(m.group(1)), rate * 100):
                    yield warning("indicator-rate-mismatch",
                                  f"{label}指标“{ind.level3}”完成值为 {ind.actual}，但执行率为 {format_percent(rate)}"
                                  f"（{format_money(p.total.executed)} / {format_money(p.total.full)}）。请核对。",
                                  ind.ref("actual"))



def check_overall(report: Report, printed: Printed = EVERYTHING) -> Iterator[Problem]:
    """部门整体绩效 tasks: 总额 = 财政拨款 + 其他资金."""
    o = report.overall
    if o is None:
        return
    for task in o.tasks:
        yield from mismatch(task.source.ref("total"), f"整体绩效任务“{task.name}”的预算金额总额", task.total,
                            [task.fiscal, task.other], "财政拨款、其他资金",
                            part_refs=[task.source.ref("fiscal"), task.source.ref("other")])
    if o.kind == "自评表":
        for ind in o.indicators:
            yield from _score_in_range(ind.score, ind.weight, f"整体绩效指标“{ind.level3}”得分", ind.ref("score"))

