"""The performance tables as the template context holds them, typed: the 项目支出绩效自评表
(one per project) and the 部门（单位）整体支出绩效目标表／自评表, with their indicators grouped
by 一级 and 二级指标. Each field carries its vocabulary description (generator/described.py);
generator/context_tables.py fills these from the model.

An indicator's 实际完成值, 分值, 得分 and 偏差原因 belong to a 自评表 only: in a 目标表 (an overall
table published as targets) they are present and empty, so a template reads the same names
in both and prints them only under ``{% if overall.is_selfeval %}``.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.described import doc

_SELFEVAL_ONLY = "（自评表；目标表中为空）"


@dataclass(slots=True, frozen=True)
class IndicatorRow:
    """A 三级指标 row."""
    name: str = doc("三级指标")
    target: str = doc("年度指标值")
    actual: str = doc("实际完成值" + _SELFEVAL_ONLY)
    weight: str = doc("分值" + _SELFEVAL_ONLY)
    score: str = doc("得分" + _SELFEVAL_ONLY)
    reason: str = doc("偏差原因分析及改进措施" + _SELFEVAL_ONLY)


@dataclass(slots=True, frozen=True)
class SecondLevel:
    """The 三级指标 under one 二级指标 (its merged cell)."""
    name: str = doc("二级指标")
    rows: list[IndicatorRow] = doc("三级指标")


@dataclass(slots=True, frozen=True)
class FirstLevel:
    """The 二级指标 under one 一级指标 (its merged cell)."""
    name: str = doc("一级指标")
    seconds: list[SecondLevel] = doc("二级指标")


LEVELS_DOC = "绩效指标，按一级指标分组"


@dataclass(slots=True, frozen=True)
class FundLine:
    """A row of a project's 项目资金 block."""
    label: str = doc("行名")
    initial: str = doc("年初预算数")
    full: str = doc("全年预算数")
    executed: str = doc("全年执行数")
    weight: str = doc("分值（年度资金总额行外为“—”）")
    rate: str = doc("执行率")
    score: str = doc("得分")


@dataclass(slots=True, frozen=True)
class ProjectTable:
    """A 项目支出绩效自评表."""
    name: str = doc("项目名称")
    department: str = doc("主管部门")
    implementer: str = doc("实施单位")
    funds: list[FundLine] = doc("项目资金行：年度资金总额、其中：当年财政拨款、上年结转资金（有数据时）、其他资金")
    goal_expected: str = doc("年度总体目标：预期目标")
    goal_actual: str = doc("年度总体目标：实际完成情况")
    levels: list[FirstLevel] = doc(LEVELS_DOC)
    total_weight: str = doc("总分行的分值")
    total_score: str = doc("总分，如 99.07分")


@dataclass(slots=True, frozen=True)
class Task:
    """A 年度主要任务 of the overall table."""
    name: str = doc("任务名称")
    content: str = doc("主要内容")
    total: str = doc("预算金额总额")
    fiscal: str = doc("财政拨款")
    other: str = doc("其他资金")


@dataclass(slots=True, frozen=True)
class TaskTotals:
    """The 年度主要任务's 合计 row."""
    total: str = doc("总额")
    fiscal: str = doc("财政拨款")
    other: str = doc("其他资金")


@dataclass(slots=True, frozen=True)
class OverallTable:
    """部门（单位）整体支出绩效目标表 or 自评表."""
    title: str = doc("表名")
    year: str = doc("年度")
    unit: str = doc("部门（单位）名称")
    tasks: list[Task] = doc("年度主要任务")
    tasks_total: TaskTotals = doc("任务合计行")
    goal: str = doc("年度总体目标")
    is_selfeval: bool = doc("是否自评表（bool）")
    levels: list[FirstLevel] = doc(LEVELS_DOC)
